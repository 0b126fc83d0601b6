"""Row generators for the exports: one row at a time, never a whole table in memory.

The daily rows come from ``build_daily_series``, the very function the
dashboard uses, so a number in the CSV is the number on the screen. Sessions
and check-ins are read with a streamed, column-only query in chunks of
``CHUNK_ROWS`` (a server-side cursor on PostgreSQL), so memory stays flat however
many rows a person has.

The record files are the long ones (a million sessions is a bench case), so their
per-row work is kept to the bare minimum (issue 17's profile): the database joins each
session's technique ids and writes dates as text; timestamps arrive as naive UTC and
are turned into local text by ``LocalClock`` (one time-zone look-up per two UTC days,
not two per cell); client ids arrive as text; the csv module writes rows in batches.
The bytes are those of the straightforward code, which ``tests/export/test_golden_csv.py``
holds them to.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Executable,
    String,
    cast,
    func,
    select,
    type_coerce,
)

from tracker.analysis import build_daily_series
from tracker.common.ownership import within_dates
from tracker.experiments.service import experiment_days
from tracker.export.csv_writer import PLAIN_LEADS, cell, join_list, neutralise
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
        "experiment_block",
        "experiment_condition",
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


class LocalClock:
    """Naive UTC datetimes as the person's local ISO 8601 text, exactly as ``_local`` writes
    them (``moment.astimezone(zone).isoformat()``), for a fraction of the cost.

    That text is the local wall time followed by the UTC offset in force at the instant.
    UTC time is cut into spans of ``SPAN_DAYS``; no zone changes its offset twice within
    one, so where the offset at a span's start equals the offset at the next span's start,
    it holds throughout the span (a change exactly at the next start counts as a change).
    Each start is looked up once and serves the two spans it bounds; an instant in an
    unchanging span is then an addition and a naive ``isoformat``. A span with a change
    (one or two a year where clocks change) takes ``_local`` itself for each instant.
    ``created_at`` and ``updated_at`` are often the same instant, so the last answer is
    kept too.
    """

    __slots__ = (
        "high",
        "last",
        "last_text",
        "low",
        "offset",
        "offsets",
        "spans",
        "suffix",
        "suffixes",
        "zone",
    )

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.offsets: dict[int, timedelta | None] = {}
        self.spans: dict[int, tuple[timedelta, str] | None] = {}
        self.suffixes: dict[timedelta, str] = {}
        self.last: datetime | None = None
        self.last_text = ""
        # The unchanging span looked up last, as naive UTC bounds [low, high): the rows come
        # in time order, so most instants fall in it and cost two comparisons, not a look-up.
        self.low = datetime.max
        self.high = datetime.min
        self.offset = timedelta(0)
        self.suffix = ""

    def _offset_at(self, number: int) -> timedelta | None:
        """The offset at the first instant of span ``number``; None past year 1 or 9999."""
        if number not in self.offsets:
            try:
                start = datetime.fromordinal(1 + number * SPAN_DAYS).replace(tzinfo=UTC)
                offset = start.astimezone(self.zone).utcoffset()
            except (OverflowError, ValueError):
                offset = None
            self.offsets[number] = offset
        return self.offsets[number]

    def _span(self, number: int) -> tuple[timedelta, str] | None:
        offset = self._offset_at(number)
        if offset is None or self._offset_at(number + 1) != offset:
            return None
        suffix = self.suffixes.get(offset)
        if suffix is None:
            sample = datetime(2000, 1, 1, tzinfo=timezone(offset))
            suffix = self.suffixes[offset] = sample.isoformat()[len("2000-01-01T00:00:00") :]
        return offset, suffix

    def text(self, moment: datetime | None) -> str:
        """``moment`` (naive, in UTC) as local ISO 8601 with its offset; "" for None."""
        if moment is None:
            return ""
        if moment == self.last:
            return self.last_text
        if self.low <= moment < self.high:
            text = (moment + self.offset).isoformat() + self.suffix
        else:
            text = self._looked_up(moment)
        self.last = moment
        self.last_text = text
        return text

    def _looked_up(self, moment: datetime) -> str:
        number = (moment.toordinal() - 1) // SPAN_DAYS
        spans = self.spans
        if number in spans:
            span = spans[number]
        else:
            if len(spans) >= SPANS_KEPT:
                spans.clear()
                self.offsets.clear()
            span = spans[number] = self._span(number)
        if span is None:
            return _local(moment.replace(tzinfo=UTC), self.zone)
        self.offset, self.suffix = span
        # Reach ahead over the spans whose starts share this offset: with no two changes
        # within a span, equal offsets at consecutive starts mean none in between, so the
        # next instants need no look-up until the first start with another offset.
        # (Sessions twice a day left a span every four rows: a quarter of the export's time.)
        offset, last = span[0], number + 1
        while last - number < SPANS_AHEAD and self._offset_at(last + 1) == offset:
            last += 1
        self.low = datetime.fromordinal(1 + number * SPAN_DAYS)
        self.high = datetime.fromordinal(1 + last * SPAN_DAYS)
        return (moment + self.offset).isoformat() + self.suffix


SPANS_KEPT = 4096
"""Spans ``LocalClock`` remembers: over two decades, a few hundred KB at most."""
SPANS_AHEAD = 16
"""Unchanging spans ``LocalClock`` takes at once (32 days): far enough that a dense diary
rarely looks up, near enough that a sparse one computes few offsets it never uses."""


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


def _date_text(column: Any) -> ColumnElement[str]:
    """A date column as ISO 8601 text (``date.isoformat()``'s form), made by the database:
    SQLite stores it so, PostgreSQL writes it with ``to_char``."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM-DD")
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
    """One row per date start..end, including days with nothing logged; a day under a
    self-experiment carries its week and condition."""
    history = load_history(user, until=end)
    days = build_daily_series(
        history.checkins,
        history.sessions,
        history.plans,
        history.pauses,
        start,
        end,
        today=local_today(user.timezone),
        condition_planned=history.condition_planned(),
        condition_done=history.condition_done(),
    )
    notes: dict[date, str] = {
        day: text
        for day, text in db.session.execute(
            select(Checkin.date, Checkin.notes).where(
                Checkin.user_id == user.id, Checkin.date >= start, Checkin.date <= end
            )
        )
    }
    experiment = experiment_days(user, start, end)
    for day in days:
        block, condition = experiment.get(day.day, ("", ""))
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
            block,
            neutralise(condition),
            cell(day.routine_strength),
            day.global_change or "",
            join_list(day.warning_signs),
            neutralise(notes.get(day.day)),
        ]


