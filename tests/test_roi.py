"""Tests for calculators/roi/: TEI cash flows, NPV/ROI/payback/IRR, attribution, evidence, scenarios, schema
(the sensitivity table's are in test_roi_sensitivity.py; the TEI conformance of issue 26, risk
adjustments per cost line and payback in whole months, in test_roi_tei.py).

Golden values come from independent sources: numpy-financial for NPV and IRR,
scipy for the Welch statistics, hand-worked arithmetic (shown in comments) for
payback and difference-in-differences, and a published Forrester TEI study.
"""

from __future__ import annotations

import copy
import json
import math

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from calculators import api, roi
from calculators.validation import Invalid
from tests.roi_cases import errors, minimal, run
from tests.strategies import examples, messy_roi_payloads, roi_metric_rows, roi_payloads

DEFAULTS = roi.schema()["defaults"]




def codes(result: dict) -> list[str]:
    return [warning["code"] for warning in result["warnings"]]



def assert_finite_json(value) -> None:
    json.dumps(value, allow_nan=False)  # raises on NaN or infinity anywhere


# --- NPV, PV and ROI against numpy-financial -----------------------------------------------------


@settings(max_examples=examples(150), deadline=None)
@given(payload=roi_payloads(with_samples=False))
def test_run_npv_pv_and_roi_follow_numpy_financial(payload):
    result = run(payload)
    rate = payload["discount_rate"]
    nets = [year["net"] for year in result["years"]]
    benefits = [year["benefits"] for year in result["years"]]
    costs = [year["costs"] for year in result["years"]]
    scale = 1e-9 * (1 + sum(map(abs, benefits)) + sum(costs))

    def expected_pv(flows):
        """numpy-financial's end-of-year NPV; mid-year moves years 1..N half a year earlier: x sqrt(1 + r)."""
        end_of_year = float(npf.npv(rate, flows))
        if payload.get("discounting") != "mid_year":
            return end_of_year
        return flows[0] + (end_of_year - flows[0]) * math.sqrt(1 + rate)

    assert result["discounting"] == payload.get("discounting", "end_of_year")
    assert result["npv"] == pytest.approx(expected_pv(nets), rel=1e-12, abs=scale)
    assert result["pv_benefits"] == pytest.approx(expected_pv(benefits), rel=1e-12, abs=scale)
    assert result["pv_costs"] == pytest.approx(expected_pv(costs), rel=1e-12, abs=scale)
    assert result["npv"] == pytest.approx(result["pv_benefits"] - result["pv_costs"], rel=1e-9, abs=scale)
    assert result["pv_benefits"] == pytest.approx(
        result["pv_measured_benefits"] + result["pv_stated_benefits"], rel=1e-9, abs=scale)
    entered_benefits = payload.get("stated_benefits") or any(m["type"] != "activity" for m in payload["metrics"])
    if result["pv_costs"] >= 0.01 and entered_benefits:
        assert result["roi"] == (result["pv_benefits"] - result["pv_costs"]) / result["pv_costs"]
    else:
        assert result["roi"] is None and result["payback_months"] is None
        assert result["undefined"]["roi"].startswith("Undefined: no ")
    assert result["years"][0]["costs"] == pytest.approx(
        (1 + payload["cost_risk_adjustment"]) * sum(c["amount"] for c in payload["one_off_costs"]), rel=1e-12
    )


def test_defaults_cash_flows_worked_by_hand():
    # Handling time: (14 - 6) - (14.5 - 13) = 6.5 min x 60,000 x 0.75 x (1 - 0.1) = 263,250 a year.
    # Penalties: (0.9 - 0.4) x 0.6 = 0.3 x 60,000 x 1 x (1 - 0.2) = 14,400 a year. Prompts: activity, 0.
    # Full benefit 277,650; ramp 0.5, 0.9, 1.0 -> 138,825; 249,885; 277,650.
    # Costs x 1.1: year 0 150,000 -> 165,000; years 1..3 (36,000|42,000|48,000 + 25,000) -> 67,100; 73,700; 80,300.
    result = run(DEFAULTS)
    assert [y["benefits"] for y in result["years"]] == pytest.approx([0, 138825, 249885, 277650], rel=1e-12)
    assert [y["costs"] for y in result["years"]] == pytest.approx([165000, 67100, 73700, 80300], rel=1e-12)
    assert [y["net"] for y in result["years"]] == pytest.approx([-165000, 71725, 176185, 197350], rel=1e-12)
    assert [y["cumulative"] for y in result["years"]] == pytest.approx([-165000, -93275, 82910, 280260], rel=1e-12)
    # Payback in year 2: 12 x (1 + 93,275 / 176,185) = 18.3529... months.
    assert result["payback_months"] == pytest.approx(12 * (1 + 93275 / 176185), rel=1e-12)
    assert result["npv"] == pytest.approx(float(npf.npv(0.1, [-165000, 71725, 176185, 197350])), rel=1e-12)
    assert result["irr"] == pytest.approx(float(npf.irr([-165000, 71725, 176185, 197350])), rel=1e-9)
    assert [m["annual_benefit"] for m in result["metrics"]] == pytest.approx([263250, 14400, 0], rel=1e-12)


# --- a published TEI study, reproduced from its cash flows ---------------------------------------


