"""Warm calculator pages for the browser tests: Pyodide starts once per calculator, not per test.

A test that needs a cold start, fresh storage, its own routes or a page load of its own uses
:class:`tests.test_browser_calculators.Visit` (a fresh browser context). A test that only works
with a calculator once it is live uses the ``warm`` fixture (tests/conftest.py), a
:class:`WarmVisit`: one page per calculator, open for the whole run on each pytest worker.

:meth:`WarmVisit.open` puts the calculator back as a visitor finds it after Material's instant
navigation to its page, the path the site itself takes: the block the server sent replaces the
one in the page, the page's history entry holds no kept inputs, the address is the one the test
asks for (a share link after ``#``, a query after ``?``), and calculators.js's own
``mountCalculators`` mounts the block, reusing the running worker. The viewport and the palette
are set for the test, the records (console errors, requests, dialogs) start afresh, and pages
the previous test opened with ``new_page`` are closed. A page that has left its calculator or
is not ready (a test navigated or broke it) is opened again, cold.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from tests.test_browser_calculators import DESKTOP, PAGES, READY, Visit, choose_mode, settle

#: Puts a calculator's block back as the server sent it and mounts it as after an instant
#: navigation. ``address`` is the page's path with the fragment or query the test wants read.
REMOUNT = """async ([address, html, moduleUrl]) => {
    const module = await import(moduleUrl);  // the instance the page already runs
    const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-calculator]");
    // Back to the top, and two frames for the scroll to be handled: the theme rewrites the
    // history entry on a scroll, which would otherwise land after the address set below.
    window.scrollTo(0, 0);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    window.__calculatorResults = 0;
    document.querySelector("[data-calculator]").replaceWith(document.adoptNode(fresh));
    // The keyboard starts from the top, as on a page just loaded.
    const probe = document.createElement("span");
    probe.tabIndex = -1;
    document.body.prepend(probe);
    probe.focus({preventScroll: true});
    probe.remove();
    // A new history entry's state: no inputs kept (calculator-history.js keeps them under its
    // key, and lets a write without it keep the old ones, so the key is written, empty).
    const entry = {id: `warm-${Date.now()}-${Math.random().toString(36).slice(2)}`, inputs: {}};
    history.replaceState({calculatorInputs: entry}, "", address);
    module.mountCalculators();  // reads the address at once, as on a page load
}"""
#: The palette switch's visible button (docs/assets/javascripts/palette-switch.js) and the scheme
#: <body> wears for each of this site's palettes.
PALETTE_BUTTON = "form[data-md-component=palette-switch] label:not([hidden])"
SCHEMES = {"light": "default", "dark": "slate"}


def use_scheme(page, scheme: str) -> None:
    """Switch the page's palette to ``scheme`` ("light" or "dark") with the header's switch, as a
    visitor does."""
    wanted = SCHEMES[scheme]
    if page.evaluate("document.body.dataset.mdColorScheme") != wanted:
        page.locator(PALETTE_BUTTON).click()
        page.wait_for_function(f"document.body.dataset.mdColorScheme === '{wanted}' "
                               "&& !document.body.hasAttribute('data-md-color-switching')")
        page.mouse.move(0, 0)  # the pointer off the header, as before the click


class WarmVisit(Visit):
    """One page per calculator in one browser context, kept open for the run (module docstring)."""

    def __init__(self, browser, site_url: str, site_dir: Path) -> None:
        self.extra: list = []
        super().__init__(browser, site_url)
        self.forget()  # closes the page Visit opens: the warm pages are opened on first use
        self.site_dir = site_dir
        self.pages: dict[str, object] = {}

    def new_page(self):
        """A page of the test's own in the warm pages' context, closed at the next ``open``."""
        page = super().new_page()
        self.extra.append(page)
        return page

    def forget(self) -> None:
        """Start the records afresh and close the pages the last test opened."""
        for page in self.extra:
            if not page.is_closed():
                page.close()
        self.extra.clear()
        self.requests.clear()
        self.console_errors.clear()
        self.dialogs.clear()

    def warm_page(self, name: str):
        page = self.pages.get(name)
        path = urlsplit(self.site_url + PAGES[name]).path
        if page is not None and not page.is_closed() and urlsplit(page.url).path == path \
                and page.locator(READY).count() == 1:
            return page
        if page is not None and not page.is_closed():
            page.close()
        page = Visit.new_page(self)
        page.goto(self.site_url + PAGES[name])
        page.wait_for_selector(READY, timeout=90_000)
        settle(page)
        self.pages[name] = page
        return page

    def open(self, name: str, fragment: str = "", page=None, wait_ready: bool = True, mode: str = "full",
             viewport: dict = DESKTOP, scheme: str = "light"):
        """Calculator ``name`` as it opens at its address with ``fragment`` (a ``#...`` share link or
        a ``?...`` query), switched to ``mode`` like :meth:`Visit.open`, in ``viewport`` and the
        ``scheme`` palette."""
        assert page is None and wait_ready, "a warm page is always the calculator's own, and ready"
        self.forget()
        page = self.page = self.warm_page(name)
        page.bring_to_front()  # a page behind another gets no animation frames
        page.set_viewport_size(DESKTOP)  # where the header's palette switch is sure to show
        use_scheme(page, scheme)
        page.set_viewport_size(viewport)
        html = (self.site_dir / PAGES[name] / "index.html").read_text(encoding="utf-8")
        address = urlsplit(self.site_url + PAGES[name]).path + fragment
        page.evaluate(REMOUNT, [address, html, self.site_url + "assets/javascripts/calculators.js"])
        page.wait_for_selector(READY, timeout=30_000)
        settle(page)
        choose_mode(page, mode)
        return page
