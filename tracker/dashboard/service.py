"""From a person's rows to the numbers and charts the dashboard shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.analysis import (
    CheckinRecord,
    Day,
    Summary,
    build_daily_series,
    pain_mean,
    summarize,
)
from tracker.analysis.progress import WINDOW_MORNINGS
from tracker.analysis.voice import Voice
from tracker.common.dates import capped_start
from tracker.dashboard.records import load_history
from tracker.models import User
from tracker.timeutil import local_today


@dataclass(frozen=True)
class DashboardData:
    start: date
    end: date
    days: list[Day]
    summary: Summary


def dashboard_data(
    user: User, start: date | None, end: date | None, *, voice: Voice = "you"
) -> DashboardData:
    """The range defaults to everything from the first day of use to today (local).

    Days after today are never shown: there is no tomorrow's pain to chart. An open
    start goes back no further than the common cap on a range's length.
    """
    today = local_today(user.timezone)
    end = min(end or today, today)
    history = load_history(user, until=end)
    start = start or capped_start(history.first_day or end, end)
    start = min(start, end)
    days = build_daily_series(
        history.checkins,
        history.sessions,
        history.plans,
        history.pauses,
        start,
        end,
        today=today,
    )
    first = first_mornings(history.checkins)
    summary = summarize(days, today, history.plans, first, voice=voice)
    return DashboardData(start, end, days, summary)


def first_mornings(checkins: Sequence[CheckinRecord]) -> list[tuple[date, float]]:
    """The person's first 7 rated mornings: the progress baseline on every page."""
    rated = ((c.day, pain_mean(c)) for c in sorted(checkins, key=lambda c: c.day))
    return [(day, pain) for day, pain in rated if pain is not None][:WINDOW_MORNINGS]