def test_published_forrester_tei_study_salesloft():
    """Forrester Consulting, "The Total Economic Impact™ Of SalesLoft", Financial Summary,
    "Cash Flow Table (Risk-Adjusted)" (10% discount rate, three years):

    ========  =========  ==========  ==========  ==========  ===========
    (USD)     Initial    Year 1      Year 2      Year 3      PV
    ========  =========  ==========  ==========  ==========  ===========
    Costs     53,150     666,715     636,772     647,783     1,672,201
    Benefits  0          1,606,511   3,061,331   4,229,760   7,168,371
    Net                                                      5,496,170
    ========  =========  ==========  ==========  ==========  ===========

    ROI 329%, payback "< 6 months". The study's risk-adjusted yearly benefits
    are entered as one revenue metric worth 4,229,760 a year at full benefit,
    ramped to the published years, with no further haircut.
    """
    full = 4_229_760
    payload = {
        "horizon_years": 3,
        "discount_rate": 0.10,
        "one_off_costs": [{"name": "Initial costs", "amount": 53_150}],
        "annual_costs": [{"name": "Yearly costs", "amount": [666_715, 636_772, 647_783]}],
        "ramp_up": [1_606_511 / full, 3_061_331 / full, 1.0],
        "metrics": [{"name": "Risk-adjusted benefits", "type": "revenue", "direction": "higher_is_better",
                     "baseline": 0, "outcome": 1, "annual_volume": full, "value_per_unit": 1,
                     "attribution": 1, "risk_adjustment": 0}],
    }
    result = run(payload)
    assert round(result["pv_costs"]) == 1_672_201
    assert round(result["pv_benefits"]) == 7_168_371
    assert round(result["npv"]) == 5_496_170
    assert round(100 * result["roi"]) == 329
    # Year 1 alone repays the initial 53,150: 12 x 53,150 / (1,606,511 - 666,715) = 0.68 months.
    assert result["payback_months"] < 6
    assert result["payback_months"] == pytest.approx(12 * 53_150 / (1_606_511 - 666_715), rel=1e-9)


# --- payback (the formula's hand-worked cases are in test_cash_flow.py) ---------------------------


def test_no_payback_is_null_with_a_message():
    result = run(minimal(horizon_years=1, one_off_costs=[{"amount": 10_000}]))
    assert result["payback_months"] is None
    assert "no_payback" in codes(result)


def test_payback_of_zero_when_nothing_is_invested_up_front():
    result = run(minimal(one_off_costs=[], annual_costs=[{"name": "Run", "amount": 100}]))
    # Year 1: 4 x 100 x 2 = 800 benefit - 100 cost = +700, and year 0 is 0.
    assert result["years"][0]["net"] == 0 and result["years"][1]["net"] == 700
    assert result["payback_months"] == 0.0


def test_a_dip_after_payback_is_warned_about():
    result = run(minimal(annual_costs=[{"amount": [0, 0, 5000]}]))
    # Net: -1000, +800, +800, -4200; cumulative -1000, -200, +600, -3600:
    # paid back in year 2 at 12 x (1 + 200/800) = 15 months, negative again at the end of year 3.
    assert result["payback_months"] == pytest.approx(12 * (1 + 200 / 800))
    assert "payback_reversed" in codes(result)


# --- IRR -----------------------------------------------------------------------------------------


def test_irr_null_is_reported_with_a_warning():
    result = run(minimal(metrics=[]))
    assert result["irr"] is None and "irr_undefined" in codes(result)


def test_several_irrs_are_reported_as_the_one_closest_to_zero_with_a_warning():
    metric = minimal()["metrics"][0] | {"value_per_unit": 5.75}
    result = run(minimal(horizon_years=2, annual_costs=[{"amount": [0, 3620]}], metrics=[metric]))
    # Benefit 4 x 100 x 5.75 = 2,300 a year. Net: -1,000, +2,300, -1,320. With x = 1/(1 + r):
    # -1,000 + 2,300x - 1,320x^2 = -1,320 (x - 1/1.1)(x - 1/1.2), zero at r = 10% and at r = 20%.
    assert [y["net"] for y in result["years"]] == pytest.approx([-1000, 2300, -1320])
    assert result["irr"] == pytest.approx(0.1, rel=1e-9)
    assert result["irr"] == pytest.approx(float(npf.irr([-1000, 2300, -1320])), rel=1e-9)
    [warning] = [w for w in result["warnings"] if w["code"] == "irr_multiple"]
    assert "10.0%" in warning["message"] and "20.0%" in warning["message"]


# --- change, attribution and difference-in-differences ------------------------------------------


def test_difference_in_differences_lower_is_better_worked_by_hand():
    metric = minimal()["metrics"][0] | {"baseline": 14, "outcome": 6, "control": {"baseline": 14.5, "outcome": 13}}
    del metric["attribution"]
    result = run(minimal(metrics=[metric]))
    # Treated change 14 - 6 = 8; control change 14.5 - 13 = 1.5; attributable 8 - 1.5 = 6.5.
    assert result["metrics"][0]["change"] == 8.0
    assert result["metrics"][0]["attributable_change"] == 6.5
    # Benefit 6.5 x 100 x 2 x (1 - 0) = 1,300 a year.
    assert result["metrics"][0]["annual_benefit"] == 1300.0
    assert "attribution_assumed" not in codes(result)


def test_difference_in_differences_higher_is_better_worked_by_hand():
    metric = {"name": "Invoices per clerk per day", "type": "output", "direction": "higher_is_better",
              "baseline": 40, "outcome": 52, "control": {"baseline": 41, "outcome": 45},
              "annual_volume": 10, "value_per_unit": 3}
    result = run(minimal(metrics=[metric]))
    # Treated change 52 - 40 = 12; control change 45 - 41 = 4; attributable 12 - 4 = 8.
    # Benefit 8 x 10 x 3 x (1 - 0.1 default risk) = 216.
    assert result["metrics"][0]["attributable_change"] == 8.0
    assert result["metrics"][0]["annual_benefit"] == pytest.approx(216.0)


