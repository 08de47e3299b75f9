"""Tests for calculators/cash_flow.py: NPV and IRR against numpy-financial, payback worked by hand, and
payback in whole months against an independent month-by-month count in exact fractions."""

from __future__ import annotations

from fractions import Fraction

import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.cash_flow import (
    IRR_HIGHEST,
    IRR_LOWEST,
    internal_rate_of_return,
    npv,
    WHOLE_MONTH_TOLERANCE,
    payback_months,
    payback_whole_months,
    return_on_investment,
)

from tests.strategies import examples


# --- NPV and ROI ----------------------------------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(
    rate=st.floats(min_value=0, max_value=0.5, allow_nan=False),
    flows=st.lists(st.floats(min_value=-1e10, max_value=1e10, allow_nan=False), min_size=1, max_size=11),
)
def test_npv_is_numpy_financial_npv(rate, flows):
    # Two sums of the same terms in another order differ by up to about n * eps * sum(|terms|)
    # (each term is at most its flow): with flows of 1e10 that cancel to 1e6, that is 1e-5, far
    # above 1e-12 of the result. The bound below is that, with room: 11 * 2.2e-16 < 1e-14.
    cancellation = 1e-13 * sum(abs(flow) for flow in flows)
    assert npv(rate, flows) == pytest.approx(float(npf.npv(rate, flows)), rel=1e-12, abs=max(cancellation, 1e-6))


def test_return_on_investment_hand_worked():
    # (250 - 100) / 100 = 1.5; no costs has no ROI.
    assert return_on_investment(250.0, 100.0) == 1.5
    with pytest.raises(ValueError):
        return_on_investment(10.0, 0.0)


# --- payback, worked by hand ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flows", "months"),
    [
        # -150, then +100 a year: cumulative -50 after year 1; +100 in year 2 -> 12 x (1 + 50/100) = 18.
        ([-150.0, 100.0, 100.0], 18.0),
        # -100, +30, +30, +40: cumulative -70, -40, 0 -> reaches zero at the end of year 3: 12 x (2 + 40/40) = 36.
        ([-100.0, 30.0, 30.0, 40.0], 36.0),
        # -60, +240: cumulative turns positive in year 1 -> 12 x (0 + 60/240) = 3.
        ([-60.0, 240.0], 3.0),
        # Nothing up front and year 1 positive -> 0.
        ([0.0, 5.0, -1.0], 0.0),
        # Nothing up front but year 1 negative: cumulative 0, -10, +20 -> 12 x (1 + 10/30) = 16.
        ([0.0, -10.0, 30.0], 16.0),
        # Never negative: nothing to pay back -> 0.
        ([0.0, 0.0, 3.0], 0.0),
        # Still negative at the horizon: -150 + 50 + 50 = -50 -> no payback.
        ([-150.0, 50.0, 50.0], None),
    ],
)
def test_payback_months_hand_worked(flows, months):
    assert payback_months(flows) == months


# --- payback in whole months, as TEI states it ------------------------------------------------------


@pytest.mark.parametrize(
    ("flows", "months"),
    [
        # -150, +100: -50 after year 1, 8.33 a month: -8.33 after month 17, exactly 0 after month 18 -> 18.
        ([-150.0, 100.0, 100.0], 18),
        # -150, +80: -70 after year 1, 6.67 a month: -3.33 after month 22, +3.33 after month 23 -> 23.
        ([-150.0, 80.0, 80.0], 23),
        # -60, +240: 20 a month, 0 after month 3 -> 3 (breaking even counts).
        ([-60.0, 240.0], 3),
        # -61, +240: -1 after month 3, +19 after month 4 -> 4.
        ([-61.0, 240.0], 4),
        # Nothing up front but year 1 negative: -10, then +2.5 a month in year 2: 0 after month 16 -> 16.
        ([0.0, -10.0, 30.0], 16),
        # Nothing to pay back -> 0; never paid back -> None.
        ([0.0, 5.0, -1.0], 0),
        ([0.0, 0.0, 3.0], 0),
        ([-150.0, 50.0, 50.0], None),
        # A cost of 1,000 at 10% is 1,100.0000000000002: 1,100 back in 12 months is month 12, not 13.
        ([-1000.0 * 1.1, 1100.0], 12),
    ],
)
def test_payback_whole_months_hand_worked(flows, months):
    assert payback_whole_months(flows) == months


def months_to_break_even(flows: list[float]) -> int | None:
    """Independent of the module: the cumulative cash month by month in exact fractions (year 0 at the
    start, a twelfth of each later year in each of its months); the first month whose end finds it at
    or above zero after it has been below; 0 when it never is below, or when nothing is paid up front
    and year 1 is positive; None when it is below at the end."""
    if flows[0] == 0 and len(flows) > 1 and flows[1] > 0:
        return 0
    cumulative, been_below = Fraction(flows[0]), flows[0] < 0
    for year, flow in enumerate(flows[1:], start=1):
        for month in range(1, 13):
            cumulative += Fraction(flow) / 12
            if been_below and cumulative >= 0:
                return 12 * (year - 1) + month
            been_below = been_below or cumulative < 0
    return None if been_below else 0


