"""Tests for calculators.web: result HTML, the data-value format, CSV, booking query, respond()."""

from __future__ import annotations

import copy
import csv as csv_module
import io
import json
import math
import re
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import api
from calculators.web import formatting
from calculators.web import roi as roi_view
from calculators.web.site import Site
from calculators import web
from calculators.web.formatting import format_value, value_at
from tests.spreadsheet_engine import read_xlsx
from tests.strategies import examples, json_values, readiness_payloads, roi_payloads

READINESS_DEFAULTS = api.schema("readiness")["defaults"]
ROI_DEFAULTS = api.schema("roi")["defaults"]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def result_of(name: str, payload: dict) -> dict:
    response = api.run(name, payload)
    assert response["ok"], response
    return response["result"]


def assert_fields_match(html: str, result: dict) -> int:
    """Every data-field names a value of the result, and its data-value is format_value of it."""
    fields = soup(html).select("[data-field]")
    for element in fields:
        path = element["data-field"]
        assert element.has_attr("data-value"), path
        assert element["data-value"] == format_value(value_at(result, path)), path
    return len(fields)


def assert_csp_safe(html: str) -> None:
    """No inline script, no inline style, no event-handler attribute (the site runs under a strict CSP)."""
    parsed = soup(html)
    assert not parsed.find("script")
    for element in parsed.find_all(True):
        for attribute in element.attrs:
            assert attribute != "style", element.name
            assert not attribute.lower().startswith("on"), (element.name, attribute)
        if element.name == "a":
            assert not element["href"].lower().startswith("javascript:")


# --- format_value: the one machine format ------------------------------------------------------------


def test_format_value_spells_values_as_json_except_text():
    assert format_value(62.4) == "62.4"
    assert format_value(0.1 + 0.2) == "0.30000000000000004"
    assert format_value(3) == "3"
    assert format_value(-0.5) == "-0.5"
    assert format_value(1e21) == "1e+21"
    assert format_value(None) == "null"
    assert format_value(True) == "true" and format_value(False) == "false"
    assert format_value("ready_to_scale_narrow") == "ready_to_scale_narrow"
    assert format_value(["a", 1.5]) == '["a",1.5]'
    assert format_value({"b": 2, "a": None}) == '{"a":null,"b":2}'


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_value_reads_back_as_the_same_float(number):
    assert float(format_value(number)) == number
    assert json.loads(format_value(number)) == number


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans()))
def test_format_value_of_a_number_is_exactly_json_text(number):
    assert format_value(number) == json.dumps(number)


@given(json_values(10).filter(lambda v: not isinstance(v, str)))
def test_format_value_is_json_for_every_finite_non_text_value(value):
    def finite(v):
        if isinstance(v, float):
            return math.isfinite(v)
        if isinstance(v, list):
            return all(finite(x) for x in v)
        if isinstance(v, dict):
            return all(finite(x) for x in v.values())
        return True

    if finite(value):
        assert json.loads(format_value(value)) == value
    else:
        with pytest.raises(ValueError):
            format_value(value)


def test_value_at_follows_json_paths():
    result = {"years": [{"net": 1.0}, {"net": -2.0}], "stage": {"id": "x"}}
    assert value_at(result, "years[1].net") == -2.0
    assert value_at(result, "stage.id") == "x"
    with pytest.raises(KeyError):
        value_at(result, "nope")


# --- People's numbers --------------------------------------------------------------------------------


def test_money_uses_the_currency_symbol_and_a_real_minus_sign():
    assert formatting.money(1234567.4, "GBP") == "£1,234,567"
    assert formatting.money(-1500, "EUR") == "−€1,500"
    assert formatting.money(20.5, "USD", 2) == "$20.50"
    assert formatting.money(-0.2, "GBP") == "£0"  # no "−£0"
    assert formatting.money(10, "<script>") == "£10"  # unknown currencies fall back, never echoed


