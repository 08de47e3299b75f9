"""Discounted cash flow: NPV, ROI, payback and IRR of a list of yearly cash flows.

The generic finance under :mod:`calculators.roi`, kept apart so each formula can
be read, and checked against numpy-financial, on its own. Cash flows are
``values[0]`` (now, undiscounted), ``values[1]`` (year 1) and so on; money going
out is negative. Year 1 onwards is discounted either as if each year's flow fell
at its end (:data:`END_OF_YEAR`, the default, as Forrester's TEI studies and
``numpy_financial.npv``) or at its middle (:data:`MID_YEAR`, common in corporate
finance): :func:`present_value`.

>>> flows = [-150.0, 100.0, 100.0]
>>> round(npv(0.1, flows), 2), payback_months(flows), round(internal_rate_of_return(flows).rate, 6)
(23.55, 18.0, 0.21525)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def npv(rate: float, values: Sequence[float]) -> float:
    """Net present value of end-of-year cash flows.

    Equation
        :math:`NPV = \\sum_{t=0}^{N} \\frac{CF_t}{(1 + r)^t}`.

    Conventions
        ``values[0]`` happens now and is not discounted, exactly as
        ``numpy_financial.npv(rate, values)``; applied to a stream of benefits
        or of costs alone it gives that stream's present value.

    Degenerate cases
        An empty list gives 0; ``rate`` must be above −1.

    Reference
        numpy-financial, ``npv``; L. J. Gitman, *Principles of Managerial
        Finance*, on net present value.

    >>> round(npv(0.1, [-100.0, 60.0, 60.0]), 6)  # -100 + 54.5454... + 49.5867...
    4.132231
    """
    return sum(value / (1.0 + rate) ** year for year, value in enumerate(values))


#: Each year's flow counted at the end of the year (year t discounted by (1 + r)^t).
END_OF_YEAR = "end_of_year"
#: Each year's flow counted at the middle of the year (year t >= 1 discounted by (1 + r)^(t - 1/2)).
MID_YEAR = "mid_year"
DISCOUNTING = (END_OF_YEAR, MID_YEAR)


def discount_factor(rate: float, year: int, discounting: str = END_OF_YEAR) -> float:
    """What one unit of money in ``year`` is worth today.

    Equation
        End of year: :math:`d_t = (1 + r)^{-t}`. Mid-year: :math:`d_0 = 1` and
        :math:`d_t = (1 + r)^{-(t - 1/2)}` for :math:`t \\ge 1`.

    Conventions
        Year 0 is the start, when the up-front investment is paid: it is not
        discounted under either convention. Mid-year treats the flows of each
        later year as spread evenly through it, so on average they arrive half a
        year before its end.

    Degenerate cases
        A rate of 0 gives 1 for every year; ``rate`` must be above −1.

    Reference
        T. Koller, M. Goedhart and D. Wessels, *Valuation: Measuring and
        Managing the Value of Companies* (McKinsey), on the mid-year convention.

    >>> discount_factor(0.1, 2), round(discount_factor(0.1, 2, MID_YEAR), 9)  # 1/1.21, 1/1.1^1.5
    (0.8264462809917354, 0.866784172)
    >>> discount_factor(0.1, 0, MID_YEAR)
    1.0
    """
    return 1.0 / (1.0 + rate) ** years_from_now(year, discounting)


def years_from_now(year: int, discounting: str = END_OF_YEAR) -> float:
    """When, in years from now, the flow of ``year`` is counted (the exponent of :func:`discount_factor`).

    >>> years_from_now(0, MID_YEAR), years_from_now(3, MID_YEAR), years_from_now(3)
    (0, 2.5, 3)
    """
    if discounting not in DISCOUNTING:
        raise ValueError(f"discounting must be one of {', '.join(DISCOUNTING)}; got {discounting!r}")
    return year - 0.5 if discounting == MID_YEAR and year >= 1 else year


def present_value(rate: float, values: Sequence[float], discounting: str = END_OF_YEAR) -> float:
    """Present value of yearly cash flows under either timing convention.

    Equation
        :math:`PV = \\sum_{t=0}^{N} CF_t \\, d_t` with :math:`d_t` of
        :func:`discount_factor`.

    Conventions
        End of year equals :func:`npv` (and ``numpy_financial.npv``). Mid-year
        multiplies the present value of years 1..N by :math:`\\sqrt{1 + r}`.

    Degenerate cases
        An empty list gives 0.

    Reference
        As :func:`discount_factor`.

    Worked mid-year example at 10%: −100 now, then +60 in each of years 1
    and 2: −100 + 60 / 1.1^0.5 + 60 / 1.1^1.5 = −100 + 57.2078 + 52.0071 = 9.2148
    (end of year: 4.1322).

    >>> round(present_value(0.1, [-100.0, 60.0, 60.0], MID_YEAR), 4)
    9.2148
    >>> present_value(0.1, [-100.0, 60.0, 60.0]) == npv(0.1, [-100.0, 60.0, 60.0])
    True
    """
    return sum(value / (1.0 + rate) ** years_from_now(year, discounting) for year, value in enumerate(values))


def return_on_investment(pv_benefits: float, pv_costs: float) -> float:
    """TEI return on investment: net benefits over costs, both in present value.

    Equation
        :math:`ROI = (PV_B - PV_C) / PV_C`.

    Conventions
        A ratio (1.5 means 150%), not a percentage.

    Degenerate cases
        ``pv_costs`` of 0 has no ROI, and this raises ``ValueError``;
        :func:`calculators.roi.project` reports it as undefined, with the reason.

    Reference
        Forrester, *The Total Economic Impact methodology*, "Return on investment".

    >>> return_on_investment(250.0, 100.0)
    1.5
    """
    if pv_costs <= 0:
        raise ValueError("ROI needs positive PV costs.")
    return (pv_benefits - pv_costs) / pv_costs


def payback_months(cash_flows: Sequence[float]) -> float | None:
    """Months until the cumulative undiscounted cash flow first reaches zero.

    Equation
        With cumulative :math:`S_t = \\sum_{k \\le t} CF_k`, the first year
        :math:`t \\ge 1` with :math:`S_{t-1} < 0 \\le S_t` gives
        :math:`12 (t - 1 + (-S_{t-1}) / CF_t)`: linear within the year.

    Conventions
        Undiscounted, as TEI reports payback. A later dip below zero after
        payback does not change the answer (the caller warns about it).

    Degenerate cases
        0 when nothing was invested up front (:math:`CF_0 = 0`) and year 1 is
        positive, or when the cumulative flow is never negative; ``None`` when
        the cumulative flow is still negative at the horizon.

    Reference
        Forrester, *The Total Economic Impact methodology*, "Payback period".

    Worked example: −150, then +100 a year. After year 1 the cumulative is −50;
    year 2 brings +100, so zero is reached half-way through year 2:
    12 × (1 + 50/100) = 18 months.

    >>> payback_months([-150.0, 100.0, 100.0])
    18.0
    >>> payback_months([0.0, 5.0]), payback_months([-150.0, 50.0]) is None
    (0.0, True)
    """
    if len(cash_flows) > 1 and cash_flows[0] == 0 and cash_flows[1] > 0:
        return 0.0
    cumulative = 0.0
    ever_negative = False
    for year, flow in enumerate(cash_flows):
        previous = cumulative
        cumulative = previous + flow
        if year >= 1 and previous < 0 <= cumulative:
            return 12.0 * (year - 1 + (-previous) / flow)
        ever_negative = ever_negative or cumulative < 0
    return None if ever_negative else 0.0


#: A payback within this many months of a whole month counts as that month: cash flows carry
#: rounding (a cost of 1,000 × 1.1 is 1,100.0000000000002), and a cumulative cash a fraction of a
#: penny below zero at a month's end has broken even for any reader.
WHOLE_MONTH_TOLERANCE = 1e-9


def payback_whole_months(cash_flows: Sequence[float]) -> int | None:
    """Payback as TEI studies state it: the first whole month by whose end the cumulative cash breaks even.

    Equation
        Cash by month, as :func:`payback_months` has it: :math:`CF_0` at the start
        (month 0), then each year's :math:`CF_t` accruing evenly, :math:`CF_t / 12` a
        month, so at the end of month :math:`m = 12 (t - 1) + k` of year :math:`t`
        (:math:`1 \\le k \\le 12`) the cumulative cash is
        :math:`S(m) = S_{t-1} + (k / 12)\\, CF_t`. In the year :math:`t` where it
        first reaches zero (:math:`S_{t-1} < 0 \\le S_t`),
        :math:`S(m) \\ge 0 \\iff k \\ge 12 (-S_{t-1}) / CF_t`, so the first such month is
        :math:`M = 12 (t - 1) + \\lceil 12 (-S_{t-1}) / CF_t \\rceil = \\lceil P \\rceil`,
        with :math:`P` the interpolated payback of :func:`payback_months`.

    Conventions
        Undiscounted, and the same monthly cash whatever the discounting: the
        discounting convention says when a year's cash is *valued* (at its end or
        its middle), not how it arrives within the year; both figures rest on cash
        accruing evenly, so ``M`` is ``P`` rounded up to a whole month. Breaking
        even counts (:math:`S(m) = 0`, TEI's "net benefits equal the investment"),
        and a payback within :data:`WHOLE_MONTH_TOLERANCE` of a whole month is that month.

    Degenerate cases
        0 when :func:`payback_months` is 0 (nothing to pay back); ``None`` when the
        cumulative cash is still negative at the horizon.

    Reference
        Forrester, *The Total Economic Impact methodology*, "Payback period" (the
        breakeven point, stated in months).

    Worked example: −150, then +100 a year. At the end of year 1 the cumulative is −50;
    year 2 brings 100 / 12 = 8.33 a month, so after k months of year 2 it is
    −50 + 8.33 k: −8.33 after 5 months, +0 after 6 (12 × 50 / 100 = 6). Month 12 + 6 = 18,
    as the interpolated payback is exactly 18.0. With +80 a year instead: −70 after year 1,
    6.67 a month, −3.33 after 10 months and +3.33 after 11 (12 × 70 / 80 = 10.5): the
    interpolated payback is 22.5 months, and TEI's is month 12 + 11 = 23.

    >>> payback_whole_months([-150.0, 100.0, 100.0]), payback_whole_months([-150.0, 80.0, 80.0])
    (18, 23)
    >>> payback_whole_months([0.0, 5.0]), payback_whole_months([-150.0, 50.0]) is None
    (0, True)
    """
    months = payback_months(cash_flows)
    if months is None:
        return None
    return math.ceil(months - WHOLE_MONTH_TOLERANCE)


#: The IRR is searched for between these rates (−99.99% and +100,000,000%).
IRR_LOWEST = -0.9999
IRR_HIGHEST = 1e6


@dataclass(frozen=True)
class IrrResult:
    """The IRR, or ``None`` with the reason; ``all_rates`` lists every root found."""

    rate: float | None
    all_rates: tuple[float, ...]
    reason: str | None


def _polynomial(coefficients: Sequence[float], x: float) -> float:
    total = 0.0
    for coefficient in reversed(coefficients):
        total = total * x + coefficient
    return total


def _real_roots(coefficients: Sequence[float], low: float, high: float) -> list[float]:
    """Roots of the polynomial :math:`\\sum_k c_k x^k` in ``[low, high]``.

    The roots of the derivative split the interval into pieces on which the
    polynomial is monotone; each piece holds at most one root, found by
    bisection when its ends differ in sign. Touching roots (double roots at a
    turning point) count when the value there is zero to rounding.
    """
    degree = len(coefficients) - 1
    if degree <= 0:
        return []
    if degree == 1:
        root = -coefficients[0] / coefficients[1]
        return [root] if low <= root <= high else []
    derivative = [k * coefficients[k] for k in range(1, degree + 1)]
    turning = _real_roots(derivative, low, high)
    points = [low, *turning, high]
    roots: list[float] = []
    for left, right in zip(points, points[1:]):
        f_left, f_right = _polynomial(coefficients, left), _polynomial(coefficients, right)
        if f_left == 0.0:
            roots.append(left)
        elif f_right != 0.0 and (f_left < 0.0) != (f_right < 0.0):
            for _ in range(400):
                middle = (left + right) / 2.0
                if middle in (left, right):
                    break
                f_middle = _polynomial(coefficients, middle)
                if f_middle == 0.0:
                    left = right = middle
                    break
                if (f_middle < 0.0) == (f_left < 0.0):
                    left, f_left = middle, f_middle
                else:
                    right = middle
            roots.append((left + right) / 2.0)
    if _polynomial(coefficients, high) == 0.0:
        roots.append(high)
    for point in turning:
        scale = sum(abs(c) * point**k for k, c in enumerate(coefficients))
        if abs(_polynomial(coefficients, point)) <= 1e-13 * scale:
            roots.append(point)
    roots.sort()
    distinct: list[float] = []
    for root in roots:
        if not distinct or root - distinct[-1] > 1e-12 * max(1.0, abs(root)):
            distinct.append(root)
    return distinct


def internal_rate_of_return(cash_flows: Sequence[float], discounting: str = END_OF_YEAR) -> IrrResult:
    """The discount rate at which the NPV of the cash flows is zero, under either timing convention.

    Equation
        End of year: solves :math:`\\sum_t CF_t (1 + r)^{-t} = 0`, i.e. finds the
        positive roots :math:`x` of :math:`\\sum_t CF_t x^t` and returns
        :math:`r = 1/x - 1`. Mid-year: solves :math:`CF_0 + \\sum_{t \\ge 1} CF_t
        (1 + r)^{-(t - 1/2)} = 0`, a polynomial in :math:`y = (1 + r)^{-1/2}`
        with :math:`CF_0` on :math:`y^0` and :math:`CF_t` on :math:`y^{2t-1}`;
        :math:`r = 1/y^2 - 1`.

    Conventions
        Roots are bracketed exactly (the polynomial is monotone between the
        roots of its derivative, found the same way, recursively) and refined
        by bisection, so no starting guess is needed and none is missed. The
        search covers :data:`IRR_LOWEST` to :data:`IRR_HIGHEST`. When the cash
        flows change sign more than once there can be several IRRs; as
        ``numpy_financial.irr`` does, the one closest to zero is returned, and
        ``all_rates`` lists them all.

    Degenerate cases
        ``rate`` is ``None`` (with ``reason``) when the cash flows never change
        sign (all costs or all gains: no rate makes the NPV zero) or when the
        only roots lie outside the searched range.

    Reference
        numpy-financial, ``irr``; D. Teichroew, A. A. Robichek and M. Montalbano,
        "An analysis of criteria for investment and financing decisions under
        certainty", *Management Science* 12 (1965) 151–179 (multiple IRRs).

    >>> round(internal_rate_of_return([-100.0, 39.0, 59.0, 55.0, 20.0]).rate, 9)  # numpy-financial's example
    0.280948421
    >>> round(internal_rate_of_return([-100.0, 60.0, 60.0], MID_YEAR).rate, 9)  # present_value is 0 there
    0.205230705
    >>> internal_rate_of_return([-100.0, -5.0]).reason
    'The cash flows never turn positive, so no discount rate makes the NPV zero.'
    """
    values = [float(v) for v in cash_flows]
    if not any(v > 0 for v in values):
        return IrrResult(None, (), "The cash flows never turn positive, so no discount rate makes the NPV zero.")
    if not any(v < 0 for v in values):
        return IrrResult(None, (), "The cash flows are never negative, so no discount rate makes the NPV zero.")
    largest = max(abs(v) for v in values)
    scaled = [v / largest for v in values]  # flows far smaller than the largest become 0 here
    power = 1.0  # x = (1 + r)^-power
    if discounting == MID_YEAR:
        coefficients = [0.0] * (2 * len(scaled) - 2) if len(scaled) > 1 else [0.0]
        coefficients[0] = scaled[0]
        for year, value in enumerate(scaled[1:], start=1):
            coefficients[2 * year - 1] = value
        scaled, power = coefficients, 0.5
    elif discounting != END_OF_YEAR:
        raise ValueError(f"discounting must be one of {', '.join(DISCOUNTING)}; got {discounting!r}")
    while scaled[0] == 0.0:
        scaled.pop(0)  # a common factor x^k: same roots
    while scaled[-1] == 0.0:
        scaled.pop()
    x_low, x_high = (1.0 + IRR_HIGHEST) ** -power, (1.0 + IRR_LOWEST) ** -power
    rates = sorted(x ** (-1.0 / power) - 1.0 for x in _real_roots(scaled, x_low, x_high) if x > 0)
    if not rates:
        return IrrResult(None, (), "The IRR lies outside −99.99% to +100,000,000%, so it is not reported.")
    return IrrResult(min(rates, key=abs), tuple(rates), None)
