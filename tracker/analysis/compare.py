"""Consistency versus intensity, and techniques: what went with lower morning pain?

The outcome for day d is the next morning's first-step pain. A verdict is put
into words only when there are at least 14 such mornings and the 95% interval
excludes 0; otherwise the honest answer is "not enough data yet" or "no clear
link yet". Every sentence says "went with", never "caused": these are one
person's observations, and the 7-day windows of neighbouring days overlap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from tracker.catalog import TECHNIQUES

from ._serialize import Serializable
from .daily import Day
from .stats import Correlation, spearman

MIN_MORNINGS_FOR_VERDICT = 14
MIN_DAYS_PER_GROUP = 5
"""A technique's mean over fewer than 5 mornings is one bad night away from reversing."""
MINUS = "\u2212"
RHO = "\u03c1"
CAUSATION_NOTE = "A link in your own diary is not proof that one thing caused the other."
_TECHNIQUE_NAMES = {t.slug: t.name for t in TECHNIQUES}


@dataclass(frozen=True, slots=True)
class Point(Serializable):
    x: float
    y: float
    day: date


@dataclass(frozen=True, slots=True)
class Association(Serializable):
    """One scatter plot: a 7-day measure against the next morning's pain."""

    measure: str
    correlation: Correlation
    points: tuple[Point, ...]
    verdict: str

    @property
    def direction(self) -> str | None:
        """'lower' or 'higher' pain, only when the verdict is put into words."""
        c = self.correlation
        if c.rho is None or c.n < MIN_MORNINGS_FOR_VERDICT or not c.excludes_zero:
            return None
        return "lower" if c.rho < 0 else "higher"


@dataclass(frozen=True, slots=True)
class Headline(Serializable):
    consistency: Association
    intensity: Association
    conclusion: str
    note: str = CAUSATION_NOTE


def signed(value: float) -> str:
    """Two decimals with a true minus sign, as the numbers read in the sentences."""
    text = f"{abs(value):.2f}"
    return f"{MINUS}{text}" if value < 0 and text != "0.00" else text


def _verdict(c: Correlation, subject: str, what: str) -> str:
    """``subject`` completes "Weeks when you ... were followed by"; ``what`` names the measure."""
    if c.n < MIN_MORNINGS_FOR_VERDICT:
        more = MIN_MORNINGS_FOR_VERDICT - c.n
        return f"Not enough data yet: {more} more morning{'s' if more > 1 else ''}."
    rho, low, high = c.rho, c.ci_low, c.ci_high
    if rho is None or low is None or high is None:
        return f"No clear link yet: your {what} has not varied enough to compare."
    if not c.excludes_zero:
        return "No clear link yet (the interval includes zero)."
    numbers = f"{RHO} = {signed(rho)}, 95% CI {signed(low)} to {signed(high)}, n = {c.n}"
    pain = "lower" if rho < 0 else "higher"
    return f"Weeks when you {subject} were followed by {pain} morning pain ({numbers})."


def _association(
    days: Sequence[Day], measure: str, x_of: Callable[[Day], float | None], subject: str
) -> Association:
    points = []
    for day in sorted(days, key=lambda d: d.day):
        x, y = x_of(day), day.next_morning_pain
        if x is not None and y is not None:
            points.append(Point(x=x, y=y, day=day.day))
    correlation = spearman([p.x for p in points], [p.y for p in points])
    return Association(
        measure=measure,
        correlation=correlation,
        points=tuple(points),
        verdict=_verdict(correlation, subject, measure),
    )


