"""Valid request bodies and dates, so each test states only what it is about."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.conftest import new_id
from tracker.timeutil import local_today

BERLIN = "Europe/Berlin"
"""The `user` fixture's timezone."""

CHECKINS = "/api/v1/checkins"
SESSIONS = "/api/v1/sessions"
TOKENS = "/api/v1/tokens"
ME = "/api/v1/me"
TECHNIQUES = "/api/v1/techniques"
REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"


def today(timezone: str = BERLIN) -> date:
    return local_today(timezone)


def days_ago(n: int, timezone: str = BERLIN) -> date:
    return today(timezone) - timedelta(days=n)


def an_hour_ago() -> str:
    return (datetime.now(UTC) - timedelta(hours=1)).isoformat()


def earlier_today(timezone: str = BERLIN) -> str:
    """A past moment on today's local date: an hour ago, or half of today so far after midnight."""
    now = datetime.now(ZoneInfo(timezone))
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return (now - min(timedelta(hours=1), (now - midnight) / 2)).isoformat()


def checkin_body(**overrides: Any) -> dict[str, Any]:
    return {"client_id": new_id(), "pain_right": 6, **overrides}


def session_body(**overrides: Any) -> dict[str, Any]:
    return {
        "client_id": new_id(),
        "started_at": earlier_today(),
        "duration_s": 600,
        "foot": "right",
        "techniques": ["thumb-walk", "ball-roll", "stretch"],
        "pressure": 4,
        **overrides,
    }


def errors(response: Any, location: str = "json") -> dict[str, Any]:
    """The per-field reasons of an error response."""
    return response.json["errors"][location]
