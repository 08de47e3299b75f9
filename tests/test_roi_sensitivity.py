"""Tests for calculators/roi/sensitivity_table.py: the tornado's drivers and their NPVs.

Each NPV is checked against an independent re-run: the payload's JSON is moved by hand (an outcome
set so the improvement is 20% smaller or larger, an amount or a share scaled) and run again
through the API, or against numpy-financial for a case worked by hand.
"""

from __future__ import annotations

import copy

import numpy_financial as npf
import pytest

from calculators import api
from tests.roi_cases import minimal

DEFAULTS = api.schema("roi")["defaults"]


def run(payload: dict) -> dict:
    response = api.run("roi", payload)
    assert response["ok"], response
    return response["result"]


def rows_of(result: dict) -> dict[str, dict]:
    return {row["field"]: row for row in result["sensitivity"]}



def moved(payload: dict, path: str, factor: float) -> dict:
    """``payload`` with the assumption at ``path`` (a sensitivity row's field) times ``factor``, by hand:
    an improvement moves the outcome (the baseline held), a share stays within 0-1, an amount moves
    in every year."""
    changed = copy.deepcopy(payload)
    *parents, key = path.replace("]", "").replace("[", ".").split(".")
    target = changed
    for part in parents:
        target = target[int(part) if part.isdigit() else part]
    if key == "change":  # metrics[i].change or metrics[i].control.change
        target["outcome"] = target["baseline"] + factor * (target["outcome"] - target["baseline"])
    elif key == "amount" and isinstance(target[key], list):
        target[key] = [amount * factor for amount in target[key]]
    elif key in ("attribution", "risk_adjustment", "cost_risk_adjustment"):
        target[key] = min(target.get(key, 1.0 if key == "attribution" else None) * factor, 1.0)
    else:
        target[key] = target[key] * factor
    return changed


#: The example with a risk adjustment per cost line, as a TEI study gives them, and a stated benefit.
TEI_LINES = copy.deepcopy(DEFAULTS)
TEI_LINES["one_off_costs"][0]["risk_adjustment"] = 0.15
TEI_LINES["annual_costs"][0]["risk_adjustment"] = 0.0
TEI_LINES["stated_benefits"] = [{"name": "Licences avoided", "amount": [10000, 12000, 14000], "risk_adjustment": 0.25}]


@pytest.mark.parametrize("payload", [DEFAULTS, TEI_LINES], ids=["example", "per-line-risk"])
def test_each_npv_is_a_rerun_of_the_payload_with_that_assumption_moved(payload):
    result = run(payload)
    rows = result["sensitivity"]
    assert [row["swing"] for row in rows] == sorted((row["swing"] for row in rows), reverse=True)
    for row in rows:
        path = row["field"]
        assert row["npv_down"] == pytest.approx(run(moved(payload, path, 0.8))["npv"], rel=1e-9), path
        assert row["npv_up"] == pytest.approx(run(moved(payload, path, 1.2))["npv"], rel=1e-9), path
        assert row["swing"] == pytest.approx(abs(row["npv_up"] - row["npv_down"]))


def test_the_drivers_are_the_improvements_and_risk_adjustments_not_the_baselines():
    fields = [row["field"] for row in run(DEFAULTS)["sensitivity"]]
    assert sorted(fields) == sorted([
        "metrics[0].change", "metrics[0].annual_volume", "metrics[0].value_per_unit", "metrics[0].control.change",
        "metrics[0].risk_adjustment",
        "metrics[1].change", "metrics[1].annual_volume", "metrics[1].value_per_unit", "metrics[1].attribution",
        "metrics[1].risk_adjustment",
        "one_off_costs[0].amount", "one_off_costs[1].amount", "annual_costs[0].amount", "annual_costs[1].amount",
        "cost_risk_adjustment", "discount_rate",
    ])  # metrics[2] is activity: no driver
    # The baseline's level no longer heads the tornado: the handling time's improvement does.
    assert fields[0] == "metrics[0].change"
    # Per-line risk adjustments: a line's own (when not 0) and a stated benefit's are drivers; the
    # calculator's cost risk adjustment is one while some cost line follows it.
    with_lines = [row["field"] for row in run(TEI_LINES)["sensitivity"]]
    assert {"one_off_costs[0].risk_adjustment", "stated_benefits[0].amount", "stated_benefits[0].risk_adjustment",
            "cost_risk_adjustment"} <= set(with_lines)
    assert "annual_costs[0].risk_adjustment" not in with_lines  # its own 0%: 20% of nothing
    every_line_own = copy.deepcopy(TEI_LINES)
    for line in every_line_own["one_off_costs"] + every_line_own["annual_costs"]:
        line["risk_adjustment"] = 0.05
    assert "cost_risk_adjustment" not in [row["field"] for row in run(every_line_own)["sensitivity"]]


