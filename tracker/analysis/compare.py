"""Consistency versus intensity, and techniques: what went with lower morning pain?

The outcome for day d is the next morning's first-step pain. The headline is
one model (``model.py``) of that pain on 7-day consistency and intensity
together, after a smooth recovery trend. A verdict is put into words only
when its 95% interval excludes 0, with enough effective observations and
enough variation in the routine; otherwise the sentence says which of those
is missing and, where more diary would help, about how much. Every sentence
says "went with", never "caused".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter

import numpy as np

from tracker.catalog import TECHNIQUES
from tracker.i18n import text
from tracker.i18n.text import N_

from .daily import Day
from .model import (
    CONFIDENCE,
    HALF_ROUTINE,
    MAX_CORRELATION,
    METHOD,
    METHOD_TEXT,
    MIN_CONSISTENCY_SD,
    MIN_EFFECTIVE,
    MIN_INTENSITY_SD,
    MIN_MORNINGS,
    PRESSURE_STEP,
    Difference,
    Estimate,
    ModelFit,
    adjusted_difference,
    fit,
    method_text,
    session_design,
    trend_rho,
)
from .voice import Voice, say
from .words import MINUS as MINUS
from .words import decimal, not_enough_mornings, points

MIN_MORNINGS_FOR_VERDICT = MIN_MORNINGS
MIN_DAYS_PER_GROUP = 10
"""Below 10 mornings on either side a technique's difference is one bad week from reversing."""


def causation_note(voice: Voice = "you") -> str:
    return say(
        voice,
        N_("A link in your own diary is not proof that one thing caused the other."),
        N_("A link in their own diary is not proof that one thing caused the other."),
    )


CAUSATION_NOTE = N_("A link in your own diary is not proof that one thing caused the other.")
"""In English; ``causation_note(voice)`` gives it in the reader's language."""
_TECHNIQUE_NAMES = {t.slug: t.name for t in TECHNIQUES}

KINDS = (
    "lower",
    "higher",
    "no-clear-link",
    "not-enough-data",
    "too-little-variation",
    "cannot-separate",
)
"""What a verdict says: a link in one direction, or which condition for one is missing."""
CLAIMS = frozenset({"lower", "higher"})


@dataclass(slots=True)
class Point:
    """Not frozen, for the reason ``Day`` is not: a 5-year headline has about 3,400 of
    them, and a frozen dataclass's ``object.__setattr__`` per field made building them
    four to five times slower. Nothing changes a point once made."""

    x: float
    y: float
    day: date
    adjusted: float | None = None
    """The next-morning pain with the recovery trend and the other measure taken out
    (a partial residual, on the pain scale): what the verdict is about."""


@dataclass(frozen=True, slots=True)
class Association:
    """One measure's part of the headline: its effect in pain points, and the words."""

    measure: str
    kind: str
    """One of KINDS."""
    effect: float | None
    """Difference in next-morning pain for ``contrast``: negative means lower pain."""
    ci_low: float | None
    ci_high: float | None
    contrast: str
    n: int
    """Mornings used: a rating the morning after a day with both 7-day measures."""
    n_effective: float | None
    """About how many independent mornings those are worth, given that neighbouring
    days are alike."""
    points: tuple[Point, ...]
    verdict: str
    slope: float | None = None
    """Pain points per unit of the measure (per 1.0 consistency, per pressure point)."""

    @property
    def direction(self) -> str | None:
        """'lower' or 'higher' pain, only when the verdict is put into words."""
        return self.kind if self.kind in CLAIMS else None


@dataclass(frozen=True, slots=True)
class Headline:
    consistency: Association
    intensity: Association
    kind: str
    """"claim" when either measure has a verdict, else the reason there is none."""
    conclusion: str
    correlation: float | None
    """Between 7-day consistency and intensity over the mornings used."""
    method: str = METHOD_TEXT
    note: str = CAUSATION_NOTE


def signed(value: float, digits: int = 2) -> str:
    """A number with a true minus sign, as the numbers read in the sentences (and in the
    reader's way: "−1,6" in German)."""
    return decimal(value, digits)


