"""Baseline-versus-outcome ROI of one AI use case, attributed and risk-adjusted (Forrester TEI conventions).

A use case pays when an outcome the business cares about moves, against a
baseline recorded before the change, by an amount that can be attributed to
the change, after a haircut for the risk that the estimate is optimistic.
Usage (seats, prompts, logins) is not an outcome: activity metrics are listed
with a warning and add nothing.

Input (a JSON object; every range is enforced, values outside it are errors)
============================================================================

==========================  ===============================================  ==============
key                         meaning                                          range, default
==========================  ===============================================  ==============
``horizon_years``           years of benefit after the year-0 investment     integer 1–10, 3
``discount_rate``           yearly rate for present values                   0–0.5, 0.10
``discounting``             ``end_of_year`` (TEI's) or ``mid_year``          ``end_of_year``
``one_off_costs``           year-0 costs: rows ``{name, amount}``            0–20 rows
``annual_costs``            costs of years 1..N: rows ``{name, amount}``,    0–20 rows
                            ``amount`` one number for every year or a
                            list of N per-year numbers
``cost_risk_adjustment``    cost overrun allowance: costs × (1 + it)         0–1, 0
``ramp_up``                 N shares of full benefit, one per year           each 0–1, all 1
``metrics``                 outcome metrics (below)                          0–20 rows
``stated_benefits``         benefits stated per year: rows ``{name,          0–20 rows
                            amount, risk_adjustment}``, ``amount`` as an
                            annual cost's; risk adjustment 0–1, 0.1
``scenarios``               add conservative/expected/optimistic results     boolean, false
==========================  ===============================================  ==============

Cost ``name``: text up to 80 characters (optional); ``amount``: 0–1e10 money.

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

Equations (each has its own function, with a worked example)
============================================================

* change = baseline − outcome (``lower_is_better``) or outcome − baseline
  (``higher_is_better``): :func:`change`.
* attributable change = change − control change (the control's change by the
  same sign rule), or change × attribution, with attribution 1.0 and a
  warning when neither is given: :func:`attributable_change`.
* annual benefit = attributable change × annual_volume × value_per_unit ×
  (1 − risk_adjustment); 0 for ``activity`` metrics: :func:`annual_benefit`.
* measured benefit in year t = Σ over metrics of the metric's ramp-up share
  (its own, else the calculator's) × its annual benefit: :func:`yearly_benefits`.
* stated benefit in year t = Σ stated amounts of year t × (1 − their risk
  adjustment), not ramped: :func:`stated_yearly_benefits`. Benefits in year t are
  the sum of both.
* cost in year 0 = (1 + cost_risk_adjustment) × Σ one-off amounts; in year t,
  (1 + cost_risk_adjustment) × Σ annual amounts of year t: :func:`yearly_costs`.
* cash flows CF0 = −cost0, CFt = benefit_t − cost_t.
* NPV = Σ CFt / (1 + r)^t with end-of-year discounting, as
  ``numpy_financial.npv(r, [CF0..CFN])``; with mid-year discounting,
  NPV = CF0 + Σ CFt / (1 + r)^(t − ½): :func:`calculators.cash_flow.present_value`.
* PV benefits and PV costs: the same discounting of each stream (year 0 undiscounted);
  the measured share = PV of measured benefits / PV benefits (``null`` unless
  both parts are at least 0 and their sum is above 0).
* ROI = (PV benefits − PV costs) / PV costs:
  :func:`calculators.cash_flow.return_on_investment`; undefined when PV costs
  are below one hundredth of a money unit (it divides by them) or when no
  benefit was entered.
* payback in months from the start, on undiscounted cash flows, each year's
  net flow accruing evenly through the year (linear within the year), whatever the
  discounting: :func:`calculators.cash_flow.payback_months`; undefined with no
  costs or no benefits. IRR under the chosen discounting:
  :func:`calculators.cash_flow.internal_rate_of_return` (``null`` when undefined).
* sensitivity (:func:`sensitivity`): the NPV with one driver at a time 20%
  lower and 20% higher (each non-activity metric's baseline, outcome, volume,
  value per unit and attribution or control values; each cost row; the
  discount rate), sorted by swing |NPV up − NPV down|: a tornado chart.
  Attribution stays within 0–1.
* scenarios (:data:`SCENARIOS`): conservative = every benefit risk adjustment
  and the cost risk adjustment +0.10, assumed attributions × 0.8; expected =
  the inputs; optimistic = both risk adjustments −0.10, assumed attributions ×
  1.2. Shifted values stay within 0–1; a control group's measured change is
  not moved.

Result
======

``npv``, ``pv_benefits``, ``pv_costs``, ``pv_measured_benefits``,
``pv_stated_benefits`` (floats); ``roi``, ``payback_months``, ``irr`` and
``measured_share`` (float or ``null``); ``undefined``: ``{output id: reason}`` for
each of ``roi``, ``payback_months`` and ``measured_share`` that is ``null`` by
definition of the inputs; ``discounting``; ``years``: ``[{year, benefits, costs, net,
cumulative, discounted_net}]`` for years 0..N; ``metrics``: ``[{name, unit,
type, change, attributable_change, annual_benefit, excluded, evidence}]``;
``stated_benefits``: ``[{name, risk_adjustment, benefits}]`` (``benefits``: the
risk-adjusted amounts of years 1..N)
(``evidence`` is ``null`` without samples, else the object of
:meth:`calculators.welch.WelchTest.to_json`: ``mean_difference``, ``ci_low``,
``ci_high``, ``p_value``, ``significant``, ``min_detectable_effect``,
``t_statistic``, ``df``, ``standard_error``, ``sample_sizes``, where the
difference follows the change's sign rule); ``sensitivity``: ``[{field, label,
value, value_down, value_up, npv_down, npv_up, swing}]``; ``warnings``:
``[{code, field, message}]``; and, with ``"scenarios": true``, ``scenarios``:
``[{id, label, description, shifts, npv, roi, pv_benefits, pv_costs,
pv_measured_benefits, pv_stated_benefits, measured_share, payback_months, irr}]``. Numbers are not rounded: rounding is presentation.

Schema (what :func:`schema` returns, for a generic form renderer)
=================================================================

``{"calculator", "title", "summary", "fields", "lists", "defaults"}``.

* ``fields``: the top-level inputs, in display order.
* ``lists``: repeatable row groups, in display order (``one_off_costs``,
  ``annual_costs``, ``metrics``, ``stated_benefits``), each ``{id, label, help, item_label,
  min_items, max_items, fields, new_item}``; ``new_item`` is a valid row to
  add when the visitor presses "add".
* Every field, top-level or in a row, has the same keys: ``id``, ``label``,
  ``kind`` (``number`` | ``integer`` | ``choice`` | ``boolean`` | ``text`` |
  ``number_list``), ``unit``, ``min``, ``max``, ``step`` (a number, or
  ``"any"``), ``default`` (the
  value assumed when the key is left out; ``null`` when nothing is assumed),
  ``help``, ``required``, ``advanced`` (may sit behind a "more" toggle),
  ``options`` (``[{value, label, help}]`` for ``choice``, else ``null``),
  ``min_items``/``max_items`` (``number_list``), ``length`` (the id of the
  field that fixes a list's length, ``"horizon_years"``, else ``null``),
  ``per_year`` (``true`` when a number may also be given as a list of one
  number per year), ``max_length`` (``text``).
* An ``id`` is the JSON key inside its object; an id with a dot
  (``control.baseline``) is a key inside a nested object. A field left
  empty is omitted from the payload.
* ``defaults`` is a complete, valid payload (invoice processing).

>>> result = run(schema()["defaults"])
>>> round(result["npv"]), round(result["payback_months"], 1)
(194084, 18.4)
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..cash_flow import (
    END_OF_YEAR,
    MID_YEAR,
    IrrResult,
    internal_rate_of_return,
    payback_months,
    present_value,
    return_on_investment,
    years_from_now,
)
from ..outputs import Output, outputs_json
from ..validation import MISSING, FieldError, Invalid, Reader, describe, join
from ..welch import WelchTest, contrast_test

# --------------------------------------------------------------------------------------
# Field definitions: one table drives both validation and the schema.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One choice of a ``choice`` field."""

    value: str
    label: str
    help: str = ""

    def to_json(self) -> dict:
        return {"value": self.value, "label": self.label, "help": self.help}


