"""What the analysis reads: plain records, already converted from the database.

The analysis never sees models or requests, so these mirror only what the
computations need. Every ``day`` is the user's local calendar date, because a
morning belongs to the person's own clock, not to the server's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CheckinRecord:
    """One morning's first-step rating; at least one foot is set."""

    day: date
    pain_left: int | None
    pain_right: int | None
    stiffness: int | None = None
    warning_signs: frozenset[str] = frozenset()
    global_change: str | None = None


@dataclass(frozen=True)
class SessionRecord:
    """One self-care session."""

    day: date
    duration_s: int
    pressure: int
    techniques: frozenset[str]
    foot: str = "both"
    discomfort: int | None = None


@dataclass(frozen=True)
class PlanPeriod:
    """A plan in force from ``start`` until the next period starts.

    Periods, not a single current plan, so that changing the plan never
    rewrites the adherence of days that were lived under the old one.
    """

    start: date
    sessions_per_day: int
    minutes_min: int = 5
    minutes_max: int = 10


@dataclass(frozen=True)
class PauseRecord:
    """An inclusive range of days with no plan (travel, illness, flare-up, ...)."""

    start: date
    end: date
    reason: str