def model_line(assoc: Association) -> tuple[list[float], list[float]]:
    """The model's slope through the mean of the trend-adjusted points, from the lowest
    to the highest measure: the line the verdict is about. Empty without a slope or
    with fewer than two distinct measures."""
    points = [p for p in assoc.points if p.adjusted is not None]
    if assoc.slope is None or len(points) < 2:
        return [], []
    xs = [p.x for p in points]
    lo, hi = min(xs), max(xs)
    if lo == hi:
        return [], []
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(p.adjusted or 0.0 for p in points) / len(points)
    return [lo, hi], [mean_y + assoc.slope * (x - mean_x) for x in (lo, hi)]


def weeks_more(fitted: ModelFit) -> int:
    """Weeks of diary until the effective observations reach the threshold, assuming
    the days to come are as alike as the days so far."""
    if fitted.first is None or fitted.last is None or fitted.n_effective <= 0:
        return max(1, math.ceil((MIN_MORNINGS - fitted.n) / 7))
    span = (fitted.last - fitted.first).days + 1
    days = span * (MIN_EFFECTIVE / fitted.n_effective - 1)
    return max(1, math.ceil(days / 7))


_CONTRAST = {"consistency": N_("whole vs half routine"), "intensity": N_("2 more pressure points")}
"""In English; translated where an Association is made."""


def _claim_sentence(
    measure: str, effect: float, low: float, high: float, n: int, n_eff: float, voice: Voice
) -> str:
    lo, hi = sorted((abs(low), abs(high)))
    numbers = text.gettext(
        "95%% CI %(low)s to %(high)s, n = %(n)s mornings, worth about %(effective)s "
        "independent ones",
        low=decimal(lo),
        high=decimal(hi),
        n=n,
        effective=round(n_eff),
    )
    words = {"points": points(effect), "numbers": numbers}
    if measure == "consistency" and effect < 0:
        return say(
            voice,
            N_(
                "In weeks when you did your whole routine, the next morning's pain was about "
                "%(points)s lower than in half-routine weeks (%(numbers)s), after allowing for "
                "your overall recovery and how hard you pressed."
            ),
            N_(
                "In weeks when they did their whole routine, the next morning's pain was about "
                "%(points)s lower than in half-routine weeks (%(numbers)s), after allowing for "
                "their overall recovery and how hard they pressed."
            ),
            **words,
        )
    if measure == "consistency":
        return say(
            voice,
            N_(
                "In weeks when you did your whole routine, the next morning's pain was about "
                "%(points)s higher than in half-routine weeks (%(numbers)s), after allowing for "
                "your overall recovery and how hard you pressed."
            ),
            N_(
                "In weeks when they did their whole routine, the next morning's pain was about "
                "%(points)s higher than in half-routine weeks (%(numbers)s), after allowing for "
                "their overall recovery and how hard they pressed."
            ),
            **words,
        )
    if effect < 0:
        return say(
            voice,
            N_(
                "In weeks when you pressed 2 points harder, the next morning's pain was about "
                "%(points)s lower (%(numbers)s), after allowing for your overall recovery and "
                "how consistently you kept to your routine."
            ),
            N_(
                "In weeks when they pressed 2 points harder, the next morning's pain was about "
                "%(points)s lower (%(numbers)s), after allowing for their overall recovery and "
                "how consistently they kept to their routine."
            ),
            **words,
        )
    return say(
        voice,
        N_(
            "In weeks when you pressed 2 points harder, the next morning's pain was about "
            "%(points)s higher (%(numbers)s), after allowing for your overall recovery and "
            "how consistently you kept to your routine."
        ),
        N_(
            "In weeks when they pressed 2 points harder, the next morning's pain was about "
            "%(points)s higher (%(numbers)s), after allowing for their overall recovery and "
            "how consistently they kept to their routine."
        ),
        **words,
    )


def _hardly_varied(measure: str, voice: Voice) -> str:
    if measure == "consistency":
        return say(
            voice,
            N_(
                "Nothing to compare yet: how consistently you kept to your routine has hardly "
                "varied so far, so there are no different weeks to set side by side."
            ),
            N_(
                "Nothing to compare yet: how consistently they kept to their routine has "
                "hardly varied so far, so there are no different weeks to set side by side."
            ),
        )
    return say(
        voice,
        N_(
            "Nothing to compare yet: how hard you pressed in your sessions has hardly varied "
            "so far, so there are no different weeks to set side by side."
        ),
        N_(
            "Nothing to compare yet: how hard they pressed in their sessions has hardly "
            "varied so far, so there are no different weeks to set side by side."
        ),
    )


