"""Warnings for a case that computes but looks mistyped: :func:`plausibility_warnings`.

The model takes any inputs within their ranges; these checks flag the figures people most often
get wrong by a factor (a rate typed in percent while its value is per unit, a baseline and an
outcome in different units, an extra zero), so the result says "check this" before anyone
relies on it. They are warnings, never errors: an unusual case may be right.

* ``percent_metric``: a metric whose unit is a percentage holds values above 1, so its change is
  counted in whole units (a change from 4% to 2.5% as 1.5 errors per item, not 0.015);
* ``change_exceeds_baseline``: a metric improves by more than its whole baseline (its outcome
  below zero when lower is better, more than double when higher is better);
* ``roi_very_high``: an ROI above :data:`HIGH_ROI` (1,000%).

>>> from calculators.roi.inputs import Metric
>>> errors = Metric("Error rate", "%", "quality", "lower_is_better", 4, 2.5, 40000, 25)
>>> [w.code for w in metric_warnings(errors, 0)]
['percent_metric']
"""

from __future__ import annotations

import re

from .fields import ACTIVITY
from .inputs import Metric, ResultWarning, RoiInputs, _metric_label
from .model import change
from .projection import Projection

#: An ROI above this (1,000%) is flagged: few cases return ten times their cost.
HIGH_ROI = 10.0
_PERCENT_UNIT = re.compile(r"%|\bper\s?cent|\bpercent", re.IGNORECASE)


def _number(value: float) -> str:
    return f"{value:,.10g}"


def metric_warnings(metric: Metric, index: int) -> list[ResultWarning]:
    """The plausibility warnings of one metric (none for an activity metric, which adds nothing)."""
    if metric.type == ACTIVITY:
        return []
    path, label, found = f"metrics[{index}]", _metric_label(metric, index), []
    moved = change(metric.direction, metric.baseline, metric.outcome)
    if _PERCENT_UNIT.search(metric.unit or "") and max(abs(metric.baseline), abs(metric.outcome)) > 1:
        found.append(ResultWarning(
            "percent_metric", f"{path}.value_per_unit",
            f"Check {label}: its unit is a percentage and it goes from {_number(metric.baseline)} to "
            f"{_number(metric.outcome)}, so its change of {_number(moved)} counts as {_number(moved)} whole units for "
            f"each of the {_number(metric.annual_volume)} a year, at {_number(metric.value_per_unit)} each. If "
            f"{_number(metric.baseline)} means {_number(metric.baseline)}%, either give the value per percentage "
            "point, or give the rates as fractions "
            f"({_number(metric.baseline / 100)} and {_number(metric.outcome / 100)}).",
        ))
    if metric.baseline != 0 and moved > abs(metric.baseline):
        found.append(ResultWarning(
            "change_exceeds_baseline", path,
            f"Check {label}: it improves by {_number(moved)}, more than its whole baseline of "
            f"{_number(metric.baseline)}. Are the baseline and the outcome in the same unit?",
        ))
    return found


def plausibility_warnings(inputs: RoiInputs, projection: Projection) -> list[ResultWarning]:
    """The plausibility warnings of a computed case: each metric's, then the ROI's."""
    found = [warning for index, metric in enumerate(inputs.metrics) for warning in metric_warnings(metric, index)]
    if projection.roi is not None and projection.roi > HIGH_ROI:
        found.append(ResultWarning(
            "roi_very_high", "roi",
            f"Check the inputs: an ROI of {projection.roi:,.0%} is far above what such cases return. A figure "
            "may be mistyped: an extra zero, an amount in the wrong unit, or a rate in percent whose value is "
            "given per whole unit.",
        ))
    return found
