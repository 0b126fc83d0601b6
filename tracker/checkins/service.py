"""Writing check-ins: one per local morning, never in the future, retries are free."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from tracker.common.dates import FIRST_RECORD_DAY
from tracker.common.errors import conflict, invalid
from tracker.common.idempotency import find_by_client_id
from tracker.common.ownership import get_owned, within_dates
from tracker.common.paging import owned_list
from tracker.extensions import db
from tracker.models import Checkin, User
from tracker.timeutil import local_today


def check_checkin_date(user: User, day: date) -> None:
    today = local_today(user.timezone)
    if day > today:
        raise invalid("date", f"Cannot be in the future (your local date is {today.isoformat()}).")
    if day < FIRST_RECORD_DAY:
        raise invalid("date", f"Must be on or after {FIRST_RECORD_DAY.isoformat()}.")


def _conflict(user_id: int, day: date) -> None:
    existing = db.session.scalar(
        select(Checkin.id).where(Checkin.user_id == user_id, Checkin.date == day)
    )
    if existing is not None:
        raise conflict(
            f"There is already a check-in for {day.isoformat()}. Edit it instead "
            f"(PATCH /api/v1/checkins/{existing})."
        )


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    if "warning_signs" in data:
        data["warning_signs"] = sorted(set(data["warning_signs"]))
    return data


def create_checkin(user: User, data: dict[str, Any]) -> tuple[Checkin, bool]:
    """Returns the check-in and whether it is new (False: a retry of a stored one).

    Insert first, and ask why only when a unique key refuses it (a retry, or a second
    check-in that morning): the common write makes no lookups."""
    user_id = user.id
    data = _normalise(dict(data))
    data.setdefault("date", local_today(user.timezone))
    check_checkin_date(user, data["date"])
    checkin = Checkin(user_id=user_id, **data)
    db.session.add(checkin)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        stored = find_by_client_id(Checkin, user_id, data.get("client_id"))
        if stored is not None:
            return stored, False
        _conflict(user_id, data["date"])
        raise
    return checkin, True


def update_checkin(user: User, checkin: Checkin, changes: dict[str, Any]) -> Checkin:
    user_id = user.id  # read now: after a failed flush the person cannot be reloaded
    changes = _normalise(dict(changes))
    changes.pop("client_id", None)
    if "date" in changes and changes["date"] != checkin.date:
        check_checkin_date(user, changes["date"])
        _conflict(user_id, changes["date"])
    left = changes.get("pain_left", checkin.pain_left)
    right = changes.get("pain_right", checkin.pain_right)
    if left is None and right is None:
        raise invalid("pain_left", "Log first-step pain for at least one foot.")
    for key, value in changes.items():
        setattr(checkin, key, value)
    try:
        db.session.commit()
    except IntegrityError:  # a racing request took that morning first
        db.session.rollback()
        _conflict(user_id, changes["date"])
        raise
    return checkin


def get_own_checkin(user: User, checkin_id: int) -> Checkin:
    return get_owned(Checkin, user.id, checkin_id, "check-in")


def delete_checkin(user: User, checkin_id: int) -> None:
    db.session.delete(get_own_checkin(user, checkin_id))
    db.session.commit()


def checkins_query(user: User, start: date | None, end: date | None) -> Select[Checkin]:
    stmt = select(Checkin).where(Checkin.user_id == user.id)
    stmt = within_dates(stmt, Checkin.date, start, end)
    return stmt.order_by(Checkin.date.desc())


def checkin_rows(
    user: User, start: date | None, end: date | None
) -> tuple[Select[Any], dict[str, Any]]:
    """``checkins_query`` for the list: one statement, built once per filter."""
    return owned_list(
        Checkin.__table__,
        user.id,
        start,
        end,
        from_column="date",
        to_column="date",
        order=("date",),
    )
