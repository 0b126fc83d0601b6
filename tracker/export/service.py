"""Row generators for the exports: one row at a time, never a whole table in memory.

The daily rows come from ``build_daily_series``, the very function the
dashboard uses, so a number in the CSV is the number on the screen. Sessions
and check-ins are read with a streamed, column-only query in chunks of
``CHUNK_ROWS``; the techniques of each chunk are fetched in one query, so
memory stays flat however many rows a person has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tracker.analysis import build_daily_series
from tracker.common.ownership import within_dates
from tracker.export.csv_writer import cell, join_list, neutralise
from tracker.extensions import db
from tracker.history import load_history
from tracker.models import (
    CareSession,
    Checkin,
    Pause,
    Plan,
    Technique,
    User,
    session_techniques,
)
from tracker.timeutil import local_today

CHUNK_ROWS = 1000
"""Rows fetched per round trip; also the size of one techniques query's IN list."""


def daily_header(timezone: str) -> list[str]:
    return [
        f"date ({timezone})",
        "pain_left",
        "pain_right",
        "stiffness",
        "sessions",
        "total_minutes",
        "techniques",
        "mean_intensity",
        "adherence",
        "consistency_7d",
        "planned_sessions",
        "paused",
        "routine_strength",
        "global_change",
        "warning_signs",
        "notes",
    ]


def sessions_header(timezone: str) -> list[str]:
    return [
        "id",
        "client_id",
        f"local_date ({timezone})",
        f"started_at ({timezone})",
        "duration_s",
        "foot",
        "techniques",
        "pressure",
        "discomfort",
        "tool",
        "notes",
        f"created_at ({timezone})",
        f"updated_at ({timezone})",
    ]


def checkins_header(timezone: str) -> list[str]:
    return [
        "id",
        "client_id",
        f"date ({timezone})",
        "pain_left",
        "pain_right",
        "stiffness",
        "warning_signs",
        "global_change",
        "notes",
        f"created_at ({timezone})",
        f"updated_at ({timezone})",
    ]


def pauses_header(timezone: str) -> list[str]:
    return [f"start_date ({timezone})", f"end_date ({timezone})", "reason", "note"]


def plans_header(timezone: str) -> list[str]:
    return [f"effective_from ({timezone})", "sessions_per_day", "minutes_min", "minutes_max"]


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    """ISO 8601 with the person's UTC offset: the clock time they lived, unambiguous."""
    return "" if moment is None else moment.astimezone(zone).isoformat()


def daily_rows(user: User, start: date, end: date) -> Iterator[list[Any]]:
    """One row per date start..end, including days with nothing logged."""
    history = load_history(user, until=end)
    days = build_daily_series(
        history.checkins,
        history.sessions,
        history.plans,
        history.pauses,
        start,
        end,
        today=local_today(user.timezone),
    )
    notes: dict[date, str] = {
        day: text
        for day, text in db.session.execute(
            select(Checkin.date, Checkin.notes).where(
                Checkin.user_id == user.id, Checkin.date >= start, Checkin.date <= end
            )
        )
    }
    for day in days:
        yield [
            day.day.isoformat(),
            cell(day.pain_left),
            cell(day.pain_right),
            cell(day.stiffness),
            day.sessions,
            cell(day.minutes),
            join_list(day.techniques),
            cell(day.mean_pressure),
            cell(day.adherence),
            cell(day.consistency_7d),
            day.planned_sessions,
            neutralise(day.paused),
            cell(day.routine_strength),
            day.global_change or "",
            join_list(day.warning_signs),
            neutralise(notes.get(day.day)),
        ]


def _technique_slugs() -> dict[int, str]:
    return {id_: slug for id_, slug in db.session.execute(select(Technique.id, Technique.slug))}