def _too_few_effective(measure: str, numbers: str, weeks: int, voice: Voice) -> str:
    """Each of the four is a plural message of its own: German and Spanish change the verb
    with the voice, and "week" with the number."""
    if measure == "consistency" and voice == "you":
        return text.ngettext(
            "Not enough to tell yet whether how consistently you kept to your routine goes "
            "with next-morning pain (%(numbers)s); your days are much alike from one to the "
            "next, so about %(num)s more week of diary would help.",
            "Not enough to tell yet whether how consistently you kept to your routine goes "
            "with next-morning pain (%(numbers)s); your days are much alike from one to the "
            "next, so about %(num)s more weeks of diary would help.",
            weeks,
            numbers=numbers,
        )
    if measure == "consistency":
        return text.ngettext(
            "Not enough to tell yet whether how consistently they kept to their routine goes "
            "with next-morning pain (%(numbers)s); their days are much alike from one to the "
            "next, so about %(num)s more week of diary would help.",
            "Not enough to tell yet whether how consistently they kept to their routine goes "
            "with next-morning pain (%(numbers)s); their days are much alike from one to the "
            "next, so about %(num)s more weeks of diary would help.",
            weeks,
            numbers=numbers,
        )
    if voice == "you":
        return text.ngettext(
            "Not enough to tell yet whether how hard you pressed in your sessions goes with "
            "next-morning pain (%(numbers)s); your days are much alike from one to the next, "
            "so about %(num)s more week of diary would help.",
            "Not enough to tell yet whether how hard you pressed in your sessions goes with "
            "next-morning pain (%(numbers)s); your days are much alike from one to the next, "
            "so about %(num)s more weeks of diary would help.",
            weeks,
            numbers=numbers,
        )
    return text.ngettext(
        "Not enough to tell yet whether how hard they pressed in their sessions goes with "
        "next-morning pain (%(numbers)s); their days are much alike from one to the next, "
        "so about %(num)s more week of diary would help.",
        "Not enough to tell yet whether how hard they pressed in their sessions goes with "
        "next-morning pain (%(numbers)s); their days are much alike from one to the next, "
        "so about %(num)s more weeks of diary would help.",
        weeks,
        numbers=numbers,
    )


def _no_clear_link(measure: str, numbers: str, voice: Voice) -> str:
    if measure == "consistency":
        return say(
            voice,
            N_(
                "No clear link between how consistently you kept to your routine and "
                "next-morning pain, after allowing for your overall recovery (%(numbers)s)."
            ),
            N_(
                "No clear link between how consistently they kept to their routine and "
                "next-morning pain, after allowing for their overall recovery (%(numbers)s)."
            ),
            numbers=numbers,
        )
    return say(
        voice,
        N_(
            "No clear link between how hard you pressed in your sessions and next-morning "
            "pain, after allowing for your overall recovery (%(numbers)s)."
        ),
        N_(
            "No clear link between how hard they pressed in their sessions and next-morning "
            "pain, after allowing for their overall recovery (%(numbers)s)."
        ),
        numbers=numbers,
    )


