"""Tests of each booking provider in a built site: ``extra.booking`` set to ``calcom``,
``calendly`` or ``url`` in a copy of the project, built with ``mkdocs build --strict``.

Targets: the provider links of macros/booking.py as the built pages carry them (the CTA band,
the booking page's buttons, a campaign page's link with its UTM values, the
``data-booking-prefill`` field names), and docs/assets/javascripts/booking-link.js moving a
calculator's summary into the provider's own booking form fields in Chromium: Cal.com ``notes``
and ``metadata[<key>]``, Calendly ``a1``, a plain URL's query parameters, always with the
visitor's UTM parameters. Following no link, the page requests nothing from another origin.
The default (``mailto``) build is tested everywhere else (tests/test_site_cta.py,
tests/test_booking_results_browser.py, tests/test_privacy.py).
"""

from __future__ import annotations

import functools
import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from calculators import api
from calculators.web import roi as roi_view
from tests.conftest import QuietHandler, serving
from tests.site_text import page
from tests.variants import BOOKING as PROVIDERS
from tests.variants import analytics_of, variant_of

pytestmark = pytest.mark.site

#: The campaign page of data/campaigns.yml and the UTM values it carries.
CAMPAIGN = "book-a-diagnostic/pilot-purgatory/"
CAMPAIGN_UTM = [("utm_source", "linkedin"), ("utm_medium", "social"), ("utm_campaign", "pilot-purgatory")]
VISIT_UTM = [("utm_source", "newsletter"), ("utm_campaign", "june")]
STAGES = {stage["id"]: stage["label"] for stage in api.schema("readiness")["stages"]}


@pytest.fixture(scope="module", params=list(PROVIDERS))
def provider_site(request, variant_site):
    """(provider name, its settings, the built site) for each provider (tests/variants.py: two of
    the builds have an analytics provider too)."""
    name = request.param
    return name, PROVIDERS[name], variant_site(variant_of("booking", name))


def page_of(href: str) -> tuple[str, str, str]:
    parts = urlsplit(href)
    return parts.scheme, parts.netloc, parts.path


def test_every_booking_link_opens_the_providers_page(provider_site):
    name, settings, site = provider_site
    expected = page_of(settings["url"])
    links = [*page(site, "faq/").select("aside.cta-band a[data-booking-link]"),
             *page(site, "book-a-diagnostic/").select("article a[data-booking-link]"),
             *page(site, CAMPAIGN).select("article a[data-booking-link]")]  # fmt: skip
    assert len(links) >= 4
    assert {page_of(link["href"]) for link in links} == {expected}
    assert not any(link["href"].startswith("mailto:") for link in links)
    if name == "url":  # a plain scheduling page: the CTA and the book page's buttons are its address as configured
        assert {link["href"] for link in links[:-1]} == {settings["url"]}


def test_a_campaign_link_carries_its_utm_values_to_the_provider(provider_site):
    name, settings, site = provider_site
    [link] = page(site, CAMPAIGN).select("article a[data-booking-link]")
    query = parse_qsl(urlsplit(link["href"]).query)
    assert [pair for pair in query if pair[0].startswith("utm_")] == CAMPAIGN_UTM
    assert [pair for pair in query if not pair[0].startswith("utm_")] == parse_qsl(urlsplit(settings["url"]).query)


def test_the_links_name_the_providers_prefill_fields(provider_site):
    name, _, site = provider_site
    expected = {"calcom": {"text": "notes", "pairs": "metadata[{key}]"}, "calendly": {"text": "a2"}, "url": None}[name]
    for path, selector in (("faq/", "aside.cta-band a[data-booking-link]"), ("book-a-diagnostic/", "article a[data-booking-link]")):
        for link in page(site, path).select(selector):
            found = link.get("data-booking-prefill")
            assert (json.loads(found) if found else None) == expected, (path, found)


@pytest.fixture
def book_page(browser, provider_site):
    """The provider's built site served on 127.0.0.1; yields (name, settings, open(query) -> hrefs,
    requests other than the analytics provider's script, which the build may load: it answers empty)."""
    name, settings, site = provider_site
    analytics = analytics_of(variant_of("booking", name))
    with serving(functools.partial(QuietHandler, directory=str(site))) as url:
        context = browser.new_context()
        if analytics:
            context.route(analytics["script"], lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
        requests: list[str] = []
        context.on("request", lambda request: analytics and request.url == analytics["script"] or requests.append(request.url))
        tab = context.new_page()

        def open_book(query: str) -> list[str]:
            tab.goto(url + "book-a-diagnostic/" + query)
            tab.wait_for_selector("[data-booking-results][data-state]", state="attached")
            return tab.eval_on_selector_all("article a[data-booking-link]", "links => links.map(a => a.href)")

        yield name, settings, open_book, requests, url
        context.close()


def test_the_roi_summary_reaches_the_providers_fields_with_the_visitors_utm(book_page):
    name, settings, open_book, requests, url = book_page
    hrefs = open_book("?utm_source=newsletter&utm_campaign=june&calculator=roi&npv_band=100k-500k&currency=EUR"
                      "&measured=70")
    summary = ("ROI, net present value " + roi_view.band_text("100k-500k", "EUR")
               + ", 70% of benefits measured against a baseline")
    assert len(hrefs) == 2
    for href in hrefs:
        assert page_of(href) == page_of(settings["url"])
        query = parse_qsl(urlsplit(href).query)
        assert [pair for pair in query if pair[0].startswith("utm_")] == VISIT_UTM
        rest = [pair for pair in query if not pair[0].startswith("utm_") and pair[0] != "lang"]
        if name == "calcom":
            assert sorted(rest) == sorted([("notes", summary), ("metadata[calculator]", "roi"),
                                           ("metadata[npv_band]", "100k-500k"), ("metadata[currency]", "EUR"),
                                           ("metadata[measured]", "70")])
        elif name == "calendly":
            assert rest == [("a2", summary)]
        else:
            assert rest == [("calculator", "roi"), ("npv_band", "100k-500k"), ("currency", "EUR"), ("measured", "70")]
    origin = urlsplit(url).netloc
    assert [r for r in requests if not r.startswith(("data:", "blob:")) and urlsplit(r).netloc != origin] == []


def test_the_readiness_summary_reaches_the_providers_fields(book_page):
    name, settings, open_book, _, _ = book_page
    hrefs = open_book("?calculator=readiness&score=65.2&stage=building_the_road")
    summary = f"AI readiness score 65.2, stage {STAGES['building_the_road']}"
    for href in hrefs:
        query = dict(parse_qsl(urlsplit(href).query))
        if name == "calcom":
            assert query["notes"] == summary
            assert (query["metadata[score]"], query["metadata[stage]"]) == ("65.2", "building_the_road")
        elif name == "calendly":
            assert query["a2"] == summary and "score" not in query
        else:
            assert (query["score"], query["stage"]) == ("65.2", "building_the_road")


def test_without_a_summary_the_link_is_the_configured_page_with_the_visitors_utm(book_page):
    name, settings, open_book, _, _ = book_page
    for href in open_book("?utm_source=newsletter&utm_campaign=june&calculator=roi&npv_band=__proto__"):
        query = parse_qsl(urlsplit(href).query)
        assert [key for key, _ in query if not key.startswith("utm_")] == [key for key, _ in parse_qsl(urlsplit(settings["url"]).query)]
        assert [pair for pair in query if pair[0].startswith("utm_")] == VISIT_UTM
