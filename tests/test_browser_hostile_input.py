"""Hostile addresses in Chromium: share-link fragments, query strings and the booking link.

Targets: mkdocs_calculators/assets/javascripts/calculator-share-link.js and calculator-block.js
(share links, ``bookingHref``) and docs/assets/javascripts/booking-link.js (UTM values into the
booking link). On both calculators: script tags, ``javascript:`` URLs, prototype-pollution keys,
a 1 MB fragment, broken percent-encodings and invalid UTF-8, unknown fields, too many rows,
``1e309`` and other non-finite numbers, and share state smuggled into the query string. For each:
no dialog opens, no script runs (each payload would set ``window.__pwned``), no element that can
run or load anything is inserted, nothing is requested from another origin, no shown value is
NaN or Infinity, and a notice is visible. The booking link built from a result stays on this
site's booking page, whatever the inputs or the address held.

Fragments are read on the warm pages (tests/warm_pages.py: the block mounted again, as after an
instant navigation, reads the address as a page load does); query strings, which the booking
link's script reads as the page loads, each get a page load of their own.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from calculators import api
from calculators import web
from mkdocs_calculators.form import opening_payload
from tests.warm_pages import WarmVisit
from tests.test_browser_calculators import (
    PAGES, READY, Visit, after_change, assert_matches_cpython, sent_payload, sent_texts, settle, shown_errors,
)

# Every element that could run or load something, described by its tag and the attributes
# that matter; a hostile address must leave exactly the list a clean load of the page has.
RISKY_ELEMENTS = """() => [...document.querySelectorAll("*")].filter(el =>
        ["SCRIPT", "IFRAME", "OBJECT", "EMBED", "BASE", "FRAME", "IMG", "LINK", "META"].includes(el.tagName)
        || [...el.attributes].some(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)))
    .map(el => [el.tagName, el.getAttribute("src") || "", el.getAttribute("href") || "",
                [...el.attributes].filter(a => /^on/i.test(a.name)).map(a => a.name).join(" ")].join("|"))
    .sort()"""
#: The risky-element list of each warm page with its calculator opened clean: {id: (page, list)}.
CLEAN: dict[int, tuple[object, list[str]]] = {}
#: The same list for each calculator's page loaded clean in a fresh context.
CLEAN_LOAD: dict[str, list[str]] = {}


def risky_elements(page) -> list[str]:
    return page.evaluate(RISKY_ELEMENTS)


def open_hostile(visit: Visit, name: str, address: str):
    """Calculator ``name`` opened at ``address``; on a warm page, after noting the page's list of
    risky elements with the calculator opened clean (the list assert_harmless compares with)."""
    if isinstance(visit, WarmVisit) and id(visit.warm_page(name)) not in CLEAN:
        page = visit.open(name)
        CLEAN[id(page)] = (page, risky_elements(page))  # the page is kept, so its id stays its own
    return visit.open(name, address)


def clean_elements(visit: Visit, name: str) -> list[str]:
    """The risky-element list of the calculator page opened without anything in its address."""
    if isinstance(visit, WarmVisit):
        return CLEAN[id(visit.page)][1]
    if name not in CLEAN_LOAD:
        page = visit.new_page()
        visit.open(name, page=page)
        CLEAN_LOAD[name] = risky_elements(page)
        page.close()
    return CLEAN_LOAD[name]


PWN = "window.__pwned=1"
ROI_FRAGMENTS = {
    "javascript-url": f"#calculator=roi&metrics[0].name=javascript:{PWN}&ramp_up=javascript:alert(1)",
    "javascript-select": "#calculator=roi&currency=javascript:alert(1)",
    "proto-keys": "#calculator=roi&metrics[0].__proto__.x=1&constructor[prototype][x]=1&prototype=1",
    "proto-rows": "#calculator=roi&__proto__[]=3",
    "invalid-utf8": "#calculator=roi&metrics[0].name=%C3%28%FF%FE",
    "overlong-utf8": "#calculator=roi&metrics[0].name=%C0%BCscript%C0%BE",
    "infinite-number": "#calculator=roi&discount_rate=1e309&metrics[0].baseline=-1e309",
    "nan": "#calculator=roi&discount_rate=NaN&horizon_years=Infinity",
    "huge-number": "#calculator=roi&metrics[0].annual_volume=" + "9" * 400,
    "html-in-name": f"#calculator=roi&metrics[0].name=%3Cimg%20src%3Dx%20onerror%3D{PWN}%3E%3Csvg%20onload%3D{PWN}%3E",
    "repeated-key": "#calculator=roi&discount_rate=0.1&discount_rate=0.2",
}
READINESS_FRAGMENTS = {
    "script": f"#calculator=readiness&pd_production_brief=%3Cscript%3E{PWN}%3C/script%3E",
    "proto": "#calculator=readiness&__proto__=4&answers.__proto__.x=1",
    "infinite": "#calculator=readiness&pd_production_brief=1e309",
    "invalid-utf8": "#calculator=readiness&pd_production_brief=%FF",
    "huge": "#calculator=readiness&pd_production_brief=" + "4" * 1_000_000,
}
# Share state in the query string instead of the fragment, and hostile UTM values.
QUERIES = {
    "state-in-query": "?calculator=roi&discount_rate=%3Cscript%3E" + PWN + "%3C/script%3E",
    "utm-script": f"?utm_source=%3Cscript%3E{PWN}%3C/script%3E&utm_campaign=javascript:alert(1)",
    "utm-host": "?utm_source=x%26body%3Devil&utm_medium=%40evil.example%2F&utm_term=%0D%0ABcc:%20x@evil.example",
    "proto-query": "?__proto__[x]=1&constructor[prototype][x]=1",
}


@pytest.fixture
def watched(browser, site_url):
    visit = Visit(browser, site_url)
    yield visit
    visit.close()


def assert_harmless(visit: Visit, name: str) -> None:
    page = visit.page
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("({}).x === undefined && Object.prototype.x === undefined && ({}).polluted === undefined")
    assert risky_elements(page) == clean_elements(visit, name)
    assert visit.dialogs == []
    assert visit.foreign_requests() == []
    values = page.eval_on_selector_all("[data-value]", "els => els.map(e => e.getAttribute('data-value'))")
    assert values and not any(value in ("NaN", "Infinity", "-Infinity", "nan", "inf") for value in values)
    assert_booking_stays_here(visit, name)


def assert_booking_stays_here(visit: Visit, name: str) -> None:
    page = visit.page
    href = page.eval_on_selector(f'[data-calculator="{name}"] a[data-booking-link]', "a => a.href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", urlsplit(visit.site_url).netloc, "/book-a-diagnostic/")
    assert not parts.fragment
    keys = {key for key, _ in parse_qsl(parts.query)}
    allowed = set(web.booking_query(name, api.run(name, api.schema(name)["defaults"])["result"]))
    assert keys <= allowed | {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"}


def notice_of(page, name: str) -> str:
    notice = page.locator(f'[data-calculator="{name}"] .calculator-notice')
    assert notice.is_visible(), "no visible notice"
    return notice.inner_text()


@pytest.mark.parametrize("kind", list(ROI_FRAGMENTS))
def test_hostile_roi_fragments(warm, kind):
    page = open_hostile(warm, "roi", ROI_FRAGMENTS[kind])
    said = notice_of(page, "roi")
    if "could not be used" not in said:  # accepted: only as text in form fields, judged by Python
        assert said == "The inputs from your link are filled in."
        answer = web.respond("roi", sent_texts(page, "roi"))  # the page's payload is plain JSON Python answers
        assert answer["ok"] or all(error["message"] for error in answer["errors"])
    assert_harmless(warm, "roi")


@pytest.mark.parametrize("kind", list(READINESS_FRAGMENTS))
def test_hostile_readiness_fragments(warm, kind):
    page = open_hostile(warm, "readiness", READINESS_FRAGMENTS[kind])
    notice_of(page, "readiness")
    assert sent_payload(page, "readiness") == {"answers": {}}  # as it opens: unanswered
    assert_harmless(warm, "readiness")


HOSTILE_FRAGMENTS = {
    "script": "#calculator=roi&metrics[0].name=<script>alert(1)</script>&discount_rate=<img src=x onerror=alert(2)>",
    "proto": "#calculator=roi&__proto__[polluted]=1&constructor.prototype.polluted=1",
    "huge": "#calculator=roi&discount_rate=" + "1" * 1_000_000,
    "bad-encoding": "#calculator=roi&discount_rate=%E0%A4%A",
    "unknown-field": "#calculator=roi&horizon_years=3&nope=1",
    "other-calculator": "#calculator=readiness&pd_production_brief=4",
    "too-many-rows": "#calculator=roi&metrics[]=9999",
}


@pytest.mark.parametrize("kind", list(HOSTILE_FRAGMENTS))
def test_hostile_share_links_are_ignored_with_a_notice(warm, kind):
    page = open_hostile(warm, "roi", HOSTILE_FRAGMENTS[kind])
    said = notice_of(page, "roi")
    if kind == "script":
        # well-formed: the values go into inputs as text only; Python escapes the metric name
        assert page.input_value('[name="metrics[0].name"]') == "<script>alert(1)</script>"
        result = page.locator('[data-calculator="roi"] .calculator-result')
        assert result.locator("script").count() == 0
        # The discount rate keeps the text (a number input used to drop it): refused by name, as text.
        assert page.input_value('[name="discount_rate"]') == "<img src=x onerror=alert(2)>"
        assert shown_errors(page) == ['Discount rate: "<img src=x onerror=alert(2)>" is not a number; '
                                      "type a percentage such as 10 or 10%."]
        after_change(page, lambda: page.fill('[name="discount_rate"]', "10"))
        assert "<script>alert(1)</script>" in result.inner_text()
        assert_matches_cpython(page, "roi")
    else:
        assert "could not be used" in said
        assert sent_payload(page, "roi") == api.schema("roi")["defaults"]
    assert page.locator("img[src=x]").count() == 0
    assert_harmless(warm, "roi")


@pytest.mark.parametrize("kind", list(QUERIES))
@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_query_strings(watched, kind, name):
    page = watched.open(name, QUERIES[kind])
    if kind == "state-in-query":
        assert "could not be used" in notice_of(page, name)
    schema = api.schema(name)
    # as the page opens (the readiness questions unanswered), in the full model Visit.open switches to
    assert sent_payload(page, name) == (schema["defaults"] if schema.get("quick") else opening_payload(schema))
    assert_harmless(watched, name)
    # the visitor's UTM values reach the booking link as encoded query values, nothing more
    utm = dict(parse_qsl(urlsplit(QUERIES[kind]).query))
    href = page.eval_on_selector(f'[data-calculator="{name}"] a[data-booking-link]', "a => a.href")
    sent = dict(parse_qsl(urlsplit(href).query))
    for key, value in utm.items():
        if key.startswith("utm_"):
            assert sent[key] == value


def test_hostile_utm_values_cannot_move_the_footer_booking_link(watched):
    """The site-wide CTA is a mailto: (no scheduling URL configured): hostile UTM values stay
    inside its body, so the address, subject and scheme never change."""
    page = watched.page
    page.goto(watched.site_url + "faq/" + QUERIES["utm-host"], wait_until="networkidle")
    hrefs = page.eval_on_selector_all("a[data-booking-link]", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs
    for href in hrefs:
        address, _, query = href.partition("?")
        assert address == "mailto:hello@wysegen.com"
        fields = [field.split("=", 1)[0] for field in query.split("&")]
        assert fields == ["subject", "body"]
        assert "\r" not in href and "\n" not in href
    assert page.evaluate("window.__pwned") is None


def test_booking_href_refuses_other_schemes_and_hosts_and_encodes_values(warm):
    page = warm.open("roi")
    results = page.evaluate(
        """async (moduleUrl) => {
            const { bookingHref } = await import(moduleUrl);
            const base = location.href;
            const tries = ["javascript:alert(1)", "//evil.example/book-a-diagnostic/", "https://evil.example/",
                           "data:text/html,hi", "http://127.0.0.1:1/book-a-diagnostic/",
                           "/\\\\evil.example/", "mailto:x@evil.example"];
            const refused = tries.map(href => bookingHref(href, {npv_band: "1"}, base));
            const hostile = {npv_band: "100k-500k&next=https://evil.example/#x", "__proto__": "y",
                             constructor: "z", stage: "a\\r\\nb", count: 3};
            const kept = bookingHref("/book-a-diagnostic/?utm_source=news", hostile, base);
            return {refused, kept};
        }""",
        warm.site_url + "assets/javascripts/calculators.js",
    )
    assert results["refused"] == [None] * 7
    kept = urlsplit(results["kept"])
    assert kept.scheme == "" and kept.netloc == "" and kept.path == "/book-a-diagnostic/" and kept.fragment == ""
    assert parse_qsl(kept.query) == [
        ("npv_band", "100k-500k&next=https://evil.example/#x"), ("stage", "a\r\nb"), ("utm_source", "news")]
    settle(page)
    assert page.locator(READY).count() == 1
