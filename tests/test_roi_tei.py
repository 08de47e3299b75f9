"""Tests for the TEI conformance of calculators/roi/ (issue 26): a risk adjustment per cost line, and
payback in whole months beside the interpolated figure.

Golden values: hand-worked arithmetic (in the comments), numpy-financial for NPV, an independent
month-by-month count of the cumulative cash in exact fractions for the whole-month payback, and the
example's figures as the calculator rendered them before either change existed
(tests/data/result-html-before-plugin.json), which a payload without per-line values must give to
the last digit.
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import numpy_financial as npf
import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings

from calculators import api
from calculators.web.formatting import format_value, value_at
from mkdocs_calculators.form import form, quick_payload
from tests.roi_cases import errors, run
from tests.strategies import examples, roi_payloads
from tests.test_cash_flow import months_to_break_even

DEFAULTS = api.schema("roi")["defaults"]
BEFORE = json.loads((Path(__file__).parent / "data" / "result-html-before-plugin.json").read_text(encoding="utf-8"))




def without_sensitivity(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "sensitivity"}


# --- a risk adjustment per cost line --------------------------------------------------------------

#: Costs as a TEI study lists them, each line with its own risk adjustment, and one line left to the
#: calculator's 20%. Benefit: rework 10 -> 6 on 5,000 a year at 2 each = 40,000 a year.
TEI_COSTS = {
    "horizon_years": 3, "discount_rate": 0.1, "cost_risk_adjustment": 0.2,
    "one_off_costs": [{"name": "Implementation", "amount": 10000, "risk_adjustment": 0.1},
                      {"name": "Training", "amount": 2000}],
    "annual_costs": [{"name": "Licences", "amount": 3000, "risk_adjustment": 0},
                     {"name": "Internal effort", "amount": [1000, 2000, 3000], "risk_adjustment": 0.05}],
    "metrics": [{"name": "Rework", "type": "quality", "direction": "lower_is_better", "baseline": 10, "outcome": 6,
                 "annual_volume": 5000, "value_per_unit": 2, "attribution": 1, "risk_adjustment": 0}],
}


def test_each_cost_line_takes_its_own_risk_adjustment_worked_by_hand():
    # Year 0: 10,000 x 1.1 + 2,000 x 1.2 (the calculator's) = 11,000 + 2,400 = 13,400.
    # Years 1..3: licences 3,000 x 1.0, internal effort 1,000 | 2,000 | 3,000 x 1.05:
    # 4,050 | 5,100 | 6,150. Net: -13,400 | 35,950 | 34,900 | 33,850.
    result = run(TEI_COSTS)
    assert [y["costs"] for y in result["years"]] == pytest.approx([13400, 4050, 5100, 6150], rel=1e-12)
    nets = [-13400, 35950, 34900, 33850]
    assert result["npv"] == pytest.approx(float(npf.npv(0.1, nets)), rel=1e-12)
    assert result["pv_costs"] == pytest.approx(float(npf.npv(0.1, [13400, 4050, 5100, 6150])), rel=1e-12)
    # Payback: 12 x 13,400 / 35,950 = 4.47 months; TEI: month 5.
    assert result["payback_months"] == pytest.approx(12 * 13400 / 35950, rel=1e-12)
    assert result["payback_months_tei"] == 5


def test_a_line_without_its_own_takes_the_calculator_s_and_null_is_the_same_as_left_out():
    left_out = copy.deepcopy(TEI_COSTS)
    del left_out["one_off_costs"][0]["risk_adjustment"]  # now at the calculator's 20%: 12,000
    result = run(left_out)
    assert result["years"][0]["costs"] == pytest.approx(12000 + 2400, rel=1e-12)
    as_null = copy.deepcopy(left_out)
    as_null["one_off_costs"][0]["risk_adjustment"] = None  # a form sends nothing; an API client may send null
    assert run(as_null) == result
    stated = copy.deepcopy(left_out)
    stated["one_off_costs"][0]["risk_adjustment"] = 0.2  # the same value, given on the line
    assert without_sensitivity(run(stated)) == without_sensitivity(result)


@settings(max_examples=examples(100), deadline=None)
@given(payload=roi_payloads(with_samples=False))
def test_without_per_line_values_the_costs_are_exactly_what_they_were(payload):
    """Backward compatibility: a payload without per-line risk adjustments gives each year's costs as
    the one formula had them, (1 + cost risk adjustment) x the sum of the year's amounts, to the last
    digit, and the same result as every line given the calculator's value."""
    result = run(payload)
    factor = 1.0 + payload["cost_risk_adjustment"]
    horizon = payload["horizon_years"]

    def amount(line: dict, year: int) -> float:
        value = line["amount"]
        return float(value[year - 1] if isinstance(value, list) else value)

    assert result["years"][0]["costs"] == factor * math.fsum(float(line["amount"]) for line in payload["one_off_costs"])
    for year in range(1, horizon + 1):
        assert result["years"][year]["costs"] == factor * math.fsum(amount(line, year) for line in payload["annual_costs"])
    explicit = copy.deepcopy(payload)
    for line in explicit["one_off_costs"] + explicit["annual_costs"]:
        line["risk_adjustment"] = payload["cost_risk_adjustment"]
    assert without_sensitivity(run(explicit)) == without_sensitivity(result)


