"""The ROI calculator's input: its JSON shape, the validated inputs, and :func:`read_inputs`.

The ranges are the field table's (:mod:`calculators.roi.fields`), enforced by :func:`read_inputs`.

Input (a JSON object; every range is enforced, values outside it are errors)
============================================================================

==========================  ===============================================  ==============
key                         meaning                                          range, default
==========================  ===============================================  ==============
``horizon_years``           years of benefit after the year-0 investment     integer 1–10, 3
``discount_rate``           yearly rate for present values                   0–0.5, 0.10
``discounting``             ``end_of_year`` (TEI's) or ``mid_year``          ``end_of_year``
``one_off_costs``           year-0 costs: rows ``{name, amount,              0–20 rows
                            risk_adjustment}``
``annual_costs``            costs of years 1..N: rows ``{name, amount,       0–20 rows
                            risk_adjustment}``, ``amount`` one number for
                            every year or a list of N per-year numbers
``cost_risk_adjustment``    cost overrun allowance: costs × (1 + it), for    0–1, 0
                            each cost row without one of its own
``ramp_up``                 N shares of full benefit, one per year           each 0–1, all 1
``metrics``                 outcome metrics (below)                          0–20 rows
``stated_benefits``         benefits stated per year: rows ``{name,          0–20 rows
                            amount, risk_adjustment}``, ``amount`` as an
                            annual cost's; risk adjustment 0–1, 0.1
``scenarios``               add conservative/expected/optimistic results     boolean, false
==========================  ===============================================  ==============

Cost ``name``: text up to 80 characters (optional); ``amount``: 0–1e10 money;
``risk_adjustment``: 0–1, optional (the row's own overrun allowance, as TEI
studies give one per cost line; left out or ``null``: ``cost_risk_adjustment``).

A metric row: ``name`` (≤ 80 characters), ``unit`` (≤ 40), ``type`` (one of
:data:`METRIC_TYPES`), ``direction`` (``lower_is_better`` |
``higher_is_better``), ``baseline`` and ``outcome`` (−1e9–1e9, in the
metric's unit), ``annual_volume`` (0–1e9 units a year), ``value_per_unit``
(0–1e7 money per unit of change), either ``attribution`` (share 0–1) or
``control: {baseline, outcome}`` (a comparison group that did not get the
change, for difference-in-differences), ``risk_adjustment`` (0–1, default
0.1), ``ramp_up`` (N shares, optional: the calculator's ramp-up when left
out). ``annual_volume`` and ``value_per_unit`` are optional (0) for activity
metrics only.

Costs and benefits may each be left out: with no costs, ROI and payback are
undefined (``null``, with the reason in ``undefined``); with no benefits, the same.

Evidence mode: ``baseline_samples`` and ``outcome_samples`` (2–10,000
observations each, −1e9–1e9) replace ``baseline`` and ``outcome`` with their
means and add a Welch test of the change (:mod:`calculators.welch`). A control
then needs ``baseline_samples`` and ``outcome_samples`` too, and the test is
of the difference-in-differences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..cash_flow import END_OF_YEAR
from ..validation import MISSING, Reader, describe, join
from .fields import (
    ACTIVITY,
    ANNUAL_AMOUNT,
    CONTROL_KEYS,
    COST_KEYS,
    COST_LINE_RISK,
    COST_NAME,
    COST_RISK,
    DIRECTIONS,
    DISCOUNT_RATE,
    DISCOUNTING,
    HORIZON,
    MAX_ROWS,
    METRIC_KEYS,
    METRIC_SPEC,
    METRIC_TYPES,
    ONE_OFF_AMOUNT,
    RAMP_UP,
    STATED_SPEC,
    TOP_LEVEL_KEYS,
    FieldSpec,
)


#: Errors reported per list of numbers, so 10,000 bad samples give a short message list.
MAX_ERRORS_PER_LIST = 5


@dataclass(frozen=True)
class CostLine:
    """One cost row; ``amounts`` holds one amount (one-off) or one per year 1..N (annual).

    ``risk_adjustment`` is the row's own cost risk adjustment; ``None``: the calculator's
    (:attr:`RoiInputs.cost_risk_adjustment`).
    """

    name: str
    amounts: tuple[float, ...]
    risk_adjustment: float | None = None


@dataclass(frozen=True)
class StatedBenefit:
    """A benefit stated as yearly amounts rather than measured: one amount (every year) or one per year 1..N."""

    name: str
    amounts: tuple[float, ...]
    risk_adjustment: float = 0.1


@dataclass(frozen=True)
class Control:
    """A comparison group's baseline and outcome (means of its samples when those are given)."""

    baseline: float
    outcome: float
    baseline_samples: tuple[float, ...] | None = None
    outcome_samples: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Metric:
    """One outcome metric. With samples, ``baseline`` and ``outcome`` are their means."""

    name: str
    unit: str
    type: str
    direction: str
    baseline: float
    outcome: float
    annual_volume: float
    value_per_unit: float
    attribution: float | None = None
    control: Control | None = None
    risk_adjustment: float = 0.1
    baseline_samples: tuple[float, ...] | None = None
    outcome_samples: tuple[float, ...] | None = None
    ramp_up: tuple[float, ...] | None = None


