"""Progress: is first-step pain lower now than in the first week?

Baseline and "now" are each the mean of 7 logged mornings, not of 7 calendar
days, so a week with gaps still compares like with like. The baseline is the
person's first 7 logged mornings whatever range a page shows, so that the
dashboard, the report and the share view tell the same story. A drop of about 2
points or 30% is the general threshold for a clinically meaningful change on a
0-10 pain scale (Farrar et al., 2001); none is established for first-step pain
itself, which is why every label says "about".
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from tracker.catalog import GLOBAL_CHANGE
from tracker.i18n import text
from tracker.i18n.text import N_

from .daily import Day
from .voice import Voice, say
from .words import day as day_text
from .words import not_enough_mornings, points
from .words import percent as percent_text

WINDOW_MORNINGS = 7
MORNINGS_NEEDED = 2 * WINDOW_MORNINGS
"""Baseline and now must not share a morning, or the change would shrink towards 0."""
MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
_TOLERANCE = 1e-9
"""Means of 7 half-point ratings are not exact in binary; a drop of exactly 2 must count."""

THRESHOLD_TEXT = "about 2 points or 30%"
"""In English; each sentence that names the threshold is a whole message of its own."""


@dataclass(frozen=True, slots=True)
class Progress:
    available: bool
    mornings_logged: int
    mornings_needed: int
    baseline: float | None
    now: float | None
    change: float | None
    """now - baseline: negative is better."""
    percent_change: float | None
    """change as a percentage of baseline; None when the baseline is 0."""
    change_ci_low: float | None
    """95% interval of ``change`` (Welch's t over the two sets of 7 mornings)."""
    change_ci_high: float | None
    meaningful: bool
    """A clinically meaningful improvement (a drop), never a rise."""
    label: str
    baseline_until: date | None
    now_from: date | None
    global_change: str | None
    """The latest answer to "how is your heel pain now?", shown beside the numbers."""
    global_change_day: date | None
    global_change_label: str | None = None
    """The answer in the person's words, e.g. "much improved"."""
    feeling: str | None = None
    """One sentence setting the rating beside the numbers, saying so when they disagree."""
    feeling_agrees: bool | None = None
    """None when there is no rating, or not yet enough mornings to compare it with."""


NOTICEABLE_POINTS = 1.0
"""Below a point either way, the morning scores count as "about the same"."""

_STRONG = frozenset({"much-improved", "very-much-improved", "much-worse", "very-much-worse"})


def _rated_direction(slug: str) -> int:
    return 1 if slug.endswith("improved") else -1 if slug.endswith("worse") else 0


def _numbers_direction(change: float, meaningful: bool) -> int:
    """+1 better, -1 worse, 0 about the same: the sign of "improved", not of the change."""
    if meaningful or change <= -NOTICEABLE_POINTS:
        return 1
    return -1 if change >= NOTICEABLE_POINTS else 0


def rating_agrees(slug: str, change: float, meaningful: bool) -> bool:
    """Does "how it feels" match the scores? Opposite directions never do; a strong
    rating ("much improved") needs the scores to move its way; "no change" disagrees
    only with a clinically meaningful drop, which a person would be expected to feel."""
    rated, measured = _rated_direction(slug), _numbers_direction(change, meaningful)
    if rated == 0:
        return not meaningful and change < NOTICEABLE_POINTS
    if rated == -measured:
        return False
    return not (slug in _STRONG and measured == 0)


def feeling_sentence(
    slug: str,
    day: date,
    change: float | None,
    meaningful: bool,
    needed: int,
    *,
    voice: Voice = "you",
) -> tuple[str, bool | None]:
    """The person's own rating next to the numeric change, in plain words."""
    label = text.gettext(GLOBAL_CHANGE[slug])
    if change is None:
        if voice == "you":
            sentence = text.ngettext(
                "You rate it “%(label)s”; the scores need %(num)s more morning to compare.",
                "You rate it “%(label)s”; the scores need %(num)s more mornings to compare.",
                needed,
                label=label,
            )
        elif voice == "they":
            sentence = text.ngettext(
                "They rate it “%(label)s”; the scores need %(num)s more morning to compare.",
                "They rate it “%(label)s”; the scores need %(num)s more mornings to compare.",
                needed,
                label=label,
            )
        else:
            raise KeyError(voice)
        return sentence, None
    if abs(change) < 0.05:
        numbers = say(
            voice,
            N_("Pain unchanged since your first week"),
            N_("Pain unchanged since their first week"),
        )
    elif change < 0:
        numbers = text.gettext("Pain down %(points)s", points=points(change))
    else:
        numbers = text.gettext("Pain up %(points)s", points=points(change))
    words = {"numbers": numbers, "label": label, "date": day_text(day, "day-month")}
    if rating_agrees(slug, change, meaningful):
        agree = say(
            voice,
            N_(
                "%(numbers)s; you rate it “%(label)s” (%(date)s): the numbers and how you "
                "feel agree."
            ),
            N_(
                "%(numbers)s; they rate it “%(label)s” (%(date)s): the numbers and how they "
                "feel agree."
            ),
            **words,
        )
        return agree, True
    disagree = say(
        voice,
        N_(
            "%(numbers)s, but you rate it “%(label)s” (%(date)s): the numbers and how you feel "
            "disagree. Worth raising with your physiotherapist."
        ),
        N_(
            "%(numbers)s, but they rate it “%(label)s” (%(date)s): the numbers and how they "
            "feel disagree. Worth talking over with them."
        ),
        **words,
    )
    return disagree, False


MEANINGFUL_FRACTION_FROM = 3.0
"""30% of a baseline below 3 points is under a point: within a diary's day-to-day noise."""


def is_meaningful_drop(baseline: float, now: float) -> bool:
    """A drop of >= 2 points, or of >= 30% of a baseline of at least 3 points."""
    drop = baseline - now
    if drop >= MEANINGFUL_POINTS - _TOLERANCE:
        return True
    return (
        baseline >= MEANINGFUL_FRACTION_FROM - _TOLERANCE
        and drop >= MEANINGFUL_FRACTION * baseline - _TOLERANCE
    )


def meaningful_level(baseline: float) -> float | None:
    """The highest pain that would be a meaningful drop from ``baseline`` by
    :func:`is_meaningful_drop`'s rule: what a chart draws as the line to get under.
    None when no score on the 0-10 scale could be one (a baseline under 2)."""
    drop = MEANINGFUL_POINTS
    if baseline >= MEANINGFUL_FRACTION_FROM - _TOLERANCE:
        drop = min(drop, MEANINGFUL_FRACTION * baseline)
    level = baseline - drop
    return max(0.0, level) if level > -_TOLERANCE else None


def change_interval(first: Sequence[float], last: Sequence[float]) -> tuple[float, float] | None:
    """95% interval of mean(last) - mean(first) by Welch's t; None where it is undefined
    (both weeks without any spread)."""
    if len(first) < 2 or len(last) < 2:
        return None
    from scipy import stats  # see model.load_statistics: loaded on first use

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = stats.ttest_ind(list(last), list(first), equal_var=False)
        low, high = result.confidence_interval(0.95)
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    return float(low), float(high)


def _percent(percent: float, meaningful: bool) -> str:
    """Rounded, but never up onto the threshold a change did not reach."""
    shown = round(abs(percent))
    if not meaningful and percent < 0 and shown >= MEANINGFUL_FRACTION * 100:
        shown = math.floor(MEANINGFUL_FRACTION * 100) - 1
    return percent_text(shown)


def progress_label(baseline: float, now: float, meaningful: bool, *, voice: Voice = "you") -> str:
    """The sentence a person reads: words first, the threshold named, never overstated."""
    change = now - baseline
    percent = change / baseline * 100 if baseline > 0 else None
    if abs(change) < _TOLERANCE:
        return say(
            voice,
            N_(
                "Pain unchanged since your first week: not yet a clinically meaningful change "
                "(about 2 points or 30%%)."
            ),
            N_(
                "Pain unchanged since their first week: not yet a clinically meaningful change "
                "(about 2 points or 30%%)."
            ),
        )
    words = {"points": points(change), "percent": _percent(percent or 0.0, meaningful)}
    if change > 0 and percent is None:
        return say(
            voice,
            N_("Pain up %(points)s since your first week: no improvement yet."),
            N_("Pain up %(points)s since their first week: no improvement yet."),
            **words,
        )
    if change > 0:
        return say(
            voice,
            N_("Pain up %(points)s since your first week (about %(percent)s): no improvement yet."),
            N_(
                "Pain up %(points)s since their first week (about %(percent)s): no improvement yet."
            ),
            **words,
        )
    if meaningful:
        return say(
            voice,
            N_(
                "Pain down %(points)s since your first week (about %(percent)s): a clinically "
                "meaningful change."
            ),
            N_(
                "Pain down %(points)s since their first week (about %(percent)s): a clinically "
                "meaningful change."
            ),
            **words,
        )
    return say(
        voice,
        N_(
            "Pain down %(points)s since your first week (about %(percent)s): not yet a "
            "clinically meaningful change (about 2 points or 30%%)."
        ),
        N_(
            "Pain down %(points)s since their first week (about %(percent)s): not yet a "
            "clinically meaningful change (about 2 points or 30%%)."
        ),
        **words,
    )


def _latest_global_change(days: Sequence[Day]) -> tuple[str | None, date | None]:
    answered = [d for d in days if d.global_change is not None]
    if not answered:
        return None, None
    latest = max(answered, key=attrgetter("day"))
    return latest.global_change, latest.day


def progress(
    days: Sequence[Day], first_mornings: Sequence[tuple[date, float]] = (), *, voice: Voice = "you"
) -> Progress:
    """Baseline (the person's first 7 logged mornings) against now (the last 7 of
    ``days``), once 14 are logged.

    ``first_mornings`` are the person's earliest (day, pain) ratings from the whole
    history: a page showing the last 8 weeks still compares with the first week
    of all. Without them the first mornings of ``days`` are the baseline.
    """
    mornings = [
        (d.day, d.pain_mean) for d in sorted(days, key=attrgetter("day")) if d.pain_mean is not None
    ]
    first = sorted(first_mornings)[:WINDOW_MORNINGS] or mornings[:WINDOW_MORNINGS]
    first_until = first[-1][0] if first else None
    later = [m for m in mornings if first_until is None or m[0] > first_until]
    global_change, global_change_day = _latest_global_change(days)
    needed = (WINDOW_MORNINGS - len(first)) + max(0, WINDOW_MORNINGS - len(later))
    baseline = now = change = percent = None
    baseline_until = now_from = None
    interval = None
    meaningful = False
    if needed:
        label = not_enough_mornings(needed)
    else:
        last = later[-WINDOW_MORNINGS:]
        baseline = math.fsum(p for _, p in first) / WINDOW_MORNINGS
        now = math.fsum(p for _, p in last) / WINDOW_MORNINGS
        change = now - baseline
        percent = change / baseline * 100 if baseline > 0 else None
        meaningful = is_meaningful_drop(baseline, now)
        label = progress_label(baseline, now, meaningful, voice=voice)
        baseline_until, now_from = first[-1][0], last[0][0]
        interval = change_interval([p for _, p in first], [p for _, p in last])
    feeling, agrees = (
        feeling_sentence(global_change, global_change_day, change, meaningful, needed, voice=voice)
        if global_change is not None and global_change_day is not None
        else (None, None)
    )
    return Progress(
        available=not needed,
        mornings_logged=len(mornings),
        mornings_needed=needed,
        baseline=baseline,
        now=now,
        change=change,
        percent_change=percent,
        change_ci_low=interval[0] if interval else None,
        change_ci_high=interval[1] if interval else None,
        meaningful=meaningful,
        label=label,
        baseline_until=baseline_until,
        now_from=now_from,
        global_change=global_change,
        global_change_day=global_change_day,
        global_change_label=text.gettext(GLOBAL_CHANGE[global_change])
        if global_change in GLOBAL_CHANGE
        else None,
        feeling=feeling,
        feeling_agrees=agrees,
    )
