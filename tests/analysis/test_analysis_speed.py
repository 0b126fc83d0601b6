"""Twenty years of daily use must build fast: the dashboard builds the series on every view.

The target is well under 50 ms. On the shared two-vCPU VM that runs CI the
best of 7 runs takes about 35-45 ms, so the guard below is set at 80 ms: loose
enough that a noisy neighbour cannot fail CI, tight enough that any slip into
nested scans over days (which take seconds) fails at once.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from tracker.analysis import (
    CheckinRecord,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
)

YEARS_OF_DAYS = 7300
SESSIONS = 15_000
BUDGET_S = 0.080


def twenty_years():
    rng = random.Random(20)
    start = date(2005, 1, 1)
    checkins = [
        CheckinRecord(
            day=start + timedelta(days=n),
            pain_left=rng.randint(0, 10),
            pain_right=rng.choice([None, rng.randint(0, 10)]),
        )
        for n in range(YEARS_OF_DAYS)
    ]
    sessions = [
        SessionRecord(
            day=start + timedelta(days=rng.randrange(YEARS_OF_DAYS)),
            duration_s=rng.randint(60, 900),
            pressure=rng.randint(1, 10),
            techniques=frozenset(rng.sample(["stretch", "ball-roll", "heel-knead"], 2)),
        )
        for _ in range(SESSIONS)
    ]
    plans = [
        PlanPeriod(start=start + timedelta(days=365 * y), sessions_per_day=2) for y in range(20)
    ]
    pauses = [
        PauseRecord(
            start=start + timedelta(days=300 * k),
            end=start + timedelta(days=300 * k + 9),
            reason="travel",
        )
        for k in range(24)
    ]
    return checkins, sessions, plans, pauses, start, start + timedelta(days=YEARS_OF_DAYS - 1)


def test_twenty_years_build_within_the_budget():
    history = twenty_years()
    timings = []
    for _ in range(7):
        began = time.perf_counter()
        days = build_daily_series(*history)
        timings.append(time.perf_counter() - began)
    assert len(days) == YEARS_OF_DAYS
    assert min(timings) < BUDGET_S, f"best of 7 took {min(timings) * 1000:.1f} ms"