def test_compact_money_for_axes():
    assert [formatting.money_compact(v) for v in (0, 999, 250_000, -1_250_000, 3e9)] == [
        "£0", "£999", "£250k", "−£1.25m", "£3bn"
    ]


# --- Readiness ---------------------------------------------------------------------------------------


def test_readiness_default_shows_score_stage_gate_chart_blockers():
    response = api.run("readiness", READINESS_DEFAULTS)
    result = response["result"]
    html = web.render("readiness", response)
    page = soup(html)
    assert page.select_one('[data-field="score"]')["data-value"] == format_value(result["score"])
    stage = page.select_one('[data-field="stage.id"]')
    assert stage["data-value"] == result["stage"]["id"] and stage.get_text() == result["stage"]["label"]
    assert result["stage"]["summary"] in page.get_text()
    # The gate applies to the example (baseline below 50) and is explained in words.
    assert result["gates_applied"], "the example is meant to show the gate"
    notice = page.select_one(".calc-notice--gate")
    assert notice and result["gates_applied"][0]["message"] in notice.get_text()
    # Radar chart with a text alternative: title, description, and a table of every dimension.
    radar = page.select_one("svg.chart-radar")
    assert radar["role"] == "img"
    labelled = radar["aria-labelledby"].split()
    assert all(page.find(id=i) for i in labelled)
    table_rows = page.select("table.calc-table--dimensions tbody tr")
    assert [row.th.get_text(" ", strip=True).replace(" critical", "") for row in table_rows] == [
        d["label"] for d in result["dimensions"]
    ]
    # Top three blockers: next action and a link to the playbook page.
    blockers = page.select("li.calc-blocker")
    assert len(blockers) == 3
    for blocker, data in zip(blockers, result["blockers"]):
        assert data["next_action"] in blocker.get_text()
        assert blocker.select_one("a") is None, "no site given, so no link"
    # With the site's link pattern, each blocker links to its step, relative to the page.
    site = Site(root="../../", links={"playbook": "playbook/{id}/"})
    linked = soup(web.render("readiness", api.run("readiness", READINESS_DEFAULTS), site=site))
    for blocker, data in zip(linked.select("li.calc-blocker"), result["blockers"]):
        section = f"#{data['playbook_section']}" if data["playbook_section"] else ""
        assert blocker.select_one("a")["href"] == f"../../playbook/{data['playbook_step']}/{section}"
    assert assert_fields_match(html, result) > 10
    assert_csp_safe(html)


def test_readiness_incomplete_asks_for_half_the_answers_and_shows_no_stage():
    answers = dict(list(READINESS_DEFAULTS["answers"].items())[:4])
    result = result_of("readiness", {"answers": answers})
    assert result["complete"] is False
    html = web.render("readiness", {"ok": True, "result": result})
    text = soup(html).get_text(" ")
    assert "Answer at least half the questions" in text
    assert not soup(html).select('[data-field="stage.id"]')
    unanswered = soup(html).select_one('[data-field="unanswered"]')
    assert unanswered.get_text() == str(len(result["unanswered"]))
    assert "not counted as zero" in text
    assert_fields_match(html, result)


def test_readiness_dimension_without_answers_is_reported_not_scored():
    first_dimension = api.schema("readiness")["dimensions"][0]
    answers = {q: v for q, v in READINESS_DEFAULTS["answers"].items() if not q.startswith("pd_")}
    assert all(q["id"].startswith("pd_") for q in first_dimension["questions"])
    result = result_of("readiness", {"answers": answers})
    html = web.render("readiness", {"ok": True, "result": result})
    cell = soup(html).select_one('[data-field="dimensions[0].score"]')
    assert cell["data-value"] == "null" and cell.get_text() == "no answers"
    assert "(no answers)" in soup(html).select_one("svg.chart-radar").get_text(" ")


THREE_ANSWERS = {"pd_production_brief": 3, "data_real_data": 1, "gov_audit_trail": 4}


