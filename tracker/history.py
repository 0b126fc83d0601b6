"""Reading one person's history: every consumer's one way in.

The dashboard, the report, the exports and Today's routine strength all read a diary
through ``load_history`` (the analysis's plain records) and date it from
``first_day_of_use``, so they agree on what happened and when it began.

A fixed number of queries whatever the size of the history (check-ins,
sessions, their techniques, plans, pauses, experiments), so a dashboard with twenty years of data
costs more rows, never more round trips.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tracker.analysis.experiment import ConditionPlan, ExperimentRecord, planned_by_condition
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

    @property
    def first_day(self) -> date | None:
        """The first day anything was logged, in these records; ``first_day_of_use`` also
        counts the account's first day, for ranges that must not start before sign-up."""
        days = [c.day for c in self.checkins] + [s.day for s in self.sessions]
        return min(days) if days else None


def load_history(user: User, until: date | None = None) -> History:
    """Everything up to ``until`` (and the morning after it, the last day's outcome)."""
    checkin_q = select(
        Checkin.date,
        Checkin.pain_left,
        Checkin.pain_right,
        Checkin.stiffness,
        Checkin.warning_signs,
        Checkin.global_change,
    ).where(Checkin.user_id == user.id)
    session_q = select(
        CareSession.id,
        CareSession.local_date,
        CareSession.duration_s,
        CareSession.pressure,
        CareSession.foot,
        CareSession.discomfort,
    ).where(CareSession.user_id == user.id)
    technique_q = (
        select(session_techniques.c.session_id, Technique.slug)
        .join(Technique, Technique.id == session_techniques.c.technique_id)
        .join(CareSession, CareSession.id == session_techniques.c.session_id)
        .where(CareSession.user_id == user.id)
    )
    if until is not None:
        checkin_q = checkin_q.where(Checkin.date <= until + timedelta(days=1))
        session_q = session_q.where(CareSession.local_date <= until)
        technique_q = technique_q.where(CareSession.local_date <= until)

    # Core execution on the session's connection: these are plain column reads,
    # and the ORM's row processing cost more than the queries themselves.
    run = db.session.connection().execute
    slugs: dict[int, set[str]] = defaultdict(set)
    for session_id, slug in run(technique_q):
        slugs[session_id].add(slug)
    checkins = [
        CheckinRecord(day, left, right, stiffness, frozenset(signs or ()), global_change)
        for day, left, right, stiffness, signs, global_change in run(checkin_q)
    ]
    sessions = [
        SessionRecord(day, duration_s, pressure, frozenset(slugs.get(id_, ())), foot, discomfort)
        for id_, day, duration_s, pressure, foot, discomfort in run(session_q)
    ]
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