def test_a_control_that_improved_more_gives_a_negative_benefit_and_a_warning():
    metric = minimal()["metrics"][0] | {"control": {"baseline": 10, "outcome": 4}}
    del metric["attribution"]
    result = run(minimal(metrics=[metric]))
    # Treated 10 - 6 = 4; control 10 - 4 = 6; attributable -2 -> benefit -2 x 100 x 2 = -400.
    assert result["metrics"][0]["annual_benefit"] == -400.0
    assert "negative_change" in codes(result)


def test_attribution_scales_the_change():
    metric = minimal()["metrics"][0] | {"attribution": 0.25}
    result = run(minimal(metrics=[metric]))
    # (10 - 6) x 0.25 = 1 -> 1 x 100 x 2 = 200.
    assert result["metrics"][0]["attributable_change"] == 1.0
    assert result["metrics"][0]["annual_benefit"] == 200.0


def test_missing_attribution_assumes_all_of_it_with_a_warning():
    metric = dict(minimal()["metrics"][0])
    del metric["attribution"]
    result = run(minimal(metrics=[metric]))
    assert result["metrics"][0]["attributable_change"] == 4.0
    [warning] = [w for w in result["warnings"] if w["code"] == "attribution_assumed"]
    assert warning["field"] == "metrics[0].attribution" and "100%" in warning["message"]


def test_activity_metrics_add_nothing_and_say_activity_is_not_impact():
    result = run(DEFAULTS)
    prompts = result["metrics"][2]
    assert prompts["excluded"] is True and prompts["annual_benefit"] == 0.0
    [warning] = [w for w in result["warnings"] if w["code"] == "activity_not_impact"]
    assert warning["field"] == "metrics[2]" and "activity is not impact" in warning["message"]
    assert not any(row["field"].startswith("metrics[2]") for row in result["sensitivity"])
    # Only the activity warning: the example is otherwise clean.
    assert codes(result) == ["activity_not_impact"]


def test_activity_metrics_need_no_volume_or_value():
    metric = {"name": "Seats", "type": "activity", "direction": "higher_is_better", "baseline": 0, "outcome": 500}
    assert run(minimal(metrics=[metric]))["metrics"][0]["annual_benefit"] == 0.0


def test_risk_adjustment_and_ramp_up_and_cost_risk():
    metric = minimal()["metrics"][0] | {"risk_adjustment": 0.25}
    result = run(minimal(metrics=[metric], ramp_up=[0.5, 1, 1], cost_risk_adjustment=0.2,
                         annual_costs=[{"amount": [10, 20, 30]}]))
    # Benefit 4 x 100 x 2 x 0.75 = 600; ramped 300, 600, 600. Costs x 1.2: 1,200; 12, 24, 36.
    assert [y["benefits"] for y in result["years"]] == pytest.approx([0, 300, 600, 600])
    assert [y["costs"] for y in result["years"]] == pytest.approx([1200, 12, 24, 36])


# --- evidence mode ------------------------------------------------------------------------------

BEFORE = [14.2, 15.1, 13.8, 16.0, 14.9, 15.5, 13.1, 14.4]
AFTER = [6.1, 7.3, 5.8, 6.6, 8.0, 5.2]
CONTROL_BEFORE = [14.8, 15.0, 13.9, 14.6, 15.3]
CONTROL_AFTER = [13.2, 14.1, 12.7, 13.8, 13.0, 12.9, 13.6]


def sampled_metric(**extra) -> dict:
    return {"name": "Handling time", "type": "time", "direction": "lower_is_better", "annual_volume": 100,
            "value_per_unit": 1, "baseline_samples": BEFORE, "outcome_samples": AFTER, **extra}


def test_evidence_matches_scipy_welch_and_means_replace_the_values():
    result = run(minimal(metrics=[sampled_metric(attribution=1)]))
    metric = result["metrics"][0]
    reference = stats.ttest_ind(BEFORE, AFTER, equal_var=False)  # lower is better: baseline - outcome
    interval = reference.confidence_interval(0.95)
    evidence = metric["evidence"]
    assert metric["change"] == pytest.approx(sum(BEFORE) / len(BEFORE) - sum(AFTER) / len(AFTER), rel=1e-12)
    assert evidence["mean_difference"] == pytest.approx(metric["change"], rel=1e-12)
    assert evidence["t_statistic"] == pytest.approx(float(reference.statistic), rel=1e-6)
    assert evidence["p_value"] == pytest.approx(float(reference.pvalue), rel=1e-6)
    assert evidence["ci_low"] == pytest.approx(float(interval.low), rel=1e-6)
    assert evidence["ci_high"] == pytest.approx(float(interval.high), rel=1e-6)
    assert evidence["significant"] is True
    df = float(reference.df)
    mde = (stats.t.ppf(0.975, df) + stats.t.ppf(0.8, df)) * evidence["standard_error"]
    assert evidence["min_detectable_effect"] == pytest.approx(float(mde), rel=1e-9)
    assert evidence["sample_sizes"] == [len(BEFORE), len(AFTER)]


def test_evidence_for_higher_is_better_keeps_the_improvement_positive():
    metric = sampled_metric(direction="higher_is_better", baseline_samples=AFTER, outcome_samples=BEFORE)
    evidence = run(minimal(metrics=[metric]))["metrics"][0]["evidence"]
    reference = stats.ttest_ind(BEFORE, AFTER, equal_var=False)  # outcome - baseline
    assert evidence["t_statistic"] == pytest.approx(float(reference.statistic), rel=1e-6)
    assert evidence["mean_difference"] > 0


