"""Writing care sessions; each is dated in the person's local calendar when it is saved."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Integer, Select, Subquery, bindparam, cast, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from tracker.common.dates import FIRST_RECORD_DAY
from tracker.common.errors import invalid
from tracker.common.idempotency import find_by_client_id
from tracker.common.ownership import get_owned, within_dates
from tracker.common.paging import owned_list
from tracker.extensions import db
from tracker.models import (
    LINK_TRIGGER,
    TRIGGER_MISSING,
    CareSession,
    Technique,
    User,
    session_techniques,
)
from tracker.timeutil import local_date_of

CLOCK_SKEW = timedelta(minutes=5)
FIRST_MOMENT = datetime.combine(FIRST_RECORD_DAY, time(), UTC)
_CATALOG_KEY = "firststep.technique_rows"


def _catalog_rows() -> dict[str, dict[str, Any]]:
    """The catalog's rows, read once per app: every session write names techniques, and
    reading them back each time was a tenth of a PostgreSQL write. The table only changes
    by migration, which restarts the app."""
    rows: dict[str, dict[str, Any]] | None = current_app.extensions.get(_CATALOG_KEY)
    if rows is None:
        table = Technique.__table__
        rows = {r["slug"]: dict(r) for r in db.session.execute(select(table)).mappings()}
        current_app.extensions[_CATALOG_KEY] = rows
    return rows


def _techniques(slugs: list[str]) -> list[Technique]:
    catalog = _catalog_rows()
    wanted = sorted(set(slugs))  # the relationship's own order, so a write answers as a read
    missing = [slug for slug in wanted if slug not in catalog]
    if missing:
        raise invalid("techniques", f"Not in the catalog: {', '.join(missing)}.")
    found = []
    for slug in wanted:
        known = Technique(**catalog[slug])
        make_transient_to_detached(known)
        found.append(db.session.merge(known, load=False))  # in this session, with no SELECT
    return found


def check_started_at(started_at: datetime) -> None:
    if started_at > datetime.now(UTC) + CLOCK_SKEW:
        raise invalid("started_at", "Cannot be in the future.")
    if started_at < FIRST_MOMENT:
        raise invalid("started_at", f"Must be on or after {FIRST_RECORD_DAY.isoformat()}.")


def _apply(user: User, session: CareSession, data: dict[str, Any]) -> None:
    if "techniques" in data:
        session.techniques = _techniques(data.pop("techniques"))
    if "started_at" in data:
        check_started_at(data["started_at"])
        data["started_at"] = data["started_at"].astimezone(UTC)  # as stored, and answered
        session.local_date = local_date_of(data["started_at"], user.timezone)
    data.pop("client_id", None)
    for key, value in data.items():
        setattr(session, key, value)


_LINK = insert(session_techniques).from_select(
    ["session_id", "technique_id"],
    select(cast(bindparam("session_id"), Integer), Technique.id).where(
        Technique.id.in_(bindparam("technique_ids", expanding=True))
    ),
)
"""A new session's techniques in one statement of one shape, compiled once: the ORM writes a
many-to-many as an executemany (a pipeline and a sync of its own on PostgreSQL), and a
multi-row VALUES is compiled again for every request."""


def _link(session: CareSession, techniques: list[Technique]) -> None:
    if techniques:  # on the connection: no ORM execution between the two inserts
        db.session.connection().execute(
            _LINK, {"session_id": session.id, "technique_ids": [t.id for t in techniques]}
        )


class _NoLinkTrigger(Exception):
    """The session's INSERT found no ``LINK_TRIGGER``; its transaction is rolled back."""


def _write(user: User, data: dict[str, Any], by_trigger: bool) -> tuple[CareSession, bool]:
    user_id, client_id = user.id, data.get("client_id")
    data = dict(data)
    techniques = _techniques(data.pop("techniques", []))
    session = CareSession(user_id=user_id, client_id=client_id)
    _apply(user, session, data)
    if by_trigger and techniques:
        session.pending_technique_ids = json.dumps(
            sorted(t.id for t in techniques), separators=(",", ":")
        )
    db.session.add(session)
    try:
        try:
            db.session.flush()
        except OperationalError as error:
            if by_trigger and TRIGGER_MISSING in str(error.orig):
                db.session.rollback()
                raise _NoLinkTrigger from error
            raise
        if not by_trigger:
            _link(session, techniques)
        set_committed_value(session, "techniques", techniques)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        stored = find_by_client_id(CareSession, user_id, client_id)
        if stored is None:
            raise
        return stored, False
    if by_trigger and techniques:
        set_committed_value(session, "pending_technique_ids", None)  # as the trigger left it
    return session, True


def create_session(user: User, data: dict[str, Any]) -> tuple[CareSession, bool]:
    """Returns the session and whether it is new (False: a retry of a stored one).

    Insert first: a retry is rare, and the unique client_id says so at no cost to the
    common case, where looking first was one more round trip on every write. Everything
    is prepared before the INSERT, so the write holds SQLite's lock for that statement and
    the COMMIT alone: on SQLite the techniques ride in the INSERT (models.py, ``PendingIds``) and
    its trigger writes them; PostgreSQL, which has no single write lock, links them with
    a second statement. PATCH keeps the ORM's own path."""
    if db.session.get_bind().dialect.name != "sqlite":
        return _write(user, data, by_trigger=False)
    try:
        return _write(user, data, by_trigger=True)
    except _NoLinkTrigger:
        current_app.logger.error(
            "%s is missing (migration 0011): sessions are linked by a second statement",
            LINK_TRIGGER,
        )
        return _write(user, data, by_trigger=False)


def update_session(user: User, session: CareSession, changes: dict[str, Any]) -> CareSession:
    _apply(user, session, dict(changes))
    db.session.commit()
    return session


def get_own_session(user: User, session_id: int) -> CareSession:
    return get_owned(CareSession, user.id, session_id, "session")


def delete_session(user: User, session_id: int) -> None:
    db.session.delete(get_own_session(user, session_id))
    db.session.commit()


def sessions_query(user: User, start: date | None, end: date | None) -> Select[CareSession]:
    stmt = select(CareSession).where(CareSession.user_id == user.id)
    stmt = within_dates(stmt, CareSession.local_date, start, end)
    return stmt.order_by(CareSession.started_at.desc(), CareSession.id.desc())


def session_rows(
    user: User, start: date | None, end: date | None
) -> tuple[Select[Any], dict[str, Any]]:
    """``sessions_query`` for the list: one statement, built once per filter."""
    return owned_list(
        CareSession.__table__,
        user.id,
        start,
        end,
        from_column="local_date",
        to_column="local_date",
        order=("started_at", "id"),
    )


def with_technique_slugs(page: Subquery) -> Select[Any]:
    """A page of ``session_rows`` with each session's technique slugs, comma-joined, in
    the same statement: for the page's rows only, newest first as the page is."""
    slugs = (
        select(func.aggregate_strings(Technique.slug, ","))
        .select_from(session_techniques.join(Technique))
        .where(session_techniques.c.session_id == page.c.id)
        .scalar_subquery()
    )
    return select(page, slugs.label("technique_slugs")).order_by(
        page.c.started_at.desc(), page.c.id.desc()
    )


def slug_list(joined: str | None) -> list[str]:
    """``with_technique_slugs``' text as the ORM's list, in its order (by slug): sorted
    here because SQLite before 3.44 cannot order inside an aggregate. The catalog's slugs
    differ before any hyphen, so every collation sorts them as Python does."""
    return sorted(joined.split(",")) if joined else []
