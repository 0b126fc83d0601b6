"""Progress: is first-step pain lower now than in the first week?

Baseline and "now" are each the mean of 7 logged mornings, not of 7 calendar
days, so a week with gaps still compares like with like. A drop of about 2
points or 30% is the general threshold for a clinically meaningful change on a
0-10 pain scale (Farrar et al., 2001); none is established for first-step pain
itself, which is why every label says "about".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ._serialize import Serializable
from .daily import Day

WINDOW_MORNINGS = 7
MORNINGS_NEEDED = 2 * WINDOW_MORNINGS
"""Baseline and now must not share a morning, or the change would shrink towards 0."""
MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
_TOLERANCE = 1e-9
"""Means of 7 half-point ratings are not exact in binary; a drop of exactly 2 must count."""

THRESHOLD_TEXT = "about 2 points or 30%"


@dataclass(frozen=True, slots=True)
class Progress(Serializable):
    available: bool
    mornings_logged: int
    mornings_needed: int
    baseline: float | None
    now: float | None
    change: float | None
    """now - baseline: negative is better."""
    percent_change: float | None
    """change as a percentage of baseline; None when the baseline is 0."""
    meaningful: bool
    """A clinically meaningful improvement (a drop), never a rise."""
    label: str
    baseline_until: date | None
    now_from: date | None
    global_change: str | None
    """The latest answer to "how is your heel pain now?", shown beside the numbers."""
    global_change_day: date | None


def is_meaningful_drop(baseline: float, now: float) -> bool:
    """A drop of >= 2 points, or of >= 30% of a baseline above 0."""
    drop = baseline - now
    if drop >= MEANINGFUL_POINTS - _TOLERANCE:
        return True
    return baseline > 0 and drop >= MEANINGFUL_FRACTION * baseline - _TOLERANCE


def _points(value: float) -> str:
    text = f"{value:.1f}"
    return f"{text} point" if text == "1.0" else f"{text} points"


def _percent(percent: float | None, meaningful: bool) -> str:
    """Rounded, but never up onto the threshold a change did not reach."""
    if percent is None:
        return ""
    shown = round(abs(percent))
    if not meaningful and percent < 0 and shown >= MEANINGFUL_FRACTION * 100:
        shown = math.floor(MEANINGFUL_FRACTION * 100) - 1
    return f" (about {shown}%)"


def progress_label(baseline: float, now: float, meaningful: bool) -> str:
    """The sentence a person reads: words first, the threshold named, never overstated."""
    change = now - baseline
    percent = change / baseline * 100 if baseline > 0 else None
    not_yet = f"not yet a clinically meaningful change ({THRESHOLD_TEXT})."
    if abs(change) < _TOLERANCE:
        return f"Pain unchanged since your first week: {not_yet}"
    since = f"since your first week{_percent(percent, meaningful)}"
    if change > 0:
        return f"Pain up {_points(change)} {since}: no improvement yet."
    verdict = "a clinically meaningful change." if meaningful else not_yet
    return f"Pain down {_points(-change)} {since}: {verdict}"


def _latest_global_change(days: Sequence[Day]) -> tuple[str | None, date | None]:
    answered = [d for d in days if d.global_change is not None]
    if not answered:
        return None, None
    latest = max(answered, key=lambda d: d.day)
    return latest.global_change, latest.day


def progress(days: Sequence[Day]) -> Progress:
    """Baseline (first 7 logged mornings) against now (last 7), once 14 are logged."""
    mornings = sorted((d for d in days if d.pain_mean is not None), key=lambda d: d.day)
    global_change, global_change_day = _latest_global_change(days)
    needed = max(0, MORNINGS_NEEDED - len(mornings))
    baseline = now = change = percent = None
    baseline_until = now_from = None
    meaningful = False
    if needed:
        label = f"Not enough data yet: {needed} more morning{'s' if needed > 1 else ''}."
    else:
        first, last = mornings[:WINDOW_MORNINGS], mornings[-WINDOW_MORNINGS:]
        baseline = math.fsum(d.pain_mean or 0.0 for d in first) / WINDOW_MORNINGS
        now = math.fsum(d.pain_mean or 0.0 for d in last) / WINDOW_MORNINGS
        change = now - baseline
        percent = change / baseline * 100 if baseline > 0 else None
        meaningful = is_meaningful_drop(baseline, now)
        label = progress_label(baseline, now, meaningful)
        baseline_until, now_from = first[-1].day, last[0].day
    return Progress(
        available=not needed,
        mornings_logged=len(mornings),
        mornings_needed=needed,
        baseline=baseline,
        now=now,
        change=change,
        percent_change=percent,
        meaningful=meaningful,
        label=label,
        baseline_until=baseline_until,
        now_from=now_from,
        global_change=global_change,
        global_change_day=global_change_day,
    )
