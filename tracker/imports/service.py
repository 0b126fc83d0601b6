"""One import: read the files, check every line, then write all of it or none of it.

Nothing is written until every line of every file has passed, and then in one
commit: a person fixing a report never has to wonder which half went in.

Duplicates, so that importing a file twice is harmless:
- a row whose ``client_id`` the person already has is skipped ("already there");
- a session row without a ``client_id`` gets one made from its content (uuid5),
  and is also skipped when an existing session has exactly its content;
- a check-in for a date that already has one is skipped when every value is
  the same, and is a conflict line otherwise (one check-in per morning);
- a pause with the same first day, last day and reason as one the person has
  is skipped; one that overlaps another pause, stored or earlier in the file,
  is a conflict line naming that pause's dates (pauses never overlap);
- a plan for a day the person already has a plan from is skipped when its
  values are the same, and is a conflict line otherwise; a plan for any other
  day joins the history (each plan holds from its day until the next).

The plan an account starts with is the one exception. Days before the first
plan borrow it, so an imported older history would otherwise end in that
sign-up plan, "changed" on the sign-up day. While it is still the account's only
plan and nothing is logged on or after its day (no number was ever measured
against it), an imported plan on or before its day replaces it.
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, exists, insert, or_, select
from sqlalchemy.exc import IntegrityError

from tracker.common.errors import conflict
from tracker.common.ownership import lock_person
from tracker.extensions import db
from tracker.i18n.text import gettext as _
from tracker.imports.reader import FileProblem, decode, records
from tracker.imports.rows import (
    CHECKINS,
    KINDS,
    PAUSES,
    PLANS,
    SESSIONS,
    Kind,
    Problem,
    Row,
    checked_rows,
    daily_notes,
    layout_of,
    session_fingerprint,
)
from tracker.models import (
    CareSession,
    Checkin,
    Pause,
    Plan,
    Technique,
    User,
    session_techniques,
)


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


@dataclass(frozen=True)
class FileNote:
    file: str
    text: str


@dataclass
class Outcome:
    files: dict[str, FileCounts] = field(default_factory=dict)
    problems: list[LineProblem] = field(default_factory=list)
    replaced_plan: int | None = None
    """The id of the sign-up plan an imported history replaces, if it does."""
    notes: list[FileNote] = field(default_factory=list)
    """What was read but left out on purpose (a daily file's computed columns)."""

    def add(self, key: str, problems: list[Problem]) -> None:
        self.problems += [LineProblem(key, p.line, p.column, p.reason) for p in problems]


def import_files(user: User, uploads: dict[str, bytes]) -> Outcome:
    """``uploads`` maps "sessions"/"checkins"/"pauses"/"plans" to the bytes of each file."""
    outcome = Outcome()
    fresh: dict[str, list[Row]] = {}
    sorters = {
        CHECKINS: _sort_checkins,
        SESSIONS: _sort_sessions,
        PAUSES: _sort_pauses,
        PLANS: lambda user, rows: _sort_plans(user, rows, outcome.replaced_plan),
    }
    for key in (CHECKINS.key, SESSIONS.key, PAUSES.key, PLANS.key):
        if key not in uploads:
            continue
        kind = KINDS[key]
        counts = outcome.files[key] = FileCounts()
        rows, problems, counts.rows, notes = _read(kind, user, uploads[key])
        outcome.add(key, problems)
        outcome.notes += [FileNote(key, text) for text in notes]
        if kind in (PAUSES, PLANS):
            lock_person(user.id)  # until the commit: what is checked here stays so
        if kind is PLANS:
            outcome.replaced_plan = _replaced_plan(user, rows)
        fresh[key], counts.skipped_existing, problems = sorters[kind](user, rows)
        outcome.add(key, problems)
    if outcome.problems:
        outcome.problems.sort(key=lambda p: (p.file, p.line or 0))
        return outcome
    _write(
        user,
        fresh.get(CHECKINS.key, []),
        fresh.get(SESSIONS.key, []),
        fresh.get(PAUSES.key, []),
        fresh.get(PLANS.key, []),
        outcome.replaced_plan,
    )
    for key, rows in fresh.items():
        outcome.files[key].created = len(rows)
    return outcome


def _read(kind: Kind, user: User, data: bytes) -> tuple[list[Row], list[Problem], int, list[str]]:
    try:
        lines = records(decode(data))
        first = next(lines, None)
        if first is None:
            raise FileProblem(_("The file is empty: it needs a header row naming its columns."))
        layout, problems = layout_of(kind, first[1])
        if problems:
            return [], problems, 0, []
        rows, problems, count = checked_rows(kind, user, lines, layout)
        return rows, problems, count, daily_notes(layout)
    except FileProblem as problem:
        return [], [Problem(problem.line, None, problem.reason)], 0, []


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


class _Calendar:
    """Pauses that never overlap, sorted by first day: the one that could overlap a new range
    is the last to start on or before its end, found by bisection (a 20,000-line file is
    checked in milliseconds, not by comparing every pair)."""

    def __init__(self) -> None:
        self.starts: list[date] = []
        self.spans: list[tuple[date, date, int | None]] = []

    def add(self, start: date, end: date, line: int | None) -> None:
        index = bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.spans.insert(index, (start, end, line))

    def clash(self, start: date, end: date) -> tuple[date, date, int | None] | None:
        index = bisect_right(self.starts, end) - 1
        if index >= 0 and self.spans[index][1] >= start:
            return self.spans[index]
        return None


def _sort_pauses(user: User, rows: list[Row]) -> tuple[list[Row], int, list[Problem]]:
    """Identical means same days and reason (a note edited since is still that pause);
    any other overlap would give one day two pauses, which the API never allows."""
    stored, in_file = _Calendar(), _Calendar()
    known: set[tuple[date, date, str]] = set()
    for first, last, reason in db.session.execute(
        select(Pause.start_date, Pause.end_date, Pause.reason).where(Pause.user_id == user.id)
    ):
        stored.add(first, last, None)
        known.add((first, last, reason))
    new: list[Row] = []
    skipped, problems = 0, []
    for row in rows:
        start, end = row.values["start_date"], row.values["end_date"]
        key = (start, end, row.values["reason"])
        if key in known:
            skipped += 1
        elif clash := stored.clash(start, end):
            reason = (
                f"Overlaps your pause from {clash[0].isoformat()} to {clash[1].isoformat()}. "
                "Edit or delete that pause in the app, or change this line."
            )
            problems.append(Problem(row.line, None, reason))
        elif clash := in_file.clash(start, end):
            reason = (
                f"Overlaps the pause from {clash[0].isoformat()} to {clash[1].isoformat()} "
                f"on line {clash[2]}; pauses cannot overlap."
            )
            problems.append(Problem(row.line, None, reason))
        else:
            new.append(row)
            in_file.add(start, end, row.line)
            known.add(key)  # the same pause again later in the file is a repeat, not a clash
    return new, skipped, problems


def _sort_plans(
    user: User, rows: list[Row], replaced: int | None
) -> tuple[list[Row], int, list[Problem]]:
    """New plans, the number already there, and the conflicts; ``replaced`` is not kept."""
    stored = {
        plan.effective_from: plan
        for plan in db.session.scalars(select(Plan).where(Plan.user_id == user.id))
        if plan.id != replaced
    }
    new: list[Row] = []
    in_file: dict[date, Row] = {}
    skipped, problems = 0, []
    for row in rows:
        day = row.values["effective_from"]
        if day in stored:
            if _plan_values(stored[day]) == row.values:
                skipped += 1
            else:
                reason = (
                    f"You already have a plan from {day.isoformat()} with other values. "
                    "Remove this line, or change that plan in Settings on another day."
                )
                problems.append(Problem(row.line, None, reason))
        elif day in in_file:
            if in_file[day].same_as(row):
                skipped += 1
            else:
                problems.append(_repeat(row, in_file[day], "effective_from"))
        else:
            new.append(row)
            in_file[day] = row
    return new, skipped, problems


def _replaced_plan(user: User, rows: list[Row]) -> int | None:
    """The sign-up plan an imported history replaces: the account's only plan, with
    nothing logged on or after its day, when the file has a plan on or before that day."""
    plans = db.session.execute(
        select(Plan.id, Plan.effective_from).where(Plan.user_id == user.id)
    ).all()
    if len(plans) != 1:
        return None
    plan_id, day = plans[0]
    if not any(row.values["effective_from"] <= day for row in rows):
        return None
    logged = db.session.scalar(
        select(
            or_(
                exists().where(Checkin.user_id == user.id, Checkin.date >= day),
                exists().where(CareSession.user_id == user.id, CareSession.local_date >= day),
            )
        )
    )
    return None if logged else plan_id


def _plan_values(plan: Plan) -> dict[str, object]:
    return {
        "effective_from": plan.effective_from,
        "sessions_per_day": plan.sessions_per_day,
        "minutes_min": plan.minutes_min,
        "minutes_max": plan.minutes_max,
    }


def _repeat(row: Row, earlier: Row, what: str) -> Problem:
    return Problem(row.line, what, f"Has the same {what} as line {earlier.line} but other values.")


def _write(
    user: User,
    checkins: list[Row],
    sessions: list[Row],
    pauses: list[Row],
    plans: list[Row],
    replaced_plan: int | None,
) -> None:
    try:
        if replaced_plan is not None:
            db.session.execute(
                delete(Plan).where(Plan.id == replaced_plan, Plan.user_id == user.id)
            )
        if plans:
            db.session.execute(insert(Plan), [{"user_id": user.id, **row.values} for row in plans])
        _insert(user, checkins, sessions, pauses)
        db.session.commit()
    except IntegrityError:  # a check-in or a retry written by another request meanwhile
        db.session.rollback()
        raise conflict(
            "Your diary changed while the import ran; nothing was imported. Import the files again."
        ) from None


def _insert(user: User, checkins: list[Row], sessions: list[Row], pauses: list[Row]) -> None:
    """Bulk inserts in the request's transaction: row-by-row ORM adds took seconds for
    a few thousand rows, the bulk form a fraction of that. With RETURNING, SQLAlchemy sends
    a thousand rows per INSERT instead of a statement per row, so PostgreSQL's statement
    triggers (the data version, migration 0008) run a few dozen times, not 49,000."""
    if pauses:
        db.session.execute(insert(Pause), [{"user_id": user.id, **row.values} for row in pauses])
    if checkins:
        db.session.execute(
            insert(Checkin).returning(Checkin.id),  # RETURNING: batched, see _insert
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
        db.session.execute(
            insert(session_techniques).returning(session_techniques.c.session_id), links
        )


def _without_techniques(row: Row) -> dict[str, object]:
    return {key: value for key, value in row.values.items() if key != "techniques"}