def test_the_improvement_moves_with_the_baseline_held_worked_by_hand():
    # Rework 10 -> 6: an improvement of 4, tried at 3.2 and 4.8 (outcome 6.8 and 5.2), 100 a year x 2:
    # 640 and 960 a year against the build of 1,000, at 10% (numpy-financial).
    row = rows_of(run(minimal()))["metrics[0].change"]
    assert (row["value"], row["value_down"], row["value_up"]) == (4.0, pytest.approx(3.2), pytest.approx(4.8))
    assert row["npv_down"] == pytest.approx(float(npf.npv(0.1, [-1000, 640, 640, 640])), rel=1e-12)
    assert row["npv_up"] == pytest.approx(float(npf.npv(0.1, [-1000, 960, 960, 960])), rel=1e-12)
    # Higher is better: output 40 -> 52, an improvement of 12, tried at 9.6 and 14.4 (outcome 49.6 and 54.4):
    # 9.6 x 10 x 3 x 0.9 = 259.2 and 14.4 x 10 x 3 x 0.9 = 388.8 a year.
    output = {"name": "Output", "type": "output", "direction": "higher_is_better", "baseline": 40, "outcome": 52,
              "annual_volume": 10, "value_per_unit": 3, "attribution": 1, "risk_adjustment": 0.1}
    row = rows_of(run(minimal(metrics=[output])))["metrics[0].change"]
    assert row["value"] == 12.0 and row["unit"] == "metric unit"
    assert row["npv_down"] == pytest.approx(float(npf.npv(0.1, [-1000, 259.2, 259.2, 259.2])), rel=1e-12)
    assert row["npv_up"] == pytest.approx(float(npf.npv(0.1, [-1000, 388.8, 388.8, 388.8])), rel=1e-12)


def test_a_control_groups_change_moves_like_the_improvement():
    # Example: treated 14 -> 6 (8), control 14.5 -> 13 (1.5); the control's change tried at 1.2 and 1.8:
    # attributable 6.8 and 6.2 minutes x 60,000 x 0.75 x 0.9 = 275,400 and 251,100 a year at full benefit.
    row = rows_of(run(DEFAULTS))["metrics[0].control.change"]
    assert (row["value"], row["value_down"], row["value_up"]) == (1.5, pytest.approx(1.2), pytest.approx(1.8))
    benefits = {0.8: 275_400 + 14_400, 1.2: 251_100 + 14_400}  # + the penalties metric, 14,400 a year
    costs = [165_000, 67_100, 73_700, 80_300]
    for factor, npv in ((0.8, row["npv_down"]), (1.2, row["npv_up"])):
        flows = [-costs[0]] + [share * benefits[factor] - cost for share, cost in zip([0.5, 0.9, 1.0], costs[1:])]
        assert npv == pytest.approx(float(npf.npv(0.1, flows)), rel=1e-12)


def test_a_yearly_cost_is_shown_as_entered_a_year_not_as_its_total():
    rows = rows_of(run(DEFAULTS))
    running = rows["annual_costs[1].amount"]  # 25,000 a year
    assert (running["value"], running["value_down"], running["value_up"]) == (25000.0, 20000.0, 30000.0)
    assert running["unit"] == "money per year"
    licences = rows["annual_costs[0].amount"]  # 36,000 | 42,000 | 48,000: 42,000 a year on average
    assert licences["value"] == 42000.0 and licences["unit"] == "money per year, on average"
    build = rows["one_off_costs[0].amount"]
    assert (build["value"], build["unit"]) == (120000.0, "money")


def test_shares_stay_within_zero_and_one():
    metric = minimal()["metrics"][0] | {"risk_adjustment": 0.9}
    rows = rows_of(run(minimal(metrics=[metric])))
    assert (rows["metrics[0].attribution"]["value_down"], rows["metrics[0].attribution"]["value_up"]) == (0.8, 1.0)
    risk = rows["metrics[0].risk_adjustment"]
    assert (risk["value_down"], risk["value_up"]) == (pytest.approx(0.72), 1.0)
    # At 1.0 the benefit is gone: 0 - 1,000 now.
    assert risk["npv_up"] == pytest.approx(-1000.0)
    # No risk adjustment, no row: the metric of minimal() has 0.
    assert "metrics[0].risk_adjustment" not in rows_of(run(minimal()))


def test_an_attribution_of_one_only_moves_down():
    result = run(minimal())
    row = rows_of(result)["metrics[0].attribution"]
    assert (row["value_down"], row["value_up"]) == (0.8, 1.0)
    assert row["npv_up"] == pytest.approx(result["npv"])
