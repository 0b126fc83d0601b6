"""Row generators for the exports: one row at a time, never a whole table in memory.

The daily rows come from ``build_daily_series``, the very function the
dashboard uses, so a number in the CSV is the number on the screen. Sessions
and check-ins are read with a streamed, column-only query in chunks of
``CHUNK_ROWS``; the techniques of each chunk are fetched in one query, so
memory stays flat however many rows a person has.

The record files are the long ones (a million sessions is a bench case), so their
per-row work is kept to the bare minimum (issue 17's profile): the rows come through
Core, not the ORM's row loading; timestamps arrive as naive UTC and are turned into
local text by ``LocalClock`` (one time-zone look-up per UTC day, not two per cell);
client ids arrive as text. The bytes are those of the straightforward code, which
``tests/export/test_golden_csv.py`` holds them to.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Row,
    Select,
    String,
    cast,
    func,
    select,
    tuple_,
    type_coerce,
)

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


SPAN_DAYS = 2
"""``LocalClock`` looks the zone up once per span of this many UTC days. Half the shortest
time between two offset changes in any zone of the time-zone database: 3.99 days
(Africa/Freetown, 1939; every zone's transitions were checked when this was written)."""

_SPAN = timedelta(days=SPAN_DAYS)
_LAST_MICROSECOND = _SPAN - timedelta(microseconds=1)


class LocalClock:
    """Naive UTC datetimes as the person's local ISO 8601 text, exactly as ``_local`` writes
    them (``moment.astimezone(zone).isoformat()``), for a fraction of the cost.

    That text is the local wall time followed by the UTC offset in force at the instant.
    No zone changes its offset twice within ``SPAN_DAYS``, so where the offset is the same
    at the first and the last microsecond of a span, it holds throughout: such a span is
    looked up once, and each instant in it is then an addition and a naive ``isoformat``.
    A span with a change (one or two a year where clocks change) takes ``_local`` itself
    for each instant. ``created_at`` and ``updated_at`` are often the same instant, so the
    last answer is kept too.
    """

    __slots__ = ("last", "last_text", "spans", "zone")

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.spans: dict[int, tuple[timedelta, str] | None] = {}
        self.last: datetime | None = None
        self.last_text = ""

    def _span(self, number: int) -> tuple[timedelta, str] | None:
        start = datetime.fromordinal(1 + number * SPAN_DAYS).replace(tzinfo=UTC)
        try:
            first = start.astimezone(self.zone)
            end = (start + _LAST_MICROSECOND).astimezone(self.zone)
        except OverflowError:  # the span runs past year 1 or 9999: each instant alone
            return None
        offset = first.utcoffset()
        if offset is None or end.utcoffset() != offset:
            return None
        naive = first.replace(tzinfo=None).isoformat()
        return offset, first.isoformat()[len(naive) :]

    def text(self, moment: datetime | None) -> str:
        """``moment`` (naive, in UTC) as local ISO 8601 with its offset; "" for None."""
        if moment is None:
            return ""
        if moment == self.last:
            return self.last_text
        number = (moment.toordinal() - 1) // SPAN_DAYS
        spans = self.spans
        if number in spans:
            span = spans[number]
        else:
            if len(spans) >= SPANS_KEPT:
                spans.clear()
            span = spans[number] = self._span(number)
        if span is None:
            text = _local(moment.replace(tzinfo=UTC), self.zone)
        else:
            text = (moment + span[0]).isoformat() + span[1]
        self.last = moment
        self.last_text = text
        return text


SPANS_KEPT = 4096
"""Spans ``LocalClock`` remembers: over two decades, a few hundred KB at most."""


def _utc_naive(column: Any) -> ColumnElement[datetime]:
    """A UTC timestamp column read as a naive UTC datetime on either database: SQLite keeps
    it so already, PostgreSQL converts in the query. Skips ``UTCDateTime``'s aware detour,
    which ``LocalClock`` does not need."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.timezone("UTC", column, type_=DateTime())
    return type_coerce(column, DateTime())


def _uuid_text(column: Any) -> ColumnElement[str]:
    """A client id column as text: PostgreSQL casts its uuid, SQLite's is already text (32
    hex digits); ``_dashed`` makes both ``str(uuid)``'s form."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(column, String())
    return type_coerce(column, String())


def _dashed(raw: str | None) -> str:
    """``str(uuid.UUID(raw))`` without building a UUID for each row."""
    if raw is None:
        return ""
    if len(raw) == 36:
        return raw
    if len(raw) == 32 and raw.islower():
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
    return str(uuid.UUID(raw))


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


def _streamed(stmt: Select[Any]) -> Iterator[Sequence[Row[Any]]]:
    """The rows of a streamed query, a chunk at a time, through Core (the ORM's row loading
    is per-row work these columns do not need). Its server-side cursor is closed however
    the stream ends, a cut-off download included: left to the garbage collector, it would
    outlive the connection it belongs to."""
    with db.session.connection().execute(stmt) as result:
        yield from result.partitions()


