"""Writing care sessions; each is dated in the person's local calendar when it is saved."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from tracker.common.errors import field_error
from tracker.common.idempotency import find_by_client_id
from tracker.common.ownership import get_owned, within_dates
from tracker.extensions import db
from tracker.models import CareSession, Technique, User
from tracker.timeutil import local_date_of

CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def _techniques(slugs: list[str]) -> list[Technique]:
    wanted = set(slugs)
    found = list(
        db.session.scalars(
            # The relationship's own order, so the answer to a write matches a later read.
            select(Technique).where(Technique.slug.in_(wanted)).order_by(Technique.slug)
        )
    )
    if len(found) != len(wanted):
        missing = sorted(wanted - {t.slug for t in found})
        field_error("techniques", f"Not in the catalog: {', '.join(missing)}.")
    return found


def check_started_at(started_at: datetime) -> None:
    if started_at > datetime.now(UTC) + CLOCK_SKEW:
        field_error("started_at", "Cannot be in the future.")
    if started_at < EARLIEST:
        field_error("started_at", "Must be on or after 2000-01-01.")


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


def create_session(user: User, data: dict[str, Any]) -> tuple[CareSession, bool]:
    """Returns the session and whether it is new (False: a retry of a stored one)."""
    stored = find_by_client_id(CareSession, user.id, data.get("client_id"))
    if stored is not None:
        return stored, False
    session = CareSession(user_id=user.id, client_id=data.get("client_id"))
    _apply(user, session, dict(data))
    db.session.add(session)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        stored = find_by_client_id(CareSession, user.id, data.get("client_id"))
        if stored is None:
            raise
        return stored, False
    return session, True


def update_session(user: User, session: CareSession, changes: dict[str, Any]) -> CareSession:
    _apply(user, session, dict(changes))
    db.session.commit()
    return session


def get_own_session(user: User, session_id: int) -> CareSession:
    return get_owned(CareSession, user.id, session_id, "session")


def sessions_query(user: User, start: date | None, end: date | None) -> Select[tuple[CareSession]]:
    stmt = select(CareSession).where(CareSession.user_id == user.id)
    stmt = within_dates(stmt, CareSession.local_date, start, end)
    return stmt.order_by(CareSession.started_at.desc(), CareSession.id.desc())