def test_readiness_with_no_answers_has_no_score_and_shows_the_example_marked_as_the_example():
    """Before the first answer the visitor's result is empty (0 of 21, no score); the worked
    example's result is shown below it, marked as the example's, with no value of its own in the
    page's result fields and no booking line of its own."""
    response = web.respond("readiness", {"answers": {}}, site={"booking_note": "Booking shares {summary}."})
    result = response["result"]
    assert result["score"] is None and result["answered"] == 0
    page = soup(response["html"])
    assert page.select_one('.calc-tile-value[data-field="score"]').get_text() == "—"
    assert page.select_one(".calc-tile-note").get_text() == f"0 of {result['questions']} answered"
    example = page.select_one("section.calc-example")
    assert "Example" in example.select_one("#readiness-example-title").get_text()
    assert "not your result" in example.select_one("#readiness-example-title").get_text()
    assert not example.select("[data-field]"), "the example's values are not the visitor's result"
    worked = result_of("readiness", READINESS_DEFAULTS)
    assert example.select_one(".calc-tile-value").get_text() == web.readiness._score_text(worked["score"])
    assert worked["stage"]["label"] in example.get_text()
    assert "Your" not in " ".join(h.get_text() for h in example.select("h3"))
    assert not page.select(".calc-booking-note") and response["booking"] == {"calculator": "readiness"}
    answers = example.select(".calc-table--example-answers tbody tr")
    assert len(answers) == len(READINESS_DEFAULTS["answers"])
    assert_fields_match(response["html"], result)
    assert "Answered" in soup(response["summary"]).get_text() and "partial" not in response["summary"]


def test_readiness_partial_score_says_partial_and_counts_only_the_answers_given():
    response = web.respond("readiness", {"answers": THREE_ANSWERS})
    result = response["result"]
    assert result == result_of("readiness", {"answers": THREE_ANSWERS})
    page = soup(response["html"])
    assert page.select_one('.calc-tile-value[data-field="score"]')["data-value"] == format_value(result["score"])
    assert page.select_one(".calc-tile-note .calc-partial").get_text() == f"partial: 3 of {result['questions']} answered"
    assert not page.select(".calc-example")
    summary = soup(response["summary"])
    assert summary.select_one(".calc-partial").get_text() == f"partial: 3 of {result['questions']} answered"
    # The partial note sits right after the score in the summary bar.
    items = summary.select(".calc-summary-item")
    assert "Score" in items[0].get_text() and "calc-partial" in items[1]["class"]
    assert_fields_match(response["html"], result)
    assert_fields_match(response["summary"], result)


def test_readiness_complete_score_is_not_partial():
    response = web.respond("readiness", READINESS_DEFAULTS)
    assert "calc-partial" not in response["html"] and "calc-partial" not in response["summary"]
    assert soup(response["html"]).select_one(".calc-tile-note").get_text() == "out of 100"


# --- ROI ---------------------------------------------------------------------------------------------


def test_roi_default_shows_tiles_table_charts_and_warnings():
    response = api.run("roi", ROI_DEFAULTS)
    result = response["result"]
    html = web.render("roi", response)
    page = soup(html)
    for key in ("npv", "roi", "payback_months", "pv_benefits", "pv_costs"):
        tile = page.select_one(f'.calc-tile [data-field="{key}"]')
        assert tile is not None, key
        assert tile["data-value"] == format_value(result[key])
    rows = page.select("table.calc-table--cash-flow tbody tr")
    assert len(rows) == len(result["years"]) + 1  # + the total row
    assert rows[0].th.get_text() == "Year 0 (initial)"
    # Both charts, each with a title and a description, and a table of the same numbers.
    for kind in ("cash-flow", "tornado"):
        chart = page.select_one(f"svg.chart-{kind}")
        assert chart["role"] == "img" and chart.title.get_text() and chart.desc.get_text()
    assert len(page.select("svg.chart-cash-flow .chart-benefit")) == sum(1 for y in result["years"] if y["benefits"])
    shown = min(len(result["sensitivity"]), roi_view.TORNADO_ROWS)
    assert len(page.select("svg.chart-tornado .chart-low")) == shown
    assert len(page.select("table.calc-table--sensitivity tbody tr")) == shown
    # Every warning is visible, including that activity is not impact.
    warnings = page.select(".calc-warnings li")
    assert [w.get_text() for w in warnings] == [w["message"] for w in result["warnings"]]
    assert "activity is not impact" in page.get_text()
    assert page.select_one('[data-field="metrics[2].excluded"]')["data-value"] == "true"
    assert assert_fields_match(html, result) > 40
    assert_csp_safe(html)


