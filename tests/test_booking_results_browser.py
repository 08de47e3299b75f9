"""Tests for the book page's "You are booking about: ..." line, in Chromium.

Target: docs/assets/javascripts/booking-link.js (``resultsFromSearch`` and the results it shows
and carries) with the element of macros/booking_results.py on docs/book-a-diagnostic/index.md.
A calculator's "Book a diagnostic about these results" link sends ``calculator`` with ``score``
and ``stage`` (readiness) or ``npv_band`` and ``currency`` (ROI). The book page shows them in
one plain line, with the stage label and the band text of the calculator core, and carries them
into the booking link the way UTM values travel. Anything else in the address is ignored, and
nothing from it is ever parsed as HTML.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from calculators import api
from calculators.web import formatting
from calculators.web import roi as roi_view

BOOK = "book-a-diagnostic/"
LINE = "[data-booking-results]"
STAGES = {stage["id"]: stage["label"] for stage in api.schema("readiness")["stages"]}


@pytest.fixture()
def page(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: page.errors.append(f"dialog: {dialog.message}") or dialog.dismiss())
    page.base = site_url
    yield page
    assert page.errors == []
    assert page.evaluate("window.__pwned") is None
    context.close()


def open_book(page, query: str):
    page.goto(page.base + BOOK + query)
    # booking-link.js runs on document$ and marks the element once it has read the address
    # (the booking links are updated in the same step).
    page.wait_for_selector(f"{LINE}[data-state]", state="attached")


def shown_line(page) -> str | None:
    """The line's text when it is visible, else None."""
    return page.evaluate(f"(() => {{ const el = document.querySelector('{LINE}'); return el.hidden ? null : el.textContent; }})()")


def ref_pairs(page) -> list[list[tuple[str, str]]]:
    """Each booking link's carried pairs: the mailto body's Ref line, or the URL's query."""
    result = []
    for href in page.eval_on_selector_all("a[data-booking-link]", "links => links.map(a => a.href)"):
        if href.startswith("mailto:"):
            body = dict(parse_qsl(urlsplit(href).query)).get("body", "")
            result.append(parse_qsl(unquote(body).removeprefix("Ref: ")) if body else [])
        else:
            result.append(parse_qsl(urlsplit(href).query))
    return result


def test_readiness_score_and_stage_are_shown_with_the_core_label_and_carried(page):
    open_book(page, "?calculator=readiness&score=65.2&stage=building_the_road")
    assert shown_line(page) == f"You are booking about: AI readiness score 65.2, stage {STAGES['building_the_road']}"
    expected = [("calculator", "readiness"), ("score", "65.2"), ("stage", "building_the_road")]
    assert ref_pairs(page) and all(pairs == expected for pairs in ref_pairs(page))


def test_roi_band_is_shown_in_the_chosen_currency_and_carried_after_the_utm_values(page):
    open_book(page, "?utm_source=news&calculator=roi&npv_band=100k-500k&currency=EUR")
    assert shown_line(page) == "You are booking about: ROI, net present value " + roi_view.band_text("100k-500k", "EUR")
    expected = [("utm_source", "news"), ("calculator", "roi"), ("npv_band", "100k-500k"), ("currency", "EUR")]
    assert all(pairs == expected for pairs in ref_pairs(page))


def test_roi_measured_share_is_shown_and_carried_only_in_tens(page):
    open_book(page, "?calculator=roi&npv_band=0-100k&currency=GBP&measured=70")
    assert shown_line(page) == ("You are booking about: ROI, net present value " + roi_view.band_text("0-100k", "GBP")
                                + ", 70% of benefits measured against a baseline")
    assert all(pairs[-1] == ("measured", "70") for pairs in ref_pairs(page))
    for value in roi_view.MEASURED_BANDS:
        open_book(page, f"?calculator=roi&npv_band=0-100k&measured={value}")
        assert shown_line(page).endswith(f", {value}% of benefits measured against a baseline")
    for bad in ("73", "110", "-10", "70%25", "<b>1</b>"):
        open_book(page, f"?calculator=roi&npv_band=0-100k&measured={bad}")
        assert "measured" not in shown_line(page)


