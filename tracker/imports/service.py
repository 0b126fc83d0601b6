"""One import: read the files, check every line, then write all of it or none of it.

Nothing is written until every line of every file has passed, and then in one
commit: a person fixing a report never has to wonder which half went in.

Duplicates, so that importing a file twice is harmless:
- a row whose ``client_id`` the person already has is skipped ("already there");
- a session row without a ``client_id`` gets one made from its content (uuid5),
  and is also skipped when an existing session has exactly its content;
- a check-in for a date that already has one is skipped when every value is
  the same, and is a conflict line otherwise (one check-in per morning).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from flask_smorest import abort
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.imports.reader import FileProblem, decode, records
from tracker.imports.rows import (
    CHECKINS,
    KINDS,
    SESSIONS,
    Kind,
    Problem,
    Row,
    checked_rows,
    layout_of,
    session_fingerprint,
)
from tracker.models import CareSession, Checkin, Technique, User, session_techniques


@dataclass
class FileCounts:
    rows: int = 0
    created: int = 0
    skipped_existing: int = 0


@dataclass(frozen=True)
class LineProblem:
    file: str
    line: int | None
    column: str | None
    reason: str


@dataclass
class Outcome:
    files: dict[str, FileCounts] = field(default_factory=dict)
    problems: list[LineProblem] = field(default_factory=list)

    def add(self, key: str, problems: list[Problem]) -> None:
        self.problems += [LineProblem(key, p.line, p.column, p.reason) for p in problems]


def import_files(user: User, uploads: dict[str, bytes]) -> Outcome:
    """``uploads`` maps "sessions"/"checkins" to the bytes of each file sent."""
    outcome = Outcome()
    fresh: dict[str, list[Row]] = {}
    for key in (CHECKINS.key, SESSIONS.key):
        if key not in uploads:
            continue
        kind = KINDS[key]
        counts = outcome.files[key] = FileCounts()
        rows, problems, counts.rows = _read(kind, user, uploads[key])
        outcome.add(key, problems)
        sort = _sort_checkins if kind is CHECKINS else _sort_sessions
        fresh[key], counts.skipped_existing, problems = sort(user, rows)
        outcome.add(key, problems)
    if outcome.problems:
        outcome.problems.sort(key=lambda p: (p.file, p.line or 0))
        return outcome
    _write(user, fresh.get(CHECKINS.key, []), fresh.get(SESSIONS.key, []))
    for key, rows in fresh.items():
        outcome.files[key].created = len(rows)
    return outcome


def _read(kind: Kind, user: User, data: bytes) -> tuple[list[Row], list[Problem], int]:
    try:
        lines = records(decode(data))
        first = next(lines, None)
        if first is None:
            raise FileProblem("The file is empty: it needs a header row naming its columns.")
        layout, problems = layout_of(kind, first[1])
        if problems:
            return [], problems, 0
        return checked_rows(kind, user, lines, layout)
    except FileProblem as problem:
        return [], [Problem(problem.line, None, problem.reason)], 0


def _sort_checkins(user: User, rows: list[Row]) -> tuple[list[Row], int, list[Problem]]:
    """New rows, the number already there, and the conflicts."""
    stored = list(db.session.scalars(select(Checkin).where(Checkin.user_id == user.id)))
    known_ids = {c.client_id for c in stored if c.client_id is not None}
    by_date = {c.date: _checkin_values(c) for c in stored}
    new: list[Row] = []
    by_id: dict[uuid.UUID, Row] = {}
    in_file: dict[date, Row] = {}
    skipped, problems = 0, []
    for row in rows:
        day = row.values["date"]
        earlier = by_id.get(row.client_id) if row.client_id else None
        if row.client_id in known_ids or (earlier and earlier.same_as(row)):
            skipped += 1
        elif earlier:
            problems.append(_repeat(row, earlier, "client_id"))
        elif day in by_date:
            if by_date[day] == row.values:
                skipped += 1
            else:
                reason = (
                    f"You already have a check-in for {day.isoformat()} with other values. "
                    "Edit or delete it in the app, or remove this line."
                )
                problems.append(Problem(row.line, None, reason))
        elif day in in_file:
            if in_file[day].same_as(row):
                skipped += 1
            else:
                problems.append(_repeat(row, in_file[day], "date"))
        else:
            new.append(row)
            in_file[day] = row
            if row.client_id:
                by_id[row.client_id] = row
    return new, skipped, problems


def _checkin_values(checkin: Checkin) -> dict[str, object]:
    return {
        "date": checkin.date,
        "pain_left": checkin.pain_left,
        "pain_right": checkin.pain_right,
        "stiffness": checkin.stiffness,
        "warning_signs": sorted(set(checkin.warning_signs or [])),
        "global_change": checkin.global_change,
        "notes": checkin.notes or "",
    }


def _sort_sessions(user: User, rows: list[Row]) -> tuple[list[Row], int, list[Problem]]:
    known_ids = set(
        db.session.scalars(
            select(CareSession.client_id).where(
                CareSession.user_id == user.id, CareSession.client_id.is_not(None)
            )
        )
    )
    # Sessions logged without a client_id can only be recognised by their content.
    anonymous = {
        session_fingerprint(_session_values(s))
        for s in db.session.scalars(
            select(CareSession).where(
                CareSession.user_id == user.id, CareSession.client_id.is_(None)
            )
        )
    }
    new: list[Row] = []
    by_id: dict[uuid.UUID, Row] = {}
    skipped, problems = 0, []
    for row in rows:
        assert row.client_id is not None
        earlier = by_id.get(row.client_id)
        if earlier and not earlier.same_as(row):
            problems.append(_repeat(row, earlier, "client_id"))
        elif earlier or row.client_id in known_ids or session_fingerprint(row.values) in anonymous:
            skipped += 1
        else:
            new.append(row)
            by_id[row.client_id] = row
    return new, skipped, problems


def _session_values(session: CareSession) -> dict[str, object]:
    return {
        "started_at": session.started_at,
        "duration_s": session.duration_s,
        "foot": session.foot,
        "techniques": session.technique_slugs,
        "pressure": session.pressure,
        "discomfort": session.discomfort,
        "tool": session.tool,
        "notes": session.notes,
    }


def _repeat(row: Row, earlier: Row, what: str) -> Problem:
    return Problem(row.line, what, f"Has the same {what} as line {earlier.line} but other values.")


def _write(user: User, checkins: list[Row], sessions: list[Row]) -> None:
    try:
        _insert(user, checkins, sessions)
        db.session.commit()
    except IntegrityError:  # a check-in or a retry written by another request meanwhile
        db.session.rollback()
        abort(
            409,
            message="Your diary changed while the import ran; nothing was imported. "
            "Import the files again.",
        )


def _insert(user: User, checkins: list[Row], sessions: list[Row]) -> None:
    """Bulk inserts in the request's transaction: row-by-row ORM adds took seconds for
    a few thousand rows, the bulk form a fraction of that."""
    if checkins:
        db.session.execute(
            insert(Checkin),
            [{"user_id": user.id, "client_id": row.client_id, **row.values} for row in checkins],
        )
    if sessions:
        technique_ids = {
            slug: id_ for slug, id_ in db.session.execute(select(Technique.slug, Technique.id))
        }
        ids = db.session.scalars(
            insert(CareSession).returning(CareSession.id, sort_by_parameter_order=True),
            [
                {"user_id": user.id, "client_id": row.client_id, **_without_techniques(row)}
                for row in sessions
            ],
        ).all()
        links = [
            {"session_id": session_id, "technique_id": technique_ids[slug]}
            for session_id, row in zip(ids, sessions, strict=True)
            for slug in row.values["techniques"]
        ]
        db.session.execute(insert(session_techniques), links)


def _without_techniques(row: Row) -> dict[str, object]:
    return {key: value for key, value in row.values.items() if key != "techniques"}
