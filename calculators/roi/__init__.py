"""Baseline-versus-outcome ROI of one AI use case, attributed and risk-adjusted (Forrester TEI conventions).

A use case pays when an outcome the business cares about moves, against a
baseline recorded before the change, by an amount that can be attributed to
the change, after a haircut for the risk that the estimate is optimistic.
Usage (seats, prompts, logins) is not an outcome: activity metrics are listed
with a warning and add nothing.

The calculator's interface is :func:`schema` (its inputs, outputs and defaults) and
:func:`run` (the result of a payload); this module is its public face and re-exports them, with
the names other code uses, from the modules that hold them, one concern each:

* :mod:`calculators.roi.fields`: the field table, every input's kind, range, default and help,
  read by both the validation and the schema.
* :mod:`calculators.roi.inputs`: the input (its JSON shape and ranges), the validated inputs
  and :func:`read_inputs`.
* :mod:`calculators.roi.model`: the formulas of one metric and of each year's benefits and
  costs, and a metric's evidence (a Welch test).
* :mod:`calculators.roi.projection`: the numbers for one set of inputs (cash flows, present
  values, NPV, ROI, payback, IRR, the year table).
* :mod:`calculators.roi.sensitivity_table`: the sensitivity table (a tornado chart's data).
* :mod:`calculators.roi.scenarios`: the conservative, expected and optimistic scenarios.
* :mod:`calculators.roi.result`: :func:`run`, the result (its JSON shape) and its warnings.
* :mod:`calculators.roi.form_schema`: :func:`schema` (its shape), the example payload and the
  outputs.

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
* cost in year 0 = Σ one-off amounts × (1 + their cost risk adjustment); in year t,
  Σ annual amounts of year t × (1 + their cost risk adjustment), a line's own
  ``risk_adjustment`` or else ``cost_risk_adjustment``: :func:`yearly_costs`.
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
  costs or no benefits. Beside it, payback as TEI states it, in whole months: the
  first month by whose end the same monthly cash has broken even, the interpolated
  figure rounded up: :func:`calculators.cash_flow.payback_whole_months`.
  IRR under the chosen discounting: :func:`calculators.cash_flow.internal_rate_of_return`
  (``null`` when undefined).
* sensitivity (:func:`sensitivity`): the NPV with one driver at a time 20%
  lower and 20% higher (each non-activity metric's improvement, with its
  baseline held, volume, value per unit, attribution or control group's change,
  and risk adjustment; each cost row and its own risk adjustment, the cost risk
  adjustment; each stated benefit and its risk adjustment; the discount rate:
  :func:`drivers`), sorted by swing |NPV up − NPV down|: a tornado chart.
  Shares stay within 0–1.
* scenarios (:data:`SCENARIOS`): conservative = every benefit risk adjustment
  and every cost risk adjustment (a cost line's own, and the calculator's) +0.10,
  assumed attributions × 0.8; expected = the inputs; optimistic = both risk
  adjustments −0.10, assumed attributions ×
  1.2. Shifted values stay within 0–1; a control group's measured change is
  not moved.

>>> result = run(schema()["defaults"])
>>> round(result["npv"]), round(result["payback_months"], 1), result["payback_months_tei"]
(194084, 18.4, 19)
"""

from __future__ import annotations

from .fields import (
    ACTIVITY,
    DIRECTIONS,
    MAX_AMOUNT,
    MAX_METRIC_VALUE,
    MAX_ROWS,
    MAX_SAMPLES,
    MAX_VALUE_PER_UNIT,
    MAX_VOLUME,
    METRIC_TYPES,
    MIN_SAMPLES,
    FieldSpec,
    Option,
)
from .form_schema import EXAMPLE, OUTPUTS, QUICK, schema
from .inputs import (
    MAX_ERRORS_PER_LIST,
    Control,
    CostLine,
    Metric,
    ResultWarning,
    RoiInputs,
    StatedBenefit,
    read_inputs,
)
from .model import (
    annual_benefit,
    attributable_change,
    change,
    evidence,
    stated_yearly_benefits,
    yearly_benefits,
    yearly_costs,
)
from .projection import (
    MIN_PV_COSTS,
    Projection,
    Line,
    Year,
    benefit_streams,
    cash_flows,
    has_benefits,
    lines,
    measured_share,
    project,
    undefined_figures,
)
from .result import run
from .scenarios import SCENARIOS, Scenario
from .sensitivity_table import SENSITIVITY_STEP, Driver, SensitivityRow, drivers, sensitivity

__all__ = [
    # The calculator's interface.
    "run",
    "schema",
    # The field table (calculators.roi.fields holds every field; these are its public limits).
    "ACTIVITY",
    "DIRECTIONS",
    "MAX_AMOUNT",
    "MAX_METRIC_VALUE",
    "MAX_ROWS",
    "MAX_SAMPLES",
    "MAX_VALUE_PER_UNIT",
    "MAX_VOLUME",
    "METRIC_TYPES",
    "MIN_SAMPLES",
    "FieldSpec",
    "Option",
    # The inputs.
    "MAX_ERRORS_PER_LIST",
    "Control",
    "CostLine",
    "Metric",
    "ResultWarning",
    "RoiInputs",
    "StatedBenefit",
    "read_inputs",
    # The model.
    "annual_benefit",
    "attributable_change",
    "change",
    "evidence",
    "stated_yearly_benefits",
    "yearly_benefits",
    "yearly_costs",
    # The projection.
    "MIN_PV_COSTS",
    "Projection",
    "Line",
    "Year",
    "benefit_streams",
    "cash_flows",
    "has_benefits",
    "lines",
    "measured_share",
    "project",
    "undefined_figures",
    # The sensitivity table.
    "SENSITIVITY_STEP",
    "Driver",
    "SensitivityRow",
    "drivers",
    "sensitivity",
    # The scenarios.
    "SCENARIOS",
    "Scenario",
    # The schema.
    "EXAMPLE",
    "OUTPUTS",
    "QUICK",
]
