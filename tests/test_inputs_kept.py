"""The visitor's inputs are never lost, the summary bar tells the truth, and the keyboard finds
the form (issue 26, points 1, 5 and 6), in Chromium at 390 and 1280 px.

Targets: mkdocs_calculators/assets/javascripts/calculator-history.js (the inputs kept in the
page's history entry), calculator-page-links.js (links within the page move within it, where
Material's instant navigation would fetch the page again), calculator-start.js (the entry's
state copied before Material's bundle runs), the summary bar's "Out of date"
(block.py, summary-bar.css), and site.css (a closed drawer takes no Tab stop).

* Three fields of each calculator are edited; then each in-page link (the summary bar on a
  phone, "Skip to the result", the theme's "Skip to content"), Back and Forward across
  documents, a reload, and an instant navigation to another page and Back and Forward: after
  each, the form holds the same fields and the result is the same (and CPython's for them).
* From "Skip to the result", the first form field is at most 3 Tabs on; from the top of the page
  no Tab stop is out of sight; the drawer, opened, is reachable with Tab.
* With an invalid field, the summary bar says "Out of date"; no "Back to top" button floats on
  a calculator page.
"""

from __future__ import annotations

import pytest

from calculators import api
from tests.test_browser_calculators import (
    PHONE,
    READY,
    Visit,
    after_change,
    assert_clean,
    assert_matches_cpython,
    sent_payload,
    serve_sitemap_for_this_origin,
    settle,
    shown_pairs,
)

DESK = {"width": 1280, "height": 800}
LAYOUTS = [("phone", PHONE), ("desk", DESK)]

#: The form's raw fields (every control, rows counted), read with the page's own module.
SNAPSHOT = """async ([name, moduleUrl]) => {
    const module = await import(moduleUrl);
    return module.snapshotFields(document.querySelector(`[data-calculator="${name}"] form`));
}"""
#: Mark the page's realm and the calculator's element: a reload or a swap of the page loses them.
MARK = """name => { window.__samePage = true; document.querySelector(`[data-calculator="${name}"]`).__same = true; }"""
GONE = """name => !document.querySelector(`[data-calculator="${name}"]`)"""
SAME = """name => [window.__samePage === true, document.querySelector(`[data-calculator="${name}"]`).__same === true]"""


def edit_three_fields(page, name: str) -> None:
    if name == "roi":
        after_change(page, lambda: page.fill('[name="horizon_years"]', "4"))
        after_change(page, lambda: page.fill('[name="discount_rate"]', "8"))
        after_change(page, lambda: page.fill('[name="one_off_costs[0].amount"]', "123456"))
    else:
        questions = page.locator('[data-calculator="readiness"] .calc-question')
        after_change(page, lambda: questions.nth(0).locator('input[value="0"]').check())
        after_change(page, lambda: questions.nth(5).locator('input[value="4"]').check())
        # one answer given, then cleared: restored as unanswered, never as the example's answer
        after_change(page, lambda: questions.nth(9).locator('input[value="2"]').check())
        after_change(page, lambda: questions.nth(9).locator("[data-action=clear-answer]").click())


def case_of(page, name: str) -> dict:
    module = page.url.split("calculators/")[0] + "assets/javascripts/calculators.js"
    return {"fields": page.evaluate(SNAPSHOT, [name, module]), "payload": sent_payload(page, name),
            "result": shown_pairs(page, name)}


def settled_case(page, name: str) -> dict:
    """The case on the page once its calculator shows Python's answer to the form as it is."""
    page.wait_for_selector(f'[data-calculator="{name}"][data-status=ready]:not([data-stale])', timeout=90_000)
    settle(page)
    assert_matches_cpython(page, name)
    return case_of(page, name)