def test_roi_payback_names_each_convention_beside_its_figure():
    """Issue 26: the interpolated payback and TEI's whole months, each with its convention, in the
    tile, the compact summary, the scenarios and the CSV."""
    result = result_of("roi", ROI_DEFAULTS)
    page = soup(web.render("roi", {"ok": True, "result": result}))
    payback = page.select_one('.calc-tile [data-field="payback_months"]').find_parent(class_="calc-tile")
    text = " ".join(payback.get_text(" ").split())
    assert text.startswith("Payback 18.4 months interpolated: from the start, undiscounted")
    assert text.endswith("19 months (TEI: the first whole month by whose end the cumulative cash breaks even)")
    assert payback.select_one('[data-field="payback_months_tei"]')["data-value"] == "19"
    assert not page.select_one('.calc-tiles > .calc-tile [data-field="payback_months_tei"].calc-tile-value')
    summary = soup(roi_view.summary(result, "GBP"))
    assert " ".join(summary.get_text(" ").split()) == "NPV £194,084 ROI 55.9% Payback 18.4 months TEI 19 months"
    scenarios = page.select_one("table.calc-table--scenarios")
    labels = [row.th.get_text() for row in scenarios.select("tbody tr")]
    assert labels[2:4] == ["Payback (interpolated)", "Payback (TEI, whole months)"]
    assert [e.get_text() for e in scenarios.select('[data-field$=".payback_months_tei"]')] == [
        "24 months", "19 months", "16 months"]
    # The workbook (the CSV holds the yearly amounts only) states both, each named.
    book = read_xlsx(web.workbook("roi", ROI_DEFAULTS))
    assert (book.named("result_payback_months"), book.named("result_payback_months_tei")) == (result["payback_months"], 19)
    assert_fields_match(roi_view.summary(result, "GBP"), result)
    # Without costs neither figure has a value, and the one reason stands for both.
    costless = result_of("roi", {**ROI_DEFAULTS, "one_off_costs": [], "annual_costs": []})
    tile = soup(web.render("roi", {"ok": True, "result": costless})).select_one(
        '.calc-tile [data-field="payback_months"]').find_parent(class_="calc-tile")
    assert " ".join(tile.get_text(" ").split()) == "Payback Undefined No costs were entered, so there is nothing to pay back."
    assert "TEI" not in roi_view.summary(costless, "GBP")


def test_roi_sensitivity_shows_each_value_as_entered():
    """Issue 26: a yearly cost reads as its amount a year, not its total over the horizon; an
    improvement in the metric's unit; a share as a percentage. Each row carries its unit."""
    result = result_of("roi", ROI_DEFAULTS)
    page = soup(web.render("roi", {"ok": True, "result": result}))
    tried = {row.th.get_text(): row.select("td")[0].get_text() for row in page.select("table.calc-table--sensitivity tbody tr")}
    assert tried["Handling time per invoice: improvement"] == "6.4 – 9.6 minutes"
    assert tried["Licences and model usage"] == "£33,600 – £50,400 a year on average"
    assert tried["Operations, monitoring and audit"] == "£20,000 – £30,000 a year"
    assert tried["Integration and workflow redesign"] == "£96,000 – £144,000"
    assert tried["Discount rate"] == "8.0% – 12.0%"
    # The result carries each row's unit (the workbook's sensitivity sheet writes it, test_workbook.py).
    by_field = {row["field"]: row for row in result["sensitivity"]}
    assert [by_field["annual_costs[1].amount"][key] for key in ("unit", "value", "value_down", "value_up")] == [
        "money per year", 25000.0, 20000.0, 30000.0]
    assert (by_field["metrics[1].risk_adjustment"]["unit"], by_field["metrics[1].risk_adjustment"]["value"]) == ("share", 0.2)


