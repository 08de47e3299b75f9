"""Privacy of a visit, in Chromium, and the optional analytics hook (docs/assets/javascripts/cta-events.js).

Targets: everything the site's pages run (Material's bundle, booking-link.js, calculators.js,
cta-events.js). A visitor who lands with UTM parameters, reads every page type, uses both
calculators and copies a share link leaves with no cookie, nothing in sessionStorage,
IndexedDB or the Cache API, no service worker, and no request that left the origin or asked
for anything but a file of the built site. The one thing stored is the theme's colour
scheme: Material keeps the palette in use (light or dark, its colours, the toggle's index)
in localStorage as ``__palette``, so the next page opens in the same scheme; the test
checks that this key holds those fields and nothing else (no identifier, no history), and
that choosing the other palette changes it. (booking-link.js used to keep the landing
page's UTM values in sessionStorage; it now keeps them in memory.) The analytics hook is
off by default: every call to action carries
``data-cta``; a click on one, and the first result after the visitor changes a calculator,
dispatch a ``site:analytics`` DOM event and nothing else (no request, no storage).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.site_text import html_pages, parse, url_of
from tests.test_accessibility import PAGE_TYPES
from tests.test_browser_calculators import COUNT_RESULTS, READY, after_change, settle

STORED = """async () => {
    const databases = indexedDB.databases ? (await indexedDB.databases()).map(db => db.name) : [];
    const caches_ = self.caches ? await caches.keys() : [];
    const workers = navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0;
    return {cookie: document.cookie, local: Object.keys(localStorage), session: Object.keys(sessionStorage),
            databases, caches: caches_, workers};
}"""
NOTHING = {"cookie": "", "local": [], "session": [], "databases": [], "caches": [], "workers": 0}
PALETTE_FIELDS = {"index", "color"}
COLOUR_FIELDS = {"media", "scheme", "primary", "accent"}
LISTEN = """
window.__analytics = [];
document.addEventListener("site:analytics", (event) => window.__analytics.push(event.detail));
document.addEventListener("click", (event) => { if (event.target.closest("a[href^='mailto:']")) event.preventDefault(); });
"""


class Recorder:
    def __init__(self, browser, site_url: str) -> None:
        self.site_url = site_url
        self.context = browser.new_context()
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        self.context.add_init_script(LISTEN + COUNT_RESULTS)
        self.requests: list[tuple[str, str]] = []
        self.context.on("request", lambda request: self.requests.append((request.method, request.url)))
        self.page = self.context.new_page()

    def stored(self) -> dict:
        return self.page.evaluate(STORED)

    def palette(self) -> dict | None:
        """The theme's stored palette, checked to hold the palette's fields only."""
        keys = [key for key in self.stored()["local"] if key.endswith(".__palette")]
        if not keys:
            return None
        value = json.loads(self.page.evaluate("key => localStorage.getItem(key)", keys[0]))
        assert set(value) <= PALETTE_FIELDS and set(value.get("color", {})) <= COLOUR_FIELDS, value
        return value

    def assert_nothing_stored(self, where: str = "") -> None:
        stored = self.stored()
        assert [key for key in stored["local"] if not key.endswith(".__palette")] == [], where
        assert len(stored["local"]) <= 1, where
        assert {**stored, "local": []} == NOTHING, where
        self.palette()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def recorder(browser, site_url):
    opened = Recorder(browser, site_url)
    yield opened
    opened.close()


def site_file(built_site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    candidate = built_site / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def test_a_whole_visit_sets_no_cookie_stores_nothing_and_requests_only_site_files(recorder, built_site):
    page = recorder.page
    page.goto(recorder.site_url + "?utm_source=newsletter&utm_campaign=june", wait_until="networkidle")
    recorder.assert_nothing_stored()
    for path in PAGE_TYPES.values():
        page.goto(recorder.site_url + path, wait_until="networkidle")
        recorder.assert_nothing_stored(path)
    page.keyboard.press("/")
    page.keyboard.type("baseline")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    for name in ("readiness", "roi"):
        page.goto(recorder.site_url + f"calculators/{name}/")
        page.wait_for_selector(READY, timeout=90_000)
        settle(page)
        if name == "roi":
            after_change(page, lambda: page.fill('[name="one_off_costs[0].amount"]', "130000"))
        else:
            after_change(page, lambda: page.locator("[data-calculator=readiness] input[type=radio]").first.check())
        page.click(f'[data-calculator="{name}"] [data-action="copy-link"]')
        page.wait_for_selector(".calculator-notice")
        recorder.assert_nothing_stored(name)
    assert recorder.context.cookies() == []
    origin = urlsplit(recorder.site_url).netloc
    foreign = [url for _, url in recorder.requests if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != origin]
    assert foreign == []
    not_files = [(method, url) for method, url in recorder.requests
                 if not url.startswith(("data:", "blob:")) and (method not in ("GET", "HEAD") or site_file(built_site, url) is None)]
    assert not_files == []
    assert len(recorder.requests) > 30


def test_choosing_a_palette_changes_only_the_stored_palette(recorder):
    page = recorder.page
    page.goto(recorder.site_url + "faq/", wait_until="networkidle")
    before = recorder.palette()
    page.locator("form[data-md-component=palette-switch] label:not([hidden])").first.click()
    after = recorder.palette()
    assert after["color"]["scheme"] != (before or {"color": {"scheme": "default"}})["color"]["scheme"]
    recorder.assert_nothing_stored()


def test_every_call_to_action_is_marked_for_the_analytics_hook(built_site):
    unmarked = []
    for path in html_pages(built_site):
        for link in parse(path).select("a[data-booking-link]"):
            if not link.get("data-cta"):
                unmarked.append(f"{url_of(built_site, path)}: {link.get('href')}")
    assert unmarked == []


def test_a_cta_click_dispatches_one_event_and_sends_nothing(recorder, built_site):
    page = recorder.page
    page.goto(recorder.site_url + "faq/", wait_until="networkidle")
    before = len(recorder.requests)
    page.click(".cta-band a[data-cta]")
    events = page.evaluate("window.__analytics")
    assert events == [{"action": "cta-click", "cta": "footer-band",
                       "href": page.get_attribute(".cta-band a[data-cta]", "href")}]
    page.wait_for_timeout(300)
    assert [(method, url) for method, url in recorder.requests[before:]
            if method != "GET" or site_file(built_site, url) is None] == []  # e.g. the favicon, no beacon
    recorder.assert_nothing_stored()


def test_a_calculator_completion_dispatches_one_event_with_the_summary_only(recorder):
    page = recorder.page
    page.goto(recorder.site_url + "calculators/roi/")
    page.wait_for_selector(READY, timeout=90_000)
    settle(page)
    assert page.evaluate("window.__analytics") == []  # the page's own first result is no completion
    after_change(page, lambda: page.fill('[name="one_off_costs[0].amount"]', "130000"))
    after_change(page, lambda: page.fill('[name="one_off_costs[0].amount"]', "140000"))
    events = page.evaluate("window.__analytics")
    assert len(events) == 1
    assert events[0]["action"] == "calculator-complete" and events[0]["calculator"] == "roi"
    assert set(events[0]["result"]) == {"calculator", "npv_band", "currency", "measured"}
    recorder.assert_nothing_stored()
    origin = urlsplit(recorder.site_url).netloc
    assert all(urlsplit(url).netloc == origin for _, url in recorder.requests if not url.startswith(("data:", "blob:")))