def test_evidence_with_a_sampled_control_tests_the_difference_in_differences():
    metric = sampled_metric(control={"baseline_samples": CONTROL_BEFORE, "outcome_samples": CONTROL_AFTER})
    result = run(minimal(metrics=[metric]))
    evidence = result["metrics"][0]["evidence"]
    means = [sum(s) / len(s) for s in (BEFORE, AFTER, CONTROL_BEFORE, CONTROL_AFTER)]
    # (b - o) - (cb - co), each from the sample means.
    assert result["metrics"][0]["attributable_change"] == pytest.approx(
        (means[0] - means[1]) - (means[2] - means[3]), rel=1e-12)
    assert evidence["mean_difference"] == pytest.approx(result["metrics"][0]["attributable_change"], rel=1e-12)
    assert evidence["sample_sizes"] == [8, 6, 5, 7]
    v = [stats.tvar(s) / len(s) for s in (BEFORE, AFTER, CONTROL_BEFORE, CONTROL_AFTER)]
    df = sum(v) ** 2 / sum(vi**2 / (len(s) - 1) for vi, s in zip(v, (BEFORE, AFTER, CONTROL_BEFORE, CONTROL_AFTER)))
    t = evidence["mean_difference"] / math.sqrt(sum(v))
    assert evidence["df"] == pytest.approx(df, rel=1e-9)
    assert evidence["p_value"] == pytest.approx(float(2 * stats.t.sf(abs(t), df)), rel=1e-6)


def test_noise_is_flagged_as_not_significant():
    metric = sampled_metric(outcome_samples=[x - 0.1 for x in reversed(BEFORE)], attribution=1)
    result = run(minimal(metrics=[metric]))
    assert result["metrics"][0]["evidence"]["significant"] is False
    assert "not_significant" in codes(result)


def test_constant_samples_leave_the_test_undefined_with_a_warning():
    result = run(minimal(metrics=[sampled_metric(baseline_samples=[5, 5], outcome_samples=[3, 3, 3], attribution=1)]))
    evidence = result["metrics"][0]["evidence"]
    assert evidence["mean_difference"] == 2.0 and evidence["p_value"] is None and evidence["significant"] is None
    assert "test_undefined" in codes(result)


def test_samples_and_values_together_warn_that_the_means_win():
    result = run(minimal(metrics=[sampled_metric(baseline=100, outcome=1, attribution=1)]))
    assert result["metrics"][0]["change"] == pytest.approx(sum(BEFORE) / 8 - sum(AFTER) / 6)
    assert "samples_replace_values" in codes(result)


@pytest.mark.parametrize(
    ("metric", "field"),
    [
        (sampled_metric(outcome_samples=None, outcome=3), "metrics[0].outcome_samples"),
        (sampled_metric(baseline_samples=[1.0]), "metrics[0].baseline_samples"),
        (sampled_metric(baseline_samples=[1.0] * 10_001), "metrics[0].baseline_samples"),
        (sampled_metric(baseline_samples=[1.0, "x"]), "metrics[0].baseline_samples[1]"),
        (sampled_metric(baseline_samples=[1.0, None]), "metrics[0].baseline_samples[1]"),
        (sampled_metric(baseline_samples=[1.0, 2e9]), "metrics[0].baseline_samples[1]"),
        (sampled_metric(control={"baseline": 1, "outcome": 2}), "metrics[0].control.baseline_samples"),
        (minimal()["metrics"][0] | {"attribution": None, "control": {"baseline_samples": [1, 2],
                                                                    "outcome_samples": [1, 2]}},
         "metrics[0].control.baseline_samples"),
    ],
)
def test_evidence_mode_errors_name_the_field(metric, field):
    assert field in errors(minimal(metrics=[metric]))


def test_many_bad_samples_give_a_short_error_list():
    found = errors(minimal(metrics=[sampled_metric(baseline_samples=["bad"] * 10_000)]))
    assert len(found) == roi.MAX_ERRORS_PER_LIST + 1
    assert "9995 more entries" in found["metrics[0].baseline_samples"]


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"horizon_years": 0}, "horizon_years"),
        ({"horizon_years": 11}, "horizon_years"),
        ({"horizon_years": 2.5}, "horizon_years"),
        ({"horizon_years": True}, "horizon_years"),
        ({"discount_rate": 0.51}, "discount_rate"),
        ({"discount_rate": -0.01}, "discount_rate"),
        ({"discount_rate": float("nan")}, "discount_rate"),
        ({"cost_risk_adjustment": 1.5}, "cost_risk_adjustment"),
        ({"ramp_up": [1, 1]}, "ramp_up"),
        ({"ramp_up": [1, 1, 1.2]}, "ramp_up[2]"),
        ({"scenarios": "yes"}, "scenarios"),
        ({"one_off_costs": [{"amount": -5}]}, "one_off_costs[0].amount"),
        ({"one_off_costs": [{"amount": 1e11}]}, "one_off_costs[0].amount"),
        ({"one_off_costs": [{"amount": [1, 2, 3]}]}, "one_off_costs[0].amount"),
        ({"one_off_costs": [{"amount": 1}] * 21}, "one_off_costs"),
        ({"annual_costs": [{"amount": [1, 2]}]}, "annual_costs[0].amount"),
        ({"annual_costs": [{"amount": [1, 2, float("inf")]}]}, "annual_costs[0].amount[2]"),
        ({"annual_costs": [{"cost": 1}]}, "annual_costs[0].cost"),
        ({"metrics": "none"}, "metrics"),
        ({"metrics": [{}] * 21}, "metrics"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_out_of_range_and_malformed_inputs_are_errors_naming_the_field(changes, field):
    assert field in errors(minimal(**changes))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "vibes"}, "metrics[0].type"),
        ({"direction": "up"}, "metrics[0].direction"),
        ({"baseline": None}, "metrics[0].baseline"),
        ({"outcome": 1e10}, "metrics[0].outcome"),
        ({"annual_volume": -1}, "metrics[0].annual_volume"),
        ({"value_per_unit": None}, "metrics[0].value_per_unit"),
        ({"attribution": 1.01}, "metrics[0].attribution"),
        ({"risk_adjustment": -0.1}, "metrics[0].risk_adjustment"),
        ({"control": {"baseline": 1, "outcome": 2}}, "metrics[0].attribution"),
        ({"attribution": None, "control": {"baseline": 1}}, "metrics[0].control.outcome"),
        ({"attribution": None, "control": [1, 2]}, "metrics[0].control"),
        ({"name": "x" * 81}, "metrics[0].name"),
        ({"colour": "red"}, "metrics[0].colour"),
    ],
)
def test_metric_errors_name_the_field(changes, field):
    metric = minimal()["metrics"][0] | changes
    assert field in errors(minimal(metrics=[metric]))


