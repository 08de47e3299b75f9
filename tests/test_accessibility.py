"""Accessibility of the built site in Chromium: axe-core, the keyboard, labels, errors and charts.

Targets: the theme layer (overrides/, docs/assets/stylesheets/site.css,
hooks/theme_accessibility.py) and the calculators' markup and script (mkdocs_calculators/form.py,
calculators/web/, mkdocs_calculators/assets/javascripts/calculators.js).

* axe-core (npm ``axe-core``, pinned in package.json, injected from node_modules: no CDN)
  reports no serious or critical violation on every page type, in the light and the dark
  palette, and on both calculators when ``ready`` and when showing a validation error;
* both calculators are completed with the keyboard alone (Tab, arrow keys, typing, Enter),
  ending on a recomputed result equal to CPython's for the same inputs;
* every element the keyboard reaches shows a visible focus indicator;
* every form field has a label, every error slot belongs to a field through
  ``aria-describedby``, and every chart has a text alternative (a title, a description and
  the table beside it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calculators import api, web
from tests.test_browser_calculators import (
    DESKTOP,
    PHONE,
    READY,
    after_change,
    assert_clean,
    assert_matches_cpython,
    cpython_pairs,
    sent_texts,
    settle,
    shown_pairs,
)
from tests.warm_pages import SCHEMES

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
PAGE_TYPES = {
    "home": "",
    "article": "blog/from-pilot-to-production/",
    "blog-index": "blog/",
    "faq": "faq/",
    "playbook-step": "playbook/build-governance-in/",
    "playbook-overview": "playbook/",
    "checklist": "playbook/checklist/",
    "book": "book-a-diagnostic/",
    "campaign": "book-a-diagnostic/pilot-purgatory/",
    "calculators-index": "calculators/",
    "not-found": "404.html",
}
AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
    }));
}"""


def blocking_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    assert AXE.is_file(), "node_modules/axe-core is missing: run `npm ci`"
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in BLOCKING]


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.fixture(scope="module")
def page_in(browser):
    """``page_in(scheme)``: one page per system colour scheme, kept for the module's page types
    (a first visit: nothing stored, so the site's palette follows the scheme)."""
    pages: dict = {}

    def page(scheme: str):
        if scheme not in pages:
            pages[scheme] = browser.new_context(color_scheme=scheme).new_page()
        return pages[scheme]

    yield page
    for opened in pages.values():
        opened.context.close()


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_serious_violation_on_each_page_type(page_in, site_url, kind, scheme):
    page = page_in(scheme)
    page.goto(site_url + PAGE_TYPES[kind], wait_until="networkidle")
    assert page.locator("h1").count() >= 1, "the page did not render"
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert blocking_violations(page) == []


