"""AI readiness score: how ready an organisation is to take AI from pilot to production.

The visitor rates each statement of :data:`calculators.questionnaire.QUESTIONNAIRE`
from 0 (nothing in place) to 4 (the normal way of working). The answers become
a score per dimension, an overall score from 0 to 100, a stage (stuck in pilot
to ready to scale wide), and the three blockers worth fixing first.

(About 540 lines, over the project's guide of 500, most of it this method's documentation and
doctests: the equations, the gates and the blockers read best beside the code that applies them.)

Equations (w = question weight, a = answer, W = dimension weight, S = score)::

    S_d     = 100 * sum(w_q * a_q) / (4 * sum(w_q))    over the answered questions of d
    overall = sum(W_d * S_d) / sum(W_d)                over the dimensions with an answer
    gap_d   = W_d * (100 - S_d)                        the weighted gap used to rank blockers

Conventions:

* Arithmetic is exact (``fractions.Fraction``); reported scores are rounded
  half up to one decimal, and the stage thresholds and gates compare those
  reported values, so what the visitor sees is what decides.
* Stage = the highest stage whose ``min_score`` the overall score reaches, then:

  - critical gate: if a critical dimension (governance, baseline, ownership)
    scores below 50, or has no answer yet, the stage is capped at the
    second-lowest stage, whatever the average;
  - strength gate: the top stage needs every dimension scored at 75 or more,
    otherwise the stage is capped one below the top.

  ``gates_applied`` lists a gate only when it lowered the stage.
* Blockers: the three dimensions with the largest weighted gap (ties in
  questionnaire order); each carries the next action of its question with
  the largest ``w_q * (4 - a_q)`` and the URL path of its playbook page.

Degenerate cases:

* A dimension with no answers has ``score`` null: it is reported, not scored
  as zero, and left out of the overall average and of the blockers.
* Fewer than half the questions answered: ``complete`` is false and there is
  no stage (and so no gates); the scores cover what was answered.
* No answers at all: ``score`` is null too.
* A dimension at 100 has no gap and is never a blocker.

Reference: the maturity-model style of scoring (weighted Likert scales,
CMMI-like levels) applied to the barriers in the article "From Pilot to
Production: How to Scale AI and Prove Its Impact" (2026).

>>> result = run({"answers": {ref.question.id: 4 for ref in QUESTIONNAIRE.questions()}})
>>> result["score"], result["stage"]["id"], result["blockers"]
(100.0, 'ready_to_scale_wide', [])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .outputs import Output, outputs_json
from .questionnaire import QUESTIONNAIRE, Dimension, Questionnaire, Stage
from .validation import Reader, describe

#: More entries than this in ``answers`` are refused unread.
MAX_ANSWER_ENTRIES = 200


# --- Inputs and results -------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """The visitor's answers: ``(question id, 0..4)`` pairs; unanswered questions are absent."""

    values: tuple[tuple[str, int], ...]

    def get(self, question_id: str) -> int | None:
        for known_id, answer in self.values:
            if known_id == question_id:
                return answer
        return None


@dataclass(frozen=True)
class DimensionResult:
    """One dimension's score (None when none of its questions is answered)."""

    id: str
    label: str
    score: float | None
    answered: int
    questions: int


@dataclass(frozen=True)
class Blocker:
    """A weak dimension, what to do next about it, and where the playbook explains it."""

    dimension: str
    label: str
    score: float
    weighted_gap: float
    question: str
    next_action: str
    playbook_step: str
    playbook_section: str


@dataclass(frozen=True)
class Gate:
    """A rule that lowered the stage below what the overall score alone would give."""

    rule: str
    dimension: str
    score: float | None
    capped_at: str
    message: str