@dataclass(frozen=True)
class FieldSpec:
    """One input: its range is what :func:`read_inputs` enforces and what :func:`schema` shows."""

    id: str
    label: str
    kind: str
    help: str
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    step: float | str | None = None
    default: object = None
    required: bool = False
    advanced: bool = False
    options: tuple[Option, ...] | None = None
    min_items: int | None = None
    max_items: int | None = None
    length: str | None = None
    per_year: bool = False
    max_length: int | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "unit": self.unit,
            "min": self.minimum,
            "max": self.maximum,
            "step": self.step,
            "default": list(self.default) if isinstance(self.default, tuple) else self.default,
            "help": self.help,
            "required": self.required,
            "advanced": self.advanced,
            "options": None if self.options is None else [option.to_json() for option in self.options],
            "min_items": self.min_items,
            "max_items": self.max_items,
            "length": self.length,
            "per_year": self.per_year,
            "max_length": self.max_length,
        }


METRIC_TYPES: tuple[Option, ...] = (
    Option("cost", "Cost", "Money spent per unit of work, e.g. cost per invoice."),
    Option("time", "Time", "Time taken per unit of work, e.g. minutes per invoice."),
    Option("output", "Output", "Work completed, e.g. invoices cleared per person per day."),
    Option("quality", "Quality", "Error, rework or exception rates."),
    Option("revenue", "Revenue", "Sales, conversion or retention."),
    Option("risk", "Risk", "Losses, incidents, penalties or fraud caught."),
    Option("activity", "Activity (not impact)", "Usage such as seats, prompts or logins: shown, but adds no benefit."),
)
DIRECTIONS: tuple[Option, ...] = (
    Option("lower_is_better", "Lower is better", "The metric improves when it falls (cost, time, errors)."),
    Option("higher_is_better", "Higher is better", "The metric improves when it rises (output, revenue)."),
)
ACTIVITY = "activity"

MAX_ROWS = 20
MAX_SAMPLES = 10_000
MIN_SAMPLES = 2
MAX_AMOUNT = 1e10
MAX_METRIC_VALUE = 1e9
MAX_VOLUME = 1e9
MAX_VALUE_PER_UNIT = 1e7
#: PV costs below this (a hundredth of a money unit) count as zero: ROI would be meaningless.
MIN_PV_COSTS = 0.01
#: Errors reported per list of numbers, so 10,000 bad samples give a short message list.
MAX_ERRORS_PER_LIST = 5

HORIZON = FieldSpec(
    "horizon_years", "Horizon", "integer",
    "Years of benefit counted after the year-0 investment. TEI studies use three.",
    unit="years", minimum=1, maximum=10, step=1, default=3,
)
DISCOUNT_RATE = FieldSpec(
    "discount_rate", "Discount rate", "number",
    "Yearly rate used to bring future cash flows to today's value; TEI studies use 10%. Enter 0.10 for 10%.",
    unit="share per year", minimum=0.0, maximum=0.5, step=0.01, default=0.10,
)
DISCOUNTING = FieldSpec(
    "discounting", "Discounting", "choice",
    "When each year's cash flows are counted. The up-front investment is at the start either way.",
    options=(
        Option(END_OF_YEAR, "End of year", "Year t is discounted by (1 + r)^t, as in Forrester TEI studies."),
        Option(MID_YEAR, "Mid-year",
               "Year t is discounted by (1 + r)^(t − ½): cash arrives evenly through each year, as many "
               "corporate finance teams assume."),
    ),
    default=END_OF_YEAR, advanced=True,
)
COST_RISK = FieldSpec(
    "cost_risk_adjustment", "Cost risk adjustment", "number",
    "Allowance for cost overrun: every cost is multiplied by (1 + this). Enter 0.10 for 10%.",
    unit="share", minimum=0.0, maximum=1.0, step=0.01, default=0.0,
)
RAMP_UP = FieldSpec(
    "ramp_up", "Ramp-up", "number_list",
    "Share of the full benefit reached in each year, one number per year (0.5 = half). Left out: full benefit "
    "from year 1. A metric with a ramp-up of its own uses that instead.",
    unit="share of full benefit", minimum=0.0, maximum=1.0, step=0.05, default=None,
    min_items=1, max_items=10, length="horizon_years", advanced=True,
)
SCENARIOS_FLAG = FieldSpec(
    "scenarios", "Show scenarios", "boolean",
    "Add conservative and optimistic results, with risk adjustments and attribution moved by fixed amounts.",
    default=False,
)
TOP_LEVEL = (HORIZON, DISCOUNT_RATE, COST_RISK, RAMP_UP, DISCOUNTING, SCENARIOS_FLAG)

COST_NAME = FieldSpec(
    "name", "Name", "text", "What the cost is, e.g. licences.", default="", max_length=80,
)
ONE_OFF_AMOUNT = FieldSpec(
    "amount", "Amount", "number", "Paid once, at the start (year 0).",
    unit="money", minimum=0.0, maximum=MAX_AMOUNT, step="any", required=True,
)
ANNUAL_AMOUNT = FieldSpec(
    "amount", "Amount per year", "number",
    "Paid in each year 1..N: one number for every year, or a list with one number per year.",
    unit="money per year", minimum=0.0, maximum=MAX_AMOUNT, step="any", required=True,
    per_year=True, length="horizon_years",
)