def test_all_errors_are_reported_at_once():
    found = errors(minimal(horizon_years=20, discount_rate=2, metrics=[{"type": "x"}]))
    assert {"horizon_years", "discount_rate", "metrics[0].type", "metrics[0].direction"} <= set(found)


def test_no_costs_still_gives_pv_benefits_and_npv_and_says_why_roi_and_payback_are_undefined():
    # Benefits 800 a year for 3 years at 10%: 800/1.1 + 800/1.21 + 800/1.331 = 1,989.48 (numpy-financial).
    for costs in ({"one_off_costs": []}, {"one_off_costs": [{"amount": 0}], "annual_costs": [{"amount": [0, 0, 0]}]},
                  {"one_off_costs": [{"amount": 5e-324}]}):  # a subnormal cost is zero for money purposes
        result = run(minimal(**costs))
        assert result["pv_benefits"] == pytest.approx(float(npf.npv(0.1, [0, 800, 800, 800])), rel=1e-12)
        assert result["npv"] == pytest.approx(result["pv_benefits"], rel=1e-12)
        assert result["roi"] is None and result["payback_months"] is None and result["irr"] is None
        assert result["undefined"]["roi"] == (
            "Undefined: no costs were entered, and ROI divides by the present value of the costs.")
        assert result["undefined"]["payback_months"] == result["undefined"]["payback_months_tei"] == (
            "Undefined: no costs were entered, so there is nothing to pay back.")
        assert result["payback_months_tei"] is None
        assert result["measured_share"] == 1.0 and "no_payback" not in codes(result)


def test_no_benefits_still_gives_pv_costs_and_npv_and_says_why_roi_and_payback_are_undefined():
    for benefits in ([], [{"name": "Prompts", "type": "activity", "direction": "higher_is_better",
                           "baseline": 0, "outcome": 10}]):  # activity is not a benefit
        result = run(minimal(metrics=benefits, annual_costs=[{"amount": 100}]))
        # Costs 1,000 now and 100 a year: 1,000 + 100/1.1 + 100/1.21 + 100/1.331 = 1,248.69 (numpy-financial).
        assert result["pv_costs"] == pytest.approx(float(npf.npv(0.1, [1000, 100, 100, 100])), rel=1e-12)
        assert result["npv"] == pytest.approx(-result["pv_costs"], rel=1e-12) and result["pv_benefits"] == 0.0
        assert result["roi"] is None and result["payback_months"] is None and result["measured_share"] is None
        assert result["undefined"] == {
            "roi": "Undefined: no benefits were entered, so there is no return to set against the costs.",
            "payback_months": "Undefined: no benefits were entered, so nothing pays the costs back.",
            "payback_months_tei": "Undefined: no benefits were entered, so nothing pays the costs back.",
            "measured_share": "Undefined: no benefits were entered.",
        }


def test_nothing_entered_is_a_result_of_zeros_not_an_error():
    result = run({"horizon_years": 2})
    assert result["npv"] == 0.0 and result["roi"] is None and set(result["undefined"]) == {
        "roi", "payback_months", "payback_months_tei", "measured_share"}


# --- a ramp-up per benefit, stated benefits, the measured share ----------------------------------


TWO_STREAMS = {
    # Two benefit streams with different yearly shapes, as a TEI study reports them: one is nothing
    # in year 1, the other is at 60% in year 1. No risk adjustment, attribution 1, so each metric's
    # full yearly benefit is change x volume x value.
    "horizon_years": 3, "discount_rate": 0.1,
    "one_off_costs": [{"name": "Build", "amount": 50000}],
    "annual_costs": [{"name": "Run", "amount": 10000}],
    "ramp_up": [0.6, 1.0, 1.0],
    "metrics": [
        # 10 - 4 = 6 minutes x 10,000 x 0.5 = 30,000 a year; the shared ramp-up: 18,000 | 30,000 | 30,000.
        {"name": "Handling time", "type": "time", "direction": "lower_is_better", "baseline": 10, "outcome": 4,
         "annual_volume": 10000, "value_per_unit": 0.5, "attribution": 1, "risk_adjustment": 0},
        # 0.05 - 0.02 = 0.03 x 1,000,000 x 1 = 30,000 a year; its own ramp-up: 0 | 15,000 | 30,000.
        {"name": "Error rate", "type": "quality", "direction": "lower_is_better", "baseline": 0.05, "outcome": 0.02,
         "annual_volume": 1000000, "value_per_unit": 1, "attribution": 1, "risk_adjustment": 0,
         "ramp_up": [0, 0.5, 1]},
    ],
}


