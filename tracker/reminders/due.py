"""Which pushed reminders are due for one person now: plain Python, no Flask, no database.

The scheduler loads the facts (times, switches, pauses, what is logged, what was sent)
and asks ``due_reminders``; everything about clocks lives here, where it can be tested
with any instant in any zone.

The rules:

- a reminder belongs to a *local day* in the person's zone as it is now, and rings at
  that day's wall-clock time (``Person.morning_at`` / ``evening_at``);
- it is due from that instant until ``WINDOW`` later, but never past the local day's end:
  "time for your first-step check-in" after midnight would be about the wrong morning;
- a wall-clock time that does not exist (the hour skipped when clocks go forward) rings
  at the same distance after the change (02:30 in Berlin on the last Sunday of March is
  03:30 CEST); one that happens twice (clocks going back) rings at its first occurrence;
- it is skipped when turned off, on a paused day, once its job is done (the morning's
  check-in is logged; the day's planned sessions are logged), and once one was sent.

A change of zone needs nothing special: the local day and the wall-clock time are read
in the zone the person has now, and what was sent is keyed by local day, so flying west
does not repeat a day's reminder and flying east reaches the next day's sooner.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Kind = Literal["morning", "evening"]
KINDS: tuple[Kind, ...] = ("morning", "evening")

WINDOW = timedelta(hours=3)
"""How long after its time a reminder may still go out: a scheduler (or the push service)
that was down for a while catches up, but a reminder is never hours late."""


@dataclass(frozen=True)
class Person:
    """The settings the reminders depend on."""

    timezone: str
    morning_at: time
    evening_at: time
    morning_on: bool
    evening_on: bool


@dataclass(frozen=True)
class Facts:
    """What is known around now (a few local days are enough; other days are ignored).

    ``pauses`` are inclusive (start, end) local dates; ``sessions`` counts sessions per
    local day; ``sent`` holds the (kind, local day) reminders already sent."""

    pauses: Collection[tuple[date, date]] = ()
    checkins: Collection[date] = frozenset()
    sessions: Mapping[date, int] = field(default_factory=dict)
    sessions_per_day: int = 1
    sent: Collection[tuple[str, date]] = frozenset()


@dataclass(frozen=True)
class Due:
    kind: Kind
    local_date: date
    at: datetime
    """The instant it rang (UTC)."""
    closes: datetime
    """The instant after which it is no longer sent (UTC)."""


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of ``at`` on ``day`` in ``zone``.

    PEP 495's ``fold=0`` reads a local time with the offset in force before a change: a
    skipped time becomes the instant the clock would have shown it had it not jumped
    (02:30 → 03:30 CEST), and a repeated time its first occurrence."""
    return datetime.combine(day, at, zone).replace(fold=0).astimezone(UTC)


def local_day(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def _paused(day: date, pauses: Collection[tuple[date, date]]) -> bool:
    return any(start <= day <= end for start, end in pauses)


def _done(kind: Kind, day: date, facts: Facts) -> bool:
    if kind == "morning":
        return day in facts.checkins
    return facts.sessions.get(day, 0) >= facts.sessions_per_day


def due_reminders(now: datetime, person: Person, facts: Facts) -> list[Due]:
    """The reminders to send at ``now`` (aware), morning first."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    zone = ZoneInfo(person.timezone)
    today = now.astimezone(zone).date()
    day_ends = datetime.combine(today + timedelta(days=1), time(), zone).astimezone(UTC)
    settings = {
        "morning": (person.morning_on, person.morning_at),
        "evening": (person.evening_on, person.evening_at),
    }
    found = []
    for kind in KINDS:
        on, at = settings[kind]
        if not on or (kind, today) in facts.sent:
            continue
        if _paused(today, facts.pauses) or _done(kind, today, facts):
            continue
        rings = wall_clock(today, at, zone)
        closes = min(rings + WINDOW, day_ends)
        if rings <= now < closes:
            found.append(Due(kind, today, rings, closes))
    return found
