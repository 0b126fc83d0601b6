"""Changing settings; a plan change is recorded, never written over the past."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, update

from tracker.auth.passwords import password_problem
from tracker.auth.service import hash_password, rotate_session_token
from tracker.common.errors import field_error
from tracker.extensions import db
from tracker.models import ApiToken, Plan, ShareLink, User
from tracker.timeutil import local_today


def update_account(user: User, changes: dict[str, Any]) -> None:
    if "timezone" in changes:
        user.timezone = changes["timezone"]
    if "feet" in changes:
        user.feet = changes["feet"]
    for key in ("global_change_weekday", "morning_reminder", "evening_reminder"):
        if key in changes:
            setattr(user, key, changes[key])
    if "plan" in changes:
        change_plan(user, changes["plan"])


def change_plan(user: User, changes: dict[str, Any]) -> Plan:
    """The new plan holds from today (local); a second change today replaces today's."""
    current = user.plan
    values = {
        "sessions_per_day": changes.get("sessions_per_day", current.sessions_per_day),
        "minutes_min": changes.get("minutes_min", current.minutes_min),
        "minutes_max": changes.get("minutes_max", current.minutes_max),
    }
    if values["minutes_min"] > values["minutes_max"]:
        field_error("plan", "minutes_max must be at least minutes_min.")
    if all(getattr(current, key) == value for key, value in values.items()):
        return current
    today = local_today(user.timezone)
    if current.effective_from >= today:
        for key, value in values.items():
            setattr(current, key, value)
        return current
    plan = Plan(effective_from=today, **values)
    user.plans.append(plan)
    return plan


def delete_account(user: User) -> None:
    """One DELETE of the users row: every table's ON DELETE CASCADE takes the rest with it.

    The database, not a list in Python, decides what belongs to the person, so a
    table added later cannot be forgotten here (its foreign key must cascade).
    The caller commits, so a failure leaves everything as it was.
    """
    user_id = user.id
    db.session.expunge_all()  # no loaded row may be flushed back after the cascade
    db.session.execute(delete(User).where(User.id == user_id))


@dataclass(frozen=True)
class PasswordChanged:
    revoked_tokens: int
    revoked_share_links: int
    signed_out_elsewhere: bool = True


def change_password(user: User, new_password: str, revoke_tokens: bool) -> PasswordChanged:
    """New hash and a new session id, so every other signed-in browser is signed out.

    With ``revoke_tokens``, nothing the old password may have handed out survives either:
    every API token is deleted and every live share link revoked (kept, marked revoked,
    so the list still shows who had one)."""
    problem = password_problem(new_password)
    if problem:
        field_error("new_password", problem)
    user.password_hash = hash_password(new_password)
    rotate_session_token(user)
    tokens = links = 0
    if revoke_tokens:
        # A DELETE or UPDATE gives a CursorResult, typed as the wider Result: SQLAlchemy's
        # advice for reading its rowcount is this cast.
        deleted = db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
        tokens = cast("CursorResult[Any]", deleted).rowcount
        now = datetime.now(UTC)
        revoked = db.session.execute(
            update(ShareLink)
            .where(
                ShareLink.user_id == user.id,
                ShareLink.revoked_at.is_(None),
                ShareLink.expires_at > now,
            )
            .values(revoked_at=now)
        )
        links = cast("CursorResult[Any]", revoked).rowcount
    return PasswordChanged(revoked_tokens=int(tokens or 0), revoked_share_links=int(links or 0))
