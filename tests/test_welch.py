"""Tests for calculators/welch.py: the Student t distribution and Welch's test, against scipy (dev-only)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import special, stats

from calculators.welch import (
    contrast_test,
    incomplete_beta,
    mean_and_variance,
    t_cdf,
    t_quantile,
    t_two_sided_p,
    welch_test,
)

from tests.strategies import examples

TOLERANCE = 1e-6  # the bar; most values agree far more closely


def close(ours: float, theirs: float, rel: float = TOLERANCE, abs_: float = 1e-12) -> bool:
    return math.isclose(ours, theirs, rel_tol=rel, abs_tol=abs_)


# --- incomplete beta and the t distribution -----------------------------------------------------


@pytest.mark.parametrize(
    ("x", "a", "b"),
    [(0.5, 2.0, 3.0), (0.01, 0.5, 0.5), (0.99, 0.5, 0.5), (0.3, 50.0, 0.5), (0.999, 9999.0, 0.5), (0.2, 1e-3, 2.0)],
)
def test_incomplete_beta_matches_scipy_betainc(x, a, b):
    assert close(incomplete_beta(x, a, b), float(special.betainc(a, b, x)), rel=1e-10)


def test_incomplete_beta_refuses_x_outside_the_unit_interval():
    with pytest.raises(ValueError):
        incomplete_beta(1.5, 1.0, 1.0)


@settings(max_examples=examples(300), deadline=None)
@given(
    t=st.floats(min_value=-60, max_value=60, allow_nan=False),
    df=st.floats(min_value=1.0, max_value=20000.0, allow_nan=False),
)
def test_t_cdf_and_two_sided_p_match_scipy(t, df):
    assert close(t_cdf(t, df), float(stats.t.cdf(t, df)), rel=1e-8)
    assert close(t_two_sided_p(t, df), float(2 * stats.t.sf(abs(t), df)), rel=1e-8, abs_=1e-300)


@pytest.mark.parametrize("t", [-50.0, -3.0, -1e-9, 0.0, 2.7565290262645924e-09, 0.5, 4.0, 1e3])
def test_t_cdf_closed_forms_for_one_and_two_degrees_of_freedom(t):
    # Abramowitz and Stegun 26.7.3-26.7.4: Cauchy for df = 1, and F(t) = 1/2 + t / (2 sqrt(2 + t^2)) for df = 2.
    assert close(t_cdf(t, 1.0), 0.5 + math.atan(t) / math.pi, rel=1e-13)
    assert close(t_cdf(t, 2.0), 0.5 + t / (2 * math.sqrt(2 + t * t)), rel=1e-13)


@pytest.mark.parametrize("df", [1.0, 1.5, 2.0, 4.7, 10.0, 30.0, 123.4, 5000.0, 19998.0])
@pytest.mark.parametrize("probability", [0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.9999])
def test_t_quantile_matches_scipy_ppf(probability, df):
    assert close(t_quantile(probability, df), float(stats.t.ppf(probability, df)), rel=1e-10)


def test_small_p_values_keep_relative_accuracy():
    # A large t: the tail is computed directly, not as 1 - CDF, so it is not lost to rounding.
    assert close(t_two_sided_p(40.0, 8.0), float(2 * stats.t.sf(40.0, 8.0)), rel=1e-9)


@pytest.mark.parametrize(("bad_p", "bad_df"), [(0.0, 5.0), (1.0, 5.0), (0.5, 0.0), (0.3, -1.0)])
def test_t_quantile_refuses_impossible_arguments(bad_p, bad_df):
    with pytest.raises(ValueError):
        t_quantile(bad_p, bad_df)


# --- Welch's test against scipy.stats.ttest_ind(equal_var=False) --------------------------------

samples = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False), min_size=2, max_size=60
)


def assert_matches_scipy(first: list[float], second: list[float]) -> None:
    ours = welch_test(first, second)
    theirs = stats.ttest_ind(first, second, equal_var=False)
    assert ours.statistic is not None
    assert close(ours.statistic, float(theirs.statistic), abs_=1e-9)
    assert close(ours.df, float(theirs.df))
    assert close(ours.p_value, float(theirs.pvalue), abs_=1e-12)
    interval = theirs.confidence_interval(0.95)
    assert close(ours.ci_low, float(interval.low), abs_=1e-9 * (1 + abs(ours.estimate)))
    assert close(ours.ci_high, float(interval.high), abs_=1e-9 * (1 + abs(ours.estimate)))
    assert ours.significant == (float(theirs.pvalue) < 0.05)


@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")  # scipy's, on near-equal data
@settings(max_examples=examples(300), deadline=None)  # 600 quantile inversions; CI machines vary
@given(first=samples, second=samples)
def test_welch_matches_scipy_on_random_samples(first, second):
    spread = np.std(first, ddof=1) + np.std(second, ddof=1)
    # Near-constant samples make the statistic ill-conditioned in any implementation.
    assume(spread > 1e-6 * (1 + max(map(abs, first + second))))
    assert_matches_scipy(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ([12.0, 14.0, 11.0, 15.0, 13.0], [9.0, 10.0, 8.0, 11.0, 9.5]),  # clear difference
        ([1.0, 2.0], [1.5, 1.7, 1.9, 2.4, 0.9, 1.1]),  # df near the minimum
        ([5.1, 4.9, 5.0, 5.2, 4.8] * 40, [5.0, 5.3, 4.7] * 50),  # no real difference
        (list(np.linspace(0.0, 1.0, 10_000)), list(np.linspace(0.01, 1.01, 10_000))),  # the largest lists
    ],
)
def test_welch_matches_scipy_on_fixed_cases(first, second):
    assert_matches_scipy(first, second)


def test_two_constant_groups_leave_the_test_undefined():
    test = welch_test([3.0, 3.0, 3.0], [1.0, 1.0])
    assert test.estimate == 2.0 and test.standard_error == 0.0
    assert (test.statistic, test.p_value, test.ci_low, test.significant, test.min_detectable_effect) == (
        None, None, None, None, None,
    )


def test_groups_need_two_observations():
    with pytest.raises(ValueError):
        welch_test([1.0], [2.0, 3.0])


def test_mean_and_variance_match_numpy_with_a_large_offset():
    values = [1e9 + v for v in (0.1, 0.25, 0.3, 0.7, 0.05)]
    mean, variance = mean_and_variance(values)
    assert close(mean, float(np.mean(values)), rel=1e-15)
    assert close(variance, float(np.var(np.array(values) - 1e9, ddof=1)), rel=1e-6)


# --- difference-in-differences contrast and the minimum detectable effect -----------------------


def test_four_group_contrast_matches_a_hand_built_satterthwaite_test():
    rng = np.random.default_rng(7)
    groups = [rng.normal(14, 3, 40), rng.normal(6, 2, 35), rng.normal(14.5, 3, 30), rng.normal(13, 2.5, 25)]
    coefficients = [1.0, -1.0, -1.0, 1.0]  # (b - o) - (cb - co)
    test = contrast_test([(c, list(g)) for c, g in zip(coefficients, groups)])
    v = [c * c * np.var(g, ddof=1) / len(g) for c, g in zip(coefficients, groups)]
    se = math.sqrt(sum(v))
    df = sum(v) ** 2 / sum(vi * vi / (len(g) - 1) for vi, g in zip(v, groups))
    estimate = sum(c * np.mean(g) for c, g in zip(coefficients, groups))
    assert close(test.estimate, estimate, rel=1e-12)
    assert close(test.standard_error, se, rel=1e-12)
    assert close(test.df, df, rel=1e-12)
    assert close(test.p_value, float(2 * stats.t.sf(abs(estimate / se), df)), abs_=1e-15)
    half_width = float(stats.t.ppf(0.975, df)) * se
    assert close(test.ci_low, estimate - half_width) and close(test.ci_high, estimate + half_width)


def test_two_group_contrast_is_welch_test():
    a, b = [2.0, 4.0, 3.5, 5.0], [1.0, 1.5, 0.5]
    assert contrast_test([(1.0, a), (-1.0, b)]) == welch_test(a, b)


@pytest.mark.parametrize(("n", "sd"), [(6, 1.0), (20, 2.5), (200, 10.0)])
def test_minimum_detectable_effect_formula_and_its_power(n, sd):
    rng = np.random.default_rng(n)
    first, second = list(rng.normal(0, sd, n)), list(rng.normal(0, sd, n))
    test = welch_test(first, second)
    expected = (stats.t.ppf(0.975, test.df) + stats.t.ppf(0.80, test.df)) * test.standard_error
    assert close(test.min_detectable_effect, float(expected), rel=1e-10)
    # The approximation: at the MDE, the exact power (noncentral t, both tails) is about 80%.
    critical = stats.t.ppf(0.975, test.df)
    noncentrality = test.min_detectable_effect / test.standard_error
    power = stats.nct.sf(critical, test.df, noncentrality) + stats.nct.cdf(-critical, test.df, noncentrality)
    assert 0.79 <= power <= 0.815
