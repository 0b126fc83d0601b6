"""How long the daily series takes for twenty years of daily use.

The dashboard builds the series on every view, so it must stay well under 50 ms for
twenty years (7,300 days, 15,000 sessions, 20 plan changes, 24 pauses). Printed: the
best and median of 7 runs, and the 1-year time in the same process as the baseline,
so the ratio shows growth (20 would be exactly linear).

    python bench/analysis.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.analysis.test_analysis_speed import history
from tracker.analysis import build_daily_series


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
