"""What the pages show, read from the database in a few queries per page.

Writes do not live here: the pages send them through the JSON API, so the
offline outbox and the online path are one code path.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import available_timezones

from sqlalchemy import func, select

from tracker.analysis import Day, build_daily_series
from tracker.analysis.daily import ROUTINE_BUILDING_DAYS
from tracker.analysis.experiment import ConditionDay, ExperimentRecord, condition_days
from tracker.care_sessions.service import sessions_query
from tracker.catalog import GLOBAL_CHANGE_MIN_CHECKINS, TECHNIQUES, WARNING_SIGNS
from tracker.checkins.service import checkins_query
from tracker.experiments.service import current_experiment, paused_days, plans_of
from tracker.extensions import db
from tracker.history import History, first_day_of_use, load_history
from tracker.models import ApiToken, CareSession, Checkin, Pause, User
from tracker.pauses.service import upcoming_pauses
from tracker.timeutil import local_today

HISTORY_DAYS = 30
QUICK_TECHNIQUES = 6
"""Log shows this many technique chips first, so Start is on the first screen of a phone."""
QUICK_FROM_SESSIONS = 20
COMMON_TECHNIQUES = (
    "ball-roll",
    "frozen-bottle",
    "stretch",
    "calf-release",
    "morning-release",
    "thumb-walk",
)
"""A new person's first chips: the everyday techniques of the guidance."""
PAUSE_NOTICE_DAYS = 14
"""Today mentions a planned pause this many days ahead."""

TECHNIQUE_NAMES = {t.slug: t.name for t in TECHNIQUES}
WARNING_SIGNS_BY_SLUG = {w.slug: w for w in WARNING_SIGNS}


@dataclass
class TodayView:
    day: date
    checkin: Checkin | None
    sessions_done: int
    sessions_planned: int
    pause: Pause | None = None
    """The pause covering today: no plan, but the morning check-in still counts."""
    next_pause: Pause | None = None
    routine_strength: float | None = None
    routine_day: int | None = None
    """Day of use (1 on the first): below ROUTINE_BUILDING_DAYS the strength is building."""
    ask_global_change: bool = False
    experiment: ConditionDay | None = None
    """Today under a running self-experiment's condition: Today's line says which."""
    sessions_logged: int = 0
    """Every session long enough to count; under an experiment ``sessions_done`` has only
    those meeting the condition."""

    @property
    def sessions_off_plan(self) -> int:
        """Logged today under an experiment but not meeting its condition."""
        return self.sessions_logged - self.sessions_done if self.experiment else 0

    @property
    def routine_building(self) -> bool:
        return self.routine_day is not None and self.routine_day < ROUTINE_BUILDING_DAYS


@dataclass
class HistoryDay:
    day: date
    checkin: Checkin | None = None
    sessions: list[CareSession] = field(default_factory=list)


@dataclass
class HistoryPage:
    days: list[HistoryDay]
    older_than: date | None
    """Where the next page starts, or None when this page reaches the first day of use."""

    @property
    def logged(self) -> bool:
        return any(day.checkin or day.sessions for day in self.days)


def today_view(user: User) -> TodayView:
    day = local_today(user.timezone)
    checkin = db.session.scalars(checkins_query(user, day, day)).first()
    pauses = upcoming_pauses(user, day)
    current = next((p for p in pauses if p.start_date <= day), None)
    ahead = next(
        (p for p in pauses if day < p.start_date <= day + timedelta(days=PAUSE_NOTICE_DAYS)), None
    )
    history = load_history(user, until=day)
    row = analysed_day(user, day, history)
    experiment = experiment_today(history, day)
    planned = experiment.sessions if experiment else user.plan.sessions_per_day
    return TodayView(
        day,
        checkin,
        row.sessions_toward_plan if row else 0,
        0 if current else planned,
        pause=current,
        next_pause=ahead,
        routine_strength=row.routine_strength if row else None,
        routine_day=row.day_of_use if row else None,
        ask_global_change=asks_global_change(user, day, checkin),
        experiment=experiment,
        sessions_logged=row.sessions if row else 0,
    )


def experiment_today(history: History, day: date) -> ConditionDay | None:
    """The condition ``day`` falls under, None outside a running experiment (before it, after
    its last block, after the day it was stopped). Read from the history already loaded for
    Today's routine strength, so the line costs no query of its own."""
    paused = history.paused_days()
    for experiment in history.experiments:
        for under in condition_days(experiment, paused):
            if under.day == day:
                return under
    return None


def checkin_on(user: User, day: date) -> Checkin | None:
    return db.session.scalars(checkins_query(user, day, day)).first()


def analysed_day(user: User, day: date, history: History | None = None) -> Day | None:
    """The day as the dashboard's analysis sees it, None before anything is logged: Today's
    sessions done (those long enough to count) and routine strength (which needs the whole
    history: the score carries every earlier day with a 13-day half-life)."""
    if history is None:
        history = load_history(user, until=day)
    if history.first_day is None:
        return None
    (today,) = build_daily_series(
        history.checkins,
        history.sessions,
        history.plans,
        history.pauses,
        day,
        day,
        today=local_today(user.timezone),
        condition_planned=history.condition_planned(),
        condition_done=history.condition_done(),
    )
    return today