def test_axe_sees_the_violations_it_should(browser, site_url):
    """The check can fail: a field without a label and grey-on-grey text are reported."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url, wait_until="networkidle")
        page.evaluate("""() => {
            const main = document.querySelector("article");
            main.insertAdjacentHTML("beforeend",
                '<input type="text" name="unnamed"><p style="color:#bbb;background:#ccc">faint</p>');
        }""")
        found = {v["id"] for v in blocking_violations(page)}
        assert {"label", "color-contrast"} <= found
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desk"])  # the two layouts
@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_axe_on_the_calculators_ready_and_with_a_validation_error(warm, name, scheme, viewport):
    page = warm.open(name, viewport=viewport, scheme=scheme)
    assert blocking_violations(page) == []
    # A validation error as Python reports it, beside its field. The readiness form only
    # offers valid answers, so one radio is given an out-of-range value first.
    if name == "roi":
        after_change(page, lambda: page.fill('[name="discount_rate"]', "90"))  # percent: over 50%
    else:
        question = next(iter(api.schema("readiness")["defaults"]["answers"]))
        radio = page.locator(f'input[name="{question}"]').last  # the "4" of its scale
        radio.evaluate("input => { input.value = '9'; }")
        after_change(page, lambda: radio.check())
    assert page.locator(f'[data-calculator="{name}"] .field-error:not([hidden])').count() >= 1
    assert page.get_attribute(f'[data-calculator="{name}"] .calculator-result', "data-stale") is not None
    assert blocking_violations(page) == []


# --- the keyboard alone ----------------------------------------------------------------------------

ACTIVE = """() => {
    const el = document.activeElement;
    return el ? {tag: el.tagName, name: el.getAttribute("name") || "", type: el.type || "",
                 action: el.dataset ? el.dataset.action || "" : "", value: el.value || ""} : null;
}"""


def tab_until(page, matches, limit: int = 400, key: str = "Tab") -> dict:
    """Press Tab until the focused element satisfies ``matches``; return its description."""
    for _ in range(limit):
        page.keyboard.press(key)
        active = page.evaluate(ACTIVE)
        if active and matches(active):
            return active
    raise AssertionError(f"{limit} presses of {key} never reached the element")


def test_readiness_completed_with_the_keyboard_alone(warm):
    page = warm.open("readiness")
    questions = list(api.schema("readiness")["defaults"]["answers"])
    defaults = api.schema("readiness")["defaults"]["answers"]
    first = tab_until(page, lambda a: a["name"] == questions[0])
    assert first["type"] == "radio"
    # Arrow keys move the choice within a radio group; each move recomputes.
    after_change(page, lambda: page.keyboard.press("ArrowLeft" if defaults[questions[0]] > 0 else "ArrowRight"))
    second = tab_until(page, lambda a: a["name"] == questions[1], limit=10)
    assert second["type"] == "radio"
    after_change(page, lambda: page.keyboard.press("ArrowRight" if defaults[questions[1]] < 4 else "ArrowLeft"))
    payload = assert_matches_cpython(page, "readiness")
    assert payload["answers"][questions[0]] != defaults[questions[0]]
    assert payload["answers"][questions[1]] != defaults[questions[1]]
    assert shown_pairs(page, "readiness") != cpython_pairs("readiness", api.schema("readiness")["defaults"])
    # The booking link follows the keyboard's result and is reachable with Tab.
    link = tab_until(page, lambda a: a["tag"] == "A" and "book-a-diagnostic" in page.evaluate("document.activeElement.href"))
    assert link["tag"] == "A"
    assert_clean(warm)


def test_roi_completed_with_the_keyboard_alone(warm):
    page = warm.open("roi")
    tab_until(page, lambda a: a["name"] == "discount_rate")
    page.keyboard.press("Control+A")
    after_change(page, lambda: page.keyboard.type("7"))  # in percent: 0.07 to the API
    # Add a metric row with the keyboard: its first field takes the focus.
    tab_until(page, lambda a: a["action"] == "add-row" and page.evaluate("document.activeElement.dataset.list") == "metrics")
    after_change(page, lambda: page.keyboard.press("Enter"))
    added = page.evaluate(ACTIVE)
    assert added["name"].startswith("metrics[3].")
    for field, text in (("name", "Rework per invoice"), ("baseline", "3"), ("outcome", "1"),
                        ("annual_volume", "60000"), ("value_per_unit", "2")):
        if page.evaluate(ACTIVE)["name"] != f"metrics[3].{field}":
            tab_until(page, lambda a, f=field: a["name"] == f"metrics[3].{f}", limit=30)
        after_change(page, lambda t=text: page.keyboard.type(t))
    payload = assert_matches_cpython(page, "roi")
    assert payload["discount_rate"] == 0.07
    assert payload["metrics"][3]["name"] == "Rework per invoice" and payload["metrics"][3]["annual_volume"] == 60000
    assert not page.locator('[data-calculator="roi"] .calculator-result[data-stale]').count()
    assert_clean(warm)


# --- focus, labels, errors, charts -----------------------------------------------------------------

FOCUSED_BOX = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // a visually hidden control (Material's palette switch) shows its focus on its label
    let rect = el.getBoundingClientRect();
    if ((rect.width < 2 || rect.height < 2) && el.labels) {
        const shown = [...el.labels].map(l => l.getBoundingClientRect()).find(r => r.width >= 2 && r.height >= 2);
        if (shown) rect = shown;
    }
    const what = el.tagName + (el.name ? `[name=${el.name}]` : "") + (el.className ? `.${String(el.className).split(" ")[0]}` : "")
        + ((el.textContent || "").trim() ? ` "${el.textContent.trim().slice(0, 30)}"` : "");
    return {x: rect.left, y: rect.top, width: rect.width, height: rect.height, what};
}"""


