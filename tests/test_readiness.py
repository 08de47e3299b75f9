"""Tests for calculators/readiness.py: the AI readiness score, its stages, gates and blockers.

Golden values are worked by hand from the weights in calculators/questionnaire.py
(shown in the comments), independently of the code under test.

Question weights per dimension, in questionnaire order:
  production_design 3,2,2   data 3,2,2   workflow 2,3,2   governance 3,3,2
  baseline 2,3,2            ownership 3,2,2                  focus 3,2,2
Dimension weights: production_design 2, data 2, workflow 2, governance 3, baseline 3,
ownership 3, focus 2 (sum 17). Stages: stuck_in_pilot 0, building_the_road 40,
ready_to_scale_narrow 65, ready_to_scale_wide 85.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import readiness
from calculators.questionnaire import QUESTIONNAIRE
from calculators.validation import Invalid
from tests.strategies import (
    QUESTION_IDS,
    full_readiness_answers,
    readiness_answers,
    readiness_payloads,
)

STAGE_IDS = [stage.id for stage in QUESTIONNAIRE.stages]
DIMENSION_IDS = [dimension.id for dimension in QUESTIONNAIRE.dimensions]


def every(value: int) -> dict[str, int]:
    return {qid: value for qid in QUESTION_IDS}


def dims(result: dict) -> dict[str, float | None]:
    return {d["id"]: d["score"] for d in result["dimensions"]}


def stage_index(result: dict) -> int:
    return STAGE_IDS.index(result["stage"]["id"])


# --- Golden cases -------------------------------------------------------------------------------


def test_mid_way_organisation_is_held_back_by_its_baseline():
    answers = {
        "pd_production_brief": 3, "pd_live_systems": 3, "pd_reviews_planned": 2,
        "data_real_data": 3, "data_edge_cases": 2, "data_volume": 3,
        "wf_process_mapped": 3, "wf_redesigned": 2, "wf_bottleneck": 2,
        "gov_decision_boundaries": 3, "gov_audit_trail": 2, "gov_change_control": 3,
        "base_outcome_defined": 2, "base_recorded": 1, "base_attribution": 1,
        "own_named_owner": 4, "own_budget": 3, "own_time": 3,
        "focus_one_use_case": 4, "focus_pilot_limit": 3, "focus_measure_first": 3,
    }  # fmt: skip
    result = readiness.run({"answers": answers})
    # production_design: 100*(3*3+2*3+2*2)/(4*7) = 1900/28 = 67.857 -> 67.9
    # data:              100*(3*3+2*2+2*3)/28    = 1900/28 = 67.857 -> 67.9
    # workflow:          100*(2*3+3*2+2*2)/28    = 1600/28 = 57.142 -> 57.1
    # governance:        100*(3*3+3*2+2*3)/(4*8) = 2100/32 = 65.625 -> 65.6
    # baseline:          100*(2*2+3*1+2*1)/28    =  900/28 = 32.142 -> 32.1
    # ownership:         100*(3*4+2*3+2*3)/28    = 2400/28 = 85.714 -> 85.7
    # focus:             same answers pattern    = 2400/28          -> 85.7
    assert dims(result) == {
        "production_design": 67.9, "data": 67.9, "workflow": 57.1, "governance": 65.6,
        "baseline": 32.1, "ownership": 85.7, "focus": 85.7,
    }  # fmt: skip
    # overall = (2*1900/28 + 2*1900/28 + 2*1600/28 + 3*65.625 + 3*900/28 + 3*2400/28 + 2*2400/28) / 17
    #         = (25500/28 + 196.875) / 17 = (910.714 + 196.875) / 17 = 1107.589 / 17 = 65.152 -> 65.2
    assert result["score"] == 65.2
    assert result["complete"] is True
    # 65.2 reaches ready_to_scale_narrow (65), but baseline 32.1 < 50 caps it at the second-lowest.
    assert result["stage"]["id"] == "building_the_road"
    assert [(g["rule"], g["dimension"], g["score"], g["capped_at"]) for g in result["gates_applied"]] == [
        ("critical_dimension", "baseline", 32.1, "building_the_road")
    ]
    # weighted gaps W*(100-S): baseline 3*67.857 = 203.57, governance 3*34.375 = 103.125,
    # workflow 2*42.857 = 85.71, then production_design and data 64.29, ownership 42.86, focus 28.57.
    # weakest question w*(4-a): baseline 4, 9, 6 -> base_recorded; governance 3, 6, 2 ->
    # gov_audit_trail; workflow 2, 6, 4 -> wf_redesigned.
    assert [(b["dimension"], b["weighted_gap"], b["question"], b["playbook_step"]) for b in result["blockers"]] == [
        ("baseline", 203.6, "base_recorded", "measure-against-a-baseline"),
        ("governance", 103.1, "gov_audit_trail", "build-governance-in"),
        ("workflow", 85.7, "wf_redesigned", "redesign-the-workflow"),
    ]
    assert result["unanswered"] == []


def test_critical_gate_does_not_apply_at_exactly_fifty():
    # critical dimensions all answered 2 -> 100*2/4 = 50.0 (not below 50); the rest at 4 -> 100.
    # overall = (2*100*4 + 3*50*3) / 17 = 1250/17 = 73.53 -> 73.5 -> ready_to_scale_narrow.
    critical = {"governance", "baseline", "ownership"}
    answers = {ref.question.id: 2 if ref.dimension in critical else 4 for ref in QUESTIONNAIRE.questions()}
    result = readiness.run({"answers": answers})
    assert result["score"] == 73.5
    assert result["stage"]["id"] == "ready_to_scale_narrow"
    assert result["gates_applied"] == []


def test_critical_gate_applies_just_below_fifty():
    # As above, but base_recorded 1: baseline = 100*(2*2+3*1+2*2)/28 = 1100/28 = 39.29 -> 39.3.
    # overall = (800 + 3*50*2 + 3*1100/28) / 17 = (1100 + 117.857) / 17 = 71.64 -> 71.6,
    # which reaches ready_to_scale_narrow; the gate caps it at building_the_road.
    critical = {"governance", "baseline", "ownership"}
    answers = {ref.question.id: 2 if ref.dimension in critical else 4 for ref in QUESTIONNAIRE.questions()}
    answers["base_recorded"] = 1
    result = readiness.run({"answers": answers})
    assert dims(result)["baseline"] == 39.3
    assert result["score"] == 71.6
    assert result["stage"]["id"] == "building_the_road"
    assert [g["dimension"] for g in result["gates_applied"]] == ["baseline"]
    assert "capped" in result["gates_applied"][0]["message"]


def test_low_score_lists_no_gate_because_none_lowered_the_stage():
    # all 1 -> every dimension 25.0 -> overall 25.0 -> stuck_in_pilot, already below the cap.
    result = readiness.run({"answers": every(1)})
    assert result["score"] == 25.0
    assert result["stage"]["id"] == "stuck_in_pilot"
    assert result["gates_applied"] == []
    # every gap is W*75; the three largest are the weight-3 dimensions, in questionnaire order.
    assert [b["dimension"] for b in result["blockers"]] == ["governance", "baseline", "ownership"]
    assert [b["weighted_gap"] for b in result["blockers"]] == [225.0, 225.0, 225.0]


def test_top_stage_needs_every_dimension_strong():
    # all 4 except wf_redesigned = 1: workflow = 100*(2*4+3*1+2*4)/28 = 1900/28 = 67.86 -> 67.9 < 75.
    # overall = (2*100*3 + 2*1900/28 + 3*100*3) / 17 = (1500 + 135.714) / 17 = 96.22 -> 96.2.
    answers = every(4) | {"wf_redesigned": 1}
    result = readiness.run({"answers": answers})
    assert result["score"] == 96.2
    assert result["stage"]["id"] == "ready_to_scale_narrow"
    assert [(g["rule"], g["dimension"], g["capped_at"]) for g in result["gates_applied"]] == [
        ("every_dimension_strong", "workflow", "ready_to_scale_narrow")
    ]
    # workflow's gap 2*32.14 = 64.3 is the only one: the others are at 100.
    assert [(b["dimension"], b["weighted_gap"], b["question"]) for b in result["blockers"]] == [
        ("workflow", 64.3, "wf_redesigned")
    ]


def test_an_unanswered_dimension_is_reported_not_scored_and_cannot_clear_the_gates():
    answers = {ref.question.id: 4 for ref in QUESTIONNAIRE.questions() if ref.dimension != "ownership"}
    result = readiness.run({"answers": answers})
    ownership = next(d for d in result["dimensions"] if d["id"] == "ownership")
    assert ownership == {"id": "ownership", "label": "Accountable business owner", "score": None,
                         "answered": 0, "questions": 3}  # fmt: skip
    # 18 of 21 answered: complete. The other dimensions average 100, not dragged down by a zero.
    assert result["complete"] is True
    assert result["score"] == 100.0
    # Unanswered critical ownership caps at building_the_road, and would also block the top stage.
    assert result["stage"]["id"] == "building_the_road"
    assert [(g["rule"], g["dimension"], g["score"]) for g in result["gates_applied"]] == [
        ("critical_dimension", "ownership", None),
        ("every_dimension_strong", "ownership", None),
    ]
    assert result["unanswered"] == ["own_named_owner", "own_budget", "own_time"]
    assert result["blockers"] == []


def test_the_gate_message_of_an_unanswered_critical_dimension_reads_correctly():
    answers = {ref.question.id: 4 for ref in QUESTIONNAIRE.questions() if ref.dimension != "ownership"}
    gate = readiness.run({"answers": answers})["gates_applied"][0]
    assert gate["message"] == (
        "Accountable business owner has no answers yet. It is critical, and a critical dimension must be "
        "answered and score 50 or more, so the stage is capped at Building the road to production, "
        "whatever the average."
    )
    assert "yet, below" not in gate["message"]
    # A scored one still names its score and the minimum.
    answers.update({ref.question.id: 1 for ref in QUESTIONNAIRE.questions() if ref.dimension == "ownership"})
    gate = readiness.run({"answers": answers})["gates_applied"][0]
    assert gate["message"].startswith("Accountable business owner scores 25, below 50: it is critical")


def test_fewer_than_half_answered_is_incomplete_without_stage():
    # 21 questions: 10 answered is fewer than half, 11 is not.
    ten = {qid: 3 for qid in QUESTION_IDS[:10]}
    result = readiness.run({"answers": ten})
    assert result["complete"] is False
    assert result["stage"] is None
    assert result["gates_applied"] == []
    assert len(result["unanswered"]) == 11
    assert result["score"] == 75.0  # what was answered, all at 3 -> 75.0
    eleven = readiness.run({"answers": {qid: 3 for qid in QUESTION_IDS[:11]}})
    assert eleven["complete"] is True
    assert eleven["stage"] is not None


def test_exactly_half_answered_is_complete():
    # A questionnaire of four questions (3 + 1): 2 answered is half, not fewer than half.
    first, second = QUESTIONNAIRE.dimensions[:2]
    tiny = replace(QUESTIONNAIRE, dimensions=(first, replace(second, questions=second.questions[:1])))
    ids = [ref.question.id for ref in tiny.questions()]
    assert len(ids) == 4
    assert readiness.assess(readiness.Answers(((ids[0], 1), (ids[1], 1))), tiny).complete is True
    assert readiness.assess(readiness.Answers(((ids[0], 1),)), tiny).complete is False


def test_scores_round_half_up():
    # governance answered 0, 0, 1: 100*(2*1)/(4*8) = 6.25 -> 6.3 (rounding half to even would give 6.2).
    result = readiness.run({"answers": every(4) | {"gov_decision_boundaries": 0, "gov_audit_trail": 0,
                                                   "gov_change_control": 1}})  # fmt: skip
    assert dims(result)["governance"] == 6.3


def test_no_answers_at_all():
    result = readiness.run({"answers": {}})
    assert result["complete"] is False
    assert result["score"] is None
    assert result["stage"] is None
    assert all(d["score"] is None for d in result["dimensions"])
    assert result["unanswered"] == list(QUESTION_IDS)
    assert result["blockers"] == []


def test_null_answers_count_as_unanswered():
    result = readiness.run({"answers": every(4) | {"base_recorded": None}})
    assert result["unanswered"] == ["base_recorded"]
    assert dims(result)["baseline"] == 100.0


# --- Validation ---------------------------------------------------------------------------------


def errors_of(payload) -> list[dict]:
    with pytest.raises(Invalid) as caught:
        readiness.run(payload)
    return [error.to_json() for error in caught.value.errors]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [(5, "from 0 to 4; got 5"), (-1, "from 0 to 4; got -1"), (2.5, "whole number; got 2.5"),
     (True, "got true"), ("3", "got text"), ([3], "got a list"), (float("nan"), "whole number; got nan"),
     (float("inf"), "whole number; got inf"), (10**30, "from 0 to 4")],
)  # fmt: skip
def test_bad_answers_name_the_question(value, fragment):
    errors = errors_of({"answers": {"focus_pilot_limit": value}})
    assert len(errors) == 1
    assert errors[0]["field"] == "answers.focus_pilot_limit"
    assert "focus_pilot_limit" in errors[0]["message"]
    assert fragment in errors[0]["message"]


def test_whole_floats_are_whole_numbers():
    assert readiness.run({"answers": every(2) | {"base_recorded": 3.0}})["score"] == readiness.run(
        {"answers": every(2) | {"base_recorded": 3}}
    )["score"]


def test_unknown_question_ids_are_named_and_every_error_reported():
    errors = errors_of({"answers": {"nope": 1, "base_recorded": 9, "x" * 100: 2}})
    assert {"field": "answers.nope", "message": "Unknown question id nope."} in errors
    assert any(e["field"] == "answers.base_recorded" for e in errors)
    assert any(e["field"].startswith("answers.xxx") and len(e["field"]) < 80 for e in errors)
    assert len(errors) == 3
    assert errors_of({"answers": {"": 1}}) == [{"field": "answers", "message": "Unknown question id: an empty key."}]


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "answers"), ({"answers": None}, "answers"), ({"answers": [1, 2]}, "answers"),
     ({"answers": "all"}, "answers"), ({"answers": {}, "extra": 1}, "extra")],
)  # fmt: skip
def test_malformed_payloads(payload, field):
    assert field in [e["field"] for e in errors_of(payload)]


def test_huge_answer_objects_are_refused_unread():
    errors = errors_of({"answers": {f"q{i}": 1 for i in range(readiness.MAX_ANSWER_ENTRIES + 1)}})
    assert errors == [{"field": "answers", "message": f"Must have at most {readiness.MAX_ANSWER_ENTRIES} entries; got 201."}]


# --- Schema -------------------------------------------------------------------------------------


def test_schema_has_exactly_the_documented_shape():
    schema = readiness.schema()
    assert set(schema) == {"calculator", "title", "summary", "scale", "dimensions", "stages", "gates", "constants",
                           "outputs", "defaults"}
    assert schema["gates"] == {"critical_minimum": 50, "strong_minimum": readiness.QUESTIONNAIRE.strong_minimum}
    assert schema["constants"] == {
        "critical_minimum": {"value": 50, "unit": "score"},
        "strong_minimum": {"value": readiness.QUESTIONNAIRE.strong_minimum, "unit": "score"},
        "blocker_count": {"value": readiness.BLOCKER_COUNT, "unit": "count"},
    }
    assert [(o["id"], o["kind"], o["headline"]) for o in schema["outputs"]] == [
        ("score", "score", True), ("stage.label", "plain", True),
    ]
    assert [level["value"] for level in schema["scale"]] == [0, 1, 2, 3, 4]
    assert all(set(level) == {"value", "label"} for level in schema["scale"])
    assert [d["id"] for d in schema["dimensions"]] == [
        "production_design", "data", "workflow", "governance", "baseline", "ownership", "focus",
    ]  # fmt: skip
    for dimension in schema["dimensions"]:
        assert set(dimension) == {"id", "label", "weight", "critical", "playbook_step", "playbook_section", "questions"}
        assert len(dimension["questions"]) >= 3
        assert all(set(q) == {"id", "text", "weight", "help"} for q in dimension["questions"])
    assert {d["id"] for d in schema["dimensions"] if d["critical"]} == {"governance", "baseline", "ownership"}
    assert all(set(s) == {"id", "label", "min_score", "summary"} for s in schema["stages"])
    assert len(schema["stages"]) >= 4
    json.dumps(schema, allow_nan=False)


def test_schema_defaults_are_a_complete_meaningful_example():
    defaults = readiness.schema()["defaults"]
    result = readiness.run(defaults)
    assert set(defaults["answers"]) == set(QUESTION_IDS)
    assert result["complete"] is True
    assert result["stage"]["id"] not in (STAGE_IDS[0], STAGE_IDS[-1])
    assert len(result["blockers"]) == 3


# --- Properties ---------------------------------------------------------------------------------


def test_all_fours_give_100_and_the_top_stage():
    result = readiness.run({"answers": every(4)})
    assert result["score"] == 100.0
    assert result["stage"]["id"] == STAGE_IDS[-1]
    assert result["gates_applied"] == [] and result["blockers"] == []


def test_all_zeros_give_0_and_the_bottom_stage():
    result = readiness.run({"answers": every(0)})
    assert result["score"] == 0.0
    assert set(dims(result).values()) == {0.0}
    assert result["stage"]["id"] == STAGE_IDS[0]


@given(readiness_answers())
def test_all_fours_on_any_answered_subset_give_100(subset):
    result = readiness.run({"answers": {qid: 4 for qid in subset}})
    assert result["score"] == (100.0 if subset else None)
    if result["complete"]:
        # Top stage exactly when every dimension has at least one answer.
        top = all(score is not None for score in dims(result).values())
        assert (result["stage"]["id"] == STAGE_IDS[-1]) == top


@given(readiness_answers())
def test_all_zeros_on_any_answered_subset_give_0(subset):
    result = readiness.run({"answers": {qid: 0 for qid in subset}})
    assert result["score"] == (0.0 if subset else None)
    if result["complete"]:
        assert result["stage"]["id"] == STAGE_IDS[0]


@given(readiness_payloads)
def test_run_never_raises_anything_but_invalid(payload):
    try:
        result = readiness.run(payload)
    except Invalid as invalid:
        assert invalid.errors
        extra_keys = set(payload) - {"answers"}
        for error in invalid.errors:
            assert error.field == "answers" or error.field.startswith("answers.") or (
                extra_keys and error.message == "Unknown field."
            )
    else:
        json.dumps(result, allow_nan=False)


@given(readiness_answers())
def test_results_stay_within_their_ranges(answers):
    result = readiness.run({"answers": answers})
    scores = [s for s in dims(result).values() if s is not None]
    assert all(0 <= s <= 100 for s in scores)
    if result["score"] is not None:
        assert min(scores) - 0.05 <= result["score"] <= max(scores) + 0.05
    assert result["complete"] == (2 * len(answers) >= len(QUESTION_IDS))
    assert len(result["blockers"]) <= 3
    gaps = [b["weighted_gap"] for b in result["blockers"]]
    assert gaps == sorted(gaps, reverse=True)
    assert sorted(result["unanswered"]) == sorted(set(QUESTION_IDS) - set(answers))


@given(full_readiness_answers)
def test_gates_hold(answers):
    result = readiness.run({"answers": answers})
    scores = dims(result)
    if any(scores[d] < 50 for d in ("governance", "baseline", "ownership")):
        assert stage_index(result) <= 1
    if result["stage"]["id"] == STAGE_IDS[-1]:
        assert all(score >= 75 for score in scores.values())
    # A gate is listed only when it lowered the stage.
    for gate in result["gates_applied"]:
        assert STAGE_IDS.index(gate["capped_at"]) < STAGE_IDS.index(
            max((s for s in QUESTIONNAIRE.stages if result["score"] >= s.min_score), key=lambda s: s.min_score).id
        )


@given(full_readiness_answers, st.sampled_from(QUESTION_IDS))
def test_raising_one_answer_never_lowers_the_score_or_stage(answers, qid):
    if answers[qid] == 4:
        return
    before = readiness.run({"answers": answers})
    after = readiness.run({"answers": answers | {qid: answers[qid] + 1}})
    assert after["score"] >= before["score"]
    assert stage_index(after) >= stage_index(before)


@given(readiness_answers(), st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(answers, random):
    shuffled = list(answers.items())
    random.shuffle(shuffled)
    assert readiness.run({"answers": dict(shuffled)}) == readiness.run({"answers": answers})
