"""Shared Hypothesis strategies for the calculator tests, one section per subject.

Sections:

* JSON values: anything ``json.loads`` could return, plus NaN and infinities
  (Python's ``json`` accepts them), and perturbations of a known-good payload.
* Readiness: answer dictionaries and payloads for :mod:`calculators.readiness`.

Add a section for a new subject rather than mixing strategies into another.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from calculators.questionnaire import QUESTIONNAIRE

# --- JSON values --------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)


def json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-shaped values (including NaN and infinities), nested lists and objects."""
    return st.recursive(
        json_scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=5),
            st.dictionaries(st.text(max_size=20), children, max_size=5),
        ),
        max_leaves=max_leaves,
    )


def json_objects(max_leaves: int = 30) -> st.SearchStrategy[dict]:
    """Arbitrary JSON objects (top-level payloads)."""
    return st.dictionaries(st.text(max_size=20), json_values(max_leaves), max_size=6)


def perturbations_of(value: Any) -> st.SearchStrategy[Any]:
    """``value`` with parts kept, dropped or replaced by arbitrary JSON, at any depth.

    Starting from a valid payload (a schema's defaults) reaches the deep
    validation paths that purely random JSON rarely gets to.
    """
    if isinstance(value, dict):
        kept = st.fixed_dictionaries({}, optional={key: perturbations_of(item) for key, item in value.items()})
        extra = st.dictionaries(st.text(max_size=12), json_values(5), max_size=2)
        return st.one_of(
            st.builds(lambda base, more: {**base, **more}, kept, extra),
            kept,
            json_values(5),
        )
    if isinstance(value, list):
        if not value:
            return st.one_of(st.just([]), st.lists(json_values(5), max_size=3))
        elements = st.one_of(*(perturbations_of(item) for item in value[:3]))
        return st.one_of(st.lists(elements, max_size=len(value) + 2), json_values(5))
    return st.one_of(st.just(value), json_values(5))


# --- Readiness ----------------------------------------------------------------------------------

QUESTION_IDS: tuple[str, ...] = tuple(ref.question.id for ref in QUESTIONNAIRE.questions())
answer_values = st.integers(min_value=QUESTIONNAIRE.min_answer, max_value=QUESTIONNAIRE.max_answer)


def readiness_answers(min_size: int = 0) -> st.SearchStrategy[dict[str, int]]:
    """Valid answers for any subset of the questions (at least ``min_size`` of them)."""
    return st.dictionaries(st.sampled_from(QUESTION_IDS), answer_values, min_size=min_size)


full_readiness_answers = st.fixed_dictionaries({qid: answer_values for qid in QUESTION_IDS})

#: Answers with junk mixed in: unknown ids, non-integers, out-of-range numbers, nulls, other types.
messy_readiness_answers = st.dictionaries(
    st.one_of(st.sampled_from(QUESTION_IDS), st.text(max_size=70)),
    st.one_of(answer_values, json_scalars, st.floats(min_value=-1, max_value=5)),
    max_size=25,
)

readiness_payloads = st.one_of(
    st.fixed_dictionaries({"answers": messy_readiness_answers}),
    st.fixed_dictionaries({"answers": json_values(10)}),
    st.builds(lambda answers, more: {"answers": answers, **more}, readiness_answers(), json_objects(5)),
)
