"""The ROI sensitivity table: the NPV with one driver at a time 20% lower and 20% higher, largest
swing first (a tornado chart's data).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..cash_flow import present_value
from .fields import ACTIVITY
from .inputs import CostLine, Metric, RoiInputs, _metric_label  # noqa: F401 - CostLine, Metric: the doctests'
from .model import _amount_in_year
from .projection import cash_flows


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


def _npv_only(inputs: RoiInputs) -> float:
    return present_value(inputs.discount_rate, cash_flows(inputs)[2], inputs.discounting)


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
