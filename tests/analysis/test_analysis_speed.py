"""Twenty years of daily use: every day present, pauses and plans counted right.

Speed is measured by bench/analysis.py on this same history (a timed unit test
would fail on a busy CI machine, or pass while hiding a slowdown); this test
checks the big history is computed correctly, so the bench times a right answer.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tracker.analysis import (
    CheckinRecord,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
)

YEARS = 20
YEARS_OF_DAYS = 365 * YEARS
SESSIONS_PER_YEAR = 750
SESSIONS = SESSIONS_PER_YEAR * YEARS


def history(years: int = YEARS, seed: int = 20):  # type: ignore[no-untyped-def]
    """Daily check-ins, 750 sessions a year, a plan change a year, a 10-day pause every
    300 days: the history bench/analysis.py times, for ``years`` of daily use."""
    rng = random.Random(seed)
    days = 365 * years
    start = date(2005, 1, 1)
    checkins = [
        CheckinRecord(
            day=start + timedelta(days=n),
            pain_left=rng.randint(0, 10),
            pain_right=rng.choice([None, rng.randint(0, 10)]),
        )
        for n in range(days)
    ]
    sessions = [
        SessionRecord(
            day=start + timedelta(days=rng.randrange(days)),
            duration_s=rng.randint(60, 900),
            pressure=rng.randint(1, 10),
            techniques=frozenset(rng.sample(["stretch", "ball-roll", "heel-knead"], 2)),
        )
        for _ in range(SESSIONS_PER_YEAR * years)
    ]
    plans = [
        PlanPeriod(start=start + timedelta(days=365 * y), sessions_per_day=2) for y in range(years)
    ]
    pauses = [
        PauseRecord(
            start=start + timedelta(days=300 * k),
            end=start + timedelta(days=300 * k + 9),
            reason="travel",
        )
        for k in range(days // 300)
    ]
    return checkins, sessions, plans, pauses, start, start + timedelta(days=days - 1)


def test_twenty_years_give_every_day_once_with_pauses_and_plans():
    checkins, sessions, plans, pauses, start, end = history()

    days = build_daily_series(checkins, sessions, plans, pauses, start, end)

    assert [d.day for d in days] == [start + timedelta(days=n) for n in range(YEARS_OF_DAYS)]
    assert sum(d.paused is not None for d in days) == (YEARS_OF_DAYS // 300) * 10
    assert sum(d.sessions for d in days) == SESSIONS
    assert all(d.planned_sessions == (0 if d.paused else 2) for d in days)
    assert all(d.routine_strength is not None and 0 <= d.routine_strength <= 1 for d in days)
