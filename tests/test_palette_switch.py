"""Tests of docs/assets/javascripts/palette-switch.js, the header's light/dark switch, in Chromium.

It replaces Material's palette component, which re-applied the palette to <body> on every page
load and so restyled every element twice while the page started. The switch must still do what
Material's did: follow the system's scheme on a first visit, switch on a click or Enter, keep
the choice for the next page (under Material's own key), across instant navigation too.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

SWITCH = "form[data-md-component=palette-switch]"
VISIBLE_BUTTON = f"{SWITCH} label:not([hidden])"

# Records every change to <body>'s attributes from the first moment the page has a <body>.
BODY_ATTRIBUTE_LOG = """
window.__bodyChanges = [];
new MutationObserver((records, observer) => {
  if (!document.body) return;
  observer.disconnect();
  new MutationObserver((changes) => {
    for (const change of changes) {
      window.__bodyChanges.push(change.attributeName + "=" + document.body.getAttribute(change.attributeName));
    }
  }).observe(document.body, { attributes: true });
}).observe(document, { childList: true, subtree: true });
"""


def scheme(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


def stored_palette(page) -> dict | None:
    text = page.evaluate("""() => {
      const key = Object.keys(localStorage).find((name) => name.endsWith("__palette"));
      return key ? localStorage.getItem(key) : null;
    }""")
    return json.loads(text) if text else None


@pytest.fixture
def visit(browser, site_url):
    contexts = []

    def open_page(path: str = "faq/", color_scheme: str = "light", log_body: bool = False):
        context = browser.new_context(color_scheme=color_scheme)
        contexts.append(context)
        if log_body:
            context.add_init_script(BODY_ATTRIBUTE_LOG)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site_url + path, wait_until="networkidle")
        page.errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_loading_a_page_in_the_scheme_it_was_rendered_in_leaves_body_alone(visit):
    """Material's component set data-md-color-switching (and the colours) on every load."""
    page = visit("calculators/roi/", log_body=True)
    page.wait_for_selector(".md-header__option label:not([hidden])", state="visible")  # either component
    styled = ("data-md-color-switching", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent")
    assert [change for change in page.evaluate("window.__bodyChanges") if change.split("=")[0] in styled] == []
    assert scheme(page) == "default"
    assert page.errors == []


def test_a_first_visit_follows_the_system_scheme_and_shows_one_button(visit):
    for system, expected, title in (("light", "default", "Switch to dark mode"), ("dark", "slate", "Switch to light mode")):
        page = visit(color_scheme=system)
        assert scheme(page) == expected, system
        buttons = page.locator(VISIBLE_BUTTON)
        assert buttons.count() == 1 and buttons.first.is_visible(), system
        assert buttons.first.get_attribute("title") == title
        assert stored_palette(page)["color"]["scheme"] == expected
        assert page.errors == []


def test_a_click_switches_and_the_next_page_keeps_the_choice(visit, site_url):
    page = visit()
    page.locator(VISIBLE_BUTTON).click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate' && !document.body.hasAttribute('data-md-color-switching')")
    assert stored_palette(page) == {"index": 1, "color": {
        "media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom"}}
    assert page.locator(VISIBLE_BUTTON).get_attribute("title") == "Switch to light mode"
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"
    page.goto(site_url + "calculators/readiness/", wait_until="networkidle")  # a full load
    assert scheme(page) == "slate"
    page.click("a[href$='faq/']")  # an instant navigation: Material keeps the header, and the switch
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/faq/"))
    page.locator(VISIBLE_BUTTON).click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    assert stored_palette(page)["index"] == 0
    assert page.errors == []


def test_enter_on_the_focused_switch_moves_to_the_next_palette(visit):
    page = visit()
    page.focus(f"{SWITCH} input:checked")
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate("document.activeElement.id") == "__palette_1"
    assert page.errors == []


def test_a_stored_palette_that_is_not_json_still_leaves_a_working_switch(visit, site_url):
    page = visit()
    page.evaluate("""() => {
      const key = Object.keys(localStorage).find((name) => name.endsWith("__palette"));
      localStorage.setItem(key, "{not json");
    }""")
    page.goto(site_url + "faq/", wait_until="networkidle")  # Material's inline script throws on it
    page.errors.clear()
    assert page.locator(VISIBLE_BUTTON).count() == 1
    page.locator(VISIBLE_BUTTON).click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert stored_palette(page)["index"] == 1
    assert page.errors == []
