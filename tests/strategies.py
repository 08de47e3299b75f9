"""Shared Hypothesis strategies for the calculator tests, one section per subject.

Sections:

* JSON values: anything ``json.loads`` could return, plus NaN and infinities
  (Python's ``json`` accepts them), and perturbations of a known-good payload.
* Readiness: answer dictionaries and payloads for :mod:`calculators.readiness`.
* ROI: valid and deliberately broken payloads for :mod:`calculators.roi`.
* Example counts: how many examples a test draws in ``make test`` and in ``make test-fast``.

Add a section for a new subject rather than mixing strategies into another.
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings
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


# --- ROI ----------------------------------------------------------------------------------------
# Payloads for calculators.roi. ``roi_payloads`` are valid (within every documented range);
# ``messy_roi_payloads`` are valid ones with one value swapped for arbitrary JSON or pushed
# out of range, so validation is exercised field by field.

roi_money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
roi_levels = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)
roi_shares = st.floats(min_value=0, max_value=1, allow_nan=False, allow_infinity=False)
roi_samples = st.lists(roi_levels, min_size=2, max_size=30)


@st.composite
def roi_metric_rows(draw, horizon_years: int = 3, with_samples: bool = True) -> dict:
    """One valid metric row: attribution, control or neither; sometimes observations instead of means."""
    kind = draw(st.sampled_from(["cost", "time", "output", "quality", "revenue", "risk", "activity"]))
    row: dict = {
        "name": draw(st.text(max_size=20)),
        "type": kind,
        "direction": draw(st.sampled_from(["lower_is_better", "higher_is_better"])),
        "annual_volume": draw(st.floats(min_value=0, max_value=1e5, allow_nan=False)),
        "value_per_unit": draw(st.floats(min_value=0, max_value=1e3, allow_nan=False)),
        "risk_adjustment": draw(roi_shares),
    }
    if draw(st.booleans()) and draw(st.booleans()):  # a ramp-up of its own, one share per year
        row["ramp_up"] = draw(st.lists(roi_shares, min_size=horizon_years, max_size=horizon_years))
    samples = with_samples and draw(st.booleans()) and draw(st.booleans())
    if samples:
        row["baseline_samples"], row["outcome_samples"] = draw(roi_samples), draw(roi_samples)
    else:
        row["baseline"], row["outcome"] = draw(roi_levels), draw(roi_levels)
    attribution = draw(st.sampled_from(["share", "control", "none"]))
    if attribution == "share":
        row["attribution"] = draw(roi_shares)
    elif attribution == "control":
        if samples:
            row["control"] = {"baseline_samples": draw(roi_samples), "outcome_samples": draw(roi_samples)}
        else:
            row["control"] = {"baseline": draw(roi_levels), "outcome": draw(roi_levels)}
    return row


@st.composite
def roi_stated_rows(draw, horizon_years: int = 3) -> dict:
    """One valid stated benefit: one amount for every year, or one per year."""
    per_year = st.lists(roi_money, min_size=horizon_years, max_size=horizon_years)
    row = {"name": draw(st.text(max_size=20)), "amount": draw(st.one_of(roi_money, per_year))}
    if draw(st.booleans()):
        row["risk_adjustment"] = draw(roi_shares)
    return row


@st.composite
def roi_payloads(draw, max_metrics: int = 4, with_samples: bool = True, with_costs: bool | None = None) -> dict:
    """A valid ROI payload, per-year lists of the horizon's length. ``with_costs`` True: a build
    cost of at least 1; False: no cost rows at all; None (the default): either."""
    horizon = draw(st.integers(min_value=1, max_value=10))
    per_year = st.lists(roi_money, min_size=horizon, max_size=horizon)
    costs = draw(st.booleans()) or draw(st.booleans()) if with_costs is None else with_costs
    payload: dict = {
        "horizon_years": horizon,
        "discount_rate": draw(st.floats(min_value=0, max_value=0.5, allow_nan=False)),
        "cost_risk_adjustment": draw(roi_shares),
        "one_off_costs": (
            [{"name": "Build", "amount": draw(st.floats(min_value=1, max_value=1e7))}]
            + draw(st.lists(st.fixed_dictionaries({"amount": roi_money}), max_size=2))
            if costs else []
        ),
        "annual_costs": (
            draw(st.lists(st.fixed_dictionaries({"amount": st.one_of(roi_money, per_year)}), max_size=3)) if costs else []
        ),
        "metrics": draw(st.lists(roi_metric_rows(horizon, with_samples), max_size=max_metrics)),
        "scenarios": draw(st.booleans()),
    }
    if draw(st.booleans()):
        payload["ramp_up"] = draw(st.lists(roi_shares, min_size=horizon, max_size=horizon))
    if draw(st.booleans()):
        payload["stated_benefits"] = draw(st.lists(roi_stated_rows(horizon), max_size=2))
    discounting = draw(st.sampled_from([None, "end_of_year", "mid_year"]))
    if discounting:
        payload["discounting"] = discounting
    return payload


def _replace_at(payload: dict, path: tuple, value) -> dict:
    import copy

    changed = copy.deepcopy(payload)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _paths(value, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``value`` (dict keys and list indexes)."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found.append(prefix + (key,))
        found += _paths(item, prefix + (key,))
    return found


@st.composite
def messy_roi_payloads(draw) -> dict:
    """A valid payload with one value replaced: arbitrary JSON, an extreme number, or a huge list."""
    payload = draw(roi_payloads(max_metrics=2))
    path = draw(st.sampled_from(_paths(payload)))
    junk = draw(st.one_of(
        json_scalars,
        json_values(6),
        st.sampled_from([1e308, -1e308, 1e-320, 10**400, float("nan"), float("inf"), -0.0, 2**53 + 1]),
        st.just([0.5] * 10_001),
    ))
    return _replace_at(payload, path, junk)


# --- Example counts -----------------------------------------------------------------------------

#: The Hypothesis settings profile ``make test-fast`` loads (``pytest --hypothesis-profile=fast``;
#: tests/conftest.py registers it): there a test draws at most FAST_EXAMPLES examples, to check
#: the properties still hold in seconds. ``make test`` loads no profile and draws the full counts.
FAST_PROFILE = "fast"
FAST_EXAMPLES = 20


def examples(full: int) -> int:
    """A test's example count: ``full``, or at most FAST_EXAMPLES when the fast profile is loaded."""
    if settings.get_current_profile_name() == FAST_PROFILE:
        return min(full, FAST_EXAMPLES)
    return full