@dataclass(frozen=True)
class Assessment:
    """The whole readiness result; :meth:`to_json` is its API form."""

    complete: bool
    score: float | None
    stage: Stage | None
    dimensions: tuple[DimensionResult, ...]
    blockers: tuple[Blocker, ...]
    gates_applied: tuple[Gate, ...]
    unanswered: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "complete": self.complete,
            "score": self.score,
            "stage": None
            if self.stage is None
            else {"id": self.stage.id, "label": self.stage.label, "summary": self.stage.summary},
            "dimensions": [
                {"id": d.id, "label": d.label, "score": d.score, "answered": d.answered, "questions": d.questions}
                for d in self.dimensions
            ],
            "blockers": [
                {
                    "dimension": b.dimension,
                    "label": b.label,
                    "score": b.score,
                    "weighted_gap": b.weighted_gap,
                    "question": b.question,
                    "next_action": b.next_action,
                    "playbook_step": b.playbook_step,
                    "playbook_section": b.playbook_section,
                }
                for b in self.blockers
            ],
            "gates_applied": [
                {
                    "rule": g.rule,
                    "dimension": g.dimension,
                    "score": g.score,
                    "capped_at": g.capped_at,
                    "message": g.message,
                }
                for g in self.gates_applied
            ],
            "unanswered": list(self.unanswered),
            "answered": sum(d.answered for d in self.dimensions),
            "questions": sum(d.questions for d in self.dimensions),
        }


# --- Formulas -----------------------------------------------------------------------------------


def round_half_up(value: Fraction) -> float:
    """``value`` rounded half up to one decimal, as a float.

    Python's ``round`` rounds halves to even on binary floats; exact fractions
    and half-up make ``62.25`` become ``62.3``, as on paper.

    >>> round_half_up(Fraction(249, 4)), round_half_up(Fraction(400, 7))
    (62.3, 57.1)
    """
    return math.floor(value * 10 + Fraction(1, 2)) / 10


def dimension_score(dimension: Dimension, answers: Answers, max_answer: int = 4) -> Fraction | None:
    """Score of one dimension, 0-100, over its answered questions.

    Equation::

        S_d = 100 * sum(w_q * a_q) / (max_answer * sum(w_q))

    where both sums run over the answered questions only, ``w_q`` is the
    question weight and ``a_q`` the answer (0..``max_answer``).

    Degenerate case: no answered question gives ``None`` (not zero).

    Example: weights 3, 2, 2 answered 2, 1, 4 give
    100 * (6 + 2 + 8) / (4 * 7) = 400/7 = 57.14...

    >>> from calculators.questionnaire import Question
    >>> q = [Question(f"q{i}", "", w, "", "") for i, w in enumerate((3, 2, 2))]
    >>> d = Dimension("d", "D", 1, False, "/", tuple(q))
    >>> dimension_score(d, Answers((("q0", 2), ("q1", 1), ("q2", 4))))
    Fraction(400, 7)
    >>> dimension_score(d, Answers(())) is None
    True
    """
    answered = [(q.weight, answers.get(q.id)) for q in dimension.questions if answers.get(q.id) is not None]
    total_weight = sum(weight for weight, _ in answered)
    if total_weight == 0:
        return None
    return Fraction(100 * sum(weight * answer for weight, answer in answered), max_answer * total_weight)


def overall_score(weighted_scores: list[tuple[int, Fraction | None]]) -> Fraction | None:
    """Weight-averaged dimension scores, skipping dimensions with no score.

    Equation::

        overall = sum(W_d * S_d) / sum(W_d)    over dimensions with S_d not None

    Degenerate case: no scored dimension gives ``None``.

    >>> overall_score([(2, Fraction(50)), (3, Fraction(100)), (3, None)])
    Fraction(80, 1)
    >>> overall_score([(2, None)]) is None
    True
    """
    scored = [(weight, score) for weight, score in weighted_scores if score is not None]
    total_weight = sum(weight for weight, _ in scored)
    if total_weight == 0:
        return None
    return sum((weight * score for weight, score in scored), Fraction(0)) / total_weight


def stage_for_score(score: float, stages: tuple[Stage, ...]) -> int:
    """Index of the highest stage whose ``min_score`` the score reaches (stages ascend).

    >>> stage_for_score(64.9, QUESTIONNAIRE.stages), stage_for_score(65.0, QUESTIONNAIRE.stages)
    (1, 2)
    """
    reached = [index for index, stage in enumerate(stages) if score >= stage.min_score]
    return max(reached, default=0)


