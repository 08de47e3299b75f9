"""The ROI sensitivity table: the NPV with one driver at a time 20% lower and 20% higher, largest
swing first (a tornado chart's data).

The drivers are the assumptions an analyst of a TEI study tests: each metric's improvement (not its
baseline level, which only matters through the change), volume, value and attribution, every
risk adjustment, every cost and stated benefit, and the discount rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..cash_flow import present_value
from .fields import ACTIVITY
from .inputs import Control, CostLine, Metric, RoiInputs, _metric_label  # noqa: F401 - Control, CostLine: the doctests'
from .model import change
from .projection import cash_flows


#: Each driver is moved by this share down and up.
SENSITIVITY_STEP = 0.20


@dataclass(frozen=True)
class Driver:
    """A numeric input the NPV depends on, and how to set it.

    ``unit`` says what ``value`` is, in the field table's words (``share``, ``money``, ``money per
    year``, ``metric unit``...); ``is_share`` keeps the moved values within 0–1.
    """

    field: str
    label: str
    value: float
    apply: Callable[[RoiInputs, float], RoiInputs]
    unit: str
    is_share: bool = False


@dataclass(frozen=True)
class SensitivityRow:
    field: str
    label: str
    unit: str
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
            "unit": self.unit,
            "value": self.value,
            "value_down": self.value_down,
            "value_up": self.value_up,
            "npv_down": self.npv_down,
            "npv_up": self.npv_up,
            "swing": self.swing,
        }


def _with_metric(index: int, move: Callable[[Metric, float], Metric]) -> Callable[[RoiInputs, float], RoiInputs]:
    """A setter of metric ``index``: ``move`` gives the metric with the driver at a value."""

    def apply(inputs: RoiInputs, value: float) -> RoiInputs:
        metrics = list(inputs.metrics)
        metrics[index] = move(metrics[index], value)
        return replace(inputs, metrics=tuple(metrics))

    return apply


def _outcome_for(direction: str, baseline: float, improvement: float) -> float:
    """The outcome that gives ``improvement`` against ``baseline`` (the inverse of :func:`change`).

    >>> _outcome_for("lower_is_better", 14.0, 6.4), _outcome_for("higher_is_better", 40.0, 9.6)
    (7.6, 49.6)
    """
    return baseline - improvement if direction == "lower_is_better" else baseline + improvement


def _improved(metric: Metric, improvement: float) -> Metric:
    return replace(metric, outcome=_outcome_for(metric.direction, metric.baseline, improvement))


def _control_improved(metric: Metric, improvement: float) -> Metric:
    assert metric.control is not None
    outcome = _outcome_for(metric.direction, metric.control.baseline, improvement)
    return replace(metric, control=replace(metric.control, outcome=outcome))


def _set_line(group: str, index: int, move: Callable[[object, float], object]) -> Callable[[RoiInputs, float], RoiInputs]:
    """A setter of line ``index`` of ``group`` (a cost or stated-benefit list)."""

    def apply(inputs: RoiInputs, value: float) -> RoiInputs:
        lines = list(getattr(inputs, group))
        lines[index] = move(lines[index], value)
        return replace(inputs, **{group: tuple(lines)})

    return apply


def _yearly_amount(line: CostLine) -> float:
    """A line's amount a year: the one amount entered, or the mean of the amounts of each year."""
    return line.amounts[0] if len(line.amounts) == 1 else math.fsum(line.amounts) / len(line.amounts)


def _amounts_at(line, value: float, entered: float):  # a CostLine or a StatedBenefit
    """The line with every amount scaled so its yearly (or one-off) amount is ``value``."""
    if len(line.amounts) == 1:
        return replace(line, amounts=(value,))
    factor = value / entered if entered else 1.0
    return replace(line, amounts=tuple(amount * factor for amount in line.amounts))


