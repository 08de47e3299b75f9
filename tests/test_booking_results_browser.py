"""Tests for the book page's "You are booking about: ..." line, in Chromium: the wiring of
docs/assets/javascripts/booking-link.js to the element of macros/booking_results.py on
docs/book-a-diagnostic/index.md.

What the line accepts and states is tested under Node (test_booking_link.py); here, the built
page reads its own address, shows the line as text (nothing from the address is ever parsed as
HTML), and carries the accepted pairs into its booking links after the UTM values. And a
calculator's pre-rendered booking link leads to a stated line.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from calculators import api

BOOK = "book-a-diagnostic/"
LINE = "[data-booking-results]"
STAGES = {stage["id"]: stage["label"] for stage in api.schema("readiness")["stages"]}


@pytest.fixture(scope="module")
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


def test_the_line_is_shown_and_carried_after_the_utm_values(page):
    open_book(page, "?utm_source=news&calculator=readiness&score=65.2&stage=building_the_road")
    assert shown_line(page) == f"You are booking about: AI readiness score 65.2, stage {STAGES['building_the_road']}"
    expected = [("utm_source", "news"), ("calculator", "readiness"), ("score", "65.2"), ("stage", "building_the_road")]
    assert ref_pairs(page) and all(pairs == expected for pairs in ref_pairs(page))


def test_a_hostile_address_shows_nothing_parses_nothing_and_carries_nothing(page):
    open_book(page, "?calculator=readiness&score=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&stage=__proto__")
    assert shown_line(page) is None
    assert page.eval_on_selector(LINE, "el => el.childElementCount") == 0
    assert page.evaluate("window.__pwned") is None
    assert all(all(key.startswith("utm_") for key, _ in pairs) for pairs in ref_pairs(page))


@pytest.mark.parametrize("name", api.names())
def test_each_calculators_prerendered_booking_link_leads_to_a_stated_line(page, built_site, name):
    html = (built_site / "calculators" / name / "index.html").read_text(encoding="utf-8")
    link = BeautifulSoup(html, "html.parser").select_one(f'[data-calculator="{name}"] a[data-booking-link]')
    href = link["href"]
    assert href.startswith("../../book-a-diagnostic/?")  # relative to the calculator's page
    open_book(page, href.removeprefix("../../book-a-diagnostic/"))
    line, query = shown_line(page), parse_qsl(urlsplit(href).query)
    if len(query) == 1:  # nothing to state yet (the questionnaire opens unanswered): no line, nothing carried
        assert query == [("calculator", name)] and line is None
        assert all(all(key.startswith("utm_") for key, _ in pairs) for pairs in ref_pairs(page))
    else:
        assert line and line.startswith("You are booking about: ")
        assert all(pairs == query for pairs in ref_pairs(page))
