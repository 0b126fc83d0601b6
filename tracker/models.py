"""Database models.

Every range and uniqueness rule the schemas check is also a CHECK or UNIQUE
constraint here, so no code path (an import, a script, a bug) can store a pain
of 11 or a second check-in for one morning.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable
from datetime import UTC
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    case,
    column,
    exists,
    false,
    func,
    literal_column,
    null,
    table,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from tracker.catalog import (
    DEFAULT_EVENING_REMINDER,
    DEFAULT_GLOBAL_CHANGE_WEEKDAY,
    DEFAULT_MINUTES_MAX,
    DEFAULT_MINUTES_MIN,
    DEFAULT_MORNING_REMINDER,
    DEFAULT_SESSIONS_PER_DAY,
    GLOBAL_CHANGE,
    PAUSE_REASONS,
    REMINDER_KINDS,
)
from tracker.extensions import db

if TYPE_CHECKING:
    # A checker cannot take a class from an attribute (python/mypy#8603): it sees the
    # declarative base that db.Model is built from at run time.
    from tracker.extensions import Base as Model
else:
    Model = db.Model


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def _one_of(column: str, values: Iterable[str]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def _clock(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def new_session_token() -> str:
    """256 random bits: what a sign-in cookie names instead of the row id."""
    return secrets.token_urlsafe(32)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


LINK_TRIGGER = "link_session_techniques"
"""Migration 0011's SQLite trigger: it writes a new session's links from the session's
``pending_technique_ids`` and sets the column back to NULL, inside the session's INSERT."""

_schema = table("sqlite_master", column("type"), column("name"))
_HAS_LINK_TRIGGER = exists().where(_schema.c.type == "trigger", _schema.c.name == LINK_TRIGGER)
_REFUSE = func.json(literal_column(f"'{LINK_TRIGGER} is missing'"))
TRIGGER_MISSING = "malformed JSON"
"""SQLite's message when ``PendingIds``' check finds no trigger."""


class _IfLinkTrigger(ColumnElement[str]):
    """A bound value of ``PendingIds``, which on SQLite only goes in if the trigger is there."""

    inherit_cache = True
    _traverse_internals = [("value", InternalTraversal.dp_clauseelement)]  # noqa: RUF012
    type = Text()

    def __init__(self, value: ColumnElement[str]) -> None:
        self.value = value


@compiles(_IfLinkTrigger)
def _as_given(element: _IfLinkTrigger, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.value, **kw)


@compiles(_IfLinkTrigger, "sqlite")
def _if_link_trigger(element: _IfLinkTrigger, compiler: Any, **kw: Any) -> str:
    guarded = case(
        (element.value.is_(None), null()), (_HAS_LINK_TRIGGER, element.value), else_=_REFUSE
    )
    return compiler.process(guarded, **kw)


class PendingIds(TypeDecorator[str]):
    """Technique ids for ``LINK_TRIGGER``, checked by the INSERT itself that the trigger is
    there: if it is not (dropped by hand, a copy restored without it), the ``json()`` of a
    text that is not JSON fails the INSERT ("malformed JSON"), nothing is stored, and
    ``create_session`` writes the session again with two statements. Checked in the
    statement, not remembered per connection or process: an earlier attempt kept such a
    note in ``connection.info`` and lost techniques when the note outlived its trigger. In
    the column's type, so the INSERT is compiled once like any other (the check is a scan
    of ``sqlite_master`` in C, within the statement); a NULL (every other writer, the
    import's bulk INSERT) skips it."""

    impl = Text
    cache_ok = True

    def bind_expression(self, bindvalue: Any) -> ColumnElement[str]:
        return _IfLinkTrigger(bindvalue)


