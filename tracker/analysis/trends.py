"""Smoothed and weekly views of the daily series, for the charts.

A single morning's score is noisy (sleep, shoes, yesterday's walk); the 7-day
mean is what the person should read as the trend, and weekly totals are how a
physiotherapist thinks about a routine.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .daily import WINDOW_DAYS, Day


def rolling_pain(days: Sequence[Day]) -> list[float | None]:
    """Trailing 7-day mean of the mornings logged in d-6..d; None with none logged."""
    out: list[float | None] = []
    window: deque[float] = deque()
    dates: deque[date] = deque()
    for d in days:
        day, pain = d.day, d.pain_mean
        if pain is not None:
            window.append(pain)
            dates.append(day)
        while dates and (day - dates[0]).days >= WINDOW_DAYS:
            dates.popleft()
            window.popleft()
        out.append(sum(window) / len(window) if window else None)
    return out


@dataclass(frozen=True)
class Week:
    """Monday-to-Sunday totals; paused days count toward neither adherence nor its n."""

    start: date
    adherence: float | None
    mean_pain: float | None
    sessions: int
    minutes: float
    days_paused: int


def weekly(days: Sequence[Day]) -> list[Week]:
    weeks: dict[int, list[Day]] = {}
    for d in days:  # keyed by the Monday's ordinal: the same weeks, without a date per day
        day = d.day
        monday = day.toordinal() - day.weekday()
        rows = weeks.get(monday)
        if rows is None:
            weeks[monday] = [d]
        else:
            rows.append(d)
    out = []
    for start in sorted(weeks):
        rows = weeks[start]
        adherence = [d.adherence for d in rows if d.adherence is not None]
        pain = [d.pain_mean for d in rows if d.pain_mean is not None]
        out.append(
            Week(
                start=date.fromordinal(start),
                adherence=sum(adherence) / len(adherence) if adherence else None,
                mean_pain=sum(pain) / len(pain) if pain else None,
                sessions=sum(d.sessions for d in rows),
                minutes=sum(d.minutes for d in rows),
                days_paused=sum(1 for d in rows if d.paused),
            )
        )
    return out