def _slugs_of(session_ids: Sequence[int], slugs: dict[int, str]) -> dict[int, list[str]]:
    """The techniques of one chunk of sessions, in a single query."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = db.session.execute(
        select(session_techniques.c.session_id, session_techniques.c.technique_id).where(
            session_techniques.c.session_id.in_(session_ids)
        )
    ).all()  # one fetchall: a chunk's links are few, and row-by-row fetching cost a quarter
    for session_id, technique_id in rows:
        found[session_id].append(slugs[technique_id])
    return found


def session_rows(
    user: User, start: date | None, end: date | None, chunk: int = CHUNK_ROWS
) -> Iterator[list[Any]]:
    """Every session in the range, oldest first, techniques sorted and ;-joined."""
    zone = ZoneInfo(user.timezone)
    stmt = (
        select(
            CareSession.id,
            CareSession.client_id,
            CareSession.local_date,
            CareSession.started_at,
            CareSession.duration_s,
            CareSession.foot,
            CareSession.pressure,
            CareSession.discomfort,
            CareSession.tool,
            CareSession.notes,
            CareSession.created_at,
            CareSession.updated_at,
        )
        .where(CareSession.user_id == user.id)
        .order_by(CareSession.local_date, CareSession.started_at, CareSession.id)
        .execution_options(yield_per=chunk, stream_results=True)
    )
    stmt = within_dates(stmt, CareSession.local_date, start, end)
    slugs = _technique_slugs()
    result = db.session.execute(stmt)
    for part in result.partitions():
        techniques = _slugs_of([row[0] for row in part], slugs)
        for (
            id_,
            client_id,
            local_date,
            started_at,
            duration_s,
            foot,
            pressure,
            discomfort,
            tool,
            notes,
            created_at,
            updated_at,
        ) in part:
            yield [
                id_,
                "" if client_id is None else str(client_id),
                local_date.isoformat(),
                _local(started_at, zone),
                duration_s,
                foot,
                join_list(techniques.get(id_, ())),
                pressure,
                cell(discomfort),
                neutralise(tool),
                neutralise(notes),
                _local(created_at, zone),
                _local(updated_at, zone),
            ]


def checkin_rows(
    user: User, start: date | None, end: date | None, chunk: int = CHUNK_ROWS
) -> Iterator[list[Any]]:
    """Every check-in in the range, oldest morning first."""
    zone = ZoneInfo(user.timezone)
    stmt = (
        select(
            Checkin.id,
            Checkin.client_id,
            Checkin.date,
            Checkin.pain_left,
            Checkin.pain_right,
            Checkin.stiffness,
            Checkin.warning_signs,
            Checkin.global_change,
            Checkin.notes,
            Checkin.created_at,
            Checkin.updated_at,
        )
        .where(Checkin.user_id == user.id)
        .order_by(Checkin.date, Checkin.id)
        .execution_options(yield_per=chunk, stream_results=True)
    )
    stmt = within_dates(stmt, Checkin.date, start, end)
    for part in db.session.execute(stmt).partitions():
        for (
            id_,
            client_id,
            day,
            left,
            right,
            stiffness,
            signs,
            global_change,
            notes,
            created,
            updated,
        ) in part:
            yield [
                id_,
                "" if client_id is None else str(client_id),
                day.isoformat(),
                cell(left),
                cell(right),
                cell(stiffness),
                join_list(signs or ()),
                global_change or "",
                neutralise(notes),
                _local(created, zone),
                _local(updated, zone),
            ]


def pause_rows(
    user: User, start: date | None = None, end: date | None = None
) -> Iterator[list[Any]]:
    """Every pause that overlaps the range, earliest first.

    Overlap rather than containment: a pause that began before ``start`` still
    explains the paused days inside the range, so it travels with them.
    """
    stmt = (
        select(Pause.start_date, Pause.end_date, Pause.reason, Pause.note)
        .where(Pause.user_id == user.id)
        .order_by(Pause.start_date, Pause.id)
    )
    if start is not None:
        stmt = stmt.where(Pause.end_date >= start)
    if end is not None:
        stmt = stmt.where(Pause.start_date <= end)
    for first, last, reason, note in db.session.execute(stmt):
        yield [first.isoformat(), last.isoformat(), reason, neutralise(note)]


def plan_rows(
    user: User, start: date | None = None, end: date | None = None
) -> Iterator[list[Any]]:
    """The plans the range was measured against, earliest first.

    The plan already in force on ``start`` comes too, like a pause begun before
    it: the days of the range were planned by it. Days before the first plan
    borrow it, so a range that ends before it still gets that first plan.
    A person has a handful of plans, so they are read at once.
    """
    plans = db.session.execute(
        select(Plan.effective_from, Plan.sessions_per_day, Plan.minutes_min, Plan.minutes_max)
        .where(Plan.user_id == user.id)
        .order_by(Plan.effective_from)
    ).all()
    if end is not None:
        plans = [p for p in plans if p.effective_from <= end] or plans[:1]
    if start is not None:
        in_force = [p for p in plans if p.effective_from <= start][-1:]
        plans = in_force + [p for p in plans if p.effective_from > start]
    for first, per_day, low, high in plans:
        yield [first.isoformat(), per_day, low, high]