@dataclass(frozen=True)
class RoiInputs:
    """A validated payload."""

    horizon_years: int
    discount_rate: float
    one_off_costs: tuple[CostLine, ...]
    annual_costs: tuple[CostLine, ...]
    cost_risk_adjustment: float
    ramp_up: tuple[float, ...]
    metrics: tuple[Metric, ...]
    scenarios: bool = False
    stated_benefits: tuple[StatedBenefit, ...] = ()
    discounting: str = END_OF_YEAR


@dataclass(frozen=True)
class ResultWarning:
    """Something the visitor should know that does not stop the calculation."""

    code: str
    field: str | None
    message: str

    def to_json(self) -> dict:
        return {"code": self.code, "field": self.field, "message": self.message}


def _metric_label(metric: Metric, index: int) -> str:
    return metric.name or f"Metric {index + 1}"


# --------------------------------------------------------------------------------------
# Reading the payload.
# --------------------------------------------------------------------------------------


def _present(obj: dict, key: str) -> bool:
    return obj.get(key) is not None


def _spec_number(reader: Reader, obj: dict, spec: FieldSpec, path: str, *, required: bool | None = None) -> float | None:
    """The number ``spec`` describes, read from ``obj`` (``required`` overrides the spec's own rule)."""
    needed = spec.required if required is None else required
    assert spec.minimum is not None and spec.maximum is not None
    return reader.number(
        obj, spec.id.rsplit(".", 1)[-1], path, minimum=spec.minimum, maximum=spec.maximum,
        default=MISSING if needed else spec.default, integer=spec.kind == "integer",
    )


def _number_list(
    reader: Reader, value: object, field_path: str, spec: FieldSpec, *, exact_length: int | None = None
) -> tuple[float, ...] | None:
    """A list of numbers within ``spec``'s range; at most :data:`MAX_ERRORS_PER_LIST` errors reported."""
    if not isinstance(value, list):
        reader.error(field_path, f"Must be a list of numbers; got {describe(value)}.")
        return None
    if exact_length is not None and len(value) != exact_length:
        reader.error(field_path, f"Must have {exact_length} entries, one per year; got {len(value)}.")
        return None
    low = spec.min_items if spec.min_items is not None else 0
    high = spec.max_items if spec.max_items is not None else 10
    if not low <= len(value) <= high:
        reader.error(field_path, f"Must have between {low} and {high} entries; got {len(value)}.")
        return None
    assert spec.minimum is not None and spec.maximum is not None
    numbers: list[float] = []
    bad = 0
    for index, item in enumerate(value):
        # The first few bad entries are reported one by one; the rest are only counted.
        checker = reader if bad < MAX_ERRORS_PER_LIST else Reader()
        number = checker.coerce_number(item, join(field_path, index), minimum=spec.minimum, maximum=spec.maximum)
        if number is None:
            if item is None:
                checker.error(join(field_path, index), "Must be a number; got nothing.")
            bad += 1
        else:
            numbers.append(number)
    if bad > MAX_ERRORS_PER_LIST:
        reader.error(field_path, f"{bad - MAX_ERRORS_PER_LIST} more entries are not valid numbers in range.")
    return None if bad else tuple(numbers)


def _read_costs(reader: Reader, payload: dict, key: str, horizon: int | None, *, annual: bool) -> tuple[CostLine, ...]:
    rows = reader.items(payload, key, min_items=0, max_items=MAX_ROWS, default=[])
    lines: list[CostLine] = []
    for index, raw in enumerate(rows or []):
        path = join(key, index)
        row = reader.object(raw, path, COST_KEYS)
        if row is None:
            continue
        errors_before = len(reader.errors)
        name = reader.string(row, "name", path, default="", max_length=COST_NAME.max_length or 80)
        amounts: tuple[float, ...] | None
        if annual:
            amounts = _per_year_amounts(reader, row, path, ANNUAL_AMOUNT, horizon)
        else:
            single = _spec_number(reader, row, ONE_OFF_AMOUNT, path)
            amounts = None if single is None else (single,)
        risk = _spec_number(reader, row, COST_LINE_RISK, path)  # None when left out: the calculator's
        if len(reader.errors) == errors_before and name is not None and amounts is not None:
            lines.append(CostLine(name, amounts, risk))
    return tuple(lines)


