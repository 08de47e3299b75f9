"""Tests for calculators.web.generic: the view of a calculator with no view code of its own, from
the outputs its schema declares (calculators.outputs), through calculators.web's entry points."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from calculators import api, web
from calculators.outputs import Output, outputs_json
from calculators.web.site import Site
from mkdocs_calculators.form import uses_money

OUTPUTS = (
    Output("spent", "Spent so far", "money"),
    Output("delay", "Cost of delay", "money", headline=True, note="spent plus value foregone"),
    Output("share", "Share wasted", "percent"),
    Output("months", "Months stalled", "months"),
    Output("teams", "Teams", "count"),
    Output("verdict", "Verdict", "plain"),
)
RESULT = {"spent": 240000.0, "delay": 390000.0, "share": 0.615, "months": 6.0, "teams": 3, "verdict": "<stalled>",
          "extra": 1.5}


@pytest.fixture
def stalled(monkeypatch) -> str:
    module = SimpleNamespace(
        schema=lambda: {"fields": [], "outputs": outputs_json(OUTPUTS), "defaults": {}},
        run=lambda payload: dict(RESULT),
    )
    monkeypatch.setitem(api.CALCULATORS, "stalled", module)
    return "stalled"


def page(name: str, currency: str = "GBP", site: Site | None = None) -> BeautifulSoup:
    return BeautifulSoup(web.render(name, api.run(name, {}), currency, site), "html.parser")


def test_the_headline_comes_first_as_a_tile_with_its_note(stalled):
    html = page(stalled)
    [tile] = html.select(".calc-tile")
    assert tile.select_one(".calc-tile-label").get_text() == "Cost of delay"
    assert tile.select_one(".calc-tile-value").get_text() == "£390,000"
    assert tile.select_one(".calc-tile-value")["data-value"] == "390000.0"
    assert tile.select_one(".calc-tile-note").get_text() == "spent plus value foregone"


def test_every_other_output_is_written_by_its_kind(stalled):
    shown = {dt.get_text(): dd.get_text() for dt, dd in zip(page(stalled).select("dl dt"), page(stalled).select("dl dd"))}
    assert shown == {"Spent so far": "£240,000", "Share wasted": "61.5%", "Months stalled": "6.0 months",
                     "Teams": "3", "Verdict": "<stalled>"}  # text escaped in the HTML, read back here


def test_money_follows_the_chosen_currency_and_only_the_symbol_changes(stalled):
    assert page(stalled, "EUR").select_one(".calc-tile-value").get_text() == "€390,000"
    assert page(stalled, "USD").select_one(".calc-tile-value")["data-value"] == "390000.0"


def test_the_csv_lists_the_outputs_then_every_value(stalled):
    rows = list(csv.reader(io.StringIO(web.csv(stalled, dict(RESULT)))))
    assert rows[0] == ["output", "label", "value"]
    assert rows[1:3] == [["delay", "Cost of delay", "390000.0"], ["spent", "Spent so far", "240000.0"]]
    assert ["extra", "1.5"] in rows


def test_the_booking_summary_carries_the_headlines_and_the_currency(stalled):
    assert web.booking_query(stalled, dict(RESULT), "EUR") == {"calculator": stalled, "delay": "€390,000", "currency": "EUR"}


def test_the_booking_note_names_the_headlines_when_the_site_has_one(stalled):
    assert page(stalled).select_one(".calc-booking-note") is None
    note = page(stalled, site=Site(booking_note="Booking shares only {summary}.")).select_one(".calc-booking-note")
    assert note.get_text() == "Booking shares only your cost of delay (£390,000)."


def test_an_output_the_result_lacks_is_left_out(monkeypatch):
    module = SimpleNamespace(schema=lambda: {"fields": [], "outputs": outputs_json(OUTPUTS), "defaults": {}},
                             run=lambda payload: {"delay": None})
    monkeypatch.setitem(api.CALCULATORS, "sparse", module)
    assert [t.get_text() for t in page("sparse").select(".calc-tile-value")] == ["—"]
    assert page("sparse").select("dl dt") == []


def test_a_re_registered_calculator_gets_its_new_outputs(monkeypatch, stalled):
    assert page(stalled).select_one(".calc-tile-label").get_text() == "Cost of delay"
    renamed = (Output("delay", "Total cost of delay", "money", headline=True),)
    module = SimpleNamespace(schema=lambda: {"fields": [], "outputs": outputs_json(renamed), "defaults": {}},
                             run=lambda payload: dict(RESULT))
    monkeypatch.setitem(api.CALCULATORS, stalled, module)
    assert page(stalled).select_one(".calc-tile-label").get_text() == "Total cost of delay"


def test_the_currency_chooser_appears_only_where_an_output_is_money():
    assert uses_money({"fields": [], "outputs": outputs_json(OUTPUTS)})
    assert not uses_money({"fields": [], "outputs": outputs_json((Output("n", "N", "count"),))})