def _verdict(
    measure: str, fitted: ModelFit, estimate: Estimate | None, voice: Voice = "you"
) -> Association:
    scale = HALF_ROUTINE if measure == "consistency" else PRESSURE_STEP
    sd = fitted.consistency_sd if measure == "consistency" else fitted.intensity_sd
    minimum_sd = MIN_CONSISTENCY_SD if measure == "consistency" else MIN_INTENSITY_SD
    effect = low = high = None
    if estimate is not None:
        effect = estimate.coefficient * scale
        low, high = estimate.ci_low * scale, estimate.ci_high * scale
    n, n_eff = fitted.n, fitted.n_effective
    contrast = text.gettext(_CONTRAST[measure])
    if n < MIN_MORNINGS:
        kind = "not-enough-data"
        verdict = not_enough_mornings(MIN_MORNINGS - n)
    elif sd < minimum_sd or estimate is None or effect is None or low is None or high is None:
        kind = "too-little-variation"
        verdict = _hardly_varied(measure, voice)
    elif fitted.correlation is not None and abs(fitted.correlation) > MAX_CORRELATION:
        kind = "cannot-separate"
        verdict = say(
            voice,
            N_(
                "Consistency and intensity moved together too closely so far to tell which "
                "one went with your morning pain."
            ),
            N_(
                "Consistency and intensity moved together too closely so far to tell which "
                "one went with their morning pain."
            ),
        )
    elif estimate.excludes_zero and n_eff >= MIN_EFFECTIVE:
        kind = "lower" if effect < 0 else "higher"
        verdict = _claim_sentence(measure, effect, low, high, n, n_eff, voice)
    else:
        numbers = text.gettext(
            "%(contrast)s: %(effect)s points, 95%% CI %(low)s to %(high)s, n = %(n)s mornings",
            contrast=contrast,
            effect=signed(effect, 1),
            low=signed(low, 1),
            high=signed(high, 1),
            n=n,
        )
        if n_eff < MIN_EFFECTIVE:
            kind = "not-enough-data"
            verdict = _too_few_effective(measure, numbers, weeks_more(fitted), voice)
        else:
            kind = "no-clear-link"
            verdict = _no_clear_link(measure, numbers, voice)
    return Association(
        measure=measure,
        kind=kind,
        effect=effect,
        ci_low=low,
        ci_high=high,
        contrast=contrast,
        n=n,
        n_effective=n_eff if n >= MIN_MORNINGS else None,
        points=(),
        verdict=verdict,
        slope=None if estimate is None else estimate.coefficient,
    )


def _conclusion(
    consistency: Association, intensity: Association, voice: Voice = "you"
) -> tuple[str, str]:
    """(kind, sentence) over both measures; it never ranks a link the data cannot carry."""
    c, i = consistency.kind, intensity.kind
    if c == "cannot-separate":
        return c, say(
            voice,
            N_(
                "Consistency and intensity moved together too closely so far to tell which "
                "one went with your morning pain: weeks that mix them (steady and light, or "
                "irregular and hard) would tell them apart."
            ),
            N_(
                "Consistency and intensity moved together too closely so far to tell which "
                "one went with their morning pain: weeks that mix them (steady and light, or "
                "irregular and hard) would tell them apart."
            ),
        )
    if c == i == "not-enough-data" and consistency.n < MIN_MORNINGS:
        return c, text.gettext(
            "Not enough data yet to say whether consistency or intensity goes with "
            "lower morning pain."
        )
    phrases = {"consistency": _phrase(consistency), "intensity": _phrase(intensity)}
    if c not in CLAIMS and i not in CLAIMS:
        if c == i == "no-clear-link":
            return c, say(
                voice,
                N_(
                    "Neither consistency nor intensity has a clear link with your morning "
                    "pain so far, after allowing for your overall recovery."
                ),
                N_(
                    "Neither consistency nor intensity has a clear link with their morning "
                    "pain so far, after allowing for their overall recovery."
                ),
            )
        return c, text.gettext(
            "So far, consistency %(consistency)s, and intensity %(intensity)s.", **phrases
        )
    return "claim", say(
        voice,
        N_(
            "So far, after allowing for your overall recovery, consistency %(consistency)s, "
            "and intensity %(intensity)s."
        ),
        N_(
            "So far, after allowing for their overall recovery, consistency %(consistency)s, "
            "and intensity %(intensity)s."
        ),
        **phrases,
    )


_PHRASES = {
    "lower": N_("went with lower morning pain"),
    "higher": N_("went with higher morning pain"),
    "no-clear-link": N_("showed no clear link"),
    "not-enough-data": N_("needs more mornings to say"),
    "too-little-variation": N_("has hardly varied, so there is nothing to compare"),
    "cannot-separate": N_("cannot be told apart from the other"),
}
"""What a measure did, after "consistency" or "intensity" (both feminine in German and
Spanish, so one phrase fits either)."""


def _phrase(association: Association) -> str:
    return text.gettext(_PHRASES[association.kind])


def headline_rows(days: Sequence[Day]) -> list[Day]:
    """Mornings the model uses: a rating the morning after a day with both measures."""
    return [
        d
        for d in sorted(days, key=attrgetter("day"))
        if d.consistency_7d is not None
        and d.intensity_7d is not None
        and d.next_morning_pain is not None
    ]


def fit_days(days: Sequence[Day], method: str = METHOD) -> ModelFit:
    return fit_rows(headline_rows(days), method)


