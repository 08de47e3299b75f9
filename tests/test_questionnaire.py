"""Tests for calculators/questionnaire.py: the readiness questionnaire's data keeps its promises."""

from __future__ import annotations

import re

from calculators.questionnaire import QUESTIONNAIRE

# Team brief, shared contracts: the playbook's URL paths.
PLAYBOOK = {
    "production_design": ("design-for-production", ""),
    "data": ("harden-the-data", ""),
    "workflow": ("redesign-the-workflow", ""),
    "governance": ("build-governance-in", ""),
    "baseline": ("measure-against-a-baseline", ""),
    "ownership": ("build-governance-in", "ownership"),
    "focus": ("scale-narrow-before-wide", ""),
}


def test_seven_dimensions_with_the_api_ids_in_order():
    assert [d.id for d in QUESTIONNAIRE.dimensions] == list(PLAYBOOK)


def test_each_dimension_names_its_playbook_step_by_id_not_by_url():
    assert {d.id: (d.playbook_step, d.playbook_section) for d in QUESTIONNAIRE.dimensions} == PLAYBOOK


def test_the_critical_dimensions_are_governance_baseline_and_ownership():
    assert {d.id for d in QUESTIONNAIRE.dimensions if d.critical} == {"governance", "baseline", "ownership"}


def test_questions_are_complete_and_uniquely_named():
    refs = QUESTIONNAIRE.questions()
    ids = [ref.question.id for ref in refs]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", qid) for qid in ids)
    for dimension in QUESTIONNAIRE.dimensions:
        assert len(dimension.questions) >= 3, dimension.id
        assert isinstance(dimension.weight, int) and dimension.weight > 0
    for ref in refs:
        q = ref.question
        assert isinstance(q.weight, int) and q.weight > 0, q.id
        assert q.text.strip() and q.help.strip() and q.next_action.strip(), q.id
    assert len({ref.question.next_action for ref in refs}) == len(refs)


def test_one_scale_from_0_to_4_with_distinct_descriptions():
    assert [level.value for level in QUESTIONNAIRE.scale] == [0, 1, 2, 3, 4]
    assert len({level.label for level in QUESTIONNAIRE.scale}) == 5
    assert (QUESTIONNAIRE.min_answer, QUESTIONNAIRE.max_answer) == (0, 4)


def test_stages_ascend_from_zero_and_run_from_stuck_to_scaling_wide():
    stages = QUESTIONNAIRE.stages
    assert len(stages) >= 4
    assert stages[0].min_score == 0
    assert [s.min_score for s in stages] == sorted({s.min_score for s in stages})
    assert stages[0].id == "stuck_in_pilot" and stages[-1].id == "ready_to_scale_wide"
    assert all(s.summary.strip() for s in stages)
    assert QUESTIONNAIRE.critical_minimum == 50


def test_question_lookup():
    ref = QUESTIONNAIRE.question("own_named_owner")
    assert ref is not None and ref.dimension == "ownership"
    assert QUESTIONNAIRE.question("missing") is None
