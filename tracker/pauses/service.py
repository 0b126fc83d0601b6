"""Pausing the routine: no two pauses overlap, and every pause belongs to one person."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, select

from tracker.catalog import PAUSE_REASON_LABELS
from tracker.common.errors import conflict, invalid
from tracker.common.ownership import get_owned, lock_person
from tracker.common.paging import owned_list
from tracker.extensions import db
from tracker.models import Pause, User
from tracker.pauses.schemas import MAX_PAUSE_DAYS
from tracker.timeutil import local_today


def _overlapping(user: User, start: date, end: date, ignore: int | None) -> Pause | None:
    stmt = select(Pause).where(
        Pause.user_id == user.id, Pause.start_date <= end, Pause.end_date >= start
    )
    if ignore is not None:
        stmt = stmt.where(Pause.id != ignore)
    return db.session.scalars(stmt.order_by(Pause.start_date).limit(1)).first()


def _refuse_overlap(user: User, start: date, end: date, ignore: int | None = None) -> None:
    other = _overlapping(user, start, end, ignore)
    if other is not None:
        raise conflict(
            f"These dates overlap your {PAUSE_REASON_LABELS[other.reason].lower()} "
            f"pause from {other.start_date.isoformat()} to {other.end_date.isoformat()}. "
            f"Edit that pause instead (PATCH /api/v1/pauses/{other.id})."
        )


def _check_span(start: date, end: date) -> None:
    if end < start:
        raise invalid("end_date", "Must be on or after start_date.")
    if (end - start).days + 1 > MAX_PAUSE_DAYS:
        raise invalid("end_date", f"A pause can last at most {MAX_PAUSE_DAYS} days.")


def create_pause(user: User, data: dict[str, Any]) -> Pause:
    start = data.get("start_date") or local_today(user.timezone)
    end = data["end_date"]
    _check_span(start, end)
    lock_person(user.id)
    _refuse_overlap(user, start, end)
    pause = Pause(
        user_id=user.id,
        start_date=start,
        end_date=end,
        reason=data["reason"],
        note=data.get("note", ""),
    )
    db.session.add(pause)
    db.session.commit()
    return pause


def update_pause(user: User, pause: Pause, changes: dict[str, Any]) -> Pause:
    start = changes.get("start_date", pause.start_date)
    end = changes.get("end_date", pause.end_date)
    _check_span(start, end)
    lock_person(user.id)
    _refuse_overlap(user, start, end, ignore=pause.id)
    for key, value in changes.items():
        setattr(pause, key, value)
    db.session.commit()
    return pause


def end_pause(user: User, pause: Pause, last_day: date | None) -> Pause:
    """Resume early: by default yesterday was the last paused day, today counts again."""
    today = local_today(user.timezone)
    last_day = last_day if last_day is not None else today - timedelta(days=1)
    if last_day >= pause.end_date:
        raise invalid("end_date", f"The pause already ends on {pause.end_date.isoformat()}.")
    if last_day < pause.start_date:
        raise invalid(
            "end_date",
            f"The pause starts on {pause.start_date.isoformat()}; to cancel it, delete it.",
        )
    pause.end_date = last_day
    db.session.commit()
    return pause


def get_own_pause(user: User, pause_id: int) -> Pause:
    return get_owned(Pause, user.id, pause_id, "pause")


def delete_pause(user: User, pause_id: int) -> None:
    """Its days count as planned days again."""
    db.session.delete(get_own_pause(user, pause_id))
    db.session.commit()


def pauses_query(user: User, start: date | None = None, end: date | None = None) -> Select[Pause]:
    """The person's pauses, latest first; those overlapping ``start``..``end`` if given."""
    stmt = select(Pause).where(Pause.user_id == user.id).order_by(Pause.start_date.desc())
    if start is not None:
        stmt = stmt.where(Pause.end_date >= start)
    if end is not None:
        stmt = stmt.where(Pause.start_date <= end)
    return stmt


def pause_rows(
    user: User, start: date | None, end: date | None
) -> tuple[Select[Any], dict[str, Any]]:
    """``pauses_query`` for the list: one statement, built once per filter."""
    return owned_list(
        Pause.__table__,
        user.id,
        start,
        end,
        from_column="end_date",
        to_column="start_date",
        order=("start_date",),
    )


def pause_on(user: User, day: date) -> Pause | None:
    """The pause covering ``day``, if any (at most one: pauses never overlap)."""
    return db.session.scalars(
        select(Pause).where(
            Pause.user_id == user.id, Pause.start_date <= day, Pause.end_date >= day
        )
    ).first()


def upcoming_pauses(user: User, today: date) -> list[Pause]:
    return list(
        db.session.scalars(
            select(Pause)
            .where(Pause.user_id == user.id, Pause.end_date >= today)
            .order_by(Pause.start_date)
        )
    )
