"""What one write costs in round trips: the phone logs every day, a clinic's server takes
hundreds at once. Insert first; look anything up only when a unique key refuses the row.
The person's data version (the cached numbers' key) is bumped by the database's triggers
(migration 0008) as part of the insert: no statement of its own, and on SQLite, where the
first write takes the database's one write lock, no Python while holding it.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from tests.api.helpers import CHECKINS, SESSIONS, checkin_body, days_ago, errors, session_body
from tests.conftest import ApiClient, count_queries
from tracker.care_sessions.service import _CATALOG_KEY
from tracker.extensions import db
from tracker.models import User


def _version(app: Flask) -> int:
    """The data version of the one person (``user``/``bearer``), read afresh."""
    with app.app_context():
        query = select(User.data_version).where(User.email == "alice@example.com")
        value = db.session.scalar(query)
        db.session.remove()
    assert value is not None
    return value


def _verbs(statements: list[str]) -> list[str]:
    return [statement.split()[0].upper() for statement in statements]


def test_a_session_write_is_the_token_lookup_and_two_inserts_that_bump_the_version(
    app: Flask, bearer: ApiClient
) -> None:
    bearer.post(SESSIONS, json=session_body())  # the first write reads the catalog, once
    before = _version(app)

    with count_queries(app) as statements:
        response = bearer.post(SESSIONS, json=session_body())

    assert response.status_code == 201
    assert response.json["techniques"] == ["ball-roll", "stretch", "thumb-walk"]
    assert _verbs(statements) == ["SELECT", "INSERT", "INSERT"], statements
    assert "api_tokens" in statements[0]
    assert "care_sessions" in statements[1]  # the first write: SQLite's write lock from here
    assert "session_techniques" in statements[2]
    assert _version(app) > before  # the triggers', same transaction


def test_a_checkin_write_is_the_token_lookup_and_one_insert_that_bumps_the_version(
    app: Flask, bearer: ApiClient
) -> None:
    bearer.post(CHECKINS, json=checkin_body(date=days_ago(1).isoformat()))
    before = _version(app)

    with count_queries(app) as statements:
        response = bearer.post(CHECKINS, json=checkin_body())

    assert response.status_code == 201
    assert _verbs(statements) == ["SELECT", "INSERT"], statements
    assert "checkins" in statements[1]
    assert _version(app) == before + 1


def test_a_retry_is_found_after_the_refused_insert(app: Flask, bearer: ApiClient) -> None:
    body = session_body()
    first = bearer.post(SESSIONS, json=body)

    with count_queries(app) as statements:
        again = bearer.post(SESSIONS, json=body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    refused, looked_up = _verbs(statements).index("INSERT"), statements[-2]
    assert "care_sessions" in statements[refused]
    assert looked_up.upper().startswith("SELECT") and "client_id" in looked_up, statements


def test_a_second_checkin_that_morning_is_still_a_409_naming_the_first(bearer: ApiClient) -> None:
    first = bearer.post(CHECKINS, json=checkin_body())
    second = bearer.post(CHECKINS, json=checkin_body(pain_right=2))

    assert second.status_code == 409
    assert f"PATCH /api/v1/checkins/{first.json['id']}" in second.json["message"]
    assert len(bearer.get(CHECKINS).json) == 1


def test_a_technique_missing_from_the_database_is_a_422_not_a_broken_row(
    app: Flask, bearer: ApiClient
) -> None:
    """The catalog is read once per app; a database that lacks a technique the code knows
    (migrations not run) must refuse the write with the field named."""
    bearer.post(SESSIONS, json=session_body())
    known = app.extensions[_CATALOG_KEY]
    app.extensions[_CATALOG_KEY] = {k: v for k, v in known.items() if k != "stretch"}
    try:
        response = bearer.post(SESSIONS, json=session_body())
    finally:
        app.extensions[_CATALOG_KEY] = known

    assert response.status_code == 422
    assert errors(response)["techniques"] == ["Not in the catalog: stretch."]
    assert len(bearer.get(SESSIONS).json) == 1