def _read_stated(reader: Reader, payload: dict, horizon: int | None) -> tuple[StatedBenefit, ...]:
    rows = reader.items(payload, "stated_benefits", min_items=0, max_items=MAX_ROWS, default=[])
    lines: list[StatedBenefit] = []
    for index, raw in enumerate(rows or []):
        path = join("stated_benefits", index)
        row = reader.object(raw, path, tuple(STATED_SPEC))
        if row is None:
            continue
        name = reader.string(row, "name", path, default="", max_length=STATED_SPEC["name"].max_length or 80)
        amounts = _per_year_amounts(reader, row, path, STATED_SPEC["amount"], horizon)
        risk = _spec_number(reader, row, STATED_SPEC["risk_adjustment"], path)
        if name is not None and amounts is not None and risk is not None:
            lines.append(StatedBenefit(name, amounts, risk))
    return tuple(lines)


def _per_year_amounts(reader: Reader, row: dict, path: str, spec: FieldSpec, horizon: int | None) -> tuple[float, ...] | None:
    """A ``per_year`` amount: one number for every year, or a list of one number per year."""
    amount = row.get("amount")
    if isinstance(amount, list):
        return _number_list(reader, amount, join(path, "amount"), replace(spec, min_items=1, max_items=10), exact_length=horizon)
    single = _spec_number(reader, row, spec, path)
    return None if single is None else (single,)


def _read_samples(reader: Reader, obj: dict, prefix: str, path: str) -> tuple[tuple[float, ...] | None, tuple[float, ...] | None, bool]:
    """Both sample lists of ``obj`` (or neither); the flag says whether any was given."""
    pair = []
    for which in ("baseline_samples", "outcome_samples"):
        spec = METRIC_SPEC[prefix + which]
        pair.append(_number_list(reader, obj[which], join(path, which), spec) if _present(obj, which) else None)
    given = [_present(obj, which) for which in ("baseline_samples", "outcome_samples")]
    if given[0] != given[1]:
        missing = "outcome_samples" if given[0] else "baseline_samples"
        reader.error(join(path, missing), "Required with the other list of observations: the test compares the two.")
    return pair[0], pair[1], any(given)


def _read_metric(reader: Reader, raw: object, index: int, horizon: int | None, warnings: list[ResultWarning]) -> Metric | None:
    path = join("metrics", index)
    m = reader.object(raw, path, METRIC_KEYS)
    if m is None:
        return None
    errors_before = len(reader.errors)
    name = reader.string(m, "name", path, default="", max_length=80)
    unit = reader.string(m, "unit", path, default="", max_length=40)
    kind = reader.choice(m, "type", tuple(o.value for o in METRIC_TYPES), path)
    direction = reader.choice(m, "direction", tuple(o.value for o in DIRECTIONS), path)
    label = name or f"Metric {index + 1}"

    baseline_samples, outcome_samples, has_samples = _read_samples(reader, m, "", path)
    values_needed = not has_samples
    baseline = _spec_number(reader, m, METRIC_SPEC["baseline"], path, required=values_needed)
    outcome = _spec_number(reader, m, METRIC_SPEC["outcome"], path, required=values_needed)
    if has_samples and (_present(m, "baseline") or _present(m, "outcome")):
        warnings.append(ResultWarning("samples_replace_values", path,
                                f"{label}: the means of the observations replace the baseline and outcome entered."))

    activity = kind == ACTIVITY
    volume = _spec_number(reader, m, METRIC_SPEC["annual_volume"], path, required=not activity)
    value = _spec_number(reader, m, METRIC_SPEC["value_per_unit"], path, required=not activity)
    attribution = _spec_number(reader, m, METRIC_SPEC["attribution"], path)
    risk = _spec_number(reader, m, METRIC_SPEC["risk_adjustment"], path)
    ramp_up = None
    if _present(m, "ramp_up"):
        ramp_up = _number_list(reader, m["ramp_up"], join(path, "ramp_up"), METRIC_SPEC["ramp_up"], exact_length=horizon)

    control = None
    if _present(m, "control"):
        control = _read_control(reader, m["control"], join(path, "control"), has_samples)
        if _present(m, "attribution"):
            reader.error(join(path, "attribution"),
                         "Give either an attribution or a control group, not both: the control measures attribution.")

    if len(reader.errors) > errors_before:
        return None
    if baseline_samples is not None and outcome_samples is not None:
        baseline = math.fsum(baseline_samples) / len(baseline_samples)
        outcome = math.fsum(outcome_samples) / len(outcome_samples)
    assert kind is not None and direction is not None and baseline is not None and outcome is not None
    return Metric(
        name=name or "",
        unit=unit or "",
        type=kind,
        direction=direction,
        baseline=baseline,
        outcome=outcome,
        annual_volume=volume if volume is not None else 0.0,
        value_per_unit=value if value is not None else 0.0,
        attribution=attribution,
        control=control,
        risk_adjustment=risk if risk is not None else 0.1,
        baseline_samples=baseline_samples,
        outcome_samples=outcome_samples,
        ramp_up=ramp_up,
    )