def _conclusion(consistency: Association, intensity: Association) -> str:
    """One sentence over both plots; it never ranks a link the data cannot carry."""
    c, i = consistency.direction, intensity.direction
    if c is None and i is None:
        if min(consistency.correlation.n, intensity.correlation.n) < MIN_MORNINGS_FOR_VERDICT:
            return (
                "Not enough data yet to say whether consistency or intensity goes with "
                "lower morning pain."
            )
        return "Neither consistency nor intensity has a clear link with your morning pain yet."
    if c == i == "lower":
        rho_c, rho_i = consistency.correlation.rho or 0.0, intensity.correlation.rho or 0.0
        closer = "consistency" if abs(rho_c) >= abs(rho_i) else "intensity"
        return (
            f"So far both went with lower morning pain, {closer} more closely "
            f"({RHO} {signed(rho_c)} for consistency, {signed(rho_i)} for intensity)."
        )
    return f"So far, consistency {_phrase(consistency)}, and intensity {_phrase(intensity)}."


def _phrase(association: Association) -> str:
    if association.direction is not None:
        return f"went with {association.direction} morning pain"
    if association.correlation.n < MIN_MORNINGS_FOR_VERDICT:
        return "has too few mornings yet to say"
    return "showed no clear link yet"


def consistency_vs_intensity(days: Sequence[Day]) -> Headline:
    """The two scatter plots side by side: keeping to the routine, or pressing harder?"""
    consistency = _association(
        days,
        "consistency",
        lambda d: d.consistency_7d,
        "kept to your routine more consistently",
    )
    intensity = _association(
        days, "intensity", lambda d: d.intensity_7d, "pressed harder in your sessions"
    )
    return Headline(
        consistency=consistency,
        intensity=intensity,
        conclusion=_conclusion(consistency, intensity),
    )


@dataclass(frozen=True, slots=True)
class TechniqueEffect(Serializable):
    slug: str
    name: str
    n_with: int
    n_without: int
    mean_with: float | None
    mean_without: float | None
    difference: float | None
    """mean_with - mean_without: negative means lower pain the morning after."""
    shown: bool
    label: str


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _technique_label(name: str, with_: Sequence[float], without: Sequence[float]) -> str:
    if len(with_) < MIN_DAYS_PER_GROUP or len(without) < MIN_DAYS_PER_GROUP:
        return (
            f"Exploratory: not enough days yet to compare {name} (needs "
            f"{MIN_DAYS_PER_GROUP} with and {MIN_DAYS_PER_GROUP} without; has {len(with_)} "
            f"and {len(without)})."
        )
    return (
        f"Exploratory: mornings after days with {name} averaged "
        f"{_mean(with_) or 0.0:.1f}, after days without {_mean(without) or 0.0:.1f} "
        f"(n = {len(with_)} vs {len(without)}). A comparison, not proof that it helped."
    )


def _technique_effect(
    slug: str, outcomes: Sequence[tuple[float, frozenset[str]]]
) -> TechniqueEffect:
    with_ = [pain for pain, used in outcomes if slug in used]
    without = [pain for pain, used in outcomes if slug not in used]
    mean_with, mean_without = _mean(with_), _mean(without)
    name = _TECHNIQUE_NAMES.get(slug, slug)
    return TechniqueEffect(
        slug=slug,
        name=name,
        n_with=len(with_),
        n_without=len(without),
        mean_with=mean_with,
        mean_without=mean_without,
        difference=None if mean_with is None or mean_without is None else mean_with - mean_without,
        shown=min(len(with_), len(without)) >= MIN_DAYS_PER_GROUP,
        label=_technique_label(name, with_, without),
    )


def technique_comparison(days: Sequence[Day]) -> list[TechniqueEffect]:
    """Next-morning pain after days with each technique against all other days.

    Exploratory: people choose techniques on bad days and good days alike, so
    a difference here is a question to take to a physiotherapist, not an answer.
    """
    outcomes = [
        (d.next_morning_pain, d.techniques) for d in days if d.next_morning_pain is not None
    ]
    slugs = sorted({slug for d in days for slug in d.techniques})
    effects = [_technique_effect(slug, outcomes) for slug in slugs]
    return sorted(effects, key=lambda e: (e.difference is None, e.difference or 0.0, e.slug))
