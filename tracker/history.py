"""Reading one person's history: every consumer's one way in.

The dashboard, the report, the exports and Today's routine strength all read a diary
through ``load_history`` (the analysis's plain records) and date it from
``first_day_of_use``, so they agree on what happened and when it began.

A fixed number of queries whatever the size of the history (technique names, check-ins,
sessions with their techniques, plans, pauses, experiments), so a dashboard with twenty
years of data costs more rows, never more round trips.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, cast, func, select, type_coerce

from tracker.analysis.experiment import (
    ConditionPlan,
    ExperimentRecord,
    done_by_condition,
    planned_by_condition,
)
from tracker.analysis.records import CheckinRecord, PauseRecord, PlanPeriod, SessionRecord
from tracker.extensions import db
from tracker.models import (
    CareSession,
    Checkin,
    Experiment,
    Pause,
    Plan,
    Technique,
    User,
    session_techniques,
)


@dataclass(frozen=True)
class History:
    """A diary as the analysis reads it: plain records, no ORM objects, no session."""

    checkins: list[CheckinRecord]
    sessions: list[SessionRecord]
    plans: list[PlanPeriod]
    pauses: list[PauseRecord]
    experiments: list[ExperimentRecord] = field(default_factory=list)

    def paused_days(self) -> frozenset[date]:
        """Every paused day: what lengthens an experiment's blocks and moves its rest days."""
        days: set[date] = set()
        for pause in self.pauses:
            days.update(
                pause.start + timedelta(days=n) for n in range((pause.end - pause.start).days + 1)
            )
        return frozenset(days)

    def condition_planned(self) -> dict[date, int]:
        """Sessions planned on each day under a self-experiment, by its condition: what the
        daily series measures those days against (``build_daily_series``)."""
        if not self.experiments:
            return {}
        return planned_by_condition(self.experiments, self.paused_days())

    def condition_done(self) -> dict[date, int]:
        """Sessions that count on each day under a self-experiment: those meeting its
        condition (``build_daily_series``)."""
        if not self.experiments:
            return {}
        return done_by_condition(self.experiments, self.sessions, self.paused_days())

    @property
    def first_day(self) -> date | None:
        """The first day anything was logged, in these records; ``first_day_of_use`` also
        counts the account's first day, for ranges that must not start before sign-up."""
        days = [c.day for c in self.checkins] + [s.day for s in self.sessions]
        return min(days) if days else None