def test_roi_attribution_assumed_warning_is_visible():
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload["metrics"][1].pop("attribution")
    result = result_of("roi", payload)
    codes = [w["code"] for w in result["warnings"]]
    assert "attribution_assumed" in codes
    html = web.render("roi", {"ok": True, "result": result})
    message = next(w["message"] for w in result["warnings"] if w["code"] == "attribution_assumed")
    assert "100%" in message and message in soup(html).get_text()


def test_roi_scenarios_only_when_asked():
    with_scenarios = result_of("roi", {**ROI_DEFAULTS, "scenarios": True})
    without = result_of("roi", {**ROI_DEFAULTS, "scenarios": False})
    html = web.render("roi", {"ok": True, "result": with_scenarios})
    table = soup(html).select_one("table.calc-table--scenarios")
    assert [th.get_text() for th in table.select("thead th")][1:] == [s["label"] for s in with_scenarios["scenarios"]]
    assert_fields_match(html, with_scenarios)
    assert not soup(web.render("roi", {"ok": True, "result": without})).select("table.calc-table--scenarios")


def test_roi_evidence_block_when_samples_are_given():
    payload = copy.deepcopy(ROI_DEFAULTS)
    metric = payload["metrics"][1]
    metric["baseline_samples"] = [0.8, 1.0, 0.9, 0.95, 0.85, 0.9]
    metric["outcome_samples"] = [0.4, 0.5, 0.35, 0.45, 0.4, 0.38]
    for key in ("baseline", "outcome"):
        metric.pop(key, None)
    result = result_of("roi", payload)
    evidence = result["metrics"][1]["evidence"]
    assert evidence is not None
    html = web.render("roi", {"ok": True, "result": result})
    block = soup(html).select_one(".calc-evidence")
    assert block is not None
    assert block.select_one('[data-field="metrics[1].evidence.p_value"]')["data-value"] == format_value(evidence["p_value"])
    assert "95% confidence interval" in block.get_text()
    assert_fields_match(html, result)
    no_samples = web.render("roi", api.run("roi", ROI_DEFAULTS))
    assert not soup(no_samples).select(".calc-evidence")


def test_currency_changes_symbols_only():
    response = api.run("roi", ROI_DEFAULTS)
    pounds = web.render("roi", response, "GBP")
    euros = web.render("roi", response, "EUR")
    assert "€" in euros and "£" not in soup(euros).get_text()
    values = lambda html: [(e["data-field"], e["data-value"]) for e in soup(html).select("[data-field]")]  # noqa: E731
    assert values(pounds) == values(euros)
    assert web.render("roi", response, "nonsense") == pounds


def test_visitor_text_is_escaped():
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload["metrics"][0]["name"] = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    payload["one_off_costs"][0]["name"] = "<b>build</b>"
    response = api.run("roi", payload)
    html = web.render("roi", response)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert_csp_safe(html)
    assert_fields_match(html, response["result"])


RENDER_DEFAULTS = """
import json, sys
from calculators import api, web
print(json.dumps([web.render(name, api.run(name, api.schema(name)["defaults"])) for name in api.names()]))
"""