def _streamed(stmt: Executable) -> Iterator[Sequence[Any]]:
    """The rows of a streamed query, a chunk at a time, through Core on a connection of the
    stream's own (the session's ORM row loading was a fifth of a sessions export's time).

    Its own, not the session's: the server-side cursor (PostgreSQL) and its connection are
    closed here, in that order, however the stream ends: at its end, when the response is
    closed part-way (the server does that when a download is cut off), or by the garbage
    collector for a stream nobody closed. Until then the connection is checked out, so the
    pool cannot hand it to another request whose work the closing cursor would disturb
    (which is what happened when this read ran on the session's connection)."""
    connection = db.engine.connect()
    try:
        with connection.execute(stmt) as result:
            yield from result.partitions()
    finally:
        connection.close()


def _technique_slugs() -> dict[int, str]:
    return {id_: slug for id_, slug in db.session.execute(select(Technique.id, Technique.slug))}


class TechniqueNames:
    """A session's technique ids, as the database joins them ("3,12,7", any order), as the
    file's sorted, ;-joined slugs. Each distinct text is worked out once: a person uses a
    handful of combinations, so a million sessions cost a million look-ups, not sorts."""

    __slots__ = ("known", "slugs")

    def __init__(self) -> None:
        self.slugs = _technique_slugs()
        self.known: dict[str, str] = {}

    def text(self, ids: str | None) -> str:
        if ids is None:
            return ""
        known = self.known.get(ids)
        if known is not None:
            return known
        names = join_list(self.slugs[int(each)] for each in ids.split(","))
        if len(self.known) < COMBINATIONS_KEPT:
            self.known[ids] = names
        return names


COMBINATIONS_KEPT = 4096
"""Distinct id lists ``TechniqueNames`` remembers; beyond that, each is worked out again."""


def _technique_ids() -> ColumnElement[str]:
    """A session's technique ids, comma-joined by the database (``group_concat`` on SQLite,
    ``string_agg`` on PostgreSQL): no second query, no per-link row in Python. Their order
    is the database's, so ``TechniqueNames`` sorts the slugs."""
    link = session_techniques.c
    return (
        select(func.aggregate_strings(cast(link.technique_id, String()), ","))
        .where(link.session_id == CareSession.id)
        .scalar_subquery()
    )


def session_rows(
    user: User, start: date | None, end: date | None, chunk: int = CHUNK_ROWS
) -> Iterator[list[Any]]:
    """Every session in the range, oldest first, techniques sorted and ;-joined."""
    zone = ZoneInfo(user.timezone)
    # One clock per kind of instant, so that each sees its instants in near time order and
    # stays in its last span: the start times, and when each row was written.
    local, written = LocalClock(zone).text, LocalClock(zone).text
    names = TechniqueNames()
    techniques, known = names.text, names.known
    stmt = (
        select(
            CareSession.id,
            _uuid_text(CareSession.client_id),
            _date_text(CareSession.local_date),
            _utc_naive(CareSession.started_at),
            CareSession.duration_s,
            CareSession.foot,
            _technique_ids(),
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
    plain = PLAIN_LEADS  # neutralise's own short cut, without a call for most texts
    for part in _streamed(stmt):
        for (
            id_,
            client_id,
            local_date,
            started_at,
            duration_s,
            foot,
            technique_ids,
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
                local_date,
                local(started_at),
                duration_s,
                foot,
                known.get(technique_ids) or techniques(technique_ids),
                pressure,
                "" if discomfort is None else discomfort,
                tool if tool and plain.get(tool[0]) else neutralise(tool),
                notes if notes and plain.get(notes[0]) else neutralise(notes),
                (created := written(created_at)),
                created if updated_at == created_at else written(updated_at),
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
            _date_text(Checkin.date),
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
                day,
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
