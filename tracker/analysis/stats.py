"""Spearman's rank correlation with a 95% interval, in plain Python.

Ranks rather than raw values because pain ratings and 7-day means are
ordinal-ish and skewed, and a person's handful of odd mornings must not
dominate the answer. The interval uses Fisher's z transform with the
Fieller-Hartley-Pearson standard error sqrt(1.06 / (n - 3)), the usual
small-sample correction for Spearman's rho (Fieller et al., 1957).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

MIN_PAIRS = 4
"""Below 4 pairs the standard error sqrt(1.06 / (n - 3)) is undefined or meaningless."""
CONFIDENCE = 0.95
_Z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
METHOD = "Spearman rank correlation; 95% CI by Fisher z, Fieller SE"


@dataclass(frozen=True, slots=True)
class Correlation:
    rho: float | None
    n: int
    ci_low: float | None
    ci_high: float | None
    method: str = METHOD

    @property
    def excludes_zero(self) -> bool:
        """True when the whole interval lies on one side of 0: a link the data can carry."""
        if self.ci_low is None or self.ci_high is None:
            return False
        return self.ci_low > 0 or self.ci_high < 0


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they occupy."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        stop = start
        while stop + 1 < len(order) and values[order[stop + 1]] == values[order[start]]:
            stop += 1
        shared = (start + stop) / 2 + 1
        for k in range(start, stop + 1):
            ranks[order[k]] = shared
        start = stop + 1
    return ranks


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    mean_x, mean_y = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    syy = math.fsum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def fisher_interval(rho: float, n: int) -> tuple[float, float]:
    """tanh(atanh(rho) -/+ z * sqrt(1.06 / (n - 3))).

    At |rho| = 1 the transform is infinite and the interval collapses onto rho:
    Fisher's method has nothing more to say there.
    """
    if abs(rho) >= 1.0:
        return rho, rho
    centre = math.atanh(rho)
    half_width = _Z * math.sqrt(1.06 / (n - 3))
    low, high = math.tanh(centre - half_width), math.tanh(centre + half_width)
    return min(low, rho), max(high, rho)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> Correlation:
    """Spearman's rho as Pearson's r of the average ranks, so ties are handled exactly.

    No value (rho None) for fewer than 4 pairs or when either side never
    varies: a number there would look like a finding and be none.
    """
    if len(xs) != len(ys):
        raise ValueError("xs and ys differ in length")
    n = len(xs)
    if n < MIN_PAIRS:
        return Correlation(rho=None, n=n, ci_low=None, ci_high=None)
    pairs = sorted(zip(xs, ys, strict=True))
    rho = _pearson(average_ranks([x for x, _ in pairs]), average_ranks([y for _, y in pairs]))
    if rho is None:
        return Correlation(rho=None, n=n, ci_low=None, ci_high=None)
    low, high = fisher_interval(rho, n)
    return Correlation(rho=rho, n=n, ci_low=low, ci_high=high)
