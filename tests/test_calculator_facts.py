"""Tests for macros.calculator_facts: the numbers the calculator pages state, read from the core."""

from __future__ import annotations

import pytest

from calculators import api, roi
from calculators.questionnaire import QUESTIONNAIRE
from macros import calculator_facts as facts


def test_roi_defaults_are_the_documented_conventions():
    schema = api.schema("roi")
    # The issue fixes these conventions: a 10% discount rate and a three-year horizon by default.
    assert facts.default_text(schema, "discount_rate") == "10%"
    assert facts.default_text(schema, "horizon_years") == "3"
    assert facts.default_text(schema, "metrics.risk_adjustment") == "10%"
    assert facts.range_text(schema, "horizon_years") == "1 to 10 years"
    assert facts.range_text(schema, "discount_rate") == "0% to 50%"
    with pytest.raises(ValueError):
        facts.default_text(schema, "metrics.attribution")  # nothing is assumed silently
    with pytest.raises(KeyError):
        facts.find_field(schema, "no_such_field")


def test_metric_types_table_says_activity_does_not_count():
    table = facts.metric_types_markdown(api.schema("roi"))
    lines = table.splitlines()
    assert lines[0].startswith("| Type |") and len(lines) == 2 + len(roi.METRIC_TYPES)
    activity = next(line for line in lines if line.startswith("| Activity"))
    assert "no: activity is not impact" in activity
    assert all("| yes |" in line for line in lines[2:] if line is not activity)


def test_scenarios_list_every_scenario_with_its_description():
    text = facts.scenarios_markdown(s.to_json() for s in roi.SCENARIOS)
    assert text.count("\n") == len(roi.SCENARIOS) - 1
    for scenario in roi.SCENARIOS:
        assert f"**{scenario.label}**: {scenario.description}" in text


def test_stage_table_gives_each_band():
    stages = api.schema("readiness")["stages"]
    table = facts.stages_markdown(stages).splitlines()
    assert len(table) == 2 + len(stages)
    assert f"below {stages[1]['min_score']:g}" in table[2]
    assert f"{stages[-1]['min_score']:g} or more" in table[-1]
    for row, stage in zip(table[2:], stages):
        assert stage["label"] in row and stage["summary"] in row


def test_dimensions_table_links_each_playbook_page_relative_to_the_calling_page():
    table = facts.dimensions_markdown(QUESTIONNAIRE.dimensions, "calculators/readiness.md").splitlines()
    assert len(table) == 2 + len(QUESTIONNAIRE.dimensions)
    ownership = next(line for line in table if line.startswith("| Accountable business owner"))
    assert "(../playbook/build-governance-in.md#ownership)" in ownership
    assert "| yes |" in ownership
    assert facts.critical_labels(QUESTIONNAIRE.dimensions) == "Governance built in, Baseline recorded and Accountable business owner"


def test_links_and_cells():
    assert facts.link_from("calculators/readiness.md", "playbook/index.md") == "../playbook/index.md"
    assert facts.link_from("index.md", "playbook/harden-the-data.md") == "playbook/harden-the-data.md"
    assert facts.playbook_page("build-governance-in", "ownership") == "playbook/build-governance-in.md#ownership"
    assert facts.cell("a | b\nc") == "a \\| b c"
    assert facts.scale_markdown([{"value": 4, "label": "Routine: the normal way."}]) == "- **4 · Routine**: the normal way."


def test_stage_label_by_position_or_id_comes_from_the_schema():
    stages = api.schema("readiness")["stages"]
    assert facts.stage_label(stages, 0) == stages[0]["label"]
    assert facts.stage_label(stages, -1) == stages[-1]["label"]
    assert facts.stage_label(stages, stages[1]["id"]) == stages[1]["label"]
    with pytest.raises(KeyError, match="no_such_stage"):
        facts.stage_label(stages, "no_such_stage")


def test_max_answer_is_the_top_of_the_scale():
    scale = api.schema("readiness")["scale"]
    assert facts.max_answer_text(scale) == str(max(level["value"] for level in scale))
    assert facts.max_answer_text([{"value": 2}, {"value": 7}, {"value": 5}]) == "7"


def test_dimension_label_by_id_and_unknown_id_names_it():
    for dimension in QUESTIONNAIRE.dimensions:
        assert facts.dimension_label(QUESTIONNAIRE.dimensions, dimension.id) == dimension.label
    with pytest.raises(KeyError, match="nope"):
        facts.dimension_label(QUESTIONNAIRE.dimensions, "nope")


def test_counts_as_words_follow_the_core():
    from calculators import readiness

    assert facts.count_word(readiness.BLOCKER_COUNT) == "three"
    assert facts.critical_count(QUESTIONNAIRE.dimensions) == facts.count_word(
        len([d for d in QUESTIONNAIRE.dimensions if d.critical])
    )
    assert [facts.count_word(n) for n in (0, 1, 11)] == ["zero", "one", "11"]


def test_evidence_levels_are_the_welch_defaults_as_percentages():
    from calculators import welch

    assert facts.share_text(1 - welch.ALPHA) == "95%"
    assert facts.share_text(welch.ALPHA) == "5%"
    assert facts.share_text(welch.POWER) == "80%"
