"""Summaries of repeated timings: medians, percentiles and ratios of paired runs."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """The median, or NaN for no values.

    >>> median([3.0, 1.0, 2.0]), median([1.0, 2.0])
    (2.0, 1.5)
    """
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` quantile (0..1) with linear interpolation between order statistics.

    This is the common "linear" definition (NumPy's default): the position is
    ``share * (n - 1)`` in the sorted values.

    >>> percentile([10, 20, 30, 40, 50], 0.5), percentile([10, 20, 30, 40, 50], 0.95)
    (30.0, 48.0)
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def paired_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """Run-by-run ratios of two interleaved series (drift on a shared machine hits both alike).

    >>> paired_ratios([2.0, 3.0], [1.0, 2.0])
    [2.0, 1.5]
    """
    return [n / d for n, d in zip(numerators, denominators) if d > 0]


def spread(values: Sequence[float]) -> tuple[float, float]:
    """The smallest and largest value, for the table's "range" column.

    >>> spread([3.0, 1.0, 2.0])
    (1.0, 3.0)
    """
    return (min(values), max(values)) if values else (math.nan, math.nan)