def fit_rows(rows: Sequence[Day], method: str = METHOD) -> ModelFit:
    """The model over ``headline_rows`` (date order, all three values present)."""
    return fit(
        [d.consistency_7d or 0.0 for d in rows],
        [d.intensity_7d or 0.0 for d in rows],
        [d.next_morning_pain or 0.0 for d in rows],
        [d.day for d in rows],
        method=method,
    )


def _points(ordered: Sequence[Day], measure: str, adjusted: dict[date, float]) -> tuple[Point, ...]:
    """The scatter of one measure, for days already in date order."""
    name = "consistency_7d" if measure == "consistency" else "intensity_7d"
    value, get = attrgetter(name), adjusted.get  # thousands of points on a 5-year dashboard
    return tuple(
        Point(x, y, d.day, get(d.day))
        for d in ordered
        if (x := value(d)) is not None and (y := d.next_morning_pain) is not None
    )


def consistency_vs_intensity(
    days: Sequence[Day], method: str = METHOD, *, voice: Voice = "you"
) -> Headline:
    """Keeping to the routine, or pressing harder: one model, two verdicts, one conclusion."""
    ordered = sorted(days, key=attrgetter("day"))
    rows = headline_rows(ordered)
    fitted = fit_rows(rows, method)
    consistency = _verdict("consistency", fitted, fitted.consistency, voice)
    intensity = _verdict("intensity", fitted, fitted.intensity, voice)
    by_day_c = dict(zip((d.day for d in rows), fitted.partial_consistency, strict=False))
    by_day_i = dict(zip((d.day for d in rows), fitted.partial_intensity, strict=False))
    consistency = _with_points(consistency, _points(ordered, "consistency", by_day_c))
    intensity = _with_points(intensity, _points(ordered, "intensity", by_day_i))
    kind, conclusion = _conclusion(consistency, intensity, voice)
    return Headline(
        consistency=consistency,
        intensity=intensity,
        kind=kind,
        conclusion=conclusion,
        correlation=fitted.correlation,
        method=method_text(),
        note=causation_note(voice),
    )


def _with_points(a: Association, points: tuple[Point, ...]) -> Association:
    return replace(a, points=points)


