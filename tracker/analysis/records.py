"""What the analysis reads: plain records, already converted from the database.

The analysis never sees models or requests, so these mirror only what the
computations need. Every ``day`` is the user's local calendar date, because a
morning belongs to the person's own clock, not to the server's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(slots=True, unsafe_hash=True)
class CheckinRecord:
    """One morning's first-step rating; at least one foot is set.

    Equal and hashed by value as a frozen dataclass is, but not frozen: a frozen one sets
    each field through ``object.__setattr__``, and reading five years of a diary (about
    1,800 of these and 2,300 ``SessionRecord``) cost 17-24 ms in those calls alone against
    3-5 ms (bench/README.md, "Dashboard"). Nothing changes a record once read."""

    day: date
    pain_left: int | None
    pain_right: int | None
    stiffness: int | None = None
    warning_signs: frozenset[str] = frozenset()
    global_change: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class SessionRecord:
    """One self-care session; not frozen, for the reason ``CheckinRecord`` is not."""

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