def _technique_slugs() -> dict[int, str]:
    return {id_: slug for id_, slug in db.session.execute(select(Technique.id, Technique.slug))}


def _slugs_of(
    user: User,
    first: Sequence[Any],
    last: Sequence[Any],
    slugs: dict[int, str],
    combinations: dict[tuple[int, ...], str],
) -> dict[int, str]:
    """The ;-joined, sorted techniques of one chunk of sessions, in a single query.

    The chunk is every session of ``user`` from the sort key ``first`` (local date, start,
    id) to ``last``, so the query names that range, not a thousand ids: a long IN list cost
    more to build and bind than the rows it fetched. ``combinations`` keeps the text of
    each combination of technique ids already seen (in the order the database gives a
    session's links), so most sessions cost a look-up, not a sort."""
    key = tuple_(CareSession.local_date, CareSession.started_at, CareSession.id)
    low = tuple_(first[0], first[1].replace(tzinfo=UTC), first[2])
    high = tuple_(last[0], last[1].replace(tzinfo=UTC), last[2])
    rows = (
        db.session.connection()
        .execute(
            select(session_techniques.c.session_id, session_techniques.c.technique_id)
            .join(CareSession, CareSession.id == session_techniques.c.session_id)
            .where(
                CareSession.user_id == user.id,
                CareSession.local_date >= first[0],
                CareSession.local_date <= last[0],
                key >= low,
                key <= high,
            )
        )
        .all()
    )  # one fetchall: a chunk's links are few, and row-by-row fetching cost a quarter
    found: dict[int, list[int]] = defaultdict(list)
    for session_id, technique_id in rows:
        found[session_id].append(technique_id)
    joined: dict[int, str] = {}
    for session_id, ids in found.items():
        key = tuple(ids)
        text = combinations.get(key)
        if text is None:
            text = join_list(slugs[i] for i in ids)
            if len(combinations) < COMBINATIONS_KEPT:
                combinations[key] = text
        joined[session_id] = text
    return joined


COMBINATIONS_KEPT = 4096
"""Technique combinations remembered as joined text: a person uses a handful."""


def session_rows(
    user: User, start: date | None, end: date | None, chunk: int = CHUNK_ROWS
) -> Iterator[list[Any]]:
    """Every session in the range, oldest first, techniques sorted and ;-joined."""
    local = LocalClock(ZoneInfo(user.timezone)).text
    started = _utc_naive(CareSession.started_at)
    stmt = (
        select(
            CareSession.id,
            _uuid_text(CareSession.client_id),
            CareSession.local_date,
            started,
            CareSession.duration_s,
            CareSession.foot,
            CareSession.pressure,
            CareSession.discomfort,
            CareSession.tool,
            CareSession.notes,
            _utc_naive(CareSession.created_at),
            _utc_naive(CareSession.updated_at),
        )
        .where(CareSession.user_id == user.id)
        .order_by(CareSession.local_date, CareSession.started_at, CareSession.id)
        .execution_options(yield_per=chunk, stream_results=True)
    )
    stmt = within_dates(stmt, CareSession.local_date, start, end)
    slugs = _technique_slugs()
    combinations: dict[tuple[int, ...], str] = {}
    for part in _streamed(stmt):
        first, last = part[0], part[-1]
        techniques = _slugs_of(
            user, (first[2], first[3], first[0]), (last[2], last[3], last[0]), slugs, combinations
        )
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
                _dashed(client_id),
                local_date.isoformat(),
                local(started_at),
                duration_s,
                foot,
                techniques.get(id_, ""),
                pressure,
                "" if discomfort is None else discomfort,
                neutralise(tool),
                neutralise(notes),
                local(created_at),
                local(updated_at),
            ]


def checkin_rows(
    user: User, start: date | None, end: date | None, chunk: int = CHUNK_ROWS
) -> Iterator[list[Any]]:
    """Every check-in in the range, oldest morning first."""
    local = LocalClock(ZoneInfo(user.timezone)).text
    stmt = (
        select(
            Checkin.id,
            _uuid_text(Checkin.client_id),
            Checkin.date,
            Checkin.pain_left,
            Checkin.pain_right,
            Checkin.stiffness,
            Checkin.warning_signs,
            Checkin.global_change,
            Checkin.notes,
            _utc_naive(Checkin.created_at),
            _utc_naive(Checkin.updated_at),
        )
        .where(Checkin.user_id == user.id)
        .order_by(Checkin.date, Checkin.id)
        .execution_options(yield_per=chunk, stream_results=True)
    )
    stmt = within_dates(stmt, Checkin.date, start, end)
    for part in _streamed(stmt):
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
                _dashed(client_id),
                day.isoformat(),
                cell(left),
                cell(right),
                cell(stiffness),
                join_list(signs or ()),
                global_change or "",
                neutralise(notes),
                local(created),
                local(updated),
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
