"""Share links: issuing, finding by token, and telling live links from dead ones.

A link's token is 256 random bits (``secrets.token_urlsafe(32)``) handed out
once; the database keeps only its SHA-256, so a leaked backup opens nothing.
A token is found by its hash (an index lookup on a value an attacker cannot
choose) and the stored hash is compared in constant time as well, so neither
the query nor the comparison leaks how close a guess came.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tracker.auth.service import hash_token
from tracker.common.ownership import get_owned
from tracker.extensions import db
from tracker.models import ShareLink, User
from tracker.timeutil import local_date_of

TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``token_urlsafe(32)`` produces: anything else is not worth a database query."""

PREFIX_CHARS = 6
"""Enough for the owner to tell links apart; 36 of 256 bits, which leaves 220 secret."""

DEFAULT_DAYS = 30
MAX_DAYS = 365
TOUCH_EVERY = timedelta(minutes=5)
"""``last_used_at`` is coarse, so a physiotherapist's page loads do not each become a write."""

ACTIVE, EXPIRED, REVOKED = "active", "expired", "revoked"
STATUSES = (ACTIVE, EXPIRED, REVOKED)


def now_utc() -> datetime:
    return datetime.now(UTC)


def issue_link(user: User, label: str, days: int) -> tuple[ShareLink, str]:
    """Returns the row and the only copy of the token the server will ever hold."""
    token = _new_token()
    link = ShareLink(
        user_id=user.id,
        label=label,
        token_hash=hash_token(token),
        prefix=token[:PREFIX_CHARS],
        created_at=now_utc(),
        expires_at=now_utc() + timedelta(days=days),
    )
    db.session.add(link)
    db.session.commit()
    return link, token


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def link_status(link: ShareLink, now: datetime | None = None) -> str:
    """Revoked wins over expired: the owner's deliberate act is what the refusal names."""
    if link.revoked_at is not None:
        return REVOKED
    if link.expires_at <= (now or now_utc()):
        return EXPIRED
    return ACTIVE


def find_link(token: str) -> ShareLink | None:
    """The link a token opens, whatever its status; None for a token no link has."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    wanted = hash_token(token)
    link = db.session.scalar(select(ShareLink).where(ShareLink.token_hash == wanted))
    if link is None or not hmac.compare_digest(link.token_hash, wanted):
        return None
    return link


class LinkUnavailable(Exception):
    """Why a token opens nothing: no such link (``status`` None), or one that expired or
    was revoked on ``day`` (in the owner's calendar, the one their diary is kept in)."""

    def __init__(self, status: str | None = None, day: date | None = None) -> None:
        super().__init__(status or "unknown")
        self.status = status
        self.day = day


def open_link(token: str) -> tuple[ShareLink, User]:
    """The live link a token opens and its owner, its use recorded (``touch``); raises
    ``LinkUnavailable`` for a token that opens nothing, and records nothing then."""
    link = find_link(token)
    if link is None:
        raise LinkUnavailable()
    owner = db.session.get(User, link.user_id)
    assert owner is not None  # the foreign key cascades: no link outlives its owner
    status = link_status(link)
    if status != ACTIVE:
        when = link.expires_at if status == EXPIRED else link.revoked_at
        assert when is not None
        raise LinkUnavailable(status, local_date_of(when, owner.timezone))
    touch(link)
    return link, owner


def touch(link: ShareLink) -> None:
    """The one write a visit makes: when the link was last used, to the nearest few
    minutes (what the owner's page shows)."""
    now = now_utc()
    if link.last_used_at is None or now - link.last_used_at > TOUCH_EVERY:
        link.last_used_at = now
        db.session.commit()


def owned_links(user: User) -> list[ShareLink]:
    """Newest first: the link just made is the one the person is looking for."""
    return list(
        db.session.scalars(
            select(ShareLink)
            .where(ShareLink.user_id == user.id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def revoke_link(user: User, link_id: int) -> None:
    """Idempotent: revoking twice keeps the first moment, which is when access ended."""
    link = get_owned(ShareLink, user.id, link_id, "share link")
    if link.revoked_at is None:
        link.revoked_at = now_utc()
        db.session.commit()