def test_two_benefit_streams_with_their_own_ramps_against_numpy_financial():
    result = run(TWO_STREAMS)
    benefits = [0, 18000 + 0, 30000 + 15000, 30000 + 30000]
    costs = [50000, 10000, 10000, 10000]
    assert [y["benefits"] for y in result["years"]] == pytest.approx(benefits, rel=1e-12)
    assert result["pv_benefits"] == pytest.approx(float(npf.npv(0.1, benefits)), rel=1e-12)
    assert result["npv"] == pytest.approx(float(npf.npv(0.1, [b - c for b, c in zip(benefits, costs)])), rel=1e-12)
    assert result["irr"] == pytest.approx(float(npf.irr([b - c for b, c in zip(benefits, costs)])), rel=1e-9)
    # Without its own ramp-up the error-rate stream follows the shared one.
    shared = copy.deepcopy(TWO_STREAMS)
    del shared["metrics"][1]["ramp_up"]
    assert [y["benefits"] for y in run(shared)["years"]] == pytest.approx([0, 36000, 60000, 60000], rel=1e-12)


def test_a_metric_ramp_up_must_have_one_share_per_year():
    broken = copy.deepcopy(TWO_STREAMS)
    broken["metrics"][1]["ramp_up"] = [0, 1]
    assert errors(broken) == {"metrics[1].ramp_up": "Must have 3 entries, one per year; got 2."}


def test_stated_benefits_are_risk_adjusted_and_told_apart_from_measured_ones():
    payload = copy.deepcopy(TWO_STREAMS)
    # Licence fees avoided, stated per year: 20,000 | 20,000 | 40,000, less a 25% risk adjustment.
    payload["stated_benefits"] = [{"name": "Licences avoided", "amount": [20000, 20000, 40000], "risk_adjustment": 0.25}]
    result = run(payload)
    measured = [0, 18000, 45000, 60000]
    stated = [0, 15000, 15000, 30000]
    assert result["stated_benefits"] == [
        {"name": "Licences avoided", "risk_adjustment": 0.25, "benefits": [15000.0, 15000.0, 30000.0]}]
    assert [y["benefits"] for y in result["years"]] == pytest.approx([m + s for m, s in zip(measured, stated)])
    assert result["pv_measured_benefits"] == pytest.approx(float(npf.npv(0.1, measured)), rel=1e-12)
    assert result["pv_stated_benefits"] == pytest.approx(float(npf.npv(0.1, stated)), rel=1e-12)
    share = float(npf.npv(0.1, measured)) / float(npf.npv(0.1, [m + s for m, s in zip(measured, stated)]))
    assert result["measured_share"] == pytest.approx(share, rel=1e-12) and 0.67 < share < 0.671  # 98,632.6 / 147,205.1
    # One amount stands for every year.
    payload["stated_benefits"][0]["amount"] = 20000
    assert run(payload)["stated_benefits"][0]["benefits"] == [15000.0, 15000.0, 15000.0]


def test_stated_benefits_alone_have_no_measured_share_to_speak_of():
    result = run(minimal(metrics=[], stated_benefits=[{"amount": 1000}]))
    assert result["measured_share"] == 0.0 and result["roi"] is not None


def test_a_benefit_that_got_worse_leaves_the_measured_share_undefined():
    worse = minimal(stated_benefits=[{"amount": 1000}])
    worse["metrics"][0]["outcome"] = 14  # rework up from 10: a negative benefit
    result = run(worse)
    assert result["measured_share"] is None and "negative" in result["undefined"]["measured_share"]


def test_scenarios_move_the_stated_benefits_risk_too():
    payload = minimal(metrics=[], scenarios=True, stated_benefits=[{"amount": 1000, "risk_adjustment": 0.2}])
    # Conservative: risk 0.3 -> 700 a year; optimistic: risk 0.1 -> 900 a year (undiscounted check at 0%).
    payload["discount_rate"] = 0
    by_id = {s["id"]: s for s in run(payload)["scenarios"]}
    assert by_id["conservative"]["pv_benefits"] == pytest.approx(2100) and by_id["optimistic"]["pv_benefits"] == pytest.approx(2700)


# --- discounting conventions --------------------------------------------------------------------


def test_mid_year_discounting_of_a_hand_worked_case():
    """Hand-worked, at 10% over 2 years: one-off cost 1,000 now; benefits 800 a year (rework 10 -> 6 x 100 x 2).

    End of year: -1,000 + 800/1.1 + 800/1.21 = -1,000 + 727.2727 + 661.1570 = 388.4298.
    Mid-year, each year's flow half a year earlier: -1,000 + 800/1.1^0.5 + 800/1.1^1.5
    = -1,000 + 800/1.0488088 + 800/1.1536897 = -1,000 + 762.7701 + 693.4273 = 456.1974.
    PV benefits: 1,456.1974; the year-1 discounted net 762.7701.
    """
    end = run(minimal(horizon_years=2))
    mid = run(minimal(horizon_years=2, discounting="mid_year"))
    assert end["npv"] == pytest.approx(388.4298, abs=5e-5)
    assert mid["npv"] == pytest.approx(456.1974, abs=5e-5)
    assert mid["pv_benefits"] == pytest.approx(1456.1974, abs=5e-5)
    assert mid["years"][1]["discounted_net"] == pytest.approx(762.7701, abs=5e-5)
    assert mid["discounting"] == "mid_year" and end["discounting"] == "end_of_year"
    # Payback is undiscounted, the same under both: 12 x (1 + 200/800) = 15 months.
    assert mid["payback_months"] == end["payback_months"] == 15.0
    # The IRR is the rate at which that convention's NPV is zero.
    from calculators.cash_flow import present_value
    assert present_value(mid["irr"], [-1000, 800, 800], "mid_year") == pytest.approx(0, abs=1e-6)
    assert mid["irr"] > end["irr"] == pytest.approx(float(npf.irr([-1000, 800, 800])), rel=1e-9)


