"""Who is asking: passwords, login sessions and personal API tokens.

Passwords are hashed with Argon2id. API tokens are random 256-bit strings of
which only the SHA-256 is stored; they are looked up by that hash (an index
lookup on a value an attacker cannot choose), so no timing leak reveals them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Request, current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from tracker.auth.passwords import common_passwords, normalize_password
from tracker.catalog import DEFAULT_MINUTES_MAX, DEFAULT_MINUTES_MIN, DEFAULT_SESSIONS_PER_DAY
from tracker.extensions import db, login_manager
from tracker.models import ApiToken, Plan, User, new_session_token
from tracker.timeutil import local_today

TOKEN_PREFIX = "fs_"


@dataclass(frozen=True)
class _Hashing:
    hasher: PasswordHasher
    dummy_hash: str
    """Verified against when the email has no account, so that costs one verification,
    exactly like a wrong password: made once, with the app's own cost settings."""


def _hashing() -> _Hashing:
    return current_app.extensions["firststep_hashing"]


def hash_password(password: str) -> str:
    return _hashing().hasher.hash(normalize_password(password))


def _verifies(hasher: PasswordHasher, hash_: str, password: str) -> bool:
    try:
        return hasher.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(user: User | None, password: str) -> bool:
    """Spend the same work whether or not the account exists, so timing tells nothing.

    The password is compared in NFKC form. A hash made before passwords were normalised
    may hold the raw form: that is tried second, only when the two differ (for an
    unknown email too), and a match is rehashed in NFKC form."""
    hashing = _hashing()
    normalized = normalize_password(password)
    candidates = [normalized] if normalized == password else [normalized, password]
    hash_ = hashing.dummy_hash if user is None else user.password_hash
    matched = next((c for c in candidates if _verifies(hashing.hasher, hash_, c)), None)
    if user is None or matched is None:
        return False
    if matched != normalized or hashing.hasher.check_needs_rehash(hash_):
        user.password_hash = hashing.hasher.hash(normalized)
    return True


def authenticate(email: str, password: str) -> User | None:
    """The person these credentials sign in, or None, at the same cost either way. A
    password rehashed on the way (the hashing cost changed) is saved at once."""
    user = find_user_by_email(email)
    if not verify_password(user, password):
        return None
    db.session.commit()
    return user


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(email: str, password: str, timezone: str = "UTC", feet: str = "both") -> User:
    """A new account with the default plan in force from its first local day."""
    user = User(
        email=normalize_email(email),
        password_hash=hash_password(password),
        timezone=timezone,
        feet=feet,
    )
    user.plans.append(
        Plan(
            effective_from=local_today(timezone),
            sessions_per_day=DEFAULT_SESSIONS_PER_DAY,
            minutes_min=DEFAULT_MINUTES_MIN,
            minutes_max=DEFAULT_MINUTES_MAX,
        )
    )
    db.session.add(user)
    return user


SIGNUP_REFUSED = (
    "We could not create an account with this email. If you already have an account, "
    "sign in instead; otherwise check the address."
)
"""What sign-up says for an email that has an account. It names no reason it would not
name for a mistyped address, so an anonymous caller is not told who uses FirstStep."""


def create_account(data: dict[str, Any]) -> User | None:
    """The new account, committed; None if the email is taken. Both ways cost one
    Argon2 computation, so the time taken does not tell them apart either."""
    if find_user_by_email(data["email"]) is not None:
        verify_password(None, data["password"])  # the work a new account's hash costs
        return None
    user = create_user(data["email"], data["password"], data["timezone"], data["feet"])
    try:
        db.session.commit()
    except IntegrityError:  # the same email, registered by a racing request
        db.session.rollback()
        return None
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the row and the only copy of the secret the server will ever hold."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret), prefix=secret[:8])
    db.session.add(token)
    return token, secret


def _load_user(session_token: str) -> User | None:
    """The person a session or remember-me cookie names by its random session id; an old
    id (signed out, password changed, account deleted) names nobody."""
    if not isinstance(session_token, str) or not 0 < len(session_token) <= 64:
        return None
    return db.session.scalar(select(User).where(User.session_token == session_token))


def rotate_session_token(user: User) -> None:
    """Every cookie naming the old id, session or remember-me, stops working at once."""
    user.session_token = new_session_token()


def cookie_user() -> User | None:
    """The person this browser's session or remember-me cookie signs in, not a bearer
    token's: Flask-Login keeps the cookie's id in the session, a request loader does not."""
    if not current_user.is_authenticated:
        return None
    if session.get("_user_id") != current_user.get_id():
        return None
    return current_user._get_current_object()


def start_session(user: Any, remember: bool = True) -> None:
    """A fresh session id on every sign-in, so a planted cookie cannot ride along."""
    session.clear()
    login_user(user, remember=remember)


def end_cookie_session() -> None:
    """Sign this browser out on the server too: a new session id for its person, so a
    copied session cookie or remember-me cookie is worth nothing afterwards."""
    user = cookie_user()
    if user is not None:
        rotate_session_token(user)
        db.session.commit()
    # Clear first: logout_user() then marks the remember-me cookie for deletion in the
    # session, and clearing afterwards would drop that mark and keep the cookie alive.
    session.clear()
    logout_user()


_USER_COLUMNS = tuple(
    (prop.key, prop.columns[0]) for prop in User.__mapper__.column_attrs if len(prop.columns) == 1
)
_BY_TOKEN = (
    select(
        ApiToken.__table__.c.id.label("_token_id"),
        ApiToken.__table__.c.last_used_at.label("_token_used"),
        *(column.label(key) for key, column in _USER_COLUMNS),
    )
    .join_from(ApiToken.__table__, User.__table__, ApiToken.__table__.c.user_id == User.id)
    .where(ApiToken.__table__.c.token_hash == bindparam("token_hash"))
)
"""The token and every column of its person in one round trip, built once: this runs on
every API call, so the token is read afresh each time (a revoked one stops at once)."""
_TOUCH_TOKEN = (
    update(ApiToken)
    .where(ApiToken.id == bindparam("token_id"))
    .values(last_used_at=bindparam("now"))
)
TOUCH_EVERY_S = 300
"""``last_used_at`` is coarse, so reads do not each become a write."""


@dataclass(frozen=True, slots=True)
class _Bearer:
    token_id: int
    user_id: int


def _user_from_row(values: Any) -> User:
    """The person of a token row as the session's own ``User``, without a second query.

    Loading the token and the person as ORM entities was a fifth of a list request's CPU:
    the ORM's per-statement and per-entity machinery, not the database. The columns are
    read with Core instead, and the ``User`` is made from them through SQLAlchemy's public
    API as if it had been loaded (``set_committed_value``: no pending change;
    ``make_transient_to_detached`` and ``Session.add``: persistent, in the identity map),
    so it behaves exactly like a loaded one: relationships load lazily, a change is
    flushed, a commit expires it. One already in the session is used as it is, as a
    query would have done."""
    session = db.session()
    key = User.__mapper__.identity_key_from_primary_key((values["id"],))
    existing = session.identity_map.get(key)
    if existing is not None:
        return existing
    user = User.__mapper__.class_manager.new_instance()
    for name, _ in _USER_COLUMNS:
        set_committed_value(user, name, values[name])
    make_transient_to_detached(user)
    session.add(user)
    return user


def _load_user_from_bearer(req: Request) -> User | None:
    header = req.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    connection = db.session.connection()
    row = connection.execute(_BY_TOKEN, {"token_hash": hash_token(secret.strip())}).first()
    if row is None:
        return None
    values = row._mapping
    user = _user_from_row(values)
    g.auth_token = _Bearer(values["_token_id"], user.id)
    now = datetime.now(UTC)
    used = values["_token_used"]
    if used is None or (now - used).total_seconds() > TOUCH_EVERY_S:
        connection.execute(_TOUCH_TOKEN, {"token_id": values["_token_id"], "now": now})
        db.session.commit()
    return user


def bearer_user() -> User | None:
    """The user of this request's bearer token, whoever the session cookie names."""
    token = g.get("auth_token")
    if token is not None:
        return db.session.get(User, token.user_id)
    return _load_user_from_bearer(request)


def uses_bearer_token() -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def init_auth(app: Flask) -> None:
    hasher = PasswordHasher(**(app.config.get("ARGON2_OPTIONS") or {}))
    app.extensions["firststep_hashing"] = _Hashing(hasher, hasher.hash(secrets.token_hex(16)))
    common_passwords()  # loaded now (once per process), not during someone's sign-up
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_user_from_bearer)
    login_manager.login_view = "web.login"
    login_manager.session_protection = "basic"