def load_history(user: User, until: date | None = None) -> History:
    """Everything up to ``until`` (and the morning after it, the last day's outcome)."""
    day_of, as_date = _iso_dates()
    checkin_q = select(
        day_of(Checkin.date),
        Checkin.pain_left,
        Checkin.pain_right,
        Checkin.stiffness,
        cast(Checkin.warning_signs, String()),
        Checkin.global_change,
    ).where(Checkin.user_id == user.id)
    session_q = select(
        day_of(CareSession.local_date),
        CareSession.duration_s,
        CareSession.pressure,
        technique_ids(),
        CareSession.foot,
        CareSession.discomfort,
    ).where(CareSession.user_id == user.id)
    if until is not None:
        checkin_q = checkin_q.where(Checkin.date <= until + timedelta(days=1))
        session_q = session_q.where(CareSession.local_date <= until)

    # Core execution on the session's connection, every row fetched at once: these are
    # plain column reads, and the ORM's (or a row-at-a-time fetch's) per-row work cost
    # more than the queries themselves. A person uses a handful of technique combinations
    # and warning-sign lists, so each distinct text is decoded once.
    run = db.session.connection().execute
    names = dict(run(select(Technique.id, Technique.slug)).all())
    techniques: dict[str | None, frozenset[str]] = {None: frozenset()}
    signs: dict[str | None, frozenset[str]] = {None: frozenset()}
    checkins = []
    for day, left, right, stiffness, signs_text, global_change in run(checkin_q).all():
        warning_signs = signs.get(signs_text)
        if warning_signs is None:
            warning_signs = signs[signs_text] = frozenset(json.loads(signs_text) or ())
        checkins.append(
            CheckinRecord(as_date(day), left, right, stiffness, warning_signs, global_change)
        )
    sessions = []
    for day, duration_s, pressure, ids, foot, discomfort in run(session_q).all():
        slugs = techniques.get(ids)
        if slugs is None:
            slugs = techniques[ids] = frozenset(names[int(i)] for i in ids.split(","))
        sessions.append(SessionRecord(as_date(day), duration_s, pressure, slugs, foot, discomfort))
    plans = [
        PlanPeriod(
            start=row.effective_from,
            sessions_per_day=row.sessions_per_day,
            minutes_min=row.minutes_min,
            minutes_max=row.minutes_max,
        )
        for row in run(
            select(
                Plan.effective_from, Plan.sessions_per_day, Plan.minutes_min, Plan.minutes_max
            ).where(Plan.user_id == user.id)
        )
    ]
    pause_q = select(Pause.start_date, Pause.end_date, Pause.reason).where(Pause.user_id == user.id)
    if until is not None:
        pause_q = pause_q.where(Pause.start_date <= until)
    pauses = [PauseRecord(start, end, reason) for start, end, reason in run(pause_q)]
    experiment_q = select(
        Experiment.start_date,
        Experiment.pairs,
        Experiment.seed,
        Experiment.conditions,
        Experiment.stopped_on,
    ).where(Experiment.user_id == user.id)
    if until is not None:
        experiment_q = experiment_q.where(Experiment.start_date <= until)
    experiments = [
        ExperimentRecord(start, pairs, seed, _condition_plans(conditions), stopped_on)
        for start, pairs, seed, conditions, stopped_on in run(experiment_q)
    ]
    return History(
        checkins=checkins,
        sessions=sessions,
        plans=plans,
        pauses=pauses,
        experiments=experiments,
    )


def _condition_plans(stored: list[dict]) -> dict[str, ConditionPlan]:
    """The conditions as stored (``Experiment.conditions``): a ``ConditionPlan``'s fields."""
    return {
        c["key"]: ConditionPlan(**{**c, "techniques": tuple(c.get("techniques") or ())})
        for c in stored
    }


def _iso_dates() -> tuple[Callable[[Any], Any], Callable[[Any], date]]:
    """How to read a date column fast: SQLite keeps ISO text, which SQLAlchemy parses with a
    regular expression per row (a fifth of a 5-year read), where ``date.fromisoformat`` gives
    the same date in C; PostgreSQL's driver already returns dates."""
    if db.session.get_bind().dialect.name == "sqlite":
        return (lambda column: type_coerce(column, String())), date.fromisoformat
    return (lambda column: column), _same


def _same(day: date) -> date:
    return day


def technique_ids() -> ColumnElement[str]:
    """A session's technique ids, comma-joined by the database (``group_concat`` on SQLite,
    ``string_agg`` on PostgreSQL; NULL for none): one row per session, not one per link.
    Their order is the database's, so readers sort or set them."""
    link = session_techniques.c
    return (
        select(func.aggregate_strings(cast(link.technique_id, String()), ","))
        .where(link.session_id == CareSession.id)
        .scalar_subquery()
    )


def first_day_of_use(user: User) -> date:
    """History starts here: the account's first local day, or an earlier day a check-in or
    session was logged (or imported) for, so no day before the person began looks missed."""
    created = user.created_at.astimezone(ZoneInfo(user.timezone)).date()
    earliest = [
        db.session.scalar(select(func.min(Checkin.date)).where(Checkin.user_id == user.id)),
        db.session.scalar(
            select(func.min(CareSession.local_date)).where(CareSession.user_id == user.id)
        ),
    ]
    return min([created, *(day for day in earliest if day is not None)])