def test_render_does_not_depend_on_the_interpreters_hash_seed():
    """The build pre-renders each result and the page keeps it when Python in the browser renders
    the same HTML (calculators.js): no output may follow the iteration order of a set of strings,
    which changes from one interpreter to the next (PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys

    rendered = [
        subprocess.run([sys.executable, "-c", RENDER_DEFAULTS], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2")
    ]
    assert rendered[0] == rendered[1]
    assert json.loads(rendered[0]) == [web.render(name, api.run(name, api.schema(name)["defaults"])) for name in api.names()]


# --- Every valid payload: the DOM contract holds --------------------------------------------------------

SLOW = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(readiness_payloads)
def test_readiness_data_values_match_the_result_for_any_payload(payload):
    answer = web.respond("readiness", payload)
    json.dumps(answer, allow_nan=False)
    if answer["ok"]:
        assert_fields_match(answer["html"], answer["result"])
        assert_csp_safe(answer["html"])
    else:
        assert answer["errors"] and answer["csv"] == "" and answer["booking"] == {}


@SLOW
@given(roi_payloads())
def test_roi_data_values_match_the_result_for_any_payload(payload):
    answer = web.respond("roi", payload, "USD")
    json.dumps(answer, allow_nan=False)
    if answer["ok"]:
        assert_fields_match(answer["html"], answer["result"])
        assert_csp_safe(answer["html"])
        assert answer["booking"]["npv_band"] == roi_view.npv_band(answer["result"]["npv"])


# --- Errors, generic results ----------------------------------------------------------------------------


def test_error_response_lists_the_errors_escaped():
    response = api.run("readiness", {"answers": {"base_recorded": 9, "<x>": 1}})
    html = web.render("readiness", response)
    assert "calc-output--errors" in html
    assert "answers.base_recorded" in html and "&lt;x&gt;" in html


def test_a_calculator_without_a_view_gets_a_generic_list(monkeypatch):
    tiny = SimpleNamespace(
        schema=lambda: {"fields": [], "defaults": {}},
        run=lambda payload: {"total": 12.5, "parts": [1, 2], "detail": {"label": "<ok>", "rows": [{"x": None}]}},
    )
    monkeypatch.setitem(api.CALCULATORS, "tiny", tiny)
    response = api.run("tiny", {})
    html = web.render("tiny", response)
    items = soup(html).select("dl.calc-generic [data-field]")
    assert {e["data-field"] for e in items} == {"total", "parts", "detail.label", "detail.rows[0].x"}
    assert_fields_match(html, response["result"])
    assert "&lt;ok&gt;" in html
    assert web.booking_query("tiny", response["result"]) == {"calculator": "tiny"}
    assert web.csv("tiny", response["result"]).splitlines()[:2] == ["field,value", "total,12.5"]


# --- CSV and the booking query -----------------------------------------------------------------------------


def csv_rows(text: str) -> list[list[str]]:
    return list(csv_module.reader(io.StringIO(text)))


def test_readiness_csv_has_the_score_and_every_dimension():
    result = result_of("readiness", READINESS_DEFAULTS)
    rows = csv_rows(web.csv("readiness", result))
    assert rows[0] == ["score", format_value(result["score"])]
    assert ["stage", result["stage"]["id"]] in rows
    header = rows.index(["dimension", "label", "score", "answered", "questions"])
    dims = rows[header + 1 : header + 1 + len(result["dimensions"])]
    assert [r[0] for r in dims] == [d["id"] for d in result["dimensions"]]
    assert [float(r[2]) for r in dims] == [d["score"] for d in result["dimensions"]]


def test_roi_csv_is_one_tidy_table_of_yearly_amounts_to_the_cent():
    """Visitor review, item 7: one table (year, line, kind, amount, currency), a row per yearly
    amount of each cost row, each benefit row and the totals, to the cent, in the page's currency."""
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload["stated_benefits"] = [{"name": "Licence fees avoided", "amount": [40000, 40000, 60000]}]
    result = result_of("roi", payload)
    rows = csv_rows(web.csv("roi", result, "EUR"))
    assert rows[0] == ["year", "line", "kind", "amount", "currency"]
    body = rows[1:]
    assert all(len(row) == 5 and row[4] == "EUR" for row in body)
    assert all(re.fullmatch(r"-?[0-9]+\.[0-9]{2}", row[3]) for row in body)
    horizon = len(result["years"])
    kinds = {}
    for year, line, kind, amount, _ in body:
        kinds.setdefault((line, kind), []).append((int(year), float(amount)))
    assert all([year for year, _ in amounts] == list(range(horizon)) for amounts in kinds.values())
    assert set(kinds) == {
        ("Integration and workflow redesign", "one-off cost"), ("Data clean-up and exception rules", "one-off cost"),
        ("Licences and model usage", "yearly cost"), ("Operations, monitoring and audit", "yearly cost"),
        ("Handling time per invoice", "measured benefit"), ("Late-payment penalties per invoice", "measured benefit"),
        ("Licence fees avoided", "stated benefit"),  # the activity metric adds nothing and has no row
        ("Total benefits", "total"), ("Total costs", "total"), ("Net cash flow", "total"),
    }
    # A running cost is its yearly amount (with the cost risk adjustment), never its total.
    assert kinds["Operations, monitoring and audit", "yearly cost"] == [(0, 0.0), (1, 27500.0), (2, 27500.0), (3, 27500.0)]
    for key, line, kinds_of in (("costs", "Total costs", ("one-off cost", "yearly cost")),
                                ("benefits", "Total benefits", ("measured benefit", "stated benefit"))):
        totals = [amount for _, amount in kinds[line, "total"]]
        assert totals == [round(y[key], 2) for y in result["years"]]
        rows_sum = [sum(amounts[year][1] for (name, kind), amounts in kinds.items() if kind in kinds_of)
                    for year in range(horizon)]
        assert rows_sum == pytest.approx(totals, abs=0.01 * len(kinds))
    assert [amount for _, amount in kinds["Net cash flow", "total"]] == [round(y["net"], 2) for y in result["years"]]


