"""How long the daily series takes for twenty years of daily use.

The dashboard builds the series on every view, so it must stay well under 50 ms for
twenty years (7,300 days, 15,000 sessions, 20 plan changes, 24 pauses). Printed: the
best and median of 7 runs, and the 1-year time in the same process as the baseline,
so the ratio shows growth (20 would be exactly linear).

    python bench/analysis.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.analysis import (
    CheckinRecord,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
)


def history(years: int, seed: int = 20) -> tuple:  # type: ignore[type-arg]
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
        for _ in range(750 * years)
    ]
    plans = [
        PlanPeriod(start=start + timedelta(days=365 * y), sessions_per_day=2) for y in range(years)
    ]
    pauses = [
        PauseRecord(start + timedelta(days=300 * k), start + timedelta(days=300 * k + 9), "travel")
        for k in range(days // 300)
    ]
    return checkins, sessions, plans, pauses, start, start + timedelta(days=days - 1)


def timed(data: tuple, runs: int = 7) -> list[float]:  # type: ignore[type-arg]
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        build_daily_series(*data)
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def main() -> None:
    one, twenty = timed(history(1)), timed(history(20))
    print(f"{'years':>5} {'best ms':>8} {'median ms':>10}")
    for years, t in ((1, one), (20, twenty)):
        print(f"{years:>5} {min(t):>8.1f} {statistics.median(t):>10.1f}")
    print(
        f"growth 1 -> 20 years: {min(twenty) / min(one):.1f}x (20 = linear); "
        f"goal: 20 years well under 50 ms: {'met' if min(twenty) < 50 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
