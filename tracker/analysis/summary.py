"""Everything the dashboard shows, in one value the API can serialize.

One call, one set of days, one ``today``: the charts, the CSV, the printed
report and the share link then cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from .compare import Headline, TechniqueEffect, consistency_vs_intensity, technique_comparison
from .daily import ROUTINE_BUILDING_DAYS, Day
from .progress import Progress, progress
from .records import PlanPeriod
from .safety import Warning, warning_messages
from .streaks import Streaks, streaks
from .voice import Voice


@dataclass(frozen=True, slots=True)
class Totals:
    days: int
    days_logged: int
    """Mornings with a first-step pain rating."""
    sessions: int
    minutes: float
    paused_days: int
    mean_adherence: float | None
    """Over non-paused days since the first day of use: pauses are not missed days."""
    routine_strength: float | None
    """On the latest day, 0..1; shown as a percentage."""
    routine_building: bool
    """Fewer than 14 days of use on the latest day: the strength is still building
    from 0, and a low number there is a good start, not a warning."""
    first_day: date | None
    last_day: date | None


@dataclass(frozen=True, slots=True)
class Summary:
    today: date
    totals: Totals
    streaks: Streaks
    progress: Progress
    headline: Headline
    techniques: tuple[TechniqueEffect, ...]
    warnings: tuple[Warning, ...]
    plan_changes: tuple[PlanPeriod, ...] = ()
    """Plans that took effect inside the shown days (not the first plan): chart markers."""
    voice: Voice = "you"
    """Whom the sentences speak to; the charts' sentences follow it."""


def totals(days: Sequence[Day]) -> Totals:
    """Counts over the given days; order-free, as every result here."""
    ordered = sorted(days, key=attrgetter("day"))
    adherence = [d.adherence for d in ordered if d.adherence is not None]
    strengths = [d.routine_strength for d in ordered if d.routine_strength is not None]
    return Totals(
        days=len(ordered),
        days_logged=sum(1 for d in ordered if d.pain_mean is not None),
        sessions=sum(d.sessions for d in ordered),
        minutes=math.fsum(d.minutes for d in ordered),
        paused_days=sum(1 for d in ordered if d.paused is not None),
        mean_adherence=math.fsum(adherence) / len(adherence) if adherence else None,
        routine_strength=strengths[-1] if strengths else None,
        routine_building=bool(
            ordered
            and ordered[-1].day_of_use is not None
            and ordered[-1].day_of_use < ROUTINE_BUILDING_DAYS
        ),
        first_day=ordered[0].day if ordered else None,
        last_day=ordered[-1].day if ordered else None,
    )


def plan_changes(plans: Sequence[PlanPeriod], first: date, last: date) -> list[PlanPeriod]:
    """Changes that took effect after ``first`` and by ``last``. The plan in force on
    ``first`` is where the view begins, and the very first plan is no change at all
    (days before it borrow it: an imported history is older than its account)."""
    ordered = sorted(plans, key=lambda p: p.start)
    return [p for p in ordered[1:] if first < p.start <= last]


def summarize(
    days: Sequence[Day],
    today: date,
    plans: Sequence[PlanPeriod] = (),
    first_mornings: Sequence[tuple[date, float]] = (),
    *,
    voice: Voice = "you",
) -> Summary:
    """The whole dashboard as of ``today``; later days (a plan already set for
    tomorrow) are left out so they cannot break a streak or count as missed.
    ``first_mornings``: the person's first logged (day, pain) ratings, the
    progress baseline whatever range ``days`` covers. ``voice``: "they" where the
    sentences are read by someone else, a physiotherapist on a shared view."""
    past = sorted((d for d in days if d.day <= today), key=attrgetter("day"))
    changes = tuple(plan_changes(plans, past[0].day, past[-1].day)) if past else ()
    return Summary(
        today=today,
        totals=totals(past),
        streaks=streaks(past),
        progress=progress(past, first_mornings, voice=voice),
        headline=consistency_vs_intensity(past, voice=voice),
        techniques=tuple(technique_comparison(past, voice=voice)),
        warnings=tuple(warning_messages(past, today, voice=voice)),
        plan_changes=changes,
        voice=voice,
    )