class User(Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("feet IN ('left', 'right', 'both')", name="feet_valid"),
        CheckConstraint(
            "global_change_weekday BETWEEN 0 AND 6", name="global_change_weekday_range"
        ),
        # A deleted person's id is never handed to the next sign-up (SQLite would reuse
        # the highest one), so nothing that outlives an account can name someone else.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    feet: Mapped[str] = mapped_column(String(5), default="both")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    """What the session and remember-me cookies carry (Flask-Login's alternative id): a new
    one on sign-out and password change kills every cookie issued before, at once."""
    global_change_weekday: Mapped[int | None] = mapped_column(
        SmallInteger, default=DEFAULT_GLOBAL_CHANGE_WEEKDAY
    )
    """Monday 0 .. Sunday 6: the day Today asks "how is it going?"; None turns it off."""
    morning_reminder: Mapped[dt.time] = mapped_column(
        Time, default=lambda: _clock(DEFAULT_MORNING_REMINDER)
    )
    evening_reminder: Mapped[dt.time] = mapped_column(
        Time, default=lambda: _clock(DEFAULT_EVENING_REMINDER)
    )
    morning_push: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Push the morning reminder to this person's subscribed devices (off until chosen)."""
    evening_push: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    language: Mapped[str | None] = mapped_column(String(5), nullable=True)
    """"en", "de" or "es" as chosen on Settings; None follows the browser's language."""

    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Bumped in the same transaction as every write this person's numbers depend on
    (``tracker/common/versions.py``): the cached analysis is keyed by it."""

    plans: Mapped[list[Plan]] = relationship(
        back_populates="user", order_by="Plan.effective_from", cascade="all, delete-orphan"
    )

    # Flask-Login protocol.
    is_active = True
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    def get_id(self) -> str:
        return self.session_token

    @property
    def plan(self) -> Plan:
        """The plan in force now: the one with the latest start."""
        return self.plans[-1]


class Plan(Model):
    """One row per plan change; a change counts from its day on and never rewrites the past."""

    __tablename__ = "plans"
    __table_args__ = (
        UniqueConstraint("user_id", "effective_from", name="uq_plans_user_day"),
        CheckConstraint("sessions_per_day BETWEEN 1 AND 6", name="sessions_per_day_range"),
        CheckConstraint("minutes_min BETWEEN 1 AND 60", name="minutes_min_range"),
        CheckConstraint("minutes_max BETWEEN minutes_min AND 60", name="minutes_max_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    sessions_per_day: Mapped[int] = mapped_column(default=DEFAULT_SESSIONS_PER_DAY)
    minutes_min: Mapped[int] = mapped_column(default=DEFAULT_MINUTES_MIN)
    minutes_max: Mapped[int] = mapped_column(default=DEFAULT_MINUTES_MAX)

    user: Mapped[User] = relationship(back_populates="plans")


class ApiToken(Model):
    """A personal token; only its SHA-256 is kept, so a database leak leaks no token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Technique(Model):
    __tablename__ = "techniques"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    guidance: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40))
    timed_seconds: Mapped[int | None] = mapped_column(Integer)


