"""From a person's rows to the numbers and charts the dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.analysis import Day, Summary, build_daily_series, summarize
from tracker.dashboard.records import load_history
from tracker.models import User
from tracker.timeutil import local_today


@dataclass(frozen=True)
class DashboardData:
    start: date
    end: date
    days: list[Day]
    summary: Summary


def dashboard_data(user: User, start: date | None, end: date | None) -> DashboardData:
    """The range defaults to everything from the first day of use to today (local).

    Days after today are never shown: there is no tomorrow's pain to chart.
    """
    today = local_today(user.timezone)
    end = min(end or today, today)
    history = load_history(user, until=end)
    start = start or history.first_day or end
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
    return DashboardData(start, end, days, summarize(days, today, history.plans))