def _metric_drivers(i: int, metric: Metric) -> list[Driver]:
    path, label = f"metrics[{i}]", _metric_label(metric, i)
    found = [
        Driver(f"{path}.change", f"{label}: improvement", change(metric.direction, metric.baseline, metric.outcome),
               _with_metric(i, _improved), "metric unit"),
        Driver(f"{path}.annual_volume", f"{label}: yearly volume", metric.annual_volume,
               _with_metric(i, lambda m, v: replace(m, annual_volume=v)), "units per year"),
        Driver(f"{path}.value_per_unit", f"{label}: value per unit", metric.value_per_unit,
               _with_metric(i, lambda m, v: replace(m, value_per_unit=v)), "money per metric unit"),
    ]
    if metric.control is None:
        attribution = 1.0 if metric.attribution is None else metric.attribution
        found.append(Driver(f"{path}.attribution", f"{label}: attribution", attribution,
                            _with_metric(i, lambda m, v: replace(m, attribution=v)), "share", is_share=True))
    else:
        control = change(metric.direction, metric.control.baseline, metric.control.outcome)
        found.append(Driver(f"{path}.control.change", f"{label}: control group's change", control,
                            _with_metric(i, _control_improved), "metric unit"))
    if metric.risk_adjustment:
        found.append(Driver(f"{path}.risk_adjustment", f"{label}: risk adjustment", metric.risk_adjustment,
                            _with_metric(i, lambda m, v: replace(m, risk_adjustment=v)), "share", is_share=True))
    return found


def _line_drivers(inputs: RoiInputs, group: str, unnamed: str) -> list[Driver]:
    found = []
    for i, line in enumerate(getattr(inputs, group)):
        path, label = f"{group}[{i}]", line.name or f"{unnamed} {i + 1}"
        entered = _yearly_amount(line)
        unit = "money" if group == "one_off_costs" else (
            "money per year" if len(line.amounts) == 1 else "money per year, on average")
        found.append(Driver(f"{path}.amount", label, entered,
                            _set_line(group, i, lambda line, v, entered=entered: _amounts_at(line, v, entered)), unit))
        if line.risk_adjustment:  # a cost line's own, or a stated benefit's
            found.append(Driver(f"{path}.risk_adjustment", f"{label}: risk adjustment", line.risk_adjustment,
                                _set_line(group, i, lambda line, v: replace(line, risk_adjustment=v)),
                                "share", is_share=True))
    return found


def drivers(inputs: RoiInputs) -> list[Driver]:
    """The numeric inputs :func:`sensitivity` moves, in input order.

    Each non-activity metric contributes its improvement (the change from baseline to outcome:
    the outcome moves, the baseline is held, so the change scales), its yearly volume, its value
    per unit, its attribution (assumed 1.0 when not given) or, with a control group, the control
    group's change (moved the same way), and its risk adjustment. Each cost line is one driver
    (all its years move together; its value is the amount as entered: the one-off amount, or the
    amount a year, the mean of the years' when one is entered per year), and so is each stated
    benefit line; each line's own risk adjustment is a driver too, and so is the calculator's cost
    risk adjustment when some cost line follows it. Last, the discount rate. A risk adjustment of 0
    is not a driver: 20% of nothing does not move.

    >>> m = Metric("Time", "min", "time", "lower_is_better", 14.0, 6.0, 100.0, 1.0, control=Control(14.5, 13.0))
    >>> inputs = RoiInputs(1, 0.1, (CostLine("Build", (10.0,), 0.05),), (CostLine("Run", (1.0, 3.0)),), 0.1, (1.0,), (m,))
    >>> [(d.field, d.value) for d in drivers(inputs)]  # doctest: +NORMALIZE_WHITESPACE
    [('metrics[0].change', 8.0), ('metrics[0].annual_volume', 100.0), ('metrics[0].value_per_unit', 1.0),
     ('metrics[0].control.change', 1.5), ('metrics[0].risk_adjustment', 0.1),
     ('one_off_costs[0].amount', 10.0), ('one_off_costs[0].risk_adjustment', 0.05),
     ('annual_costs[0].amount', 2.0), ('cost_risk_adjustment', 0.1), ('discount_rate', 0.1)]
    """
    found: list[Driver] = []
    for i, metric in enumerate(inputs.metrics):
        if metric.type != ACTIVITY:
            found += _metric_drivers(i, metric)
    found += _line_drivers(inputs, "one_off_costs", "One-off cost") + _line_drivers(inputs, "annual_costs", "Annual cost")
    inherited = any(line.risk_adjustment is None for line in inputs.one_off_costs + inputs.annual_costs)
    if inputs.cost_risk_adjustment and inherited:
        found.append(Driver("cost_risk_adjustment", "Cost risk adjustment", inputs.cost_risk_adjustment,
                            lambda inputs, value: replace(inputs, cost_risk_adjustment=value), "share", is_share=True))
    found += _line_drivers(inputs, "stated_benefits", "Stated benefit")
    found.append(Driver("discount_rate", "Discount rate", inputs.discount_rate,
                        lambda inputs, value: replace(inputs, discount_rate=value), "share per year"))
    return found


