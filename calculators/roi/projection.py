"""The ROI projection: the numbers for one set of inputs.

The model's yearly streams (:mod:`calculators.roi.model`) become cash flows, their present
values, NPV, ROI, payback, IRR and the measured share, with the year table and the reason for
each figure the inputs leave undefined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..cash_flow import (
    IrrResult,
    internal_rate_of_return,
    payback_months,
    payback_whole_months,
    present_value,
    return_on_investment,
    years_from_now,
)
from .fields import ACTIVITY
from .inputs import CostLine, Metric, RoiInputs  # noqa: F401 - CostLine, Metric: the doctests'
from .model import stated_yearly_benefits, yearly_benefits, yearly_costs


#: PV costs below this (a hundredth of a money unit) count as zero: ROI would be meaningless.
MIN_PV_COSTS = 0.01


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
    payback_months_tei: int | None
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
            "payback_months_tei": self.payback_months_tei,
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


@dataclass(frozen=True)
class Line:
    """One input row's risk-adjusted amounts in years 0..N, as they enter the totals: ``group`` is
    its list (``one_off_costs``, ``annual_costs``, ``metrics``, ``stated_benefits``), ``index``
    its row there."""

    group: str
    index: int
    name: str
    amounts: tuple[float, ...]

    def to_json(self) -> dict:
        return {"group": self.group, "index": self.index, "name": self.name, "amounts": list(self.amounts)}


def lines(inputs: RoiInputs) -> tuple[Line, ...]:
    """Each cost row's and each benefit row's yearly amounts (risk-adjusted, ramped up), years 0..N.

    Each row goes through the very formula of its total (:func:`yearly_costs`,
    :func:`yearly_benefits`, :func:`stated_yearly_benefits`) on its own, so the rows of a kind add
    up to the total of their kind (to rounding). Activity metrics add nothing and are left out.

    >>> m = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1000.0, 10.0, 1.0, None, 0.0)
    >>> inputs = RoiInputs(2, 0.1, (CostLine("Build", (30000.0,)),), (CostLine("Run", (5.0, 6.0)),), 0.0, (0.5, 1.0), (m,))
    >>> [(line.group, line.name, line.amounts) for line in lines(inputs)]  # doctest: +NORMALIZE_WHITESPACE
    [('one_off_costs', 'Build', (30000.0, 0.0, 0.0)), ('annual_costs', 'Run', (0.0, 5.0, 6.0)),
     ('metrics', 'Errors', (0.0, 10000.0, 20000.0))]
    """
    years, risk = inputs.horizon_years, inputs.cost_risk_adjustment
    found = [Line("one_off_costs", i, line.name, yearly_costs((line,), (), risk, years))
             for i, line in enumerate(inputs.one_off_costs)]
    found += [Line("annual_costs", i, line.name, yearly_costs((), (line,), risk, years))
              for i, line in enumerate(inputs.annual_costs)]
    found += [Line("metrics", i, metric.name, yearly_benefits((metric,), inputs.ramp_up))
              for i, metric in enumerate(inputs.metrics) if metric.type != ACTIVITY]
    found += [Line("stated_benefits", i, line.name, stated_yearly_benefits((line,), years))
              for i, line in enumerate(inputs.stated_benefits)]
    return tuple(found)


def has_benefits(inputs: RoiInputs) -> bool:
    """Whether any benefit was entered: an outcome metric that is not activity, or a stated benefit."""
    return bool(inputs.stated_benefits) or any(metric.type != ACTIVITY for metric in inputs.metrics)


def undefined_figures(inputs: RoiInputs, pv_costs: float, share: float | None) -> dict[str, str]:
    """The figures that have no value for these inputs, each with the reason people read.

    ROI divides by the PV of costs, so it needs costs; payback (either figure:
    interpolated, or in whole months as TEI states it) needs something to pay back
    and benefits to pay it. A use case is often costed before its
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
    if "payback_months" in reasons:
        reasons["payback_months_tei"] = reasons["payback_months"]
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
    >>> p.npv, p.roi, p.payback_months, p.payback_months_tei  # 30,000 - 30,000 at 0%: payback at 24 months
    (0.0, 0.0, 24.0, 24)
    >>> free = project(RoiInputs(1, 0.0, (), (), 0.0, (1.0,), (m,)))  # no costs: PV benefits and NPV stand
    >>> free.npv, free.roi, sorted(free.undefined)
    (20000.0, None, ['payback_months', 'payback_months_tei', 'roi'])
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
        payback_months_tei=None if "payback_months_tei" in undefined else payback_whole_months(net),
        irr=internal_rate_of_return(net, discounting),
        years=tuple(years),
        undefined=undefined,
    )