@settings(max_examples=examples(500), deadline=None)
@given(flows=st.lists(st.integers(min_value=-10**6, max_value=10**6), min_size=1, max_size=11))
def test_payback_whole_months_is_a_month_by_month_count(flows):
    # Whole-number flows up to a million: a crossing is a whole month exactly or at least 1/1,000,000
    # of a month from one, far beyond WHOLE_MONTH_TOLERANCE, so the count must agree exactly.
    assert WHOLE_MONTH_TOLERANCE < 1e-6
    expected = months_to_break_even(flows)
    assert payback_whole_months([float(f) for f in flows]) == expected
    interpolated = payback_months([float(f) for f in flows])
    assert (interpolated is None) == (expected is None)
    if expected is not None:
        assert expected - 1 < interpolated <= expected  # the interpolated figure, rounded up


# --- IRR against numpy-financial -----------------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(
    outlay=st.floats(min_value=1, max_value=1e9),
    # No subnormals: numpy-financial's np.roots divides by the last flow and overflows on them.
    returns=st.lists(st.one_of(st.just(0.0), st.floats(min_value=1e-12, max_value=1e9)), min_size=1, max_size=10),
)
def test_irr_matches_numpy_financial_when_there_is_one_sign_change(outlay, returns):
    flows = [-outlay, *returns]
    assume(sum(returns) > 1e-6 * outlay)  # a root inside the searched range
    expected = float(npf.irr(flows))
    assume(IRR_LOWEST < expected < IRR_HIGHEST)
    result = internal_rate_of_return(flows)
    if result.rate is not None:
        assert result.all_rates == (result.rate,)  # one sign change: one IRR
    if result.rate is None or result.rate != pytest.approx(expected, rel=1e-8, abs=1e-10):
        # numpy-financial takes polynomial roots, which lose accuracy when a coefficient is tiny
        # (e.g. a last flow of 1e-12). Then ours must be the better answer, in exact arithmetic:
        # a smaller residual, or, when ours finds no root in range, numpy-financial's is not one.
        if result.rate is None:
            assert exact_npv(expected, flows) > 1e-9 * sum(abs(f) for f in flows)
        else:
            assert exact_npv(result.rate, flows) <= exact_npv(expected, flows)


def exact_npv(rate: float, flows: list[float]) -> float:
    """|NPV| in exact rational arithmetic: the residual of a candidate IRR."""
    one_plus = 1 + Fraction(rate)
    return abs(float(sum(Fraction(flow) / one_plus**t for t, flow in enumerate(flows))))


@pytest.mark.parametrize(
    "flows",
    [
        [-100, 39, 59, 55, 20],  # numpy-financial's own examples
        [-100, 0, 0, 74],
        [-100, 100, 0, -7],  # two sign changes
        [-100, 100, 0, 7],
        [-5, 10.5, 1, -8, 1],  # three IRRs: numpy-financial returns the one closest to zero
    ],
)
def test_irr_matches_numpy_financial_examples(flows):
    assert internal_rate_of_return(flows).rate == pytest.approx(float(npf.irr(flows)), rel=1e-9)


def test_several_irrs_are_all_found_and_warned_about():
    # (1 + r)^-t polynomial with roots at r = 10%, 20%, 30%: -1 x (x - 1/1.1)(x - 1/1.2)(x - 1/1.3) in x = 1/(1+r).
    roots = [1 / 1.1, 1 / 1.2, 1 / 1.3]
    c3, c2 = -1.0, sum(roots)
    c1, c0 = -(roots[0] * roots[1] + roots[0] * roots[2] + roots[1] * roots[2]), roots[0] * roots[1] * roots[2]
    result = internal_rate_of_return([c0, c1, c2, c3])
    assert result.all_rates == pytest.approx([0.1, 0.2, 0.3], rel=1e-9)
    assert result.rate == pytest.approx(0.1)


@pytest.mark.parametrize("flows", [[-100.0, -5.0, 0.0], [100.0, 5.0], [0.0, 0.0], [-1.0]])
def test_irr_is_null_without_a_sign_change(flows):
    result = internal_rate_of_return(flows)
    assert result.rate is None and result.reason


def test_irr_of_flows_too_small_to_matter_is_null_not_an_error():
    # 1e-320 against 1e10 vanishes in floating point: the IRR would be astronomically large.
    result = internal_rate_of_return([-1e10, 1e-320])
    assert result.rate is None and "outside" in result.reason
    assert internal_rate_of_return([-2.0, 5e-324, 3.0]).rate == pytest.approx(float(npf.irr([-2.0, 0.0, 3.0])))

