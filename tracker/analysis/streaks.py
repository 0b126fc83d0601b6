"""Streaks: runs of days on which the plan was met.

Paused days neither break nor grow a run, so that a week of travel or a
flare-up rest advised by a professional does not punish the person; nor do the
rest days of a self-experiment's condition (no session planned, like a paused day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from .daily import Day


@dataclass(frozen=True, slots=True)
class Streaks:
    current: int
    longest: int


def streaks(days: Sequence[Day]) -> Streaks:
    """Current and longest run of plan-met days, skipping over paused days.

    Today is still in progress: when the last day is neither met nor paused,
    the run that ended yesterday is still the current one, so the morning
    view does not show a broken streak before the day has had its chance.
    """
    ordered = sorted(days, key=attrgetter("day"))
    run = longest = 0
    runs: list[int] = []
    previous = None
    for day in ordered:
        if previous is not None and (day.day - previous).days > 1:
            run = 0  # a date missing from the series is a day not known to be met
        previous = day.day
        if day.planned_sessions:
            run = run + 1 if day.plan_met else 0
        longest = max(longest, run)
        runs.append(run)
    if not runs:
        return Streaks(current=0, longest=0)
    last = ordered[-1]
    in_progress = bool(last.planned_sessions) and not last.plan_met
    current = (runs[-2] if len(runs) > 1 else 0) if in_progress else runs[-1]
    return Streaks(current=current, longest=longest)