def test_the_result_lines_add_up_to_the_yearly_totals():
    per_line = copy.deepcopy(ROI_DEFAULTS)  # a risk adjustment of its own on some cost lines (TEI)
    per_line["one_off_costs"][0]["risk_adjustment"] = 0.05
    per_line["annual_costs"][1]["risk_adjustment"] = 0.0
    for payload in (ROI_DEFAULTS, per_line,
                    {**ROI_DEFAULTS, "stated_benefits": [{"name": "Fees", "amount": 1000, "risk_adjustment": 0.3}]}):
        result = result_of("roi", payload)
        for key, groups in (("costs", ("one_off_costs", "annual_costs")), ("benefits", ("metrics", "stated_benefits"))):
            for year in result["years"]:
                parts = [line["amounts"][year["year"]] for line in result["lines"] if line["group"] in groups]
                assert math.isclose(math.fsum(parts), year[key], rel_tol=1e-12, abs_tol=1e-9)


def test_the_measured_share_is_in_the_result_the_csv_and_the_booking_summary():
    """Issue 18: what share of PV benefits rests on metrics measured against a baseline, and what on
    stated amounts, is shown in the result, written to the CSV and carried by the booking summary."""
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload["stated_benefits"] = [{"name": "Licence fees avoided", "amount": [40000, 40000, 60000]}]
    result = result_of("roi", payload)
    share = result["measured_share"]
    # PV measured / (PV measured + PV stated), each discounted by numpy-financial's convention.
    stated = [0.9 * a for a in (40000, 40000, 60000)]
    pv_stated = sum(a / 1.1 ** (t + 1) for t, a in enumerate(stated))
    assert math.isclose(result["pv_stated_benefits"], pv_stated, rel_tol=1e-12)
    assert math.isclose(share, result["pv_measured_benefits"] / (result["pv_measured_benefits"] + pv_stated))
    assert round(share, 2) == 0.84

    html = soup(web.render("roi", {"ok": True, "result": result}))
    tile = html.select_one('.calc-tile [data-field="measured_share"]')
    assert tile.get_text() == "84%" and tile["data-value"] == format_value(share)
    sources = html.select_one(".calc-table--sources").get_text(" ")
    assert "Measured against a baseline" in sources and "84%" in sources and "16%" in sources
    assert "Licence fees avoided" in html.select_one(".calc-table--stated").get_text(" ")

    rows = csv_rows(web.csv("roi", result))
    assert ["1", "Licence fees avoided", "stated benefit", "36000.00", "GBP"] in rows

    query = web.booking_query("roi", result, "GBP")
    assert query["measured"] == "80"  # to the nearest ten points: a band, never the figure
    noted = soup(web.render("roi", {"ok": True, "result": result}, "GBP", Site(booking_note="Shares only {summary}.")))
    assert noted.select_one(".calc-booking-note").get_text().endswith("measured against a baseline (80%).")


