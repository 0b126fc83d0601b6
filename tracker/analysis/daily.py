"""The daily series: one row per calendar day, from which every chart and export reads.

Everything the dashboard shows is derived here once, with the definitions the
README's "Using the app" gives (adherence, consistency, routine strength, pauses),
so that the charts, the CSV and the printed report can never disagree about what
"adherence" or "consistency" meant on a given day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from operator import attrgetter, sub

from tracker.catalog import DEFAULT_SESSIONS_PER_DAY

from .records import CheckinRecord, PauseRecord, PlanPeriod, SessionRecord

WINDOW_DAYS = 7
"""Consistency and intensity look at the trailing week, d-6 .. d."""

ROUTINE_HALF_LIFE_DAYS = 13
ROUTINE_MULTIPLIER = 0.5 ** (1 / ROUTINE_HALF_LIFE_DAYS)
"""Loop Habit Tracker's score: yesterday's strength keeps weight m, today adds 1 - m.
A missed day multiplies the score by m = 0.948: it costs about 5% of its current value."""
ROUTINE_BUILDING_DAYS = 14
"""Before two weeks of use the score is still climbing from 0 (a perfect fortnight
reaches 52%): it is shown as "building", never as a low score."""

MIN_SESSION_SECONDS = 30
"""A shorter session (a timer started by mistake, a tap on Save) is kept and listed,
but is too short to be a session: it does not count toward the plan."""

_ONE_DAY = timedelta(days=1)
_NOTHING: frozenset[str] = frozenset()


@dataclass(slots=True)
class Day:
    """Everything known about one calendar day, as the dashboard needs it.

    Not frozen, though nothing changes a row once the analysis made it: a frozen
    dataclass sets each of its fields through ``object.__setattr__``, which made 1,825
    rows (5 years) cost 23 ms instead of 2.6 ms, most of the dashboard's analysis time.
    """

    day: date
    pain_left: int | None
    pain_right: int | None
    pain_mean: float | None
    stiffness: int | None
    warning_signs: frozenset[str]
    global_change: str | None
    sessions: int
    minutes: float
    techniques: frozenset[str]
    mean_pressure: float | None
    planned_sessions: int
    paused: str | None
    adherence: float | None
    plan_met: bool
    consistency_7d: float | None
    intensity_7d: float | None
    next_morning_pain: float | None
    routine_strength: float | None
    day_of_use: int | None = field(default=None)
    """1 on the first day of use, None before it: lets rules that count "a week
    of home care" work on any sub-range of the series."""
    sessions_counted: int | None = field(default=None)
    """Sessions that count toward the plan: on a day under a self-experiment only those
    meeting its condition; None on any other day, where every session counts."""

    @property
    def sessions_toward_plan(self) -> int:
        """What adherence is measured by: "1 of 2 planned sessions done"."""
        return self.sessions if self.sessions_counted is None else self.sessions_counted


@dataclass(frozen=True, slots=True)
class _SessionIndex:
    """Session totals per date, column-wise: plain dicts keep 15,000 sessions cheap."""

    count: dict[date, int]
    seconds: dict[date, int]
    pressure: dict[date, int]
    techniques: dict[date, frozenset[str]]


def pain_mean(checkin: CheckinRecord | None) -> float | None:
    """Mean of the feet rated that morning: a one-sided heel pain is rated on one foot only."""
    if checkin is None:
        return None
    left, right = checkin.pain_left, checkin.pain_right
    if left is None:
        return None if right is None else float(right)
    return float(left) if right is None else (left + right) / 2


def _index_checkins(checkins: Iterable[CheckinRecord]) -> dict[date, CheckinRecord]:
    """One check-in per morning is the data model's rule; a second one is an upstream bug."""
    by_day: dict[date, CheckinRecord] = {}
    for checkin in checkins:
        if checkin.day in by_day:
            raise ValueError(f"two check-ins on {checkin.day.isoformat()}")
        by_day[checkin.day] = checkin
    return by_day


def _index_sessions(sessions: Iterable[SessionRecord]) -> _SessionIndex:
    """The sessions that count toward the plan, totalled per date: the one place that
    decides "a session done" (Today reads it from here too). Shorter ones are left out
    of every figure (sessions, minutes, pressure, techniques)."""
    count: dict[date, int] = {}
    seconds: dict[date, int] = {}
    pressure: dict[date, int] = {}
    techniques: dict[date, frozenset[str]] = {}
    for s in sessions:
        if s.duration_s < MIN_SESSION_SECONDS:
            continue
        d = s.day
        if d in count:
            count[d] += 1
            seconds[d] += s.duration_s
            pressure[d] += s.pressure
            techniques[d] |= s.techniques
        else:
            count[d] = 1
            seconds[d] = s.duration_s
            pressure[d] = s.pressure
            techniques[d] = frozenset(s.techniques)
    return _SessionIndex(count, seconds, pressure, techniques)


