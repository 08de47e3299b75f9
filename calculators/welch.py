"""Welch's t-test, and the Student t distribution it needs, in the standard library only.

The ROI calculator's evidence mode asks one question of a metric measured as
samples: is the change between the baseline and the outcome (minus the change
in a control group, when there is one) larger than noise? This module answers
it the way ``scipy.stats.ttest_ind(a, b, equal_var=False)`` does, without
scipy, so that it runs under Pyodide at no download cost.

Layers, bottom up:

* :func:`incomplete_beta`: the regularized incomplete beta function
  :math:`I_x(a, b)`, by its continued fraction evaluated with the modified
  Lentz method;
* :func:`t_cdf`, :func:`t_two_sided_p` and :func:`t_quantile`: the Student t
  distribution, built on it;
* :func:`contrast_test`: a Welch test of any linear combination of independent
  group means (two groups give Welch's classic test, :func:`welch_test`; four
  give a difference-in-differences), with its 95% confidence interval and its
  minimum detectable effect at 80% power.

Everything here is pure: numbers in, a frozen :class:`WelchTest` out.

>>> test = welch_test([12.0, 14.0, 11.0, 15.0, 13.0], [9.0, 10.0, 8.0, 11.0, 9.5])
>>> round(test.estimate, 6), round(test.statistic, 6), round(test.p_value, 6)
(3.5, 4.041452, 0.004643)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Relative accuracy at which the continued fraction stops.
_EPSILON = 1e-15
#: Stand-in for zero in Lentz's method, so that no step divides by zero.
_TINY = 1e-300
#: The continued fraction converges in O(sqrt(max(a, b))) steps; this is ample
#: for the degrees of freedom two lists of 10,000 samples can produce.
_MAX_STEPS = 100_000

#: The significance level of the tests (two-sided): a change is significant when p < ALPHA,
#: and the confidence interval covers 1 - ALPHA.
ALPHA = 0.05
#: The power at which the minimum detectable effect is computed.
POWER = 0.80


def _continued_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of :math:`I_x(a, b)`, by the modified Lentz method.

    The fraction is :math:`1/(1+ d_1/(1+ d_2/(1+ \\dots)))` with
    :math:`d_{2m+1} = -\\frac{(a+m)(a+b+m)x}{(a+2m)(a+2m+1)}` and
    :math:`d_{2m} = \\frac{m(b-m)x}{(a+2m-1)(a+2m)}`; it converges quickly for
    :math:`x < (a+1)/(a+b+2)`, which the caller guarantees.
    """
    numerator = 1.0  # Lentz's C
    denominator = 1.0 - (a + b) * x / (a + 1.0)  # Lentz's D, before inversion
    if abs(denominator) < _TINY:
        denominator = _TINY
    denominator = 1.0 / denominator
    value = denominator
    for m in range(1, _MAX_STEPS + 1):
        two_m = 2 * m
        # Even step d_{2m}.
        coefficient = m * (b - m) * x / ((a + two_m - 1.0) * (a + two_m))
        denominator = 1.0 + coefficient * denominator
        denominator = _TINY if abs(denominator) < _TINY else denominator
        numerator = 1.0 + coefficient / numerator
        numerator = _TINY if abs(numerator) < _TINY else numerator
        denominator = 1.0 / denominator
        value *= denominator * numerator
        # Odd step d_{2m+1}.
        coefficient = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + two_m + 1.0))
        denominator = 1.0 + coefficient * denominator
        denominator = _TINY if abs(denominator) < _TINY else denominator
        numerator = 1.0 + coefficient / numerator
        numerator = _TINY if abs(numerator) < _TINY else numerator
        denominator = 1.0 / denominator
        step = denominator * numerator
        value *= step
        if abs(step - 1.0) < _EPSILON:
            break
    return value


