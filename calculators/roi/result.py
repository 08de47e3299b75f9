"""The ROI result: :func:`run`, which validates a payload and computes the result, and the warnings it carries.

Result
======

``npv``, ``pv_benefits``, ``pv_costs``, ``pv_measured_benefits``,
``pv_stated_benefits`` (floats); ``roi``, ``payback_months``, ``irr`` and
``measured_share`` (float or ``null``); ``payback_months_tei`` (integer or ``null``: the
payback in whole months, as TEI states it, beside the interpolated ``payback_months``);
``undefined``: ``{output id: reason}`` for each of ``roi``, ``payback_months``,
``payback_months_tei`` and ``measured_share`` that is ``null`` by definition of the inputs;
``discounting``; ``years``: ``[{year, benefits, costs, net, cumulative, discounted_net}]`` for
years 0..N; ``metrics``: ``[{name, unit,
type, change, attributable_change, annual_benefit, excluded, evidence}]``;
``stated_benefits``: ``[{name, risk_adjustment, benefits}]`` (``benefits``: the
risk-adjusted amounts of years 1..N); ``lines``: ``[{group, index, name, amounts}]``, each cost
row's and benefit row's risk-adjusted amounts of years 0..N, which add up to ``years``' costs and
benefits (:func:`calculators.roi.projection.lines`; activity metrics are left out)
(``evidence`` is ``null`` without samples, else the object of
:meth:`calculators.welch.WelchTest.to_json`: ``mean_difference``, ``ci_low``,
``ci_high``, ``p_value``, ``significant``, ``min_detectable_effect``,
``t_statistic``, ``df``, ``standard_error``, ``sample_sizes``, where the
difference follows the change's sign rule); ``sensitivity``: ``[{field, label, unit,
value, value_down, value_up, npv_down, npv_up, swing}]`` (see
:func:`calculators.roi.sensitivity_table.drivers`); ``warnings``:
``[{code, field, message}]``; and, with ``"scenarios": true``, ``scenarios``:
``[{id, label, description, shifts, npv, roi, pv_benefits, pv_costs,
pv_measured_benefits, pv_stated_benefits, measured_share, payback_months, payback_months_tei,
irr}]``. Numbers are not rounded: rounding is presentation.
"""

from __future__ import annotations

from ..validation import join
from ..welch import WelchTest
from .fields import ACTIVITY
from .inputs import Metric, ResultWarning, _metric_label, read_inputs
from .model import annual_benefit, attributable_change, change, evidence, stated_yearly_benefits
from .plausibility import plausibility_warnings
from .projection import Projection, lines, project
from .scenarios import SCENARIOS
from .sensitivity_table import sensitivity


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
    """Validate ``payload`` and compute the ROI result (the payload's shape is in
    :mod:`calculators.roi.inputs`, the result's in this module's docstring).

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
    warnings += plausibility_warnings(inputs, projection)  # a case that computes but looks mistyped
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
        "lines": [line.to_json() for line in lines(inputs)],
        "sensitivity": [row.to_json() for row in sensitivity(inputs)],
        "warnings": [warning.to_json() for warning in warnings],
    }
    if inputs.scenarios:
        result["scenarios"] = [
            {**scenario.to_json(), **project(scenario.apply(inputs)).summary_json()} for scenario in SCENARIOS
        ]
    return result