def focus_is_visible(page) -> tuple[str, bool] | None:
    """Whether the focused element looks different focused and blurred (pixels around it)."""
    box = page.evaluate(FOCUSED_BOX)
    if box is None:
        return None
    viewport = page.viewport_size
    x, y = max(0, box["x"] - 6), max(0, box["y"] - 6)
    clip = {"x": x, "y": y,
            "width": max(1, min(viewport["width"], box["x"] + box["width"] + 6) - x),
            "height": max(1, min(viewport["height"], box["y"] + box["height"] + 6) - y)}
    focused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("window.__focused = document.activeElement; document.activeElement.blur()")
    blurred = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("window.__focused.focus()")
    return box["what"], focused != blurred


@pytest.mark.parametrize("path", ["calculators/roi/", "calculators/readiness/", "", "playbook/checklist/"])
def test_every_keyboard_stop_shows_its_focus(browser, site_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        if path.startswith("calculators/"):
            page.wait_for_selector(READY, timeout=90_000)
        unmarked, seen = [], 0
        for _ in range(60):
            page.keyboard.press("Tab")
            focus = focus_is_visible(page)
            if focus is None:
                continue
            seen += 1
            if not focus[1]:
                unmarked.append(focus[0])
        assert seen >= 20
        assert unmarked == [], "\n".join(unmarked)
    finally:
        context.close()


FIELDS_WITHOUT_LABEL = """(root) => [...root.querySelectorAll("input, select, textarea")]
    .filter(el => el.type !== "hidden")
    .filter(el => !(el.labels && [...el.labels].some(l => l.textContent.trim()))
                  && !(el.getAttribute("aria-label") || "").trim()
                  && !(el.getAttribute("aria-labelledby") || "").split(/\\s+/).some(id => id && document.getElementById(id)?.textContent.trim()))
    .map(el => el.name || el.id)"""

ERROR_SLOTS_UNLINKED = """(root) => [...root.querySelectorAll(".field-error")]
    .filter(slot => !slot.id || !root.querySelector(`[aria-describedby~="${CSS.escape(slot.id)}"]`))
    .map(slot => slot.id || slot.dataset.errorFor)"""


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_every_field_has_a_label_and_every_error_slot_a_field(warm, name):
    page = warm.open(name)
    root = page.locator(f'[data-calculator="{name}"]')
    assert root.evaluate("root => root.querySelectorAll('input, select, textarea').length") > 5
    assert root.evaluate(FIELDS_WITHOUT_LABEL) == []
    assert root.evaluate(ERROR_SLOTS_UNLINKED) == []
    if name == "roi":  # rows added later are labelled and linked too
        after_change(page, lambda: page.click('[data-action="add-row"][data-list="metrics"]'))
        assert root.evaluate(FIELDS_WITHOUT_LABEL) == []
        assert root.evaluate(ERROR_SLOTS_UNLINKED) == []
        # an error in the new row lands in that row's slot, named by the field
        after_change(page, lambda: page.fill('[name="metrics[3].annual_volume"]', "-1"))
        errors = [e for e in web.respond("roi", sent_texts(page, "roi"))["errors"] if e["field"].startswith("metrics[3]")]
        assert errors
        slot = page.locator('.field-error:not([hidden])').first
        assert slot.is_visible()
        described = page.locator(f'[aria-describedby~="{slot.get_attribute("id")}"]')
        assert described.count() >= 1 and described.first.get_attribute("aria-invalid") == "true"


CHARTS = """(root) => [...root.querySelectorAll(".calculator-result svg.chart")].map(svg => {
    const names = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
        .map(id => (document.getElementById(id)?.textContent || "").trim());
    // the same figures as a table: after the chart, in the same part of the result
    const figure = svg.closest("figure") || svg;
    const table = [...figure.parentElement.querySelectorAll("table")]
        .some(t => figure.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
    return {role: svg.getAttribute("role"), names, table};
})"""


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_charts_have_a_text_alternative(warm, name):
    page = warm.open(name)
    charts = page.locator(f'[data-calculator="{name}"]').evaluate(CHARTS)
    assert charts, "no chart found"
    for chart in charts:
        assert chart["role"] == "img"
        assert len(chart["names"]) == 2 and all(chart["names"]), chart  # a title and a description
        assert chart["table"], chart
    settle(page)