def test_csv_defuses_formulas_in_visitor_text():
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload["metrics"][0]["name"] = "=HYPERLINK(\"http://x\")"
    text = web.csv("roi", result_of("roi", payload))
    assert not any(cell.startswith("=") for row in csv_rows(text) for cell in row)
    assert "'=HYPERLINK" in text


def test_booking_query_is_a_summary_never_the_answers():
    readiness = result_of("readiness", READINESS_DEFAULTS)
    query = web.booking_query("readiness", readiness)
    assert query == {"calculator": "readiness", "score": format_value(readiness["score"]), "stage": readiness["stage"]["id"]}
    roi = result_of("roi", ROI_DEFAULTS)
    assert web.booking_query("roi", roi, "EUR") == {
        "calculator": "roi", "npv_band": roi_view.npv_band(roi["npv"]), "currency": "EUR", "measured": "100"
    }
    partial = result_of("readiness", {"answers": {"base_recorded": 2}})
    assert "stage" not in web.booking_query("readiness", partial)


def test_npv_bands():
    assert roi_view.npv_band(-1) == "negative"
    assert roi_view.npv_band(194_084) == "100k-500k"
    assert roi_view.npv_band(5e6) == "5m+"


def test_the_booking_note_comes_from_the_site_and_says_what_is_shared():
    readiness = api.run("readiness", READINESS_DEFAULTS)
    assert "calc-booking-note" not in web.render("readiness", readiness)
    site = Site(booking_note="Booking a call shares only {summary}; nothing else.")
    [note] = soup(web.render("readiness", readiness, site=site)).select(".calc-booking-note")
    result = readiness["result"]
    assert note.get_text() == (
        f"Booking a call shares only your score ({result['score']:g}) and stage ({result['stage']['label']}); nothing else."
    )


def test_respond_is_json_safe_and_complete():
    answer = web.respond("roi", ROI_DEFAULTS, "USD")
    assert set(answer) == {"ok", "result", "inputs", "html", "csv", "booking", "summary", "progress"}
    assert answer["inputs"] == ROI_DEFAULTS  # the API payload the result was worked out from
    assert json.loads(json.dumps(answer, allow_nan=False)) == answer
    assert answer["html"] == web.render("roi", api.run("roi", ROI_DEFAULTS), "USD")
    unknown = web.respond("nope", {})
    assert unknown["ok"] is False and unknown["errors"][0]["field"] == "calculator"


def test_a_view_is_imported_at_its_first_answer_only():
    # The view of the other calculator, and its core, stay out of a worker that shows only one.
    from tests.test_api import imported_after

    loaded = imported_after("from calculators import api, web\nweb.respond('readiness', api.schema('readiness')['defaults'], 'USD', {})")
    assert {"calculators.web.readiness", "calculators.readiness"} <= loaded
    assert {"calculators.web.roi", "calculators.roi"}.isdisjoint(loaded)