def incomplete_beta(x: float, a: float, b: float, complement: float | None = None) -> float:
    """The regularized incomplete beta function :math:`I_x(a, b)`.

    Equation
        :math:`I_x(a,b) = \\frac{1}{B(a,b)} \\int_0^x t^{a-1} (1-t)^{b-1} \\, dt`,
        evaluated as :math:`\\frac{x^a (1-x)^b}{a \\, B(a,b)} \\cdot \\mathrm{CF}(x; a, b)`
        where CF is the continued fraction of :func:`_continued_fraction`.

    Conventions
        ``a`` and ``b`` are positive. ``complement`` is :math:`1 - x` when the
        caller knows it more precisely than ``1 - x`` would compute it (the t
        distribution does). For :math:`x > (a+1)/(a+b+2)` the symmetry
        :math:`I_x(a,b) = 1 - I_{1-x}(b,a)` keeps the fraction in its fast,
        accurate region.

    Degenerate cases
        :math:`I_0 = 0` and :math:`I_1 = 1`; ``x`` outside [0, 1] raises
        ``ValueError``.

    Reference
        W. H. Press et al., *Numerical Recipes*, 3rd ed., Cambridge, 2007, §6.4;
        the modified Lentz method is from I. J. Thompson and A. R. Barnett,
        "Coulomb and Bessel functions of complex arguments and order",
        *J. Comput. Phys.* 64 (1986) 490–509.

    >>> round(incomplete_beta(0.5, 2.0, 3.0), 12)  # = 11/16
    0.6875
    >>> incomplete_beta(0.0, 2.0, 3.0), incomplete_beta(1.0, 2.0, 3.0)
    (0.0, 1.0)
    """
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"x must be in [0, 1]; got {x!r}")
    y = 1.0 - x if complement is None else complement
    if x == 0.0:
        return 0.0
    if y == 0.0:
        return 1.0
    log_front = a * math.log(x) + b * math.log(y) - (math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _continued_fraction(x, a, b) / a
    return 1.0 - math.exp(log_front) * _continued_fraction(y, b, a) / b


def t_two_sided_p(t: float, df: float) -> float:
    """The two-sided tail probability :math:`P(|T| \\ge |t|)` of Student's t with ``df`` degrees of freedom.

    Equation
        :math:`p = I_{\\nu/(\\nu + t^2)}(\\nu/2, 1/2)`.

    Conventions
        ``df`` (:math:`\\nu`) is any positive real, as Welch's test produces.
        The tail is computed directly, not as one minus a CDF, so very small
        p-values keep their relative accuracy.

    Degenerate cases
        ``t = 0`` gives 1; ``df <= 0`` raises ``ValueError``.

    Reference
        M. Abramowitz and I. A. Stegun, *Handbook of Mathematical Functions*,
        1964, 26.5.27 and 26.7.1.

    >>> round(t_two_sided_p(2.0, 10.0), 9)  # scipy: 2 * t.sf(2, 10)
    0.073388035
    >>> t_two_sided_p(0.0, 3.0)
    1.0
    """
    if not df > 0:
        raise ValueError(f"df must be positive; got {df!r}")
    if t == 0.0:
        return 1.0
    t_squared = t * t
    if math.isinf(t_squared):
        return 0.0
    total = df + t_squared
    return min(1.0, incomplete_beta(df / total, df / 2.0, 0.5, complement=t_squared / total))


def t_cdf(t: float, df: float) -> float:
    """The cumulative distribution function :math:`P(T \\le t)` of Student's t.

    Equation
        :math:`F(t) = 1 - p/2` for :math:`t > 0` and :math:`p/2` otherwise,
        with :math:`p` from :func:`t_two_sided_p`.

    Conventions and degenerate cases
        As :func:`t_two_sided_p`; :math:`F(0) = 1/2`.

    Reference
        Abramowitz and Stegun, 26.7.1.

    >>> round(t_cdf(2.0, 10.0), 10), round(t_cdf(-2.0, 10.0), 10)
    (0.9633059826, 0.0366940174)
    """
    half_tail = t_two_sided_p(t, df) / 2.0
    return 1.0 - half_tail if t > 0 else half_tail


def t_quantile(probability: float, df: float) -> float:
    """The quantile (inverse CDF) of Student's t: the ``t`` with :math:`F(t) = ` ``probability``.

    Equation
        Solves :math:`F(t) = q` by bracketing and bisection on the upper tail
        :math:`p(t)/2 = \\min(q, 1-q)`, which is monotone in :math:`|t|`.

    Conventions
        ``probability`` is in (0, 1) and ``df`` is positive. Bisection runs until
        the bracket stops shrinking in floating point, so the result is accurate
        to a few units in the last place of the tail probability's inverse.

    Degenerate cases
        ``probability = 0.5`` gives 0; values outside (0, 1) raise ``ValueError``.

    Reference
        Abramowitz and Stegun, 26.7; scipy.stats.t.ppf computes the same quantity.

    >>> round(t_quantile(0.975, 10.0), 9)  # the textbook 2.228
    2.228138852
    >>> round(t_quantile(0.025, 1.0), 6)  # Cauchy: -tan(0.475 pi)
    -12.706205
    """
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be in (0, 1); got {probability!r}")
    if not df > 0:
        raise ValueError(f"df must be positive; got {df!r}")
    if probability == 0.5:
        return 0.0
    target = 2.0 * min(probability, 1.0 - probability)  # the two-sided tail at |t|
    low, high = 0.0, 1.0
    while t_two_sided_p(high, df) > target:
        low, high = high, high * 2.0
    for _ in range(2000):
        middle = (low + high) / 2.0
        if middle in (low, high):
            break
        if t_two_sided_p(middle, df) > target:
            low = middle
        else:
            high = middle
    magnitude = (low + high) / 2.0
    return magnitude if probability > 0.5 else -magnitude


@dataclass(frozen=True)
class WelchTest:
    """The outcome of a Welch test of a contrast of group means.

    ``estimate`` is the contrast :math:`\\sum_i c_i \\bar x_i`. The fields
    that need a standard error above zero (``statistic``, ``df``, ``p_value``,
    ``ci_low``, ``ci_high``, ``significant``, ``min_detectable_effect``) are
    ``None`` when every group is constant, because the test is then undefined.
    """

    estimate: float
    standard_error: float
    statistic: float | None
    df: float | None
    p_value: float | None
    ci_low: float | None
    ci_high: float | None
    significant: bool | None
    min_detectable_effect: float | None
    sizes: tuple[int, ...]

    def to_json(self) -> dict:
        """The JSON form the ROI result carries as a metric's ``evidence``."""
        return {
            "mean_difference": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p_value": self.p_value,
            "significant": self.significant,
            "min_detectable_effect": self.min_detectable_effect,
            "t_statistic": self.statistic,
            "df": self.df,
            "standard_error": self.standard_error,
            "sample_sizes": list(self.sizes),
        }


def mean_and_variance(samples: Sequence[float]) -> tuple[float, float]:
    """The mean and the unbiased sample variance of at least two observations.

    Equation
        :math:`\\bar x = \\frac{1}{n}\\sum x_i`,
        :math:`s^2 = \\frac{1}{n-1}\\sum (x_i - \\bar x)^2`.

    Conventions
        Two passes with compensated summation (``math.fsum``), so large offsets
        do not swamp small spreads.

    Degenerate cases
        Fewer than two observations raise ``ValueError``.

    Reference
        N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed.,
        SIAM, 2002, §1.9.

    >>> mean_and_variance([1e9 + 1, 1e9 + 2, 1e9 + 3])
    (1000000002.0, 1.0)
    """
    n = len(samples)
    if n < 2:
        raise ValueError("At least two observations are needed for a variance.")
    mean = math.fsum(samples) / n
    variance = math.fsum((x - mean) ** 2 for x in samples) / (n - 1)
    return mean, variance


def contrast_test(
    groups: Sequence[tuple[float, Sequence[float]]], *, alpha: float = ALPHA, power: float = POWER
) -> WelchTest:
    """Welch's test of a linear contrast of independent group means.

    Equation
        For groups :math:`i` with coefficient :math:`c_i`, size :math:`n_i`,
        mean :math:`\\bar x_i` and variance :math:`s_i^2`:

        * estimate :math:`\\hat\\delta = \\sum_i c_i \\bar x_i`;
        * standard error :math:`SE = \\sqrt{\\sum_i v_i}` with :math:`v_i = c_i^2 s_i^2 / n_i`;
        * Welch–Satterthwaite degrees of freedom
          :math:`\\nu = (\\sum_i v_i)^2 / \\sum_i \\frac{v_i^2}{n_i - 1}`;
        * statistic :math:`t = \\hat\\delta / SE`, two-sided
          :math:`p = P(|T_\\nu| \\ge |t|)`, significant when :math:`p < \\alpha`;
        * confidence interval :math:`\\hat\\delta \\pm t_{1-\\alpha/2,\\nu} \\, SE`;
        * minimum detectable effect
          :math:`MDE = (t_{1-\\alpha/2,\\nu} + t_{\\text{power},\\nu}) \\, SE`.

    Conventions
        With two groups and coefficients (+1, −1) this is exactly
        ``scipy.stats.ttest_ind(a, b, equal_var=False)``. With four groups
        (+1, −1, −1, +1) it tests a difference-in-differences; the
        Satterthwaite approximation extends to any number of groups.

        The MDE is the usual approximation (Bloom, 1995): the true effect at
        which a two-sided test at level :math:`\\alpha` rejects with probability
        ``power``, ignoring the far rejection tail and treating the noncentral
        t as a shifted central t. It uses the observed standard error, so it
        describes how large an effect this design, at this spread and sample
        size, could reliably have seen. At 80% power and :math:`\\nu \\ge 5`
        the exact noncentral-t power at the MDE is within about one percentage
        point of 80%; with very few observations it is lower (about 73% at
        :math:`\\nu = 1`, 77% at :math:`\\nu = 2`), so the MDE is then optimistic.

    Degenerate cases
        Every group needs at least two observations (``ValueError``
        otherwise). When every group with a non-zero coefficient is constant,
        :math:`SE = 0` and the test is undefined: the fields that need it are
        ``None``.

    Reference
        B. L. Welch, "The generalization of 'Student's' problem when several
        different population variances are involved", *Biometrika* 34 (1947)
        28–35; F. E. Satterthwaite, "An approximate distribution of estimates of
        variance components", *Biometrics Bulletin* 2 (1946) 110–114;
        H. S. Bloom, "Minimum detectable effects", *Evaluation Review* 19 (1995)
        547–556.

    >>> test = contrast_test([(1, [5.0, 6.0, 7.0]), (-1, [1.0, 2.0, 3.0])])
    >>> test.estimate, test.standard_error ** 2, test.df  # SE^2 = 1/3 + 1/3
    (4.0, 0.6666666666666666, 4.0)
    """
    if not 0.0 < alpha < 1.0 or not 0.0 < power < 1.0:
        raise ValueError("alpha and power must be in (0, 1).")
    estimate_terms: list[float] = []
    variance_terms: list[float] = []
    sizes: list[int] = []
    for coefficient, samples in groups:
        mean, variance = mean_and_variance(samples)
        sizes.append(len(samples))
        estimate_terms.append(coefficient * mean)
        variance_terms.append(coefficient * coefficient * variance / len(samples))
    estimate = math.fsum(estimate_terms)
    variance_of_estimate = math.fsum(variance_terms)
    standard_error = math.sqrt(variance_of_estimate)
    if standard_error == 0.0:
        return WelchTest(estimate, standard_error, None, None, None, None, None, None, None, tuple(sizes))
    # Satterthwaite's ratio is scale-free: computing it on v_i / max(v) keeps tiny variances from underflowing.
    largest = max(variance_terms)
    shares = [term / largest for term in variance_terms]
    df = math.fsum(shares) ** 2 / math.fsum(share * share / (n - 1) for share, n in zip(shares, sizes))
    statistic = estimate / standard_error
    p_value = t_two_sided_p(statistic, df)
    critical = t_quantile(1.0 - alpha / 2.0, df)
    margin = critical * standard_error
    mde = (critical + t_quantile(power, df)) * standard_error
    return WelchTest(
        estimate=estimate,
        standard_error=standard_error,
        statistic=statistic,
        df=df,
        p_value=p_value,
        ci_low=estimate - margin,
        ci_high=estimate + margin,
        significant=p_value < alpha,
        min_detectable_effect=mde,
        sizes=tuple(sizes),
    )


def welch_test(first: Sequence[float], second: Sequence[float], *, alpha: float = ALPHA, power: float = POWER) -> WelchTest:
    """Welch's unequal-variances t-test of ``mean(first) - mean(second)``.

    Equation
        :math:`t = (\\bar a - \\bar b) / \\sqrt{s_a^2/n_a + s_b^2/n_b}` with
        Welch–Satterthwaite degrees of freedom; see :func:`contrast_test`.

    Conventions
        Same sign and p-value as ``scipy.stats.ttest_ind(first, second,
        equal_var=False)``; the interval is that of its
        ``confidence_interval(0.95)``.

    Degenerate cases
        As :func:`contrast_test`: two constant groups give ``None`` statistics.

    Reference
        Welch (1947), as in :func:`contrast_test`.

    >>> test = welch_test([5.0, 6.0, 7.0], [1.0, 2.0, 3.0])
    >>> round(test.statistic, 6), round(test.p_value, 6), test.significant
    (4.898979, 0.00805, True)
    >>> welch_test([2.0, 2.0], [1.0, 1.0]).p_value is None
    True
    """
    return contrast_test([(1.0, first), (-1.0, second)], alpha=alpha, power=power)