@dataclass(frozen=True, slots=True)
class TechniqueEffect:
    slug: str
    name: str
    n_with: int
    """Session days with the technique followed by a morning rating."""
    n_without: int
    """Other session days (not rest days) followed by a morning rating."""
    mean_with: float | None
    mean_without: float | None
    difference: float | None
    """Trend-adjusted next-morning pain, with minus without: negative means lower pain."""
    ci_low: float | None
    ci_high: float | None
    p_holm: float | None
    """p-value after Holm's adjustment across the techniques compared."""
    shown: bool
    label: str


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given.

    statsmodels' ``multipletests(method="holm")`` gives the same numbers (the tests
    check against it) but runs ``gc.collect()`` on every call: 80 ms on each
    dashboard view.
    """
    order = np.argsort(p_values)
    m = len(p_values)
    stepped = np.maximum.accumulate([(m - rank) * p_values[i] for rank, i in enumerate(order)])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, stepped)
    return [float(v) for v in adjusted]


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def technique_comparison(days: Sequence[Day], *, voice: Voice = "you") -> list[TechniqueEffect]:
    """Next-morning pain after session days with each technique against other session days.

    Session days only, so a technique is not credited with the difference between
    practising and resting; trend-adjusted, so one taken up late in a recovery
    does not look like a cure; Holm-adjusted across the techniques compared.
    Exploratory still: people choose techniques on bad days and good days alike.
    """
    rows = [
        d
        for d in sorted(days, key=attrgetter("day"))
        if d.sessions > 0 and d.next_morning_pain is not None
    ]
    pain = [d.next_morning_pain or 0.0 for d in rows]
    slugs = sorted({slug for d in days for slug in d.techniques})
    fits: dict[str, Difference | None] = {}
    dates = [d.day for d in rows]
    base = session_design(dates) if len(rows) >= MIN_MORNINGS else None
    rho = trend_rho(pain, dates, base) if base is not None else None
    uses = {slug: [slug in d.techniques for d in rows] for slug in slugs}
    for slug in slugs:
        used = uses[slug]
        enough = min(sum(used), len(used) - sum(used)) >= MIN_DAYS_PER_GROUP
        fits[slug] = adjusted_difference(pain, used, dates, rho, base) if enough else None
    tested = [slug for slug in slugs if fits[slug] is not None]
    adjusted: dict[str, float] = {}
    if tested:
        p_holm = holm([fit.p_value for fit in fits.values() if fit is not None])
        adjusted = dict(zip(tested, p_holm, strict=True))
    effects = []
    for slug in slugs:
        with_ = [p for p, u in zip(pain, uses[slug], strict=True) if u]
        without = [p for p, u in zip(pain, uses[slug], strict=True) if not u]
        fitted = fits[slug]
        name = text.gettext(_TECHNIQUE_NAMES[slug]) if slug in _TECHNIQUE_NAMES else slug
        effects.append(
            TechniqueEffect(
                slug=slug,
                name=name,
                n_with=len(with_),
                n_without=len(without),
                mean_with=_mean(with_),
                mean_without=_mean(without),
                difference=None if fitted is None else fitted.estimate,
                ci_low=None if fitted is None else fitted.ci_low,
                ci_high=None if fitted is None else fitted.ci_high,
                p_holm=adjusted.get(slug),
                shown=fitted is not None,
                label=_technique_label(
                    name, len(with_), len(without), fitted, adjusted.get(slug), voice
                ),
            )
        )
    return sorted(effects, key=lambda e: (e.difference is None, e.difference or 0.0, e.slug))


def _technique_label(
    name: str,
    n_with: int,
    n_without: int,
    fitted: Difference | None,
    p_holm: float | None,
    voice: Voice = "you",
) -> str:
    if n_with < MIN_DAYS_PER_GROUP or n_without < MIN_DAYS_PER_GROUP:
        return text.gettext(
            "Exploratory: not enough days yet to compare %(name)s (needs %(needed)s session "
            "days with it and %(needed)s without, each followed by a morning rating; has "
            "%(n_with)s and %(n_without)s).",
            name=name,
            needed=MIN_DAYS_PER_GROUP,
            n_with=n_with,
            n_without=n_without,
        )
    if fitted is None or p_holm is None:
        return text.gettext(
            "Exploratory: %(name)s cannot be compared yet (too few mornings to allow for the "
            "trend).",
            name=name,
        )
    words = {
        "name": name,
        "numbers": text.gettext(
            "%(difference)s points, 95%% CI %(low)s to %(high)s, n = %(n_with)s vs "
            "%(n_without)s session days",
            difference=signed(fitted.estimate, 1),
            low=signed(fitted.ci_low, 1),
            high=signed(fitted.ci_high, 1),
            n_with=n_with,
            n_without=n_without,
        ),
    }
    if p_holm < 1 - CONFIDENCE and fitted.estimate < 0:
        return say(
            voice,
            N_(
                "Exploratory: mornings after session days with %(name)s had lower pain than "
                "after other session days, after allowing for your overall recovery "
                "(%(numbers)s; adjusted for the number of techniques compared). A comparison, "
                "not proof."
            ),
            N_(
                "Exploratory: mornings after session days with %(name)s had lower pain than "
                "after other session days, after allowing for their overall recovery "
                "(%(numbers)s; adjusted for the number of techniques compared). A comparison, "
                "not proof."
            ),
            **words,
        )
    if p_holm < 1 - CONFIDENCE:
        return say(
            voice,
            N_(
                "Exploratory: mornings after session days with %(name)s had higher pain than "
                "after other session days, after allowing for your overall recovery "
                "(%(numbers)s; adjusted for the number of techniques compared). A comparison, "
                "not proof."
            ),
            N_(
                "Exploratory: mornings after session days with %(name)s had higher pain than "
                "after other session days, after allowing for their overall recovery "
                "(%(numbers)s; adjusted for the number of techniques compared). A comparison, "
                "not proof."
            ),
            **words,
        )
    return say(
        voice,
        N_(
            "Exploratory: no clear difference between session days with %(name)s and other "
            "session days, after allowing for your overall recovery (%(numbers)s)."
        ),
        N_(
            "Exploratory: no clear difference between session days with %(name)s and other "
            "session days, after allowing for their overall recovery (%(numbers)s)."
        ),
        **words,
    )
