"""What the pages show, read from the database in a few queries per page.

Writes do not live here: the pages send them through the JSON API, so the
offline outbox and the online path are one code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import func, select, union

from tracker.care_sessions.service import sessions_query
from tracker.catalog import TECHNIQUES, WARNING_SIGNS
from tracker.checkins.service import checkins_query
from tracker.extensions import db
from tracker.models import ApiToken, CareSession, Checkin, User
from tracker.timeutil import local_today

HISTORY_DAYS = 30

TECHNIQUE_NAMES = {t.slug: t.name for t in TECHNIQUES}
WARNING_SIGNS_BY_SLUG = {w.slug: w for w in WARNING_SIGNS}


@dataclass
class TodayView:
    day: date
    checkin: Checkin | None
    sessions_done: int
    sessions_planned: int


@dataclass
class HistoryDay:
    day: date
    checkin: Checkin | None = None
    sessions: list[CareSession] = field(default_factory=list)


@dataclass
class HistoryPage:
    days: list[HistoryDay]
    older_than: date | None
    """Where the next page starts, or None when this page reaches the first entry."""


def today_view(user: User) -> TodayView:
    day = local_today(user.timezone)
    checkin = db.session.scalars(checkins_query(user, day, day)).first()
    done = db.session.scalar(
        select(func.count(CareSession.id)).where(
            CareSession.user_id == user.id, CareSession.local_date == day
        )
    )
    return TodayView(day, checkin, done or 0, user.plan.sessions_per_day)


def feet_to_ask(user_feet: str, checkin: Checkin | None = None) -> list[str]:
    """The feet the check-in asks about: the person's setting, plus any foot already logged."""
    feet = ["left", "right"] if user_feet == "both" else [user_feet]
    if checkin is not None:
        logged = {"left": checkin.pain_left, "right": checkin.pain_right}
        feet = [foot for foot in ("left", "right") if foot in feet or logged[foot] is not None]
    return feet


def _logged_days(user: User, before: date | None, limit: int) -> list[date]:
    checkin_days = select(Checkin.date.label("day")).where(Checkin.user_id == user.id)
    session_days = select(CareSession.local_date.label("day")).where(CareSession.user_id == user.id)
    if before is not None:
        checkin_days = checkin_days.where(Checkin.date < before)
        session_days = session_days.where(CareSession.local_date < before)
    days = union(checkin_days, session_days).subquery()
    return list(db.session.scalars(select(days.c.day).order_by(days.c.day.desc()).limit(limit)))


def history_page(user: User, before: date | None = None, size: int = HISTORY_DAYS) -> HistoryPage:
    """Up to ``size`` logged days, newest first, each with its check-in and sessions."""
    days = _logged_days(user, before, size + 1)
    older_than = days[size - 1] if len(days) > size else None
    days = days[:size]
    if not days:
        return HistoryPage([], None)
    first, last = days[-1], days[0]
    by_day = {day: HistoryDay(day) for day in days}
    for checkin in db.session.scalars(checkins_query(user, first, last)):
        by_day[checkin.date].checkin = checkin
    for session in db.session.scalars(sessions_query(user, first, last)):
        by_day[session.local_date].sessions.append(session)
    return HistoryPage(list(by_day.values()), older_than)


def api_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    )


@lru_cache(maxsize=1)
def timezone_names() -> list[str]:
    return sorted(available_timezones() | {"UTC"})


def long_date(day: date) -> str:
    """'Tuesday 25 November', the way a person says a day, without platform strftime quirks."""
    return f"{day:%A} {day.day} {day:%B}"


def local_time(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def duration_words(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"