def _npv_only(inputs: RoiInputs) -> float:
    return present_value(inputs.discount_rate, cash_flows(inputs)[2], inputs.discounting)


def sensitivity(inputs: RoiInputs) -> list[SensitivityRow]:
    """NPV with each driver 20% lower and 20% higher, largest swing first: a tornado chart's data.

    Equation
        For driver :math:`d` with value :math:`v`: :math:`NPV^-_d` at
        :math:`0.8 v` and :math:`NPV^+_d` at :math:`1.2 v`, everything else
        unchanged; swing :math:`= |NPV^+_d - NPV^-_d|`. For a metric's
        improvement :math:`\\Delta = \\pm(o - b)`, the outcome moves to
        :math:`b \\pm 0.8 \\Delta` and :math:`b \\pm 1.2 \\Delta`.

    Conventions
        One driver moves at a time (the drivers are those of :func:`drivers`).
        Shares (attribution, risk adjustments) stay within 0–1, so an attribution
        of 1 only moves down. Ties keep input order. Varying the improvement
        rather than the baseline's level keeps a metric's rank independent of
        where its scale starts (a baseline of 14 minutes moved by 20% is a change
        of 2.8 minutes on top of an improvement of 8).

    Degenerate cases
        A driver whose value is 0 does not move and has a swing of 0.

    Reference
        A. Saltelli et al., *Global Sensitivity Analysis: The Primer*, Wiley,
        2008, §1.2 (one-at-a-time sensitivity and tornado plots); Forrester,
        *The Total Economic Impact methodology* (risk adjustments per benefit and cost).

    Worked example: errors 5 → 3 (an improvement of 2) on 1,000 a year at 10 each, a
    build of 10,000, one year at 0%: NPV = 2 × 1,000 × 10 − 10,000 = 10,000. The
    improvement at 1.6 and 2.4 gives 16,000 − 10,000 = 6,000 and 24,000 − 10,000 = 14,000.

    >>> m = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1000.0, 10.0, 1.0, None, 0.0)
    >>> inputs = RoiInputs(1, 0.0, (CostLine("Build", (10000.0,)),), (), 0.0, (1.0,), (m,))
    >>> [(row.field, round(row.npv_down, 6), round(row.npv_up, 6)) for row in sensitivity(inputs)][:2]
    [('metrics[0].change', 6000.0, 14000.0), ('metrics[0].annual_volume', 6000.0, 14000.0)]
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
            unit=driver.unit,
            value=driver.value,
            value_down=down,
            value_up=up,
            npv_down=_npv_only(driver.apply(inputs, down)),
            npv_up=_npv_only(driver.apply(inputs, up)),
        ))
    return sorted(rows, key=lambda row: -row.swing)
