"""Real-browser tests of the built site in headless Chromium: same-origin requests only (with
``SCREENSHOTS=1``, screenshots for a person to look at), and the booking link's UTM passthrough (booking-link.js)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest

from tests.test_browser_calculators import keep_screenshot, serve_sitemap_for_this_origin

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}
ARTICLE = "blog/from-pilot-to-production/"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_home_and_article_request_only_their_own_origin(browser, site_url, device):
    context = browser.new_context(**VIEWPORTS[device])
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, path in (("home", ""), ("article", ARTICLE)):
        page.goto(site_url + path, wait_until="networkidle")
        keep_screenshot(page, f"{name}-{device}", full_page=True)
        keep_screenshot(page, f"{name}-{device}-top")
    context.close()
    network = [url for url in requested if not url.startswith(("data:", "blob:"))]
    assert network, "no request was recorded"
    assert [url for url in network if origin(url) != origin(site_url)] == []
    assert errors == []


def booking_hrefs(page) -> list[str]:
    return page.eval_on_selector_all("a[data-booking-link]", "links => links.map(link => link.href)")


def mailto_ref(href: str) -> str:
    fields = dict(field.split("=", 1) for field in href.split("?", 1)[1].split("&"))
    return unquote(fields.get("body", ""))


def test_visitor_utm_parameters_reach_the_booking_link_and_survive_instant_navigation(browser, site_url):
    context = browser.new_context()
    serve_sitemap_for_this_origin(SimpleNamespace(context=context, site_url=site_url))
    page = context.new_page()
    page.goto(site_url + ARTICLE + "?utm_source=newsletter&utm_campaign=june", wait_until="networkidle")
    hrefs = booking_hrefs(page)
    assert hrefs and all(mailto_ref(href) == "Ref: utm_source=newsletter&utm_campaign=june" for href in hrefs)
    page.evaluate("window.__samePage = true")
    page.click("article a.md-button[href$='book-a-diagnostic/']")  # the article's own booking line
    # navigation.tracking may add the first section's #anchor to the address at once
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/book-a-diagnostic/"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__samePage") is True  # instant navigation: the values live in memory only
    hrefs = booking_hrefs(page)
    assert hrefs and all(mailto_ref(href) == "Ref: utm_source=newsletter&utm_campaign=june" for href in hrefs)
    context.close()


def test_campaign_defaults_are_in_the_link_without_javascript_and_the_visitors_win_with_it(browser, site_url):
    campaign = site_url + "book-a-diagnostic/pilot-purgatory/"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(campaign + "?utm_source=newsletter")
    assert [mailto_ref(href) for href in booking_hrefs(page)] == [
        "Ref: utm_source=linkedin&utm_medium=social&utm_campaign=pilot-purgatory"
    ]
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(campaign + "?utm_source=newsletter", wait_until="networkidle")
    assert [mailto_ref(href) for href in booking_hrefs(page)] == [
        "Ref: utm_source=newsletter&utm_medium=social&utm_campaign=pilot-purgatory"
    ]
    context.close()


def test_the_script_adds_utm_values_to_a_scheduling_url_as_query_parameters(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    result = page.evaluate(
        """async () => {
            const module = await import("./assets/javascripts/booking-link.js");
            return [
                module.withUtm("https://cal.example/wysegen?month=6&utm_source=old",
                               [["utm_source", "news letter"], ["utm_campaign", "june"]]),
                module.withUtm("https://cal.example/wysegen", []),
                module.utmFromSearch("?utm_campaign=c&x=1&utm_source=s&utm_term="),
            ];
        }"""
    )
    assert result == [
        "https://cal.example/wysegen?month=6&utm_source=news+letter&utm_campaign=june",
        "https://cal.example/wysegen",
        [["utm_source", "s"], ["utm_campaign", "c"]],
    ]
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["phone", "desk"])
def test_the_home_page_leads_with_the_booking_button_and_the_calculators_above_the_fold(browser, site_url, viewport):
    """Issue 12: the booking button and every calculator, visible without scrolling."""
    from mkdocs.utils.yaml import yaml_load

    from calculators import api

    cta = yaml_load((Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["booking_cta_text"]
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(site_url, wait_until="networkidle")
        actions = page.locator(".home-actions a")
        titles = [api.schema(name)["title"] for name in api.names()]
        assert [text.strip() for text in actions.all_inner_texts()] == [cta] + [f"{t} →" for t in titles]
        for index in range(actions.count()):
            box = actions.nth(index).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], actions.nth(index).inner_text()
    finally:
        context.close()