def asks_global_change(user: User, day: date, checkin: Checkin | None) -> bool:
    """The weekly question: on the person's chosen weekday, once 7 earlier mornings are
    logged (so "compared with when you started" has a start), and not if answered this week.
    """
    if user.global_change_weekday is None or day.weekday() != user.global_change_weekday:
        return False
    if checkin is not None and checkin.global_change is not None:
        return True  # answered today: keep it on the form, so it can be changed
    earlier = db.session.scalar(
        select(func.count(Checkin.id)).where(Checkin.user_id == user.id, Checkin.date < day)
    )
    if (earlier or 0) < GLOBAL_CHANGE_MIN_CHECKINS:
        return False
    answered = db.session.scalar(
        select(func.count(Checkin.id)).where(
            Checkin.user_id == user.id,
            Checkin.date > day - timedelta(days=7),
            Checkin.date < day,
            Checkin.global_change.is_not(None),
        )
    )
    return not answered


def pauses_in(user: User, first: date, last: date) -> list[Pause]:
    """Pauses touching first..last, oldest first: for History's page of days."""
    return list(
        db.session.scalars(
            select(Pause)
            .where(Pause.user_id == user.id, Pause.start_date <= last, Pause.end_date >= first)
            .order_by(Pause.start_date)
        )
    )


def all_pauses(user: User) -> list[Pause]:
    return list(
        db.session.scalars(
            select(Pause).where(Pause.user_id == user.id).order_by(Pause.start_date.desc())
        )
    )


def feet_to_ask(user_feet: str, checkin: Checkin | None = None) -> list[str]:
    """The feet the check-in asks about: the person's setting, plus any foot already logged."""
    feet = ["left", "right"] if user_feet == "both" else [user_feet]
    if checkin is not None:
        logged = {"left": checkin.pain_left, "right": checkin.pain_right}
        feet = [foot for foot in ("left", "right") if foot in feet or logged[foot] is not None]
    return feet


def history_page(user: User, before: date | None = None, size: int = HISTORY_DAYS) -> HistoryPage:
    """Up to ``size`` days before ``before`` (or up to today), newest first, empty days
    included so a forgotten one can be filled in; never a day before the first day of use."""
    today = local_today(user.timezone)
    first = first_day_of_use(user)
    if before is not None and before <= first:
        return HistoryPage([], None)
    last = min(today, before - timedelta(days=1)) if before is not None else today
    if last < first:
        return HistoryPage([], None)
    start = max(first, last - timedelta(days=size - 1))
    by_day = {
        last - timedelta(days=n): HistoryDay(last - timedelta(days=n))
        for n in range((last - start).days + 1)
    }
    for checkin in db.session.scalars(checkins_query(user, start, last)):
        by_day[checkin.date].checkin = checkin
    for session in db.session.scalars(sessions_query(user, start, last)):
        by_day[session.local_date].sessions.append(session)
    return HistoryPage(list(by_day.values()), start if start > first else None)


def quick_techniques(user: User) -> list[str]:
    """The person's favourites of late (most used in their last sessions, the most recent
    first on a tie), topped up with common ones: the chips Log shows before "More"."""
    used: Counter[str] = Counter()
    last_used: dict[str, int] = {}
    recent = db.session.scalars(sessions_query(user, None, None).limit(QUICK_FROM_SESSIONS))
    for rank, session in enumerate(recent):
        for slug in session.technique_slugs:
            used[slug] += 1
            last_used.setdefault(slug, rank)
    chosen = sorted(
        (slug for slug in used if slug in TECHNIQUE_NAMES),
        key=lambda slug: (-used[slug], last_used[slug]),
    )[:QUICK_TECHNIQUES]
    for slug in COMMON_TECHNIQUES:
        if len(chosen) < QUICK_TECHNIQUES and slug not in chosen:
            chosen.append(slug)
    return chosen


def api_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    )


@lru_cache(maxsize=1)
def timezone_names() -> list[str]:
    return sorted(available_timezones() | {"UTC"})


def pressure_words(low: int | None, high: int | None) -> str:
    """A condition's pressure range as Today and Log say it; "" when any pressure goes."""
    if low is not None and high is not None:
        return f"pressure {low}–{high}" if low != high else f"pressure {low}"
    if high is not None:
        return f"pressure up to {high}"
    return "" if low is None else f"pressure {low} or more"


def condition_words(under: ConditionDay) -> str:
    """Today's line: the week, its condition and what today asks, in one sentence."""
    plan = under.plan
    head = f"Week {under.block.index + 1} of {under.weeks}: {plan.label}"
    if under.paused:
        return f"{head} – paused today, so this week runs a day longer"
    if plan.sessions_per_week == 0:
        today = "no sessions of this kind today"
    elif under.sessions == 0:
        today = "today is a rest day"
    else:
        count = f"{under.sessions} session{'s' if under.sessions > 1 else ''}"
        today = f"today: {count} of {plan.minutes} minutes"
        pressure = pressure_words(plan.pressure_min, plan.pressure_max)
        if pressure:
            today += f", {pressure}"
    washout = " (washout day, not counted)" if under.washout else ""
    return f"{head} – {today}{washout}"


def condition_on(user: User, day: date) -> ConditionDay | None:
    """The condition ``day`` falls under, for the Log page: two small queries (the current
    experiment and its pauses) rather than the whole history Today reads."""
    experiment = current_experiment(user)
    if experiment is None or experiment.start_date > day:
        return None
    record = ExperimentRecord(
        experiment.start_date,
        experiment.pairs,
        experiment.seed,
        plans_of(experiment),
        experiment.stopped_on,
    )
    paused = paused_days(user, experiment.start_date)
    return next((d for d in condition_days(record, paused) if d.day == day), None)


def log_chips(quick: list[str], under: ConditionDay | None) -> list[str]:
    """Log's first chips: the condition's techniques alone when it names some, so they show
    pre-selected and Start stays on a phone's first screen; the others are under "More"."""
    if under is None or not under.plan.techniques:
        return quick
    return list(under.plan.techniques)