def test_the_example_gives_the_figures_it_gave_before_per_line_risk_adjustments_to_the_last_digit():
    """Every figure the example's result showed before (data-value, the unrounded number, as
    recorded in tests/data/result-html-before-plugin.json) but the tornado's, which varies other
    drivers now, is the same."""
    before = BeautifulSoup(BEFORE["roi/GBP"], "html.parser")
    result = run(DEFAULTS)
    pairs = [(e["data-field"], e["data-value"]) for e in before.select("[data-field]")
             if not e["data-field"].startswith("sensitivity")]
    assert len(pairs) >= 60
    for path, recorded in pairs:
        assert format_value(value_at(result, path)) == recorded, path


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"one_off_costs": [{"amount": 1, "risk_adjustment": 1.5}]}, "one_off_costs[0].risk_adjustment",
         "Must be between 0 and 1; got 1.5."),
        ({"annual_costs": [{"amount": 1}, {"amount": 1, "risk_adjustment": -0.05}]}, "annual_costs[1].risk_adjustment",
         "Must be between 0 and 1; got -0.05."),
        ({"annual_costs": [{"amount": 1, "risk_adjustment": "10%"}]}, "annual_costs[0].risk_adjustment",
         "Must be a number; got text."),
    ],
)
def test_a_bad_line_risk_adjustment_is_an_error_naming_it(changes, field, message):
    found = errors(TEI_COSTS | changes)
    assert found == {field: message}
    # The same words as a metric's risk adjustment out of range.
    metric = TEI_COSTS["metrics"][0] | {"risk_adjustment": 1.5}
    assert errors(TEI_COSTS | {"metrics": [metric]})["metrics[0].risk_adjustment"] == "Must be between 0 and 1; got 1.5."


def test_the_field_follows_the_share_fields_and_is_hidden_but_applied_in_the_quick_estimate():
    schema = api.schema("roi")
    metric_risk = next(f for g in schema["lists"] if g["id"] == "metrics" for f in g["fields"] if f["id"] == "risk_adjustment")
    for group in ("one_off_costs", "annual_costs"):
        spec = next(f for g in schema["lists"] if g["id"] == group for f in g["fields"] if f["id"] == "risk_adjustment")
        same = ("kind", "unit", "min", "max", "step")
        assert {key: spec[key] for key in same} == {key: metric_risk[key] for key in same}
        assert spec["default"] is None and spec["advanced"] is True  # empty: the calculator's; behind "More options"
        assert "cost risk adjustment" in spec["help"]
        assert f"{group}.risk_adjustment" not in schema["quick"]
    payload = copy.deepcopy(DEFAULTS)
    payload["one_off_costs"][0]["risk_adjustment"] = 0.5
    payload["annual_costs"][0]["risk_adjustment"] = 0.5
    # Not shown in the quick estimate, but applied there exactly as in the full model: the quick
    # estimate reads the first row whole (issue 26: what it does not show keeps its value).
    quick = quick_payload(schema, payload)
    assert quick["one_off_costs"][0]["risk_adjustment"] == quick["annual_costs"][0]["risk_adjustment"] == 0.5
    page = BeautifulSoup(form("roi", schema, "GBP"), "html.parser")
    control = page.select_one('[name="one_off_costs[0].risk_adjustment"]')
    assert control.find_parent(class_="calc-advanced") is not None
    assert not control.find_parent(class_="calc-field").has_attr("data-quick-field")


def test_scenarios_move_each_line_s_own_risk_adjustment_as_they_move_the_calculator_s():
    payload = copy.deepcopy(TEI_COSTS) | {"scenarios": True}
    payload["annual_costs"][1]["risk_adjustment"] = 0.95  # +0.10 stops at 1
    by_id = {s["id"]: s for s in run(payload)["scenarios"]}
    conservative = copy.deepcopy(payload)
    conservative["cost_risk_adjustment"] = 0.3
    for line, risk in zip(conservative["one_off_costs"] + conservative["annual_costs"], (0.2, None, 0.1, 1.0)):
        if risk is not None:
            line["risk_adjustment"] = risk
    # The metric's risk adjustment of 0 goes to 0.1 too; its attribution of 1 to 0.8.
    conservative["metrics"][0] |= {"risk_adjustment": 0.1, "attribution": 0.8}
    assert by_id["conservative"]["pv_costs"] == pytest.approx(run(conservative)["pv_costs"], rel=1e-12)
    assert by_id["conservative"]["npv"] == pytest.approx(run(conservative)["npv"], rel=1e-12)
    optimistic = copy.deepcopy(payload)
    optimistic["cost_risk_adjustment"] = 0.1
    for line, risk in zip(optimistic["one_off_costs"] + optimistic["annual_costs"], (0.0, None, 0.0, 0.85)):
        if risk is not None:
            line["risk_adjustment"] = risk  # 0.1 - 0.1 = 0; 0 - 0.1 stops at 0
    optimistic["metrics"][0] |= {"attribution": 1.0}
    assert by_id["optimistic"]["pv_costs"] == pytest.approx(run(optimistic)["pv_costs"], rel=1e-12)