def apply_gates(
    score_stage: int, dimensions: tuple[DimensionResult, ...], questionnaire: Questionnaire
) -> tuple[int, tuple[Gate, ...]]:
    """The stage after the gates, and the gates that lowered it.

    * Critical gate: a critical dimension below ``critical_minimum`` (50), or
      not answered, caps the stage at the second-lowest (index 1).
    * Strength gate: the top stage needs every dimension scored and at or
      above ``strong_minimum`` (75); otherwise the cap is one below the top.

    A gate is listed only when its cap is below ``score_stage``.

    >>> from calculators.questionnaire import QUESTIONNAIRE as Q
    >>> dims = tuple(DimensionResult(d.id, d.label, 80.0, 3, 3) for d in Q.dimensions)
    >>> weak = tuple(DimensionResult(d.id, d.label, 25.0 if d.id == "baseline" else 80.0, 3, 3)
    ...              for d in Q.dimensions)
    >>> apply_gates(3, dims, Q)
    (3, ())
    >>> stage, gates = apply_gates(2, weak, Q)
    >>> stage, [(g.rule, g.dimension, g.capped_at) for g in gates]
    (1, [('critical_dimension', 'baseline', 'building_the_road')])
    """
    stages = questionnaire.stages
    critical_ids = {d.id for d in questionnaire.dimensions if d.critical}
    critical_cap = min(1, len(stages) - 1)
    strength_cap = len(stages) - 2
    gates: list[Gate] = []
    final = score_stage
    for dim in dimensions:
        if dim.id in critical_ids and critical_cap < score_stage and (
            dim.score is None or dim.score < questionnaire.critical_minimum
        ):
            minimum = f"{questionnaire.critical_minimum:g}"
            why = (
                f"has no answers yet. It is critical, and a critical dimension must be answered and score {minimum} or more"
                if dim.score is None
                else f"scores {dim.score:g}, below {minimum}: it is critical"
            )
            gates.append(
                Gate(
                    "critical_dimension",
                    dim.id,
                    dim.score,
                    stages[critical_cap].id,
                    f"{dim.label} {why}, so the stage is capped at {stages[critical_cap].label}, whatever the average.",
                )
            )
            final = min(final, critical_cap)
    for dim in dimensions:
        if strength_cap < score_stage and (dim.score is None or dim.score < questionnaire.strong_minimum):
            why = "has no answers yet" if dim.score is None else f"scores {dim.score:g}"
            gates.append(
                Gate(
                    "every_dimension_strong",
                    dim.id,
                    dim.score,
                    stages[strength_cap].id,
                    f"{dim.label} {why}; {stages[-1].label} needs every dimension at "
                    f"{questionnaire.strong_minimum:g} or more.",
                )
            )
            final = min(final, strength_cap)
    return final, tuple(gates)


#: How many blockers a result lists (the dimensions with the largest weighted gap).
BLOCKER_COUNT = 3


def find_blockers(
    scores: list[tuple[Dimension, Fraction | None]], answers: Answers, max_answer: int = 4, count: int = BLOCKER_COUNT
) -> tuple[Blocker, ...]:
    """The ``count`` dimensions with the largest weighted gap ``W_d * (100 - S_d)``.

    Unscored dimensions and dimensions at 100 are skipped; ties keep
    questionnaire order. Within a blocker, the next action is that of the
    answered question with the largest ``w_q * (max_answer - a_q)`` (first one
    on ties).

    >>> from calculators.questionnaire import QUESTIONNAIRE as Q
    >>> answers = Answers(tuple((ref.question.id, 3) for ref in Q.questions()))
    >>> blockers = find_blockers([(d, dimension_score(d, answers)) for d in Q.dimensions], answers)
    >>> [(b.dimension, b.weighted_gap, b.question) for b in blockers]
    [('governance', 75.0, 'gov_decision_boundaries'), ('baseline', 75.0, 'base_recorded'), ('ownership', 75.0, 'own_named_owner')]
    """
    gaps = [
        (dimension.weight * (100 - score), index, dimension, score)
        for index, (dimension, score) in enumerate(scores)
        if score is not None and score < 100
    ]
    gaps.sort(key=lambda item: (-item[0], item[1]))
    blockers = []
    for gap, _, dimension, score in gaps[:count]:
        answered = [
            (q.weight * (max_answer - answers.get(q.id)), position, q)
            for position, q in enumerate(dimension.questions)
            if answers.get(q.id) is not None
        ]
        _, _, weakest = min(answered, key=lambda item: (-item[0], item[1]))
        blockers.append(
            Blocker(
                dimension=dimension.id,
                label=dimension.label,
                score=round_half_up(score),
                weighted_gap=round_half_up(gap),
                question=weakest.id,
                next_action=weakest.next_action,
                playbook_step=dimension.playbook_step,
                playbook_section=dimension.playbook_section,
            )
        )
    return tuple(blockers)


