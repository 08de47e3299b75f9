"""The ROI model's formulas: a metric's change, attributable change and yearly benefit, each year's
benefits and costs, and a metric's evidence.

Each function states its equation, conventions, degenerate cases and reference, with a worked
example; :mod:`calculators.roi.projection` turns their streams into the headline numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace  # noqa: F401 - the doctests' (they run in this module's globals)

from ..welch import WelchTest, contrast_test
from .fields import ACTIVITY
from .inputs import Control, CostLine, Metric, StatedBenefit  # noqa: F401 - Control: the doctests'


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


def cost_risk(line: CostLine, cost_risk_adjustment: float) -> float:
    """The cost risk adjustment of one cost line: its own when it has one, else the calculator's.

    >>> cost_risk(CostLine("Build", (100.0,)), 0.1), cost_risk(CostLine("Licences", (100.0,), 0.0), 0.1)
    (0.1, 0.0)
    """
    return cost_risk_adjustment if line.risk_adjustment is None else line.risk_adjustment


def yearly_costs(
    one_off: Sequence[CostLine], annual: Sequence[CostLine], cost_risk_adjustment: float, horizon_years: int
) -> tuple[float, ...]:
    """Risk-adjusted costs in years 0..N.

    Equation
        :math:`C_0 = \\sum_j (1 + \\kappa_j) c_j` over one-off costs,
        :math:`C_t = \\sum_k (1 + \\kappa_k) c_{k,t}` over annual costs, where
        :math:`\\kappa_j` is line :math:`j`'s own cost risk adjustment, or the
        calculator's :math:`\\kappa` when it has none (:func:`cost_risk`).

    Conventions
        An annual cost line holds either one amount (every year) or one per year.
        TEI studies risk-adjust each cost line on its own (often 0%, 5% or 10%);
        without per-line values every line takes :math:`\\kappa`, and
        :math:`C_t = (1 + \\kappa) \\sum_k c_{k,t}`. The sum is taken that way, per
        distinct adjustment, so a payload without per-line values gives the same
        numbers, to the last digit, as before they existed.

    Degenerate cases
        No cost lines give zero costs (ROI and payback are then undefined).

    Reference
        Forrester, *The Total Economic Impact methodology*, "Risk-adjusted costs".

    Worked example: a build of 100 at the calculator's 10%, and a licence of 10 then
    20 a year at its own 0%: year 0 = 1.1 × 100 = 110, years 1 and 2 = 10 and 20.

    >>> yearly_costs([CostLine("Build", (100.0,))], [CostLine("Run", (10.0, 20.0))], 0.1, 2)
    (110.00000000000001, 11.0, 22.0)
    >>> yearly_costs([CostLine("Build", (100.0,))], [CostLine("Licences", (10.0, 20.0), 0.0)], 0.1, 2)
    (110.00000000000001, 10.0, 20.0)
    """

    def total(lines: Sequence[CostLine], year: int) -> float:
        by_factor: dict[float, list[float]] = {}
        for line in lines:
            amount = line.amounts[0] if year == 0 else _amount_in_year(line, year)
            by_factor.setdefault(1.0 + cost_risk(line, cost_risk_adjustment), []).append(amount)
        return math.fsum(factor * math.fsum(amounts) for factor, amounts in by_factor.items())

    return (total(one_off, 0),) + tuple(total(annual, year) for year in range(1, horizon_years + 1))


def _amount_in_year(line: CostLine | StatedBenefit, year: int) -> float:
    return line.amounts[0] if len(line.amounts) == 1 else line.amounts[year - 1]


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