def test_mid_year_present_values_are_end_of_year_ones_times_root_one_plus_r():
    # The published table: 10.04 M end of year against 10.53 M mid-year, at 10%: a factor of 1.0488.
    end = run(minimal(metrics=[], stated_benefits=[{"amount": [4e6, 4e6, 4.5e6]}], one_off_costs=[]))
    mid = run(minimal(metrics=[], stated_benefits=[{"amount": [4e6, 4e6, 4.5e6]}], one_off_costs=[],
                      discounting="mid_year"))
    assert mid["pv_benefits"] / end["pv_benefits"] == pytest.approx(math.sqrt(1.1), rel=1e-12)


def test_an_unknown_discounting_is_an_error_naming_it():
    assert errors(minimal(discounting="continuous")) == {"discounting": "Must be one of end_of_year, mid_year."}


def test_roi_of_a_hand_worked_case():
    result = run(minimal(discount_rate=0.0))
    # Undiscounted: benefits 3 x 800 = 2,400, costs 1,000 -> ROI (2,400 - 1,000) / 1,000 = 1.4.
    assert result["pv_benefits"] == 2400.0 and result["pv_costs"] == 1000.0 and result["roi"] == 1.4
    assert isinstance(result["npv"], float) and isinstance(result["payback_months"], float)


# --- sensitivity: tests/test_roi_sensitivity.py ---------------------------------------------------


# --- scenarios -----------------------------------------------------------------------------------


def test_scenarios_move_risk_and_attribution_by_the_documented_amounts():
    result = run(DEFAULTS)
    by_id = {s["id"]: s for s in result["scenarios"]}
    assert list(by_id) == ["conservative", "expected", "optimistic"]
    assert by_id["expected"]["npv"] == result["npv"] and by_id["expected"]["irr"] == result["irr"]
    assert by_id["conservative"]["npv"] < result["npv"] < by_id["optimistic"]["npv"]
    # Conservative by hand: benefit risk +0.10, cost risk +0.10, assumed attribution x 0.8;
    # the control-based metric keeps its measured change.
    conservative = copy.deepcopy(DEFAULTS)
    conservative["cost_risk_adjustment"] = 0.20
    conservative["metrics"][0]["risk_adjustment"] = 0.20
    conservative["metrics"][1]["risk_adjustment"] = 0.30
    conservative["metrics"][1]["attribution"] = 0.48
    conservative["metrics"][2]["risk_adjustment"] = 0.2
    assert by_id["conservative"]["npv"] == pytest.approx(run(conservative)["npv"], rel=1e-12)
    assert by_id["conservative"]["shifts"] == {"risk_adjustment": 0.1, "cost_risk_adjustment": 0.1,
                                               "attribution_factor": 0.8}
    optimistic = copy.deepcopy(DEFAULTS)
    optimistic["cost_risk_adjustment"] = 0.0
    optimistic["metrics"][0]["risk_adjustment"] = 0.0
    optimistic["metrics"][1]["risk_adjustment"] = 0.10
    optimistic["metrics"][1]["attribution"] = 0.72
    assert by_id["optimistic"]["npv"] == pytest.approx(run(optimistic)["npv"], rel=1e-12)


def test_scenarios_are_absent_unless_asked_for():
    assert "scenarios" not in run(minimal())


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=examples(150), deadline=None)
@given(payload=roi_payloads(), extra=roi_metric_rows(with_samples=False))
def test_more_benefit_never_lowers_npv(payload, extra):
    before = run(payload)["npv"]
    # A metric that improved (outcome >= baseline when higher is better) adds a benefit >= 0.
    extra = extra | {"direction": "higher_is_better", "control": None, "ramp_up": None}
    low, high = sorted([extra.get("baseline", 0.0), extra.get("outcome", 0.0)])
    extra.update(baseline=low, outcome=high)
    more = copy.deepcopy(payload)
    more["metrics"].append(extra)
    after = run(more)["npv"]
    tolerance = 1e-9 * (1 + abs(before) + abs(after))
    assert after >= before - tolerance
    # And raising a higher-is-better outcome never lowers the NPV either.
    higher = copy.deepcopy(more)
    higher["metrics"][-1]["outcome"] = high + 1
    assert run(higher)["npv"] >= after - tolerance


@settings(max_examples=examples(150), deadline=None)
@given(payload=roi_payloads())
def test_attribution_zero_gives_npv_of_minus_pv_costs(payload):
    for metric in payload["metrics"]:
        metric.pop("control", None)
        metric["attribution"] = 0.0
    result = run(payload)
    assert result["npv"] == pytest.approx(result["pv_stated_benefits"] - result["pv_costs"], rel=1e-12, abs=1e-9)
    assert result["pv_measured_benefits"] == 0.0