def assess(answers: Answers, questionnaire: Questionnaire = QUESTIONNAIRE) -> Assessment:
    """Score validated answers: dimension scores, overall score, stage, gates and blockers.

    See the module docstring for the equations, conventions and degenerate cases.

    >>> half = [ref.question.id for ref in QUESTIONNAIRE.questions()][:10]
    >>> partial = assess(Answers(tuple((qid, 2) for qid in half)))
    >>> partial.complete, partial.score, partial.stage, len(partial.unanswered)
    (False, 50.0, None, 11)
    """
    max_answer = questionnaire.max_answer
    exact = [(dimension, dimension_score(dimension, answers, max_answer)) for dimension in questionnaire.dimensions]
    dimensions = tuple(
        DimensionResult(
            id=dimension.id,
            label=dimension.label,
            score=None if score is None else round_half_up(score),
            answered=sum(1 for q in dimension.questions if answers.get(q.id) is not None),
            questions=len(dimension.questions),
        )
        for dimension, score in exact
    )
    overall = overall_score([(dimension.weight, score) for dimension, score in exact])
    score = None if overall is None else round_half_up(overall)
    unanswered = tuple(ref.question.id for ref in questionnaire.questions() if answers.get(ref.question.id) is None)
    total = len(questionnaire.questions())
    complete = 2 * (total - len(unanswered)) >= total and score is not None
    stage: Stage | None = None
    gates: tuple[Gate, ...] = ()
    if complete and score is not None:
        index, gates = apply_gates(stage_for_score(score, questionnaire.stages), dimensions, questionnaire)
        stage = questionnaire.stages[index]
    return Assessment(
        complete=complete,
        score=score,
        stage=stage,
        dimensions=dimensions,
        blockers=find_blockers(exact, answers, max_answer),
        gates_applied=gates,
        unanswered=unanswered,
    )


# --- The JSON boundary --------------------------------------------------------------------------


def read_answers(payload: dict, questionnaire: Questionnaire = QUESTIONNAIRE) -> Answers:
    """Validate ``{"answers": {"<question id>": 0..4}}``; raise ``Invalid`` naming each bad question.

    A ``null`` answer means unanswered. Unknown question ids, answers that are
    not whole numbers, and answers outside the scale are errors whose field is
    ``answers.<question id>``.

    >>> read_answers({"answers": {"base_recorded": 3, "focus_pilot_limit": None}})
    Answers(values=(('base_recorded', 3),))
    >>> try:
    ...     read_answers({"answers": {"base_recorded": 2.5, "nope": 1}})
    ... except Exception as invalid:
    ...     [e.to_json() for e in invalid.errors]
    [{'field': 'answers.base_recorded', 'message': 'Question base_recorded: must be a whole number; got 2.5.'}, {'field': 'answers.nope', 'message': 'Unknown question id nope.'}]
    """
    reader = Reader()
    reader.object(payload, "", allowed=("answers",))
    raw = payload.get("answers") if isinstance(payload, dict) else None
    if raw is None:
        reader.error("answers", "Required: an object of question id to answer (0-4).")
        reader.check()
    if not isinstance(raw, dict):
        reader.error("answers", f"Must be an object of question id to answer; got {describe(raw)}.")
        reader.check()
    if len(raw) > MAX_ANSWER_ENTRIES:
        reader.error("answers", f"Must have at most {MAX_ANSWER_ENTRIES} entries; got {len(raw)}.")
        reader.check()
    low, high = questionnaire.min_answer, questionnaire.max_answer
    valid: dict[str, int] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            reader.error("answers", f"Question ids must be text; got {describe(key)}.")
            continue
        shown = key if len(key) <= 60 else key[:57] + "..."
        if not key:
            reader.error("answers", "Unknown question id: an empty key.")
            continue
        field = f"answers.{shown}"
        if questionnaire.question(key) is None:
            reader.error(field, f"Unknown question id {shown}.")
            continue
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            reader.error(field, f"Question {key}: must be a whole number from {low} to {high}; got {describe(value)}.")
        elif isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            reader.error(field, f"Question {key}: must be a whole number; got {describe(value)}.")
        elif not low <= value <= high:
            reader.error(field, f"Question {key}: must be from {low} to {high}; got {describe(value)}.")
        else:
            valid[key] = int(value)
    reader.check()
    in_order = [ref.question.id for ref in questionnaire.questions() if ref.question.id in valid]
    return Answers(tuple((question_id, valid[question_id]) for question_id in in_order))