STATED_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", "text", "What the benefit is, e.g. licence fees avoided.", default="", max_length=80),
    FieldSpec("amount", "Amount per year", "number",
              "The benefit in each year 1..N as a business case or study states it: one number for every year, "
              "or a list with one number per year. Not ramped up: give the amounts year by year instead.",
              unit="money per year", minimum=0.0, maximum=MAX_AMOUNT, step="any", required=True,
              per_year=True, length="horizon_years"),
    FieldSpec("risk_adjustment", "Benefit risk adjustment", "number",
              "Haircut for the chance the benefit is overstated (0.1 = 10%).",
              unit="share", minimum=0.0, maximum=1.0, step=0.05, default=0.1),
)
STATED_SPEC = {spec.id: spec for spec in STATED_FIELDS}

METRIC_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Metric", "text", "What is measured, e.g. handling time per invoice.", default="", max_length=80),
    FieldSpec("unit", "Unit", "text", "The metric's unit, e.g. minutes.", default="", max_length=40),
    FieldSpec("type", "Type", "choice", "What kind of outcome this is. Activity metrics add no benefit.",
              options=METRIC_TYPES, required=True),
    FieldSpec("direction", "Better when", "choice", "Whether the metric improves by falling or by rising.",
              options=DIRECTIONS, required=True),
    FieldSpec("baseline", "Baseline", "number", "The metric before the change, measured the same way as the outcome.",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any", required=True),
    FieldSpec("outcome", "Outcome", "number", "The metric after the change.",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any", required=True),
    FieldSpec("annual_volume", "Yearly volume", "number",
              "How many units a year the change applies to, e.g. invoices a year. Not needed for activity metrics.",
              unit="units per year", minimum=0.0, maximum=MAX_VOLUME, step="any", required=True),
    FieldSpec("value_per_unit", "Value per unit of change", "number",
              "Money one unit of improvement is worth per unit of volume, e.g. staff cost per minute saved. "
              "Not needed for activity metrics.",
              unit="money per metric unit", minimum=0.0, maximum=MAX_VALUE_PER_UNIT, step="any", required=True),
    FieldSpec("attribution", "Attribution", "number",
              "Share of the change caused by this use case rather than by anything else (0.6 = 60%). "
              "Leave empty when a control group is given; if both are empty, 100% is assumed, with a warning.",
              unit="share", minimum=0.0, maximum=1.0, step=0.05, default=None),
    FieldSpec("risk_adjustment", "Benefit risk adjustment", "number",
              "Haircut for the chance the benefit is overstated (0.1 = 10%).",
              unit="share", minimum=0.0, maximum=1.0, step=0.05, default=0.1),
    FieldSpec("ramp_up", "Ramp-up of this metric", "number_list",
              "This metric's share of its full benefit in each year, one number per year. Left out: the "
              "ramp-up under the assumptions.",
              unit="share of full benefit", minimum=0.0, maximum=1.0, step=0.05, default=None,
              min_items=1, max_items=10, length="horizon_years", advanced=True),
    FieldSpec("control.baseline", "Control group baseline", "number",
              "The same metric, same period, in a comparable team without the change (difference-in-differences). "
              "Use instead of attribution.",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any", advanced=True),
    FieldSpec("control.outcome", "Control group outcome", "number",
              "The control group's metric over the outcome period.",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any", advanced=True),
    FieldSpec("baseline_samples", "Baseline observations", "number_list",
              "Individual measurements before the change (2 to 10,000). Their mean replaces the baseline, "
              "and a Welch t-test says whether the change is larger than noise.",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any",
              min_items=MIN_SAMPLES, max_items=MAX_SAMPLES, advanced=True),
    FieldSpec("outcome_samples", "Outcome observations", "number_list",
              "Individual measurements after the change (2 to 10,000); their mean replaces the outcome.",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any",
              min_items=MIN_SAMPLES, max_items=MAX_SAMPLES, advanced=True),
    FieldSpec("control.baseline_samples", "Control baseline observations", "number_list",
              "The control group's measurements before (needed with a control when observations are given).",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any",
              min_items=MIN_SAMPLES, max_items=MAX_SAMPLES, advanced=True),
    FieldSpec("control.outcome_samples", "Control outcome observations", "number_list",
              "The control group's measurements after.",
              unit="metric unit", minimum=-MAX_METRIC_VALUE, maximum=MAX_METRIC_VALUE, step="any",
              min_items=MIN_SAMPLES, max_items=MAX_SAMPLES, advanced=True),
)
METRIC_SPEC = {spec.id: spec for spec in METRIC_FIELDS}
METRIC_KEYS = tuple(dict.fromkeys(spec.id.split(".")[0] for spec in METRIC_FIELDS))
CONTROL_KEYS = tuple(spec.id.split(".", 1)[1] for spec in METRIC_FIELDS if spec.id.startswith("control."))
TOP_LEVEL_KEYS = tuple(spec.id for spec in TOP_LEVEL) + ("one_off_costs", "annual_costs", "metrics", "stated_benefits")

# --------------------------------------------------------------------------------------
# Inputs.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    """One cost row; ``amounts`` holds one amount (one-off) or one per year 1..N (annual)."""

    name: str
    amounts: tuple[float, ...]


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


# --------------------------------------------------------------------------------------
# The formulas.
# --------------------------------------------------------------------------------------


def change(direction: str, baseline: float, outcome: float) -> float:
    """The improvement of a metric from its baseline to its outcome, positive when it got better.

    Equation
        :math:`\\Delta = b - o` when lower is better, :math:`\\Delta = o - b` when higher is better.

    Conventions
        ``direction`` is ``"lower_is_better"`` or ``"higher_is_better"``; the
        change is in the metric's own unit.

    Degenerate cases
        A metric that got worse has a negative change (and so a negative benefit).

    Reference
        Forrester, *The Total Economic Impact methodology* (benefits are measured
        against the status quo before the investment).

    >>> change("lower_is_better", 14.0, 6.0), change("higher_is_better", 40.0, 52.0)
    (8.0, 12.0)
    """
    if direction == "lower_is_better":
        return baseline - outcome
    if direction == "higher_is_better":
        return outcome - baseline
    raise ValueError(f"Unknown direction {direction!r}")


def attributable_change(metric: Metric) -> float:
    """The part of a metric's change that the use case caused.

    Equation
        With a control group: :math:`\\Delta_{attr} = \\Delta - \\Delta_{control}`
        (difference-in-differences, both changes by the metric's sign rule).
        Without: :math:`\\Delta_{attr} = \\Delta \\times a`, with attribution
        :math:`a = 1` when none is given (the caller warns).

    Conventions
        The control removes what would have happened anyway (seasonality, other
        projects); attribution is the analyst's estimate of the same thing.

    Degenerate cases
        A control that improved more than the treated group gives a negative
        attributable change.

    Reference
        J. D. Angrist and J.-S. Pischke, *Mostly Harmless Econometrics*,
        Princeton, 2009, ch. 5 (difference-in-differences).

    Worked difference-in-differences: handling time 14 → 6 minutes in the team
    with the tool (change 8), 14.5 → 13 in a team without it (change 1.5):
    8 − 1.5 = 6.5 minutes are attributable.

    >>> treated = Metric("Handling time", "min", "time", "lower_is_better", 14.0, 6.0, 1.0, 1.0,
    ...                  control=Control(14.5, 13.0))
    >>> attributable_change(treated)
    6.5
    >>> attributable_change(replace(treated, control=None, attribution=0.5))
    4.0
    """
    raw = change(metric.direction, metric.baseline, metric.outcome)
    if metric.control is not None:
        return raw - change(metric.direction, metric.control.baseline, metric.control.outcome)
    return raw * (1.0 if metric.attribution is None else metric.attribution)


def annual_benefit(metric: Metric) -> float:
    """A metric's risk-adjusted benefit in one year of full operation.

    Equation
        :math:`B = \\Delta_{attr} \\times V \\times p \\times (1 - \\rho)` with
        yearly volume :math:`V`, value per unit of change :math:`p` and benefit
        risk adjustment :math:`\\rho`.

    Conventions
        TEI reduces each benefit by a risk adjustment rather than adding a risk
        premium to the discount rate.

    Degenerate cases
        ``activity`` metrics give 0: usage is not impact.

    Reference
        Forrester, *The Total Economic Impact methodology*, "Risk-adjusted benefits".

    >>> m = Metric("Handling time", "min", "time", "lower_is_better", 14.0, 6.0, 60000.0, 0.75,
    ...            control=Control(14.5, 13.0), risk_adjustment=0.1)
    >>> round(annual_benefit(m), 6)  # 6.5 min x 60,000 x 0.75 x 0.9
    263250.0
    >>> annual_benefit(replace(m, type="activity"))
    0.0
    """
    if metric.type == ACTIVITY:
        return 0.0
    return attributable_change(metric) * metric.annual_volume * metric.value_per_unit * (1.0 - metric.risk_adjustment)


def yearly_benefits(metrics: Sequence[Metric], ramp_up: Sequence[float]) -> tuple[float, ...]:
    """Measured benefits in years 0..N: nothing in year 0, then each metric's benefit at its own ramp-up.

    Equation
        :math:`B_0 = 0`, :math:`B_t = \\sum_m u_{m,t} B_m` for :math:`t = 1..N`,
        where :math:`u_m` is metric :math:`m`'s own ramp-up when it has one and
        the calculator's ``ramp_up`` otherwise.

    Conventions
        Each ramp-up has N shares :math:`u_t` in [0, 1] of the metric's full
        yearly benefit :math:`B_m` (:func:`annual_benefit`); when the flows are
        counted within the year is the discounting's business.

    Degenerate cases
        No metrics, or only activity metrics, give zero benefits.

    Reference
        Forrester TEI studies phase each benefit in by a ramp-up per year.

    Worked example: errors worth 20,000 a year at full benefit on the shared
    ramp-up 50% then 100%, and time worth 6,000 a year on its own ramp-up 0% then
    100%: year 1 = 0.5 × 20,000 + 0 × 6,000 = 10,000; year 2 = 20,000 + 6,000.

    >>> errors = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1000.0, 10.0, 1.0, None, 0.0)
    >>> time = replace(errors, name="Time", baseline=3.0, outcome=0.0, annual_volume=200.0, ramp_up=(0.0, 1.0))
    >>> yearly_benefits([errors, time], [0.5, 1.0])
    (0.0, 10000.0, 26000.0)
    """
    full = [(annual_benefit(metric), metric.ramp_up or ramp_up) for metric in metrics]
    return (0.0,) + tuple(math.fsum(shares[t] * benefit for benefit, shares in full) for t in range(len(ramp_up)))


def stated_yearly_benefits(stated: Sequence[StatedBenefit], horizon_years: int) -> tuple[float, ...]:
    """Stated benefits in years 0..N, risk-adjusted.

    Equation
        :math:`S_0 = 0`, :math:`S_t = \\sum_k s_{k,t} (1 - \\rho_k)` for
        :math:`t = 1..N`, with amount :math:`s_{k,t}` of line :math:`k` in year
        :math:`t` and its risk adjustment :math:`\\rho_k`.

    Conventions
        A line holds one amount (every year) or one per year, as stated by a
        business case or a study; it is not ramped up. Stated benefits are
        kept apart from measured ones so the result can say how much of it
        rests on a baseline.

    Degenerate cases
        No lines give zero benefits.

    Reference
        Forrester, *The Total Economic Impact methodology*, "Risk-adjusted benefits".

    >>> stated_yearly_benefits([StatedBenefit("Licences avoided", (1000.0, 2000.0), 0.1)], 2)
    (0.0, 900.0, 1800.0)
    """
    return (0.0,) + tuple(
        math.fsum(_amount_in_year(line, year) * (1.0 - line.risk_adjustment) for line in stated)
        for year in range(1, horizon_years + 1)
    )


def yearly_costs(
    one_off: Sequence[CostLine], annual: Sequence[CostLine], cost_risk_adjustment: float, horizon_years: int
) -> tuple[float, ...]:
    """Risk-adjusted costs in years 0..N.

    Equation
        :math:`C_0 = (1 + \\kappa) \\sum_j c_j` over one-off costs,
        :math:`C_t = (1 + \\kappa) \\sum_k c_{k,t}` over annual costs, with
        cost risk adjustment :math:`\\kappa`.

    Conventions
        An annual cost line holds either one amount (every year) or one per year.

    Degenerate cases
        No cost lines give zero costs (ROI and payback are then undefined).

    Reference
        Forrester, *The Total Economic Impact methodology*, "Risk-adjusted costs".

    >>> yearly_costs([CostLine("Build", (100.0,))], [CostLine("Run", (10.0, 20.0))], 0.1, 2)
    (110.00000000000001, 11.0, 22.0)
    """
    factor = 1.0 + cost_risk_adjustment
    year_zero = factor * math.fsum(line.amounts[0] for line in one_off)
    later = tuple(factor * math.fsum(_amount_in_year(line, year) for line in annual) for year in range(1, horizon_years + 1))
    return (year_zero,) + later


def _amount_in_year(line: CostLine | StatedBenefit, year: int) -> float:
    return line.amounts[0] if len(line.amounts) == 1 else line.amounts[year - 1]


# --------------------------------------------------------------------------------------
# Projection: the numbers for one set of inputs.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Year:
    year: int
    benefits: float
    costs: float
    net: float
    cumulative: float
    discounted_net: float

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "benefits": self.benefits,
            "costs": self.costs,
            "net": self.net,
            "cumulative": self.cumulative,
            "discounted_net": self.discounted_net,
        }


@dataclass(frozen=True)
class Projection:
    """NPV, ROI, payback and IRR of one set of inputs; ``undefined`` names each ``None`` figure's reason."""

    npv: float
    roi: float | None
    pv_benefits: float
    pv_costs: float
    pv_measured_benefits: float
    pv_stated_benefits: float
    measured_share: float | None
    payback_months: float | None
    irr: IrrResult
    years: tuple[Year, ...]
    undefined: dict[str, str]

    def summary_json(self) -> dict:
        return {
            "npv": self.npv,
            "roi": self.roi,
            "pv_benefits": self.pv_benefits,
            "pv_costs": self.pv_costs,
            "pv_measured_benefits": self.pv_measured_benefits,
            "pv_stated_benefits": self.pv_stated_benefits,
            "measured_share": self.measured_share,
            "payback_months": self.payback_months,
            "irr": self.irr.rate,
            "undefined": dict(self.undefined),
        }


def benefit_streams(inputs: RoiInputs) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Measured and stated benefits of years 0..N (:func:`yearly_benefits`, :func:`stated_yearly_benefits`)."""
    return (
        yearly_benefits(inputs.metrics, inputs.ramp_up),
        stated_yearly_benefits(inputs.stated_benefits, inputs.horizon_years),
    )


def cash_flows(inputs: RoiInputs) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """Benefits (measured and stated), costs and net cash flows of years 0..N (see :func:`benefit_streams`,
    :func:`yearly_costs`).

    >>> m = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1000.0, 10.0, 1.0, None, 0.0)
    >>> inputs = RoiInputs(2, 0.1, (CostLine("Build", (30000.0,)),), (), 0.0, (0.5, 1.0), (m,))
    >>> cash_flows(inputs)[2]
    (-30000.0, 10000.0, 20000.0)
    """
    return _flows(inputs)[2:]


def _flows(inputs: RoiInputs) -> tuple[tuple[float, ...], ...]:
    """Measured and stated benefits, then benefits, costs and net cash flows, of years 0..N."""
    measured, stated = benefit_streams(inputs)
    benefits = tuple(m + s for m, s in zip(measured, stated))
    costs = yearly_costs(inputs.one_off_costs, inputs.annual_costs, inputs.cost_risk_adjustment, inputs.horizon_years)
    net = tuple(b - c for b, c in zip(benefits, costs))
    return measured, stated, benefits, costs, net


def has_benefits(inputs: RoiInputs) -> bool:
    """Whether any benefit was entered: an outcome metric that is not activity, or a stated benefit."""
    return bool(inputs.stated_benefits) or any(metric.type != ACTIVITY for metric in inputs.metrics)


def undefined_figures(inputs: RoiInputs, pv_costs: float, share: float | None) -> dict[str, str]:
    """The figures that have no value for these inputs, each with the reason people read.

    ROI divides by the PV of costs, so it needs costs; payback needs something
    to pay back and benefits to pay it. A use case is often costed before its
    benefits are measured, or the other way round: neither is an error. ``share``
    is :func:`measured_share` of the PVs.

    >>> undefined_figures(RoiInputs(1, 0.1, (), (), 0.0, (1.0,), ()), 0.0, None)["roi"]
    'Undefined: no costs were entered, and ROI divides by the present value of the costs.'
    """
    reasons = {}
    costless = not pv_costs >= MIN_PV_COSTS
    benefitless = not has_benefits(inputs)
    if costless:
        reasons["roi"] = "Undefined: no costs were entered, and ROI divides by the present value of the costs."
        reasons["payback_months"] = "Undefined: no costs were entered, so there is nothing to pay back."
    elif benefitless:
        reasons["roi"] = "Undefined: no benefits were entered, so there is no return to set against the costs."
        reasons["payback_months"] = "Undefined: no benefits were entered, so nothing pays the costs back."
    if benefitless:
        reasons["measured_share"] = "Undefined: no benefits were entered."
    elif share is None:
        reasons["measured_share"] = "Undefined: the benefits are not above zero, or part of them is negative."
    return reasons


def measured_share(pv_measured: float, pv_stated: float) -> float | None:
    """The share of the PV of benefits that rests on metrics measured against a baseline.

    Equation
        :math:`m = PV_{measured} / (PV_{measured} + PV_{stated})`.

    Conventions
        Measured benefits come from outcome metrics with a baseline; stated ones
        are amounts taken as given. The rest, :math:`1 - m`, rests on statements.

    Degenerate cases
        ``None`` when either part is negative (a metric that got worse) or the
        sum is not above zero: a share of a negative or zero total means nothing.

    Reference
        The article's thesis: impact counts when it is measured against a baseline.

    >>> measured_share(75.0, 25.0), measured_share(0.0, 0.0), measured_share(-5.0, 10.0)
    (0.75, None, None)
    """
    total = pv_measured + pv_stated
    if pv_measured < 0 or pv_stated < 0 or not total > 0:
        return None
    return pv_measured / total


def project(inputs: RoiInputs) -> Projection:
    """The headline numbers and the year table of ``inputs``.

    >>> m = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1000.0, 10.0, 1.0, None, 0.0)
    >>> p = project(RoiInputs(2, 0.0, (CostLine("Build", (30000.0,)),), (), 0.0, (0.5, 1.0), (m,)))
    >>> p.npv, p.roi, p.payback_months  # 30,000 - 30,000 at 0%: payback exactly at 24 months
    (0.0, 0.0, 24.0)
    >>> free = project(RoiInputs(1, 0.0, (), (), 0.0, (1.0,), (m,)))  # no costs: PV benefits and NPV stand
    >>> free.npv, free.roi, sorted(free.undefined)
    (20000.0, None, ['payback_months', 'roi'])
    """
    measured, stated, benefits, costs, net = _flows(inputs)
    rate, discounting = inputs.discount_rate, inputs.discounting

    def pv(values: Sequence[float]) -> float:
        return present_value(rate, values, discounting)

    pv_benefits, pv_costs = pv(benefits), pv(costs)
    pv_measured, pv_stated = pv(measured), pv(stated)
    share = measured_share(pv_measured, pv_stated)
    undefined = undefined_figures(inputs, pv_costs, share)
    years = []
    cumulative = 0.0
    for year, (b, c, n) in enumerate(zip(benefits, costs, net)):
        cumulative += n
        years.append(Year(year, b, c, n, cumulative, n / (1.0 + rate) ** years_from_now(year, discounting)))
    return Projection(
        npv=pv(net),
        roi=None if "roi" in undefined else return_on_investment(pv_benefits, pv_costs),
        pv_benefits=pv_benefits,
        pv_costs=pv_costs,
        pv_measured_benefits=pv_measured,
        pv_stated_benefits=pv_stated,
        measured_share=share,
        payback_months=None if "payback_months" in undefined else payback_months(net),
        irr=internal_rate_of_return(net, discounting),
        years=tuple(years),
        undefined=undefined,
    )


def _npv_only(inputs: RoiInputs) -> float:
    return present_value(inputs.discount_rate, cash_flows(inputs)[2], inputs.discounting)


# --------------------------------------------------------------------------------------
# Sensitivity and scenarios.
# --------------------------------------------------------------------------------------

#: Each driver is moved by this share down and up.
SENSITIVITY_STEP = 0.20


@dataclass(frozen=True)
class Driver:
    """A numeric input the NPV depends on, and how to set it."""

    field: str
    label: str
    value: float
    apply: Callable[[RoiInputs, float], RoiInputs]
    is_share: bool = False


@dataclass(frozen=True)
class SensitivityRow:
    field: str
    label: str
    value: float
    value_down: float
    value_up: float
    npv_down: float
    npv_up: float

    @property
    def swing(self) -> float:
        return abs(self.npv_up - self.npv_down)

    def to_json(self) -> dict:
        return {
            "field": self.field,
            "label": self.label,
            "value": self.value,
            "value_down": self.value_down,
            "value_up": self.value_up,
            "npv_down": self.npv_down,
            "npv_up": self.npv_up,
            "swing": self.swing,
        }


def _metric_label(metric: Metric, index: int) -> str:
    return metric.name or f"Metric {index + 1}"


def _with_metric(index: int, key: str) -> Callable[[RoiInputs, float], RoiInputs]:
    """A setter for field ``key`` of metric ``index`` (a ``control_`` prefix reaches into its control)."""

    def apply(inputs: RoiInputs, value: float) -> RoiInputs:
        metrics = list(inputs.metrics)
        metric = metrics[index]
        if key.startswith("control_"):
            assert metric.control is not None
            metric = replace(metric, control=replace(metric.control, **{key[len("control_"):]: value}))
        else:
            metric = replace(metric, **{key: value})
        metrics[index] = metric
        return replace(inputs, metrics=tuple(metrics))

    return apply


def _scale_amounts(group: str, index: int) -> Callable[[RoiInputs, float], RoiInputs]:
    """A setter that scales every amount of line ``index`` of ``group`` (a cost or stated-benefit list)."""

    def apply(inputs: RoiInputs, factor: float) -> RoiInputs:
        lines = list(getattr(inputs, group))
        line = lines[index]
        lines[index] = replace(line, amounts=tuple(amount * factor for amount in line.amounts))
        return replace(inputs, **{group: tuple(lines)})

    return apply


def drivers(inputs: RoiInputs) -> list[Driver]:
    """The numeric inputs :func:`sensitivity` moves, in input order.

    Each non-activity metric contributes its baseline, outcome, yearly volume
    and value per unit, plus its attribution (assumed 1.0 when not given) or
    its control group's baseline and outcome. Each cost row is one driver
    (all its years move together; its value is its total over the horizon),
    and so is each stated benefit line, and the discount rate.
    """
    found: list[Driver] = []
    for i, metric in enumerate(inputs.metrics):
        if metric.type == ACTIVITY:
            continue
        path, label = f"metrics[{i}]", _metric_label(metric, i)
        found += [
            Driver(f"{path}.baseline", f"{label}: baseline", metric.baseline, _with_metric(i, "baseline")),
            Driver(f"{path}.outcome", f"{label}: outcome", metric.outcome, _with_metric(i, "outcome")),
            Driver(f"{path}.annual_volume", f"{label}: yearly volume", metric.annual_volume,
                   _with_metric(i, "annual_volume")),
            Driver(f"{path}.value_per_unit", f"{label}: value per unit", metric.value_per_unit,
                   _with_metric(i, "value_per_unit")),
        ]
        if metric.control is None:
            attribution = 1.0 if metric.attribution is None else metric.attribution
            found.append(Driver(f"{path}.attribution", f"{label}: attribution", attribution,
                                _with_metric(i, "attribution"), is_share=True))
        else:
            found += [
                Driver(f"{path}.control.baseline", f"{label}: control baseline", metric.control.baseline,
                       _with_metric(i, "control_baseline")),
                Driver(f"{path}.control.outcome", f"{label}: control outcome", metric.control.outcome,
                       _with_metric(i, "control_outcome")),
            ]
    for group, unnamed in (("one_off_costs", "One-off cost"), ("annual_costs", "Annual cost"),
                           ("stated_benefits", "Stated benefit")):
        for i, line in enumerate(getattr(inputs, group)):
            total = line.amounts[0] if group == "one_off_costs" else math.fsum(
                _amount_in_year(line, year) for year in range(1, inputs.horizon_years + 1)
            )
            scale = _scale_amounts(group, i)
            found.append(Driver(f"{group}[{i}].amount", line.name or f"{unnamed} {i + 1}", total,
                                lambda inputs, value, scale=scale, total=total: scale(inputs, value / total if total else 1.0)))
    found.append(Driver("discount_rate", "Discount rate", inputs.discount_rate,
                        lambda inputs, value: replace(inputs, discount_rate=value)))
    return found


def sensitivity(inputs: RoiInputs) -> list[SensitivityRow]:
    """NPV with each driver 20% lower and 20% higher, largest swing first: a tornado chart's data.

    Equation
        For driver :math:`d` with value :math:`v`: :math:`NPV^-_d` at
        :math:`0.8 v` and :math:`NPV^+_d` at :math:`1.2 v`, everything else
        unchanged; swing :math:`= |NPV^+_d - NPV^-_d|`.

    Conventions
        One driver moves at a time (the drivers are those of :func:`drivers`).
        Shares (attribution) stay within 0–1, so an attribution of 1 only moves
        down. Ties keep input order.

    Degenerate cases
        A driver whose value is 0 does not move and has a swing of 0.

    Reference
        A. Saltelli et al., *Global Sensitivity Analysis: The Primer*, Wiley,
        2008, §1.2 (one-at-a-time sensitivity and tornado plots).

    >>> m = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1000.0, 10.0, 1.0, None, 0.0)
    >>> inputs = RoiInputs(1, 0.0, (CostLine("Build", (10000.0,)),), (), 0.0, (1.0,), (m,))
    >>> [(row.field, round(row.npv_down, 6), round(row.npv_up, 6)) for row in sensitivity(inputs)][:2]
    [('metrics[0].baseline', 0.0, 20000.0), ('metrics[0].outcome', 16000.0, 4000.0)]
    """
    rows = []
    for driver in drivers(inputs):
        down = driver.value * (1.0 - SENSITIVITY_STEP)
        up = driver.value * (1.0 + SENSITIVITY_STEP)
        if driver.is_share:
            down, up = min(max(down, 0.0), 1.0), min(max(up, 0.0), 1.0)
        rows.append(SensitivityRow(
            field=driver.field,
            label=driver.label,
            value=driver.value,
            value_down=down,
            value_up=up,
            npv_down=_npv_only(driver.apply(inputs, down)),
            npv_up=_npv_only(driver.apply(inputs, up)),
        ))
    return sorted(rows, key=lambda row: -row.swing)


@dataclass(frozen=True)
class Scenario:
    """A documented move of the risk assumptions.

    ``risk_shift`` is added to every benefit's risk adjustment (metrics and stated benefits),
    ``cost_risk_shift`` to the cost risk adjustment (both kept within 0–1),
    and assumed attributions (given, or 1.0 by default) are multiplied by
    ``attribution_factor`` (kept within 0–1). A difference-in-differences
    change is measured, not assumed, so scenarios leave it alone.
    """

    id: str
    label: str
    description: str
    risk_shift: float
    cost_risk_shift: float
    attribution_factor: float

    def apply(self, inputs: RoiInputs) -> RoiInputs:
        """The inputs under this scenario.

        >>> m = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1.0, 1.0, 0.5, None, 0.1)
        >>> inputs = RoiInputs(1, 0.1, (), (CostLine("Run", (1.0,)),), 0.05, (1.0,), (m,))
        >>> moved = SCENARIOS[0].apply(inputs)
        >>> moved.metrics[0].attribution, round(moved.metrics[0].risk_adjustment, 12), moved.cost_risk_adjustment
        (0.4, 0.2, 0.15000000000000002)
        """
        def clamp(value: float) -> float:
            return min(max(value, 0.0), 1.0)

        metrics = []
        for metric in inputs.metrics:
            attribution = metric.attribution
            if metric.control is None:
                attribution = clamp((1.0 if attribution is None else attribution) * self.attribution_factor)
                if metric.attribution is None and self.attribution_factor == 1.0:
                    attribution = None
            metrics.append(replace(metric, attribution=attribution, risk_adjustment=clamp(metric.risk_adjustment + self.risk_shift)))
        stated = tuple(
            replace(line, risk_adjustment=clamp(line.risk_adjustment + self.risk_shift)) for line in inputs.stated_benefits
        )
        return replace(
            inputs,
            metrics=tuple(metrics),
            stated_benefits=stated,
            cost_risk_adjustment=clamp(inputs.cost_risk_adjustment + self.cost_risk_shift),
        )

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "description": self.description,
            "shifts": {
                "risk_adjustment": self.risk_shift,
                "cost_risk_adjustment": self.cost_risk_shift,
                "attribution_factor": self.attribution_factor,
            },
        }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("conservative", "Conservative",
             "Benefit and cost risk adjustments 10 points higher; assumed attribution 20% lower.", 0.10, 0.10, 0.8),
    Scenario("expected", "Expected", "The inputs as entered.", 0.0, 0.0, 1.0),
    Scenario("optimistic", "Optimistic",
             "Benefit and cost risk adjustments 10 points lower; assumed attribution 20% higher (at most 100%).",
             -0.10, -0.10, 1.2),
)

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
        row = reader.object(raw, path, ("name", "amount"))
        if row is None:
            continue
        name = reader.string(row, "name", path, default="", max_length=COST_NAME.max_length or 80)
        amounts: tuple[float, ...] | None
        if annual:
            amounts = _per_year_amounts(reader, row, path, ANNUAL_AMOUNT, horizon)
        else:
            single = _spec_number(reader, row, ONE_OFF_AMOUNT, path)
            amounts = None if single is None else (single,)
        if name is not None and amounts is not None:
            lines.append(CostLine(name, amounts))
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


# --------------------------------------------------------------------------------------
# The calculator: run and schema.
# --------------------------------------------------------------------------------------


def evidence(metric: Metric) -> WelchTest | None:
    """The Welch test of a metric's attributable change, when it was measured as samples.

    Equation
        The contrast :math:`\\sum_i c_i \\bar x_i` equal to the attributable
        change: :math:`c = (+1, -1)` on (baseline, outcome) when lower is
        better and :math:`(-1, +1)` when higher is better; with a control, its
        (baseline, outcome) get the opposite signs (difference-in-differences).
        See :func:`calculators.welch.contrast_test`.

    Conventions
        The four groups are independent samples; the difference follows the
        change's sign rule, so a positive ``mean_difference`` is an improvement.

    Degenerate cases
        ``None`` without samples.

    Reference
        Welch (1947); Angrist and Pischke (2009), ch. 5.

    >>> m = Metric("Time", "min", "time", "lower_is_better", 0, 0, 1, 1,
    ...            baseline_samples=(5.0, 6.0, 7.0), outcome_samples=(1.0, 2.0, 3.0))
    >>> evidence(m).estimate, round(evidence(m).p_value, 6)
    (4.0, 0.00805)
    """
    if metric.baseline_samples is None or metric.outcome_samples is None:
        return None
    sign = 1.0 if metric.direction == "lower_is_better" else -1.0
    groups: list[tuple[float, Sequence[float]]] = [(sign, metric.baseline_samples), (-sign, metric.outcome_samples)]
    control = metric.control
    if control is not None and control.baseline_samples is not None and control.outcome_samples is not None:
        groups += [(-sign, control.baseline_samples), (sign, control.outcome_samples)]
    return contrast_test(groups)


def _metric_warnings(metric: Metric, index: int, test: WelchTest | None) -> list[ResultWarning]:
    path, label = f"metrics[{index}]", _metric_label(metric, index)
    found = []
    if metric.type == ACTIVITY:
        found.append(ResultWarning("activity_not_impact", path,
                             f"{label} measures activity, and activity is not impact: it adds no benefit. "
                             "Measure the outcome it should move (time, cost, quality, revenue, risk) instead."))
        return found
    if metric.attribution is None and metric.control is None:
        found.append(ResultWarning("attribution_assumed", join(path, "attribution"),
                             f"{label}: no attribution or control group was given, so 100% of the change is "
                             "credited to this use case. Enter an attribution share or a control group."))
    if attributable_change(metric) < 0:
        found.append(ResultWarning("negative_change", path,
                             f"{label} got worse against its baseline (or against its control), "
                             "so its benefit is negative."))
    if test is not None:
        if test.p_value is None:
            found.append(ResultWarning("test_undefined", path,
                                 f"{label}: every observation in each group is the same, so no test of the change is possible."))
        elif not test.significant:
            found.append(ResultWarning("not_significant", path,
                                 f"{label}: the change is not statistically significant "
                                 f"(p = {test.p_value:.3f}); it may be noise."))
    return found


def _projection_warnings(projection: Projection, horizon_years: int) -> list[ResultWarning]:
    found = []
    if projection.payback_months is None and "payback_months" not in projection.undefined:  # else: said beside it
        found.append(ResultWarning("no_payback", "payback_months",
                             f"No payback within the {horizon_years}-year horizon: the cumulative cash flow "
                             "is still negative at the end."))
    elif projection.payback_months is not None:
        months = projection.payback_months
        later = [y.year for y in projection.years if y.cumulative < 0 and 12.0 * y.year > months]
        if later:
            found.append(ResultWarning("payback_reversed", "payback_months",
                                 f"The cumulative cash flow falls below zero again in year {later[0]}."))
    if projection.irr.rate is None:
        found.append(ResultWarning("irr_undefined", "irr", projection.irr.reason or "The IRR is undefined."))
    elif len(projection.irr.all_rates) > 1:
        shown = ", ".join(f"{rate:.1%}" for rate in projection.irr.all_rates)
        found.append(ResultWarning("irr_multiple", "irr",
                             f"The cash flows change sign more than once and have several IRRs ({shown}); "
                             "the one closest to zero is shown. Rely on the NPV."))
    return found


def run(payload: object) -> dict:
    """Validate ``payload`` and compute the ROI result (see the module docstring for both shapes).

    Raises :class:`calculators.validation.Invalid` naming every bad field.

    >>> result = run({"one_off_costs": [{"name": "Build", "amount": 1000}], "metrics": [
    ...     {"name": "Rework", "type": "quality", "direction": "lower_is_better", "baseline": 10, "outcome": 6,
    ...      "annual_volume": 100, "value_per_unit": 2, "attribution": 0.5, "risk_adjustment": 0}]})
    >>> result["metrics"][0]["annual_benefit"], [round(y["net"]) for y in result["years"]]
    (400.0, [-1000, 400, 400, 400])
    """
    inputs, warnings = read_inputs(payload)
    projection = project(inputs)
    metrics_json = []
    for index, metric in enumerate(inputs.metrics):
        test = evidence(metric)
        warnings += _metric_warnings(metric, index, test)
        metrics_json.append({
            "name": metric.name,
            "unit": metric.unit,
            "type": metric.type,
            "change": change(metric.direction, metric.baseline, metric.outcome),
            "attributable_change": attributable_change(metric),
            "annual_benefit": annual_benefit(metric),
            "excluded": metric.type == ACTIVITY,
            "evidence": None if test is None else test.to_json(),
        })
    warnings += _projection_warnings(projection, inputs.horizon_years)
    result = {
        **projection.summary_json(),
        "discounting": inputs.discounting,
        "years": [year.to_json() for year in projection.years],
        "metrics": metrics_json,
        "stated_benefits": [
            {
                "name": line.name,
                "risk_adjustment": line.risk_adjustment,
                "benefits": list(stated_yearly_benefits((line,), inputs.horizon_years)[1:]),
            }
            for line in inputs.stated_benefits
        ],
        "sensitivity": [row.to_json() for row in sensitivity(inputs)],
        "warnings": [warning.to_json() for warning in warnings],
    }
    if inputs.scenarios:
        result["scenarios"] = [
            {**scenario.to_json(), **project(scenario.apply(inputs)).summary_json()} for scenario in SCENARIOS
        ]
    return result


#: The example the site pre-renders: invoice processing with an AI extraction and matching step.
EXAMPLE: dict = {
    "horizon_years": 3,
    "discount_rate": 0.10,
    "discounting": "end_of_year",
    "cost_risk_adjustment": 0.10,
    "ramp_up": [0.5, 0.9, 1.0],
    "scenarios": True,
    "one_off_costs": [
        {"name": "Integration and workflow redesign", "amount": 120000},
        {"name": "Data clean-up and exception rules", "amount": 30000},
    ],
    "annual_costs": [
        {"name": "Licences and model usage", "amount": [36000, 42000, 48000]},
        {"name": "Operations, monitoring and audit", "amount": 25000},
    ],
    "metrics": [
        {
            "name": "Handling time per invoice", "unit": "minutes", "type": "time", "direction": "lower_is_better",
            "baseline": 14, "outcome": 6, "annual_volume": 60000, "value_per_unit": 0.75,
            "control": {"baseline": 14.5, "outcome": 13}, "risk_adjustment": 0.10,
        },
        {
            "name": "Late-payment penalties per invoice", "unit": "money", "type": "cost",
            "direction": "lower_is_better", "baseline": 0.9, "outcome": 0.4, "annual_volume": 60000,
            "value_per_unit": 1, "attribution": 0.6, "risk_adjustment": 0.20,
        },
        {
            "name": "Assistant prompts per week", "unit": "prompts", "type": "activity",
            "direction": "higher_is_better", "baseline": 0, "outcome": 4200,
        },
    ],
    "stated_benefits": [],
}


def _row_group(id: str, label: str, help: str, item_label: str, fields: Sequence[FieldSpec], new_item: dict) -> dict:
    return {
        "id": id,
        "label": label,
        "help": help,
        "item_label": item_label,
        "min_items": 0,
        "max_items": MAX_ROWS,
        "fields": [spec.to_json() for spec in fields],
        "new_item": new_item,
    }


#: The handful of inputs most people have, for a quick estimate: one cost, one running cost, one
#: outcome metric measured against its baseline (the first row of each list).
QUICK = (
    "one_off_costs.amount", "annual_costs.amount",
    "metrics.name", "metrics.unit", "metrics.direction",
    "metrics.baseline", "metrics.outcome", "metrics.annual_volume", "metrics.value_per_unit",
)

#: What the result means to a reader (see :mod:`calculators.outputs`).
OUTPUTS = (
    Output("npv", "Net present value", "money", headline=True, note="after costs, in today's money"),
    Output("roi", "Return on investment", "percent", headline=True, note="PV benefits less PV costs, over PV costs"),
    Output("payback_months", "Payback", "months", headline=True,
           note="from the start, undiscounted, each year's cash accruing evenly through it"),
    Output("pv_benefits", "PV of benefits", "money", note="risk-adjusted and attributed"),
    Output("measured_share", "Measured against a baseline", "percent",
           note="share of the PV of benefits from outcome metrics; the rest is stated"),
    Output("pv_costs", "PV of costs", "money", note="including the cost risk allowance"),
    Output("irr", "Internal rate of return", "percent", note="the rate at which NPV is zero"),
)


def schema() -> dict:
    """The inputs, for a generic form renderer; the shape is in the module docstring.

    >>> s = schema()
    >>> [f["id"] for f in s["fields"]], [r["id"] for r in s["lists"]]
    (['horizon_years', 'discount_rate', 'cost_risk_adjustment', 'ramp_up', 'discounting', 'scenarios'], ['one_off_costs', 'annual_costs', 'metrics', 'stated_benefits'])
    """
    return {
        "calculator": "roi",
        "title": "Baseline-versus-outcome ROI",
        "summary": (
            "Net present value, ROI, payback and IRR of one use case, from outcome metrics measured against a "
            "baseline, attributed to the change and risk-adjusted as in Forrester's Total Economic Impact method."
        ),
        "fields": [spec.to_json() for spec in TOP_LEVEL],
        "lists": [
            _row_group("one_off_costs", "One-off costs", "Paid once, at the start: build, integration, data work.",
                       "One-off cost", (COST_NAME, ONE_OFF_AMOUNT), {"name": "", "amount": 0}),
            _row_group("annual_costs", "Yearly costs", "Paid every year: licences, usage, running and governance.",
                       "Yearly cost", (COST_NAME, ANNUAL_AMOUNT), {"name": "", "amount": 0}),
            _row_group("metrics", "Outcome metrics",
                       "What the use case should move, measured before (baseline) and after (outcome).",
                       "Metric", METRIC_FIELDS,
                       {"name": "", "unit": "", "type": "time", "direction": "lower_is_better", "baseline": 0,
                        "outcome": 0, "annual_volume": 0, "value_per_unit": 0, "risk_adjustment": 0.1}),
            _row_group("stated_benefits", "Stated benefits",
                       "Benefits taken as stated, year by year, rather than measured against a baseline: avoided "
                       "licence fees, a business case's figure. The result says how much of the total rests on them.",
                       "Stated benefit", STATED_FIELDS, {"name": "", "amount": 0, "risk_adjustment": 0.1}),
        ],
        "outputs": outputs_json(OUTPUTS),
        # The quick estimate: these fields of each list's first row; everything else at its default.
        "quick": list(QUICK),
        "defaults": copy.deepcopy(EXAMPLE),
    }