def follow_in_page(page, name: str, selector: str, how: str) -> None:
    """Follow the in-page link ``selector`` (a click, or Enter on it): nothing is loaded, the page's
    history does not grow, the focus moves to the link's target and the target is in view."""
    page.evaluate(MARK, name)
    length, url = page.evaluate("history.length"), page.url
    link = page.locator(selector).first
    target = link.evaluate("a => new URL(a.href).hash.slice(1)")
    if how == "click":
        link.click()
    else:
        link.focus()
        page.keyboard.press("Enter")
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=target)
    assert page.evaluate(SAME, name) == [True, True], f"{selector}: the page was loaded again"
    assert page.evaluate("history.length") == length and page.url == url
    box = page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
                                   return [r.top, r.bottom, innerHeight]; }""", target)
    assert 0 <= box[0] and box[1] <= box[2], f"{selector}: its target is out of view: {box}"


@pytest.mark.parametrize("layout, viewport", LAYOUTS, ids=[layout for layout, _ in LAYOUTS])
@pytest.mark.parametrize("name", ["roi", "readiness"])
def test_the_inputs_survive_in_page_links_history_reload_and_instant_navigation(browser, site_url, name, layout, viewport):
    visit = Visit(browser, site_url, viewport=viewport)
    serve_sitemap_for_this_origin(visit)
    try:
        page = visit.page
        page.goto(site_url + "calculators/")  # a page before it in the tab's history
        page.wait_for_load_state("load")
        visit.open(name)  # the full model, for ROI
        edit_three_fields(page, name)
        case = settled_case(page, name)
        assert case["payload"] != api.schema(name)["defaults"], "the edits changed nothing"

        # Links within the page move within it.
        if layout == "phone":
            follow_in_page(page, name, f'[data-calculator="{name}"] .calc-summary-bar', "click")
            follow_in_page(page, name, f'[data-calculator="{name}"] .calc-skip a', "click")
        follow_in_page(page, name, f'[data-calculator="{name}"] .calc-skip a', "Enter")
        follow_in_page(page, name, "a.md-skip", "Enter")
        assert settled_case(page, name) == case

        # Back to the page before (another document) and Forward again; a reload.
        page.go_back()
        page.wait_for_url("**/calculators/")
        page.go_forward()
        assert settled_case(page, name) == case, "after Back and Forward"
        page.reload()
        assert settled_case(page, name) == case, "after a reload"

        # Away by the theme's instant navigation, and back.
        page.evaluate(MARK, name)
        away = page.locator("a.md-footer__link--prev")
        away_url = away.evaluate("a => a.href")
        away.click()
        page.wait_for_url(away_url + "**")
        page.wait_for_function(GONE, arg=name)
        assert page.evaluate("window.__samePage") is True, "not an instant navigation"
        page.go_back()
        assert settled_case(page, name) == case, "after leaving by instant navigation and Back"
        page.go_forward()
        page.wait_for_url(away_url + "**")
        page.wait_for_function(GONE, arg=name)
        page.go_back()
        assert settled_case(page, name) == case, "after Forward and Back again"
        assert page.evaluate("window.__samePage") is True
        assert_clean(visit)
    finally:
        visit.close()


def test_the_inputs_kept_go_nowhere_but_the_history_entry(warm):
    """Kept in history.state under one key (the share-link text of the form), and nowhere else."""
    page = warm.open("roi", viewport=PHONE)
    after_change(page, lambda: page.fill('[name="discount_rate"]', "7.25"))
    page.wait_for_function("history.state && history.state.calculatorInputs"
                           " && history.state.calculatorInputs.inputs.roi"
                           " && history.state.calculatorInputs.inputs.roi.fields.includes('discount_rate=7.25')")
    assert page.evaluate("Object.keys(localStorage).filter(k => !k.endsWith('__palette'))") == []
    assert page.evaluate("Object.keys(sessionStorage)") == []
    assert page.evaluate("document.cookie") == ""
    assert "7.25" not in page.url
    assert_clean(warm)


# --- the keyboard ------------------------------------------------------------------------------------

#: The focused element (or, for a visually hidden control, its label) once its transitions are
#: over: its box, and whether it can be seen at all.
FOCUSED = """async () => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // the theme reacts to focus a frame or two later (the search field opens its overlay): wait
    // until the box stops moving and no transition runs
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    let last = "";
    for (let i = 0; i < 60; i += 1) {
        await frame();
        await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
        const now = JSON.stringify(el.getBoundingClientRect());
        if (now === last) break;
        last = now;
    }
    const visible = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true});
    let shown = el, box = el.getBoundingClientRect();
    // a visually hidden control (Material's palette switch) is seen by its label
    // (the palette switch shows the label after its input: the button to the next palette)
    if (box.width < 2 || box.height < 2 || !visible(el)) {
        const next = el.nextElementSibling && el.nextElementSibling.tagName === "LABEL" ? [el.nextElementSibling] : [];
        const label = [...next, ...(el.labels || [])].find(l => visible(l) && l.getBoundingClientRect().width >= 2);
        if (label) {
            shown = label;
            box = label.getBoundingClientRect();
        }
    }
    const seen = visible(shown) && box.width >= 1 && box.height >= 1 && box.bottom > 0 && box.right > 0
        && box.top < innerHeight && box.left < innerWidth;
    const form = el.closest("form.calculator-form");
    return {seen, what: `${el.tagName}.${String(el.className).split(" ")[0]} ${(el.textContent || el.name || "").trim().slice(0, 30)}`,
            field: Boolean(form) && ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName),
            calculatorSkip: Boolean(el.closest(".calc-skip")), themeSkip: el.classList.contains("md-skip"),
            inDrawer: Boolean(el.closest(".md-sidebar--primary"))};
}"""


@pytest.mark.parametrize("layout, viewport", LAYOUTS, ids=[layout for layout, _ in LAYOUTS])
@pytest.mark.parametrize("name", ["roi", "readiness"])
def test_tab_reaches_the_form_through_visible_stops_only(warm, name, layout, viewport):
    page = warm.open(name, mode="", viewport=viewport)
    page.evaluate("window.scrollTo(0, 0)")
    stops, after_skip = [], None
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        stops.append(focused)
        assert focused["seen"], f"Tab {len(stops)} went to something out of sight: {focused['what']}"
        if focused["calculatorSkip"]:
            after_skip = len(stops)
        if focused["field"]:
            break
    assert stops[0]["themeSkip"], "the theme's skip link is not the first stop"
    assert stops[-1]["field"], "40 Tabs never reached the form"
    assert after_skip is not None and len(stops) - after_skip <= 3, [s["what"] for s in stops]
    assert len(stops) <= 16, [s["what"] for s in stops]
    assert_clean(warm)


def test_the_drawer_opened_is_in_the_tab_order_and_closed_is_not(browser, site_url):
    visit = Visit(browser, site_url, viewport=PHONE)
    try:
        page = visit.open("roi", mode="")
        drawer_links = page.locator(".md-sidebar--primary a[href]")
        assert drawer_links.count() > 5
        assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).visibility") == "hidden"
        page.locator('.md-header label[for="__drawer"]').click()
        page.wait_for_function("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'visible'")
        page.locator(".md-sidebar--primary a.md-nav__link").first.focus()
        for _ in range(3):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            assert focused["inDrawer"] and focused["seen"], focused
        # a link of the table of contents in the drawer: moves within the page and shuts the drawer
        toc = page.locator(".md-sidebar--primary .md-nav--secondary a.md-nav__link").first
        toc.focus()
        page.evaluate(MARK, "roi")
        page.keyboard.press("Enter")
        page.wait_for_function("!document.getElementById('__drawer').checked")
        assert page.evaluate(SAME, "roi") == [True, True]
        page.wait_for_function("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'")
        assert_clean(visit)
    finally:
        visit.close()


# --- the summary bar and what floats ------------------------------------------------------------------


def test_the_summary_bar_is_out_of_date_with_the_result(warm):
    page = warm.open("roi", viewport=PHONE)
    bar = page.locator('[data-calculator="roi"] .calc-summary-bar')
    stale = bar.locator(".calc-summary-stale")
    assert not stale.is_visible()
    after_change(page, lambda: page.fill('[name="discount_rate"]', "90"))
    assert page.get_attribute('[data-calculator="roi"] .calculator-result', "data-stale") is not None
    assert stale.is_visible() and "Out of date" in bar.inner_text()
    assert bar.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    after_change(page, lambda: page.fill('[name="discount_rate"]', "8"))
    assert not stale.is_visible() and "Out of date" not in bar.inner_text()
    assert_clean(warm)


@pytest.mark.parametrize("layout, viewport", LAYOUTS, ids=[layout for layout, _ in LAYOUTS])
def test_nothing_floats_over_the_summary_bar_or_the_result(warm, layout, viewport):
    page = warm.open("roi", viewport=viewport)  # the full model: a long form, the result kept in view beside or above it
    # Material shows "Back to top" when the visitor scrolls back up
    page.mouse.wheel(0, 1500)
    page.wait_for_function("scrollY > 1000")
    top = page.evaluate("scrollY")
    page.mouse.wheel(0, -300)
    page.wait_for_function(f"scrollY < {top}")
    assert page.locator(".md-top").evaluate("e => getComputedStyle(e).display") == "none"
    watched = ".calc-summary-bar" if layout == "phone" else ".calculator-output .calc-heading"
    hit = page.locator(f'[data-calculator="roi"] {watched}').evaluate(
        """e => { const r = e.getBoundingClientRect();
                  const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                  return {top: r.top, bottom: r.bottom, at: at && at.outerHTML.slice(0, 80),
                          ok: r.top >= 0 && r.bottom <= innerHeight && (at === e || e.contains(at))}; }""")
    assert hit["ok"], f"something covers {watched}, or it is out of view: {hit}"
    assert_clean(warm)