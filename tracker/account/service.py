"""Changing settings; a plan change is recorded, never written over the past."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update

from tracker.auth.passwords import password_problem
from tracker.auth.service import hash_password, issue_token, rotate_session_token, verify_password
from tracker.common.errors import invalid
from tracker.common.ownership import get_owned
from tracker.extensions import db
from tracker.models import ApiToken, Plan, ShareLink, User
from tracker.timeutil import local_today


def update_account(user: User, changes: dict[str, Any]) -> None:
    """Every change or none: a refused plan leaves the timezone sent with it unsaved too."""
    if "timezone" in changes:
        user.timezone = changes["timezone"]
    if "feet" in changes:
        user.feet = changes["feet"]
    for key in (
        "global_change_weekday",
        "morning_reminder",
        "evening_reminder",
        "morning_push",
        "evening_push",
        "language",
    ):
        if key in changes:
            setattr(user, key, changes[key])
    if "plan" in changes:
        change_plan(user, changes["plan"])
    db.session.commit()


def change_plan(user: User, changes: dict[str, Any]) -> Plan:
    """The new plan holds from today (local); a second change today replaces today's."""
    current = user.plan
    values = {
        "sessions_per_day": changes.get("sessions_per_day", current.sessions_per_day),
        "minutes_min": changes.get("minutes_min", current.minutes_min),
        "minutes_max": changes.get("minutes_max", current.minutes_max),
    }
    if values["minutes_min"] > values["minutes_max"]:
        raise invalid("plan", "minutes_max must be at least minutes_min.")
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


def delete_account(user: User, password: str) -> None:
    """One DELETE of the users row: every table's ON DELETE CASCADE takes the rest with it.

    The database, not a list in Python, decides what belongs to the person, so a
    table added later cannot be forgotten here (its foreign key must cascade).
    One commit, so a failure leaves everything as it was.

    The password is asked for even with a bearer token: a leaked token must not be
    enough to erase someone's diary.
    """
    if not verify_password(user, password):
        raise invalid("password", "The password is wrong. Nothing was deleted.")
    user_id = user.id
    db.session.expunge_all()  # no loaded row may be flushed back after the cascade
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()


@dataclass(frozen=True)
class PasswordChanged:
    revoked_tokens: int
    revoked_share_links: int
    signed_out_elsewhere: bool = True


def change_password(
    user: User, current_password: str, new_password: str, revoke_tokens: bool
) -> PasswordChanged:
    """New hash and a new session id, so every other signed-in browser is signed out.

    With ``revoke_tokens``, nothing the old password may have handed out survives either:
    every API token is deleted and every live share link revoked (kept, marked revoked,
    so the list still shows who had one)."""
    if not verify_password(user, current_password):
        raise invalid("current_password", "The current password is wrong. Nothing changed.")
    problem = password_problem(new_password)
    if problem:
        raise invalid("new_password", problem)
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
    db.session.commit()
    return PasswordChanged(revoked_tokens=int(tokens or 0), revoked_share_links=int(links or 0))


def owned_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    )


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """The stored token and its secret, which is handed out once and never stored."""
    token, secret = issue_token(user, name)
    db.session.commit()
    return token, secret


def delete_token(user: User, token_id: int) -> None:
    """Revoked at once: the next request that sends it is a 401."""
    db.session.delete(get_owned(ApiToken, user.id, token_id, "token"))
    db.session.commit()