def _pause_reasons(pauses: Iterable[PauseRecord], first: date, last: date) -> dict[date, str]:
    """Paused days within first..last; where pauses overlap the later-starting one wins,
    an order-free rule so that shuffled input gives the same answer."""
    reasons: dict[date, str] = {}
    for pause in sorted(pauses, key=lambda p: (p.start, p.end, p.reason)):
        day = max(pause.start, first)
        while day <= min(pause.end, last):
            reasons[day] = pause.reason
            day += _ONE_DAY
    return reasons


def _planned_sessions(plans: Sequence[PlanPeriod], first: date, count: int) -> list[int]:
    """Sessions planned on each of ``count`` days from ``first``.

    A plan change takes effect from its own start only; days before the first
    period borrow it, since a plan had to exist for the person to begin.
    """
    if not plans:
        return [DEFAULT_SESSIONS_PER_DAY] * count
    ordered = sorted(plans, key=lambda p: p.start)
    if len({p.start for p in ordered}) != len(ordered):
        raise ValueError("two plan periods start on the same day")
    planned: list[int] = []
    for period, following in zip(ordered, [*ordered[1:], None], strict=True):
        stop = count if following is None else min(count, max(0, (following.start - first).days))
        planned += [max(1, period.sessions_per_day)] * (stop - len(planned))
    return planned


def _trailing_sums(values: Sequence[int]) -> list[int]:
    """Sums over each trailing 7-day window, as differences of integer prefix sums:
    O(days), and exact, so no rounding drifts with where the series began."""
    prefix = list(accumulate(values, initial=0))
    lagged = ([0] * (WINDOW_DAYS - 1) + prefix)[: len(values)]
    return list(map(sub, prefix[1:], lagged))