class Checkin(Model):
    """The morning's first-step pain: one per user per local date."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("user_id", "date", name="uq_checkins_user_date"),
        UniqueConstraint("user_id", "client_id", name="uq_checkins_user_client_id"),
        CheckConstraint("pain_left BETWEEN 0 AND 10", name="pain_left_range"),
        CheckConstraint("pain_right BETWEEN 0 AND 10", name="pain_right_range"),
        CheckConstraint("pain_left IS NOT NULL OR pain_right IS NOT NULL", name="one_foot"),
        CheckConstraint("stiffness BETWEEN 0 AND 10", name="stiffness_range"),
        CheckConstraint("length(notes) <= 2000", name="notes_length"),
        CheckConstraint(_one_of("global_change", GLOBAL_CHANGE), name="global_change_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    date: Mapped[dt.date] = mapped_column(Date)
    pain_left: Mapped[int | None]
    pain_right: Mapped[int | None]
    stiffness: Mapped[int | None]
    warning_signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    global_change: Mapped[str | None] = mapped_column(String(24))
    """The weekly "compared with when you started" answer, a slug of GLOBAL_CHANGE."""
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


session_techniques = Table(
    "session_techniques",
    db.metadata,
    Column("session_id", ForeignKey("care_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("technique_id", ForeignKey("techniques.id", ondelete="RESTRICT"), primary_key=True),
)


class CareSession(Model):
    """One self-care session; `local_date` is fixed at write time in the user's timezone."""

    __tablename__ = "care_sessions"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id", name="uq_care_sessions_user_client_id"),
        Index("ix_care_sessions_user_local_date", "user_id", "local_date"),
        CheckConstraint("duration_s BETWEEN 1 AND 14400", name="duration_range"),
        CheckConstraint("foot IN ('left', 'right', 'both')", name="foot_valid"),
        CheckConstraint("pressure BETWEEN 1 AND 10", name="pressure_range"),
        CheckConstraint("discomfort BETWEEN 0 AND 10", name="discomfort_range"),
        CheckConstraint("length(notes) <= 2000", name="notes_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[dt.date] = mapped_column(Date)
    duration_s: Mapped[int]
    foot: Mapped[str] = mapped_column(String(5))
    pressure: Mapped[int]
    discomfort: Mapped[int | None]
    tool: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    pending_technique_ids: Mapped[str | None] = mapped_column(PendingIds)
    """Not data: NULL at rest, never shown, exported or imported. On SQLite a new session's
    technique ids ride in its INSERT as a JSON array ("[3,7]"), and migration 0011's
    trigger writes the links and sets this back to NULL in that same statement, so the
    write holds SQLite's one write lock for one statement (tracker/care_sessions/service.py,
    ``create_session``). The links themselves are ``techniques``."""

    techniques: Mapped[list[Technique]] = relationship(
        secondary=session_techniques, order_by=Technique.slug, lazy="selectin"
    )

    @property
    def technique_slugs(self) -> list[str]:
        return [t.slug for t in self.techniques]


class Pause(Model):
    """Days with no plan: out of adherence and streaks, still in pain and outcome.

    Inclusive dates in the person's own calendar. Overlaps are refused by the
    service (a portable rule; PostgreSQL's exclusion constraints have no SQLite twin).
    """

    __tablename__ = "pauses"
    __table_args__ = (
        Index("ix_pauses_user_start", "user_id", "start_date"),
        CheckConstraint("end_date >= start_date", name="ordered"),
        CheckConstraint(_one_of("reason", PAUSE_REASONS), name="reason_valid"),
        CheckConstraint("length(note) <= 200", name="note_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ShareLink(Model):
    """A read-only link for a physiotherapist; only the token's SHA-256 is stored."""

    __tablename__ = "share_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class PushSubscription(Model):
    """One browser's Web Push subscription: where to send, and the keys to encrypt for it.

    The endpoint is unique: a browser that subscribes again (or another account signing in
    on the same device) takes the row over rather than receiving every reminder twice."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(2048), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    device_name: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)
    """The browser's language when it subscribed: the reminders' words for a person who
    chose none on Settings (the account's choice comes first)."""
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SentReminder(Model):
    """One reminder per person, kind and local day, claimed before it is sent.

    The unique key is the lock that keeps several scheduler processes from sending the
    same reminder twice: each INSERTs the row first and sends only if its INSERT won.
    ``lease_until`` lets a later tick retry a reminder no device accepted (the push
    service was down) without two schedulers retrying it at once."""

    __tablename__ = "sent_reminders"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "local_date", name="uq_sent_reminders_user_kind_day"),
        CheckConstraint(_one_of("kind", REMINDER_KINDS), name="kind_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    local_date: Mapped[dt.date] = mapped_column(Date, index=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    """When a push service first accepted it for one of the person's devices; NULL while
    it is being sent or waits for a retry."""


class Experiment(Model):
    """A self-experiment (N-of-1 trial): two conditions in randomized one-week blocks.

    The schedule is not stored: it follows from ``start_date``, ``pairs`` and ``seed``
    (``tracker.analysis.experiment.make_schedule``) and the person's pauses, which
    lengthen the block they fall in; so a pause added later moves the later blocks
    without rewriting anything here. The conditions are stored as they were chosen
    (a template may change later; an experiment under way must not).

    ``is_current`` marks the person's one experiment that is scheduled, running, or
    ended and not yet followed by another: TRUE or NULL, and UNIQUE with the person,
    so the database itself refuses a second one (NULLs never clash, on either
    database). The service clears it on the old one when a new one may start.
    """

    __tablename__ = "experiments"
    __table_args__ = (
        UniqueConstraint("user_id", "is_current", name="uq_experiments_user_current"),
        Index("ix_experiments_user_start", "user_id", "start_date"),
        CheckConstraint("pairs BETWEEN 2 AND 4", name="pairs_range"),
        CheckConstraint("seed >= 0", name="seed_range"),
        CheckConstraint("is_current", name="current_true_or_null"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    template: Mapped[str] = mapped_column(String(40))
    """A template's slug (``tracker/experiments/templates.py``) or "custom"."""
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """Condition A then B, each a ``ConditionPlan``'s fields (label, sessions per week,
    minutes, pressure range, technique slugs)."""
    pairs: Mapped[int] = mapped_column(SmallInteger)
    start_date: Mapped[dt.date] = mapped_column(Date)
    seed: Mapped[int] = mapped_column(Integer)
    """Drawn by the server (``secrets``); with it anyone can redraw the order by hand."""
    stopped_on: Mapped[dt.date | None] = mapped_column(Date)
    """The last day that counts, when the person stopped early: no verdict then."""
    is_current: Mapped[bool | None] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = [
    "ApiToken",
    "CareSession",
    "Checkin",
    "Experiment",
    "Pause",
    "Plan",
    "PushSubscription",
    "SentReminder",
    "ShareLink",
    "Technique",
    "User",
    "session_techniques",
]