# --- payback in whole months, as TEI states it ----------------------------------------------------


def test_the_example_pays_back_in_month_19():
    # Cumulative -93,275 after year 1; year 2 adds 176,185 / 12 = 14,682.08 a month:
    # end of month 18 (6 months in): -93,275 + 88,092.50 = -5,182.50; month 19: +9,499.58.
    result = run(DEFAULTS)
    assert result["payback_months"] == pytest.approx(18.353, abs=1e-3)
    assert result["payback_months_tei"] == 19 and isinstance(result["payback_months_tei"], int)
    assert -93275 + 6 * 176185 / 12 < 0 <= -93275 + 7 * 176185 / 12


def test_breaking_even_at_a_month_s_end_is_that_month_and_discounting_does_not_move_it():
    # -1,000, +800, +800: cumulative -200 after year 1, +66.67 a month: exactly 0 at the end of month 15.
    for discounting in ("end_of_year", "mid_year"):
        result = run({"horizon_years": 2, "discount_rate": 0.1, "discounting": discounting,
                      "one_off_costs": [{"amount": 1000}],
                      "metrics": [{"type": "quality", "direction": "lower_is_better", "baseline": 10, "outcome": 6,
                                   "annual_volume": 100, "value_per_unit": 2, "attribution": 1, "risk_adjustment": 0}]})
        assert (result["payback_months"], result["payback_months_tei"]) == (15.0, 15)


def test_a_published_tei_payback_of_under_six_months():
    """Forrester, "The Total Economic Impact of SalesLoft" (see test_roi): payback "< 6 months". Year 1
    nets 1,606,511 - 666,715 = 939,796, 78,316.33 a month, against 53,150 up front: month 1."""
    full = 4_229_760
    result = run({"horizon_years": 3, "discount_rate": 0.10,
                  "one_off_costs": [{"amount": 53_150}], "annual_costs": [{"amount": [666_715, 636_772, 647_783]}],
                  "ramp_up": [1_606_511 / full, 3_061_331 / full, 1.0],
                  "metrics": [{"type": "revenue", "direction": "higher_is_better", "baseline": 0, "outcome": 1,
                               "annual_volume": full, "value_per_unit": 1, "attribution": 1, "risk_adjustment": 0}]})
    assert result["payback_months_tei"] == 1 < 6


def test_no_payback_within_the_horizon_is_null_with_the_warning_not_a_reason():
    result = run({"horizon_years": 1, "one_off_costs": [{"amount": 10_000}],
                  "metrics": [{"type": "quality", "direction": "lower_is_better", "baseline": 10, "outcome": 6,
                               "annual_volume": 100, "value_per_unit": 2, "attribution": 1}]})
    assert result["payback_months"] is None and result["payback_months_tei"] is None
    assert "payback_months_tei" not in result["undefined"]
    assert "no_payback" in [w["code"] for w in result["warnings"]]


def test_scenarios_carry_the_whole_month_payback():
    scenarios = {s["id"]: s for s in run(DEFAULTS)["scenarios"]}
    for scenario in scenarios.values():
        assert scenario["payback_months_tei"] == math.ceil(scenario["payback_months"])
    assert scenarios["expected"]["payback_months_tei"] == 19


@settings(max_examples=examples(150), deadline=None)
@given(payload=roi_payloads(with_samples=False, with_costs=True))
def test_whole_month_payback_is_an_independent_month_by_month_count(payload):
    result = run(payload)
    if "payback_months_tei" in result["undefined"]:
        assert result["payback_months_tei"] is None
        return
    months = result["payback_months"]
    # A crossing a hair from a month's end is decided by the flows' rounding; the rule is then
    # WHOLE_MONTH_TOLERANCE's (test_cash_flow.py).
    assume(months is None or abs(months - round(months)) > 1e-6)
    # The count is test_cash_flow's, in exact fractions of the result's own yearly net cash.
    assert result["payback_months_tei"] == months_to_break_even([year["net"] for year in result["years"]])


def test_the_result_stays_json_safe_with_the_new_figures():
    payload = copy.deepcopy(TEI_COSTS) | {"scenarios": True}
    text = json.dumps(run(payload), allow_nan=False)
    assert re.search(r'"payback_months_tei": 5\b', text)
    assert api.run("roi", json.loads(json.dumps(payload)))["result"] == json.loads(text)