@settings(max_examples=examples(300), deadline=None)
@given(payload=st.one_of(roi_payloads(), messy_roi_payloads()))
def test_roi_shaped_payloads_never_raise_nor_return_nan(payload):
    response = api.run("roi", payload)
    assert_finite_json(response)
    if not response["ok"]:
        assert all(error["field"] and error["message"] for error in response["errors"])


def test_extreme_but_valid_inputs_stay_finite():
    metric = {"name": "Huge", "type": "revenue", "direction": "higher_is_better", "baseline": -1e9,
              "outcome": 1e9, "annual_volume": 1e9, "value_per_unit": 1e7, "attribution": 1,
              "risk_adjustment": 0}
    payload = minimal(horizon_years=10, one_off_costs=[{"amount": 0.01}], metrics=[metric] * 20, scenarios=True)
    assert_finite_json(run(payload))


def test_run_raises_invalid_directly_for_the_api_to_wrap():
    with pytest.raises(Invalid):
        roi.run({"horizon_years": "three"})


# --- schema --------------------------------------------------------------------------------------

FIELD_KEYS = {"id", "label", "kind", "unit", "min", "max", "step", "default", "help", "required", "advanced",
              "options", "min_items", "max_items", "length", "per_year", "max_length"}


def all_fields(schema: dict):
    yield from (("", spec) for spec in schema["fields"])
    for group in schema["lists"]:
        yield from ((group["id"], spec) for spec in group["fields"])


def test_schema_is_json_and_every_field_has_the_same_keys():
    schema = api.schema("roi")
    assert_finite_json(schema)
    assert set(schema) == {"calculator", "title", "summary", "fields", "lists", "outputs", "scenarios", "constants",
                           "quick", "defaults"}
    assert [s["id"] for s in schema["scenarios"]] == [s.id for s in roi.SCENARIOS]
    assert schema["constants"]["sensitivity_step"] == {"value": roi.SENSITIVITY_STEP, "unit": "share"}
    fields_of = {group["id"]: {spec["id"] for spec in group["fields"]} for group in schema["lists"]}
    assert all(path.partition(".")[2] in fields_of[path.partition(".")[0]] for path in schema["quick"])
    assert [(o["id"], o["kind"], o["headline"]) for o in schema["outputs"]] == [
        ("npv", "money", True), ("roi", "percent", True), ("payback_months", "months", True),
        ("payback_months_tei", "months", False), ("pv_benefits", "money", False),
        ("measured_share", "percent", False), ("pv_costs", "money", False),
        ("irr", "percent", False),
    ]
    result = api.run("roi", schema["defaults"])["result"]
    assert all(o["id"] in result for o in schema["outputs"])
    for _, spec in all_fields(schema):
        assert set(spec) == FIELD_KEYS, spec["id"]
        assert spec["kind"] in {"number", "integer", "choice", "boolean", "text", "number_list"}
        assert spec["label"] and spec["help"]
        if spec["kind"] == "choice":
            assert all(set(option) == {"value", "label", "help"} for option in spec["options"])
    for group in schema["lists"]:
        assert set(group) == {"id", "label", "help", "item_label", "min_items", "max_items", "fields", "new_item"}


def test_schema_choices_are_the_documented_types_and_directions():
    metric_fields = {spec["id"]: spec for spec in api.schema("roi")["lists"][2]["fields"]}
    assert [o["value"] for o in metric_fields["type"]["options"]] == [
        "cost", "time", "output", "quality", "revenue", "risk", "activity"]
    assert [o["value"] for o in metric_fields["direction"]["options"]] == ["lower_is_better", "higher_is_better"]


def test_schema_defaults_and_new_items_are_valid():
    schema = api.schema("roi")
    assert run(schema["defaults"])["npv"] > 0
    for group in schema["lists"]:
        payload = copy.deepcopy(schema["defaults"])
        payload.setdefault(group["id"], []).append(group["new_item"])
        run(payload)


def set_path(payload: dict, list_id: str, field_id: str, value) -> dict:
    changed = copy.deepcopy(payload)
    if list_id and not changed.get(list_id):  # a list the example leaves empty: its new row
        changed[list_id] = [next(g for g in api.schema("roi")["lists"] if g["id"] == list_id)["new_item"]]
    target = changed[list_id][0] if list_id else changed
    *parents, key = field_id.split(".")
    for parent in parents:
        target = target.setdefault(parent, {})
    target[key] = value
    return changed


@pytest.mark.parametrize("bound", ["min", "max"])
def test_schema_ranges_are_the_ranges_validation_enforces(bound):
    """Just past every documented bound is an error at that field's path; the bound itself is accepted."""
    schema = api.schema("roi")
    checked = 0
    for list_id, spec in all_fields(schema):
        if spec[bound] is None or spec["kind"] not in ("number", "integer"):
            continue
        limit = spec[bound]
        beyond = limit - 1 if bound == "min" else limit + 1
        if spec["kind"] == "number":
            beyond = limit - 0.001 * (1 + abs(limit)) if bound == "min" else limit + 0.001 * (1 + abs(limit))
        path = f"{list_id}[0].{spec['id']}" if list_id else spec["id"]
        payload = set_path(DEFAULTS, list_id, spec["id"], beyond)
        if spec["id"].startswith("control."):
            payload = set_path(payload, list_id, "control", {"baseline": 1, "outcome": 1} | {spec["id"][8:]: beyond})
            payload[list_id][0].pop("attribution", None)
        assert path in errors(payload), path
        checked += 1
    assert checked >= 12
