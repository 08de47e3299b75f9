"""The ROI calculator's field table: every input's kind, range, default and help, in one place.

One table drives both the validation (:func:`calculators.roi.inputs.read_inputs` reads each
value within its field's range) and the schema (:func:`calculators.roi.form_schema.schema` shows
the same fields to a form renderer), so a range is never written twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..cash_flow import END_OF_YEAR, MID_YEAR


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

HORIZON = FieldSpec(
    "horizon_years", "Horizon", "integer",
    "Years of benefit counted after the year-0 investment. TEI studies use three.",
    unit="years", minimum=1, maximum=10, step=1, default=3,
)
DISCOUNT_RATE = FieldSpec(
    "discount_rate", "Discount rate", "number",
    "Yearly rate used to bring future cash flows to today's value; TEI studies use 10%.",
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
    "Allowance for cost overrun: every cost without a risk adjustment of its own is multiplied by (1 + this): "
    "10% makes it 1.10 times.",
    unit="share", minimum=0.0, maximum=1.0, step=0.01, default=0.0,
)
RAMP_UP = FieldSpec(
    "ramp_up", "Ramp-up", "number_list",
    "Share of the full benefit reached in each year, one number per year (50% = half). Left out: full benefit "
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
COST_LINE_RISK = FieldSpec(
    "risk_adjustment", "Risk adjustment of this cost", "number",
    "Allowance for overrun on this cost alone: its amount is multiplied by (1 + this) (0.05 = 5%), as TEI "
    "studies set one per cost line. Left empty: the cost risk adjustment under the assumptions.",
    unit="share", minimum=0.0, maximum=1.0, step=0.05, default=None, advanced=True,
)
COST_KEYS = ("name", "amount", "risk_adjustment")

STATED_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", "text", "What the benefit is, e.g. licence fees avoided.", default="", max_length=80),
    FieldSpec("amount", "Amount per year", "number",
              "The benefit in each year 1..N as a business case or study states it: one number for every year, "
              "or a list with one number per year. Not ramped up: give the amounts year by year instead.",
              unit="money per year", minimum=0.0, maximum=MAX_AMOUNT, step="any", required=True,
              per_year=True, length="horizon_years"),
    FieldSpec("risk_adjustment", "Benefit risk adjustment", "number",
              "Haircut for the chance the benefit is overstated: 10% keeps nine tenths.",
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
              "Share of the change caused by this use case rather than by anything else (60% = six tenths). "
              "Leave empty when a control group is given; if both are empty, 100% is assumed, with a warning.",
              unit="share", minimum=0.0, maximum=1.0, step=0.05, default=None),
    FieldSpec("risk_adjustment", "Benefit risk adjustment", "number",
              "Haircut for the chance the benefit is overstated: 10% keeps nine tenths.",
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
