"""Tests for calculators.web.facts and the facts each view declares (calculators.web.fact): the
numbers and tables the calculator and playbook pages quote, read from the calculators' schemas."""

from __future__ import annotations

import pytest

from calculators import api, web
from calculators.web.facts import find_field
from calculators.web.site import Site

READINESS = api.schema("readiness")
ROI = api.schema("roi")
PAGE = Site(root="../../", links={"playbook": "playbook/{id}/"})


def test_roi_defaults_and_ranges_are_the_documented_conventions():
    # The issue fixes these conventions: a 10% discount rate and a three-year horizon by default.
    assert web.fact("roi", "default", PAGE, "discount_rate") == "10%"
    assert web.fact("roi", "default", PAGE, "horizon_years") == "3"
    assert web.fact("roi", "default", PAGE, "metrics.risk_adjustment") == "10%"
    assert web.fact("roi", "range", PAGE, "horizon_years") == "1 to 10 years"
    assert web.fact("roi", "range", PAGE, "discount_rate") == "0% to 50%"
    with pytest.raises(ValueError):
        web.fact("roi", "default", PAGE, "metrics.attribution")  # nothing is assumed silently
    with pytest.raises(KeyError, match="no_such_field"):
        find_field(ROI, "no_such_field")


def test_constants_come_from_the_schema_as_prose():
    assert web.fact("roi", "constant", PAGE, "sensitivity_step") == "20%"
    assert web.fact("roi", "constant", PAGE, "confidence_level") == "95%"
    assert web.fact("roi", "constant", PAGE, "power") == "80%"
    assert web.fact("readiness", "constant", PAGE, "critical_minimum") == f"{READINESS['gates']['critical_minimum']:g}"
    assert web.fact("readiness", "constant", PAGE, "blocker_count") == "three"
    with pytest.raises(KeyError, match="known: critical_minimum"):
        web.fact("readiness", "constant", PAGE, "sensitivity_step")


def test_an_unknown_calculator_or_fact_names_what_there_is():
    with pytest.raises(KeyError, match="known: readiness, roi"):
        web.fact("tip", "title")
    with pytest.raises(KeyError, match="it has: title, summary, default"):
        web.fact("roi", "stages")


def test_metric_types_table_says_activity_does_not_count():
    lines = web.fact("roi", "metric_types", PAGE).splitlines()
    options = find_field(ROI, "metrics.type")["options"]
    assert lines[0].startswith("| Type |") and len(lines) == 2 + len(options)
    activity = next(line for line in lines if line.startswith("| Activity"))
    assert "no: activity is not impact" in activity
    assert all("| yes |" in line for line in lines[2:] if line is not activity)


def test_scenarios_list_every_scenario_with_its_description():
    text = web.fact("roi", "scenarios", PAGE)
    assert text.count("\n") == len(ROI["scenarios"]) - 1
    for scenario in ROI["scenarios"]:
        assert f"**{scenario['label']}**: {scenario['description']}" in text


def test_stage_table_gives_each_band():
    stages = READINESS["stages"]
    table = web.fact("readiness", "stages", PAGE).splitlines()
    assert len(table) == 2 + len(stages)
    assert f"below {stages[1]['min_score']:g}" in table[2]
    assert f"{stages[-1]['min_score']:g} or more" in table[-1]
    for row, stage in zip(table[2:], stages):
        assert stage["label"] in row and stage["summary"] in row


def test_dimensions_table_links_each_playbook_step_relative_to_the_page_when_the_site_has_them():
    table = web.fact("readiness", "dimensions", PAGE).splitlines()
    assert len(table) == 2 + len(READINESS["dimensions"])
    ownership = next(line for line in table if line.startswith("| Accountable business owner"))
    assert '<a href="../../playbook/build-governance-in/#ownership">Playbook</a>' in ownership
    assert "| yes |" in ownership
    assert "<a " not in web.fact("readiness", "dimensions", Site())  # no links configured: text alone
    assert web.fact("readiness", "critical_dimensions", PAGE) == (
        "Governance built in, Baseline recorded and Accountable business owner"
    )
    assert web.fact("readiness", "critical_count", PAGE) == "three"


def test_stage_label_by_position_or_id_and_dimension_label_by_id():
    stages = READINESS["stages"]
    assert web.fact("readiness", "stage_label", PAGE, 0) == stages[0]["label"]
    assert web.fact("readiness", "stage_label", PAGE, -1) == stages[-1]["label"]
    assert web.fact("readiness", "stage_label", PAGE, stages[1]["id"]) == stages[1]["label"]
    with pytest.raises(KeyError, match="no_such_stage"):
        web.fact("readiness", "stage_label", PAGE, "no_such_stage")
    assert web.fact("readiness", "dimension_label", PAGE, "data") == "Data hardened for real operation"
    with pytest.raises(KeyError, match="known: production_design"):
        web.fact("readiness", "dimension_label", PAGE, "nope")


def test_scale_and_its_top_answer():
    assert web.fact("readiness", "scale", PAGE).splitlines()[0] == "- **0 · Not in place**: nobody has started on this."
    assert web.fact("readiness", "max_answer", PAGE) == str(max(level["value"] for level in READINESS["scale"]))