def run(payload: dict) -> dict:
    """Validate ``payload`` and return the readiness result as JSON-safe values (raises ``Invalid``)."""
    return assess(read_answers(payload)).to_json()


#: A plausible organisation half-way there: its technology is ahead of its measurement. The pilot
#: was built with production in mind and a business owner exists, but the outcome was never
#: measured before go-live, so the baseline gate holds it back despite a respectable average.
DEFAULT_ANSWERS: dict[str, int] = {
    "pd_production_brief": 3,
    "pd_live_systems": 3,
    "pd_reviews_planned": 2,
    "data_real_data": 3,
    "data_edge_cases": 2,
    "data_volume": 3,
    "wf_process_mapped": 3,
    "wf_redesigned": 2,
    "wf_bottleneck": 2,
    "gov_decision_boundaries": 3,
    "gov_audit_trail": 2,
    "gov_change_control": 3,
    "base_outcome_defined": 2,
    "base_recorded": 1,
    "base_attribution": 1,
    "own_named_owner": 4,
    "own_budget": 3,
    "own_time": 3,
    "focus_one_use_case": 4,
    "focus_pilot_limit": 3,
    "focus_measure_first": 3,
}


#: What the result means to a reader (see :mod:`calculators.outputs`).
OUTPUTS = (
    Output("score", "Readiness score", "score", headline=True, note="out of 100"),
    Output("stage.label", "Stage", "plain", headline=True),
)


def schema() -> dict:
    """The questionnaire for the form: scale, dimensions with questions (and the playbook step each
    belongs to), stages, gates, the constants the method pages quote, outputs and example answers."""
    q = QUESTIONNAIRE
    return {
        "calculator": "readiness",
        "title": "AI readiness score",
        "summary": (
            "Rate one use case on the dimensions that decide whether a pilot reaches production: a score out "
            "of 100, a stage, a chart of the dimensions, and the blockers to fix first, each with a next action."
        ),
        "scale": [{"value": level.value, "label": level.label} for level in q.scale],
        "dimensions": [
            {
                "id": d.id,
                "label": d.label,
                "weight": d.weight,
                "critical": d.critical,
                "playbook_step": d.playbook_step,
                "playbook_section": d.playbook_section,
                "questions": [{"id": x.id, "text": x.text, "weight": x.weight, "help": x.help} for x in d.questions],
            }
            for d in q.dimensions
        ],
        "stages": [{"id": s.id, "label": s.label, "min_score": s.min_score, "summary": s.summary} for s in q.stages],
        "gates": {"critical_minimum": q.critical_minimum, "strong_minimum": q.strong_minimum},
        # The numbers the method pages quote (calculators.web.facts, "constant").
        "constants": {
            "critical_minimum": {"value": q.critical_minimum, "unit": "score"},
            "strong_minimum": {"value": q.strong_minimum, "unit": "score"},
            "blocker_count": {"value": BLOCKER_COUNT, "unit": "count"},
        },
        "outputs": outputs_json(OUTPUTS),
        "defaults": {"answers": dict(DEFAULT_ANSWERS)},
    }