def test_every_stage_and_band_the_core_knows_is_accepted(page):
    for stage_id, label in STAGES.items():
        open_book(page, f"?calculator=readiness&stage={stage_id}")
        assert shown_line(page) == f"You are booking about: stage {label}"
    for band in roi_view.NPV_BANDS:
        open_book(page, f"?calculator=roi&npv_band={band.replace('+', '%2B')}")
        assert shown_line(page) == "You are booking about: ROI, net present value " + roi_view.band_text(
            band, formatting.DEFAULT_CURRENCY
        )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?calculator=readiness",
        "?calculator=readiness&score=101&stage=nope",
        "?calculator=readiness&score=65.25",
        "?calculator=readiness&score=-1",
        "?calculator=readiness&score=1e2",
        "?calculator=readiness&score=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
        "?calculator=readiness&stage=__proto__",
        "?calculator=readiness&stage=toString",
        "?calculator=readiness&stage=constructor",
        "?calculator=roi&npv_band=%3Cscript%3Ewindow.__pwned%3D1%3C/script%3E",
        "?calculator=roi&npv_band=__proto__",
        "?calculator=roi&npv_band=hasOwnProperty",
        "?calculator=%3Cb%3Eevil%3C/b%3E&score=50&stage=stuck_in_pilot",
        "?calculator=roi&score=50&stage=stuck_in_pilot",
    ],
)
def test_missing_unknown_or_hostile_values_show_nothing_and_carry_nothing(page, query):
    open_book(page, query)
    assert shown_line(page) is None
    assert page.eval_on_selector(LINE, "el => el.childElementCount") == 0
    assert all(all(key.startswith("utm_") for key, _ in pairs) for pairs in ref_pairs(page))


def test_a_bad_value_is_dropped_and_the_good_one_kept(page):
    open_book(page, "?calculator=readiness&score=42.5&stage=%3Cb%3Ex%3C/b%3E&evil=1")
    assert shown_line(page) == "You are booking about: AI readiness score 42.5"
    open_book(page, "?calculator=roi&npv_band=0-100k&currency=XXX")
    assert shown_line(page) == "You are booking about: ROI, net present value " + roi_view.band_text(
        "0-100k", formatting.DEFAULT_CURRENCY
    )
    assert all(("currency", formatting.DEFAULT_CURRENCY) in pairs for pairs in ref_pairs(page))


def test_a_scheduling_url_gets_the_results_as_query_parameters(page):
    open_book(page, "?calculator=readiness&score=12")
    href = page.evaluate(
        """async () => {
            const { withUtm } = await import(new URL("../assets/javascripts/booking-link.js", location.href));
            return withUtm("https://cal.example/wysegen?x=1", [["calculator", "readiness"], ["score", "12"]]);
        }"""
    )
    assert parse_qsl(urlsplit(href).query) == [("x", "1"), ("calculator", "readiness"), ("score", "12")]


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_the_calculators_prerendered_booking_link_leads_to_a_shown_line(page, built_site, name):
    html = (built_site / "calculators" / name / "index.html").read_text(encoding="utf-8")
    link = BeautifulSoup(html, "html.parser").select_one(f'[data-calculator="{name}"] a[data-booking-link]')
    href = link["href"]
    assert href.startswith("../../book-a-diagnostic/?")  # relative to the calculator's page
    open_book(page, href.removeprefix("../../book-a-diagnostic/"))
    line = shown_line(page)
    assert line and line.startswith("You are booking about: ")
    query = dict(parse_qsl(urlsplit(href).query))
    if name == "readiness":
        assert f"AI readiness score {query['score']}" in line
    else:
        assert roi_view.band_text(query["npv_band"], query["currency"]) in line
        assert f"{query['measured']}% of benefits measured against a baseline" in line