def _consistency(
    counts: Sequence[int], planned: Sequence[int], active: Sequence[bool]
) -> list[float | None]:
    """Trailing mean adherence over the active (in use, not paused) days, exactly.

    With every adherence written as a fraction over the least common multiple
    of the plans, a window's sum is an integer and the one division at the end
    gives the same float whatever day the series began on.
    """
    scale = math.lcm(1, *{p for p in planned if p})
    numerators = [
        (p if c >= p else c) * (scale // p) if a else 0
        for c, p, a in zip(counts, planned, active, strict=True)
    ]
    known = _trailing_sums(list(map(int, active)))
    return [
        n / (scale * k) if k else None
        for n, k in zip(_trailing_sums(numerators), known, strict=True)
    ]


def _routine_strengths(adherence: Sequence[float | None], first_use: int) -> list[float | None]:
    """s(d) = s(d-1)*m + adherence(d)*(1-m), from 0 on the first day of use (an index).

    Smoothing with a 13-day half-life means one missed day costs a little and a
    month of practice is needed to build the routine up: the feedback a habit
    needs. A paused day (adherence None) leaves s unchanged.
    """
    strengths: list[float | None] = [None] * first_use
    score = 0.0
    for a in adherence[first_use:]:
        if a is not None:
            score = score * ROUTINE_MULTIPLIER + a * (1 - ROUTINE_MULTIPLIER)
        strengths.append(score)
    return strengths


@dataclass(frozen=True, slots=True)
class _Columns:
    """Per-date values from the internal origin to ``end``, index-aligned with ``dates``."""

    dates: list[date]
    first_use: date | None
    paused: dict[date, str]
    planned: list[int]
    adherence: list[float | None]
    consistency: list[float | None]
    intensity: list[float | None]
    strengths: list[float | None]


def _columns(
    checkins: dict[date, CheckinRecord],
    sessions: _SessionIndex,
    plans: Sequence[PlanPeriod],
    pauses: Iterable[PauseRecord],
    start: date,
    end: date,
    today: date | None = None,
    condition_planned: Mapping[date, int] | None = None,
    condition_done: Mapping[date, int] | None = None,
) -> _Columns:
    first_use = min([*checkins, *sessions.count], default=None)
    origin = start - timedelta(days=WINDOW_DAYS - 1)
    if first_use is not None and first_use < origin:
        origin = first_use
    dates = list(map(date.fromordinal, range(origin.toordinal(), end.toordinal() + 1)))
    paused = _pause_reasons(pauses, origin, end)
    plan = _planned_sessions(plans, origin, len(dates))
    if condition_planned:
        plan = [condition_planned.get(d, p) for d, p in zip(dates, plan, strict=True)]
    planned = [0 if d in paused else p for d, p in zip(dates, plan, strict=True)]
    before_use = len(dates) if first_use is None else min(len(dates), (first_use - origin).days)
    active = [False] * before_use + [p > 0 for p in planned[before_use:]]
    counts = [sessions.count.get(d, 0) for d in dates]
    if condition_done:
        counts = [condition_done.get(d, c) for d, c in zip(dates, counts, strict=True)]
    # Today is in progress until the plan is met or the day ends: never a missed day.
    counted = [
        a and not (d == today and c < p)
        for d, c, p, a in zip(dates, counts, planned, active, strict=True)
    ]
    adherence = [
        (1.0 if c >= p else c / p) if a else None
        for c, p, a in zip(counts, planned, counted, strict=True)
    ]
    pressure = _trailing_sums(
        [sessions.pressure.get(d, 0) if a else 0 for d, a in zip(dates, active, strict=True)]
    )
    rated = _trailing_sums([c if a else 0 for c, a in zip(counts, active, strict=True)])
    return _Columns(
        dates=dates,
        first_use=first_use,
        paused=paused,
        planned=planned,
        adherence=adherence,
        consistency=_consistency(counts, planned, counted),
        intensity=[s / n if n else None for s, n in zip(pressure, rated, strict=True)],
        strengths=_routine_strengths(adherence, before_use),
    )


_NO_MORNING = (None, None, None, _NOTHING, None)
_morning = attrgetter("pain_left", "pain_right", "stiffness", "warning_signs", "global_change")


def _days(
    cols: _Columns,
    checkins: dict[date, CheckinRecord],
    sessions: _SessionIndex,
    first: int,
    condition_done: Mapping[date, int] | None = None,
) -> list[Day]:
    """The Day rows from index ``first``, through Day's own constructor.

    Built column by column and handed to ``Day`` by ``map``, so the per-row work
    is the constructor alone (see ``Day`` on why it is not frozen).
    """
    count, seconds, pressure = sessions.count, sessions.seconds, sessions.pressure
    techniques = sessions.techniques
    dates = cols.dates[first:]
    mornings = [checkins.get(d) for d in dates]
    pains = [pain_mean(c) for c in mornings]
    left, right, stiffness, signs, change = zip(
        *[_NO_MORNING if c is None else _morning(c) for c in mornings], strict=True
    )
    done = [count.get(d, 0) for d in dates]
    adherence = cols.adherence[first:]
    strengths = cols.strengths[first:]
    base = cols.first_use.toordinal() - 1 if cols.first_use else 0
    return list(
        map(
            Day,
            dates,
            left,
            right,
            pains,
            stiffness,
            signs,
            change,
            done,
            [seconds[d] / 60 if n else 0.0 for d, n in zip(dates, done, strict=True)],
            [techniques[d] if n else _NOTHING for d, n in zip(dates, done, strict=True)],
            [pressure[d] / n if n else None for d, n in zip(dates, done, strict=True)],
            cols.planned[first:],
            map(cols.paused.get, dates),
            adherence,
            [a == 1.0 for a in adherence],
            cols.consistency[first:],
            cols.intensity[first:],
            [*pains[1:], pain_mean(checkins.get(dates[-1] + _ONE_DAY))],
            strengths,
            [
                None if s is None else d.toordinal() - base
                for d, s in zip(dates, strengths, strict=True)
            ],
            map((condition_done or {}).get, dates),
        )
    )


def build_daily_series(
    checkins: Iterable[CheckinRecord],
    sessions: Iterable[SessionRecord],
    plans: Sequence[PlanPeriod],
    pauses: Iterable[PauseRecord],
    start: date,
    end: date,
    today: date | None = None,
    condition_planned: Mapping[date, int] | None = None,
    condition_done: Mapping[date, int] | None = None,
) -> list[Day]:
    """One Day per date start..end inclusive, ascending.

    ``today``, when given, is in progress: until its plan is met it has no
    adherence (not a missed day) and leaves consistency and routine strength
    as they were, just as the streak treats it.

    Computed internally from the first day of use (or start - 6 if later) so
    that trailing windows and routine strength at ``start`` are the same as in
    the full history: a shorter view must never show different numbers.

    ``condition_planned`` gives the sessions planned on the days under a self-experiment
    (``tracker.analysis.experiment.planned_by_condition``): those days are measured
    against their condition, every other day against the person's plan. A day that plans
    0 (a rest day of a 3-a-week condition, a "none" condition) is treated as a paused day
    is: neither kept nor missed, leaving consistency and routine strength as they were
    and a streak unbroken. Not as a plan change would treat it, because a plan always asks
    for at least one session a day: there is nothing on a rest day to keep or to miss,
    and counting it as kept would give a 3-a-week condition four free perfect days a week.
    ``condition_done`` (``tracker.analysis.experiment.done_by_condition``) gives the
    sessions that count on those days: only those meeting the condition.
    """
    if end < start:
        return []
    by_checkin = _index_checkins(checkins)
    by_session = _index_sessions(sessions)
    cols = _columns(
        by_checkin, by_session, plans, pauses, start, end, today, condition_planned, condition_done
    )
    first = len(cols.dates) - (end - start).days - 1
    return _days(cols, by_checkin, by_session, first, condition_done)
