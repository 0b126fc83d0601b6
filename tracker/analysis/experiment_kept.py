"""How well each condition of a self-experiment was kept, over all its weeks.

A result is only as good as the weeks behind it: "B was 1.2 points lower" means little
if B's weeks were lived half as planned. The analysis gives each week its adherence and
what was done (``BlockResult``); a reader of the result (the dashboard, the report, a
physiotherapist) wants one line per condition. Each week weighs by the days of it that
were lived and not paused, so a stopped experiment's half week counts as half a week.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .experiment import BlockResult


@dataclass(frozen=True)
class ConditionKept:
    condition: str
    """"A" or "B"."""
    weeks: int
    """Weeks of this condition with at least one day lived."""
    days: int
    """Unpaused days lived under it."""
    adherence: float | None
    """As assigned, 0-1: the weeks' adherence weighted by their lived days."""
    sessions_per_week: float | None
    """As done: sessions a week over its lived days."""
    minutes_per_session: float | None
    """As done: mean minutes per session (weighted by each week's sessions)."""
    pressure: float | None
    """As done: mean pressure 0-10 (weighted by each week's sessions)."""
    mornings: int
    """Next mornings counted for the comparison (after the washouts)."""
    mean_pain: float | None
    """Mean of its counted mornings."""


def _lived_days(block: BlockResult, last_lived: date, paused: frozenset[date]) -> int:
    day, count = block.block.start, 0
    while day <= min(block.block.end, last_lived):
        count += day not in paused
        day += timedelta(days=1)
    return count


def _weighted(pairs: Sequence[tuple[float | None, float]]) -> float | None:
    known = [(value, weight) for value, weight in pairs if value is not None and weight > 0]
    total = sum(weight for _, weight in known)
    return sum(value * weight for value, weight in known) / total if total else None


def kept_by_condition(
    blocks: Sequence[BlockResult],
    today: date,
    stopped_on: date | None,
    paused: Collection[date] = (),
) -> list[ConditionKept]:
    """One summary for A, then B, from the weeks the analysis measured. A day counts
    when lived, as in ``experiment_result``: before ``today`` and not after ``stopped_on``."""
    last_lived = today - timedelta(days=1)
    if stopped_on is not None:
        last_lived = min(last_lived, stopped_on)
    paused_days = frozenset(paused)
    kept = []
    for condition in ("A", "B"):
        mine = [b for b in blocks if b.block.condition == condition]
        days = [_lived_days(b, last_lived, paused_days) for b in mine]
        sessions = [b.as_done.sessions_per_week * d / 7 for b, d in zip(mine, days, strict=True)]
        total_days = sum(days)
        counted = [(b.mean_pain, float(b.days_counted)) for b in mine]
        by_sessions = list(zip(mine, sessions, strict=True))
        kept.append(
            ConditionKept(
                condition=condition,
                weeks=sum(d > 0 for d in days),
                days=total_days,
                adherence=_weighted(
                    [(b.adherence, float(d)) for b, d in zip(mine, days, strict=True)]
                ),
                sessions_per_week=sum(sessions) * 7 / total_days if total_days else None,
                minutes_per_session=_weighted(
                    [(b.as_done.minutes_per_session, n) for b, n in by_sessions]
                ),
                pressure=_weighted([(b.as_done.pressure, n) for b, n in by_sessions]),
                mornings=sum(b.days_counted for b in mine),
                mean_pain=_weighted(counted),
            )
        )
    return kept