def _read_control(reader: Reader, raw: object, path: str, metric_has_samples: bool) -> Control | None:
    c = reader.object(raw, path, CONTROL_KEYS)
    if c is None:
        return None
    errors_before = len(reader.errors)
    baseline_samples, outcome_samples, has_samples = _read_samples(reader, c, "control.", path)
    if metric_has_samples and not has_samples:
        reader.error(join(path, "baseline_samples"),
                     "The metric has observations, so the control group needs observations too.")
    if has_samples and not metric_has_samples:
        reader.error(join(path, "baseline_samples"),
                     "Control observations need the metric's own baseline_samples and outcome_samples.")
    baseline = _spec_number(reader, c, METRIC_SPEC["control.baseline"], path, required=not has_samples)
    outcome = _spec_number(reader, c, METRIC_SPEC["control.outcome"], path, required=not has_samples)
    if len(reader.errors) > errors_before:
        return None
    if baseline_samples is not None and outcome_samples is not None:
        baseline = math.fsum(baseline_samples) / len(baseline_samples)
        outcome = math.fsum(outcome_samples) / len(outcome_samples)
    assert baseline is not None and outcome is not None
    return Control(baseline, outcome, baseline_samples, outcome_samples)


def read_inputs(payload: object) -> tuple[RoiInputs, list[ResultWarning]]:
    """Validate a JSON payload into :class:`RoiInputs`, or raise :class:`Invalid` naming every bad field.

    >>> read_inputs({"metrics": [], "one_off_costs": [{"amount": -1}]})
    Traceback (most recent call last):
    ...
    calculators.validation.Invalid: one_off_costs[0].amount: Must be between 0 and 10000000000; got -1.
    """
    reader = Reader()
    data = reader.object(payload, "", TOP_LEVEL_KEYS)
    if data is None:
        reader.check()
    assert data is not None
    warnings: list[ResultWarning] = []
    horizon = _spec_number(reader, data, HORIZON, "")
    horizon_years = int(horizon) if horizon is not None else None
    rate = _spec_number(reader, data, DISCOUNT_RATE, "")
    cost_risk = _spec_number(reader, data, COST_RISK, "")
    scenarios = reader.boolean(data, "scenarios", default=False)
    discounting = reader.choice(data, "discounting", tuple(o.value for o in DISCOUNTING.options or ()), "",
                                default=DISCOUNTING.default)
    ramp_up: tuple[float, ...] | None = None
    if _present(data, "ramp_up"):
        ramp_up = _number_list(reader, data["ramp_up"], "ramp_up", RAMP_UP, exact_length=horizon_years)
    elif horizon_years is not None:
        ramp_up = (1.0,) * horizon_years
    one_off = _read_costs(reader, data, "one_off_costs", horizon_years, annual=False)
    annual = _read_costs(reader, data, "annual_costs", horizon_years, annual=True)
    raw_metrics = reader.items(data, "metrics", min_items=0, max_items=MAX_ROWS, default=[])
    metrics = []
    for index, raw in enumerate(raw_metrics or []):
        metric = _read_metric(reader, raw, index, horizon_years, warnings)
        if metric is not None:
            metrics.append(metric)
    stated = _read_stated(reader, data, horizon_years)
    reader.check()
    assert horizon_years is not None and rate is not None and cost_risk is not None and ramp_up is not None
    inputs = RoiInputs(
        horizon_years=horizon_years,
        discount_rate=rate,
        one_off_costs=one_off,
        annual_costs=annual,
        cost_risk_adjustment=cost_risk,
        ramp_up=ramp_up,
        metrics=tuple(metrics),
        scenarios=bool(scenarios),
        stated_benefits=stated,
        discounting=str(discounting),
    )
    return inputs, warnings
