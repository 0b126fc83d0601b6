"""Many phones writing at once: SQLite has one write lock, and the write path takes it at
its first write statement, bumps the data version with the row (a trigger) and commits. Under
contention every write must still land (no 5xx, no "database is locked", no lost row), and
each must bump its person's version exactly as often as its statements say (each bump is an
atomic UPDATE run by the database's triggers, so two racing writes can never both read the
same version and write the same next one)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from tests.api.helpers import CHECKINS, SESSIONS, checkin_body, session_body, today
from tests.conftest import register
from tracker.extensions import db
from tracker.models import CareSession, Checkin, User

PEOPLE = 3
THREADS = 8
WRITES_EACH = 6
"""Per person and kind: each person's check-ins on days of their own, sessions freely."""


def _state(app: Flask, emails: list[str]) -> dict[str, tuple[int, int, int]]:
    """Each person's data version, check-ins and sessions, read fresh from the database."""
    with app.app_context():
        state = {}
        for email in emails:
            person = db.session.scalar(select(User).where(User.email == email))
            assert person is not None
            checkins = db.session.scalar(
                select(func.count()).select_from(Checkin).where(Checkin.user_id == person.id)
            )
            sessions = db.session.scalar(
                select(func.count())
                .select_from(CareSession)
                .where(CareSession.user_id == person.id)
            )
            state[email] = (person.data_version, checkins or 0, sessions or 0)
        db.session.remove()
    return state


def _sqlite(app: Flask) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "sqlite"


def test_concurrent_writes_all_land_and_none_loses_a_bump(app: Flask) -> None:
    emails = [f"writer{n}@example.com" for n in range(PEOPLE)]
    tokens = {}
    for email in emails:
        person = register(app, email, feet="right", timezone="Europe/Berlin")
        tokens[email] = person.post("/api/v1/tokens", json={"name": "phone"}).json["token"]
    before = _state(app, emails)

    jobs = []
    for email in emails:
        for n in range(WRITES_EACH):
            day = (today() - timedelta(days=n + 1)).isoformat()
            jobs.append((email, CHECKINS, checkin_body(date=day)))
            jobs.append((email, SESSIONS, session_body()))

    def write(job: tuple[str, str, dict[str, object]]) -> int:
        email, path, body = job
        client = app.test_client()
        headers = {"Authorization": f"Bearer {tokens[email]}"}
        return client.post(path, json=body, headers=headers).status_code

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(write, jobs))

    assert statuses == [201] * len(jobs)
    after = _state(app, emails)
    # A check-in is one row; a session is its row, its three techniques and the update
    # that empties its pending ids (migration 0011): SQLite's triggers bump once per row,
    # PostgreSQL's once per person and transaction.
    per_session = 2 + len(session_body()["techniques"]) if _sqlite(app) else 1
    for email in emails:
        version, checkins, sessions = before[email]
        assert after[email] == (
            version + WRITES_EACH * (1 + per_session),  # every bump counted, none lost
            checkins + WRITES_EACH,
            sessions + WRITES_EACH,
        ), email
