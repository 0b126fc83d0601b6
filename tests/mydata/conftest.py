"""A person with a bit of everything, so a download or a deletion has something to miss."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.api.helpers import CHECKINS, SESSIONS, checkin_body, days_ago, session_body
from tests.conftest import ApiClient
from tracker.extensions import db
from tracker.models import (
    CareSession,
    PushSubscription,
    SentReminder,
    ShareLink,
    session_techniques,
)


@dataclass
class Person:
    client: ApiClient
    user_id: int
    email: str


def fill(app: Flask, client: ApiClient, note: str) -> Person:
    """Check-ins, a session with techniques, a pause, a token, a share link, a push
    subscription and a reminder sent to it."""
    me = client.get("/api/v1/me").json
    for ago, pain in ((3, 7), (1, 5)):
        body = checkin_body(date=days_ago(ago).isoformat(), pain_right=pain, notes=note)
        assert client.post(CHECKINS, json=body).status_code == 201
    assert client.post(SESSIONS, json=session_body(notes=note)).status_code == 201
    pause = {"start_date": days_ago(10).isoformat(), "end_date": days_ago(8).isoformat()}
    response = client.post("/api/v1/pauses", json={**pause, "reason": "travel", "note": note})
    assert response.status_code == 201, response.json
    assert client.post("/api/v1/tokens", json={"name": f"{note} token"}).status_code == 201
    with app.app_context():
        db.session.add(
            ShareLink(
                user_id=me["id"],
                label=f"{note} physio",
                token_hash="f" * 64 if note == "alice" else "e" * 64,
                prefix="abcdefgh",
                expires_at=datetime.now(UTC) + timedelta(days=30),
            )
        )
        db.session.add(
            PushSubscription(
                user_id=me["id"],
                endpoint=f"https://push.example.com/{note}",
                p256dh="key",
                auth="secret",
                device_name=f"{note}'s phone",
            )
        )
        db.session.add(
            SentReminder(
                user_id=me["id"],
                kind="morning",
                local_date=days_ago(1),
                lease_until=datetime.now(UTC),
                sent_at=datetime.now(UTC),
            )
        )
        db.session.commit()
    return Person(client, me["id"], me["email"])


def rows_of(app: Flask, user_id: int, session_ids: list[int]) -> dict[str, int]:
    """Rows per table that belong to ``user_id``: every table of the schema is asked."""
    counts: dict[str, int] = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if "user_id" in table.c:
                where = table.c.user_id == user_id
            elif table.name == "users":
                where = table.c.id == user_id
            elif table is session_techniques:
                where = table.c.session_id.in_(session_ids)
            else:
                # Shared by everyone; any other table must say whose rows it holds.
                assert table.name == "techniques", f"whose rows are in {table.name}?"
                continue
            counts[table.name] = db.session.scalar(
                select(func.count()).select_from(table).where(where)
            )
    return counts


def session_ids(app: Flask, user_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(select(CareSession.id).where(CareSession.user_id == user_id))
        )


@pytest.fixture
def alice(app: Flask, user: ApiClient) -> Person:
    return fill(app, user, "alice")


@pytest.fixture
def bob(app: Flask, other_user: ApiClient) -> Person:
    return fill(app, other_user, "bob")
