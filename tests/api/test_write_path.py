"""What one write costs in round trips: the phone logs every day, a clinic's server takes
hundreds at once. Insert first; look anything up only when a unique key refuses the row.
The person's data version (the cached numbers' key) is bumped by the database's triggers
(migration 0008) as part of the insert: no statement of its own, and on SQLite, where the
first write takes the database's one write lock, no Python while holding it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select, text

from tests.api.helpers import CHECKINS, SESSIONS, checkin_body, days_ago, errors, session_body
from tests.conftest import ApiClient, count_queries
from tests.imports.test_api import a_session_row, sessions_file, upload
from tracker.care_sessions.service import _CATALOG_KEY
from tracker.catalog import TECHNIQUE_SLUGS
from tracker.extensions import db
from tracker.models import LINK_TRIGGER, CareSession, Technique, User, session_techniques


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


def _sqlite(app: Flask) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "sqlite"


def test_a_session_write_is_the_token_lookup_and_inserts_that_bump_the_version(
    app: Flask, bearer: ApiClient
) -> None:
    bearer.post(SESSIONS, json=session_body())  # the first write reads the catalog, once
    before = _version(app)

    with count_queries(app) as statements, _commits(app, statements):
        response = bearer.post(SESSIONS, json=session_body())

    assert response.status_code == 201
    assert response.json["techniques"] == ["ball-roll", "stretch", "thumb-walk"]
    assert "api_tokens" in statements[0]
    assert "care_sessions" in statements[1]
    if _sqlite(app):  # the techniques ride in the INSERT: its trigger writes them
        assert _verbs(statements) == ["SELECT", "INSERT", "COMMIT"], statements
        assert "pending_technique_ids" in statements[1]
    else:  # no single write lock to hold: a second statement
        assert _verbs(statements) == ["SELECT", "INSERT", "INSERT", "COMMIT"], statements
        assert "session_techniques" in statements[2]
    assert _version(app) > before  # the triggers', same transaction
    assert _links(app) == {
        session["id"]: session["techniques"] for session in bearer.get(SESSIONS).json
    }


@contextmanager
def _commits(app: Flask, statements: list[str]) -> Iterator[None]:
    """Adds "COMMIT" to ``count_queries``' list when a transaction commits."""

    def record(conn: Any) -> None:
        statements.append("COMMIT")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", record)
    try:
        yield
    finally:
        event.remove(engine, "commit", record)


def _links(app: Flask) -> dict[int, list[str]]:
    """Every session's technique slugs as stored, read afresh."""
    query = (
        select(session_techniques.c.session_id, Technique.slug)
        .join(Technique)
        .order_by(Technique.slug)
    )
    with app.app_context():
        found: dict[int, list[str]] = {}
        for session_id, slug in db.session.execute(query):
            found.setdefault(session_id, []).append(slug)
        ids = db.session.scalars(select(CareSession.id)).all()
        db.session.remove()
    return {session_id: found.get(session_id, []) for session_id in ids}


def test_each_session_gets_its_own_techniques_and_a_retry_leaves_none_behind(
    app: Flask, bearer: ApiClient
) -> None:
    first = session_body(techniques=["stretch"])
    stored = bearer.post(SESSIONS, json=first)
    retry = bearer.post(SESSIONS, json={**first, "techniques": ["gua-sha", "warm-soak"]})
    other = bearer.post(SESSIONS, json=session_body(techniques=["toe-spread"]))
    two = bearer.post(SESSIONS, json=session_body(techniques=["gua-sha", "ball-roll"]))

    assert [r.status_code for r in (stored, retry, other, two)] == [201, 200, 201, 201]
    assert retry.json == stored.json  # the refused insert's techniques went nowhere
    assert _links(app) == {
        stored.json["id"]: ["stretch"],
        other.json["id"]: ["toe-spread"],
        two.json["id"]: ["ball-roll", "gua-sha"],
    }


_REFUSE = {
    "sqlite": (
        "CREATE TRIGGER refuse_links BEFORE INSERT ON session_techniques "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END",
    ),
    "postgresql": (
        "CREATE FUNCTION refuse_links() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END $$",
        "CREATE TRIGGER refuse_links BEFORE INSERT ON session_techniques "
        "FOR EACH ROW EXECUTE FUNCTION refuse_links()",
    ),
}
_ALLOW = {
    "sqlite": ("DROP TRIGGER refuse_links",),
    "postgresql": (
        "DROP TRIGGER refuse_links ON session_techniques",
        "DROP FUNCTION refuse_links()",
    ),
}


def _run(app: Flask, statements: dict[str, tuple[str, ...]]) -> None:
    with app.app_context():
        for statement in statements[db.engine.dialect.name]:
            db.session.execute(text(statement))
        db.session.commit()
        db.session.remove()


def test_a_session_whose_techniques_cannot_be_stored_is_not_stored_at_all(
    app: Flask, bearer: ApiClient
) -> None:
    _run(app, _REFUSE)
    try:
        refused = bearer.post(SESSIONS, json=session_body())
    finally:
        _run(app, _ALLOW)

    assert refused.status_code == 409, refused.json  # the database refused the write

    assert _links(app) == {}  # no session row without its techniques
    after = bearer.post(SESSIONS, json=session_body(techniques=["stretch"]))
    assert after.status_code == 201
    assert _links(app) == {after.json["id"]: ["stretch"]}  # nothing left over from the first


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
    inserts = [s for s in statements if s.upper().startswith("INSERT INTO CARE_SESSIONS")]
    refused, looked_up = statements.index(inserts[0]), statements[-2]
    assert refused < len(statements) - 2 and len(inserts) == 1
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


def _pending(app: Flask) -> int:
    """Sessions whose ``pending_technique_ids`` is not NULL: none, ever, at rest."""
    with app.app_context():
        query = select(func.count()).where(CareSession.pending_technique_ids.is_not(None))
        count = db.session.scalar(query)
        db.session.remove()
    assert count is not None
    return count


def test_every_session_written_has_exactly_its_techniques_and_nothing_left_pending(
    app: Flask, bearer: ApiClient
) -> None:
    """On SQLite the techniques ride in the session's INSERT and its trigger writes them
    and empties the column; on PostgreSQL a second statement writes them. Either way, after
    any mix of writes each session has exactly its own techniques."""
    many = ["warm-soak", "toe-spread", "stretch", "heel-knead", "gua-sha", "calf-release"]
    none = bearer.post(SESSIONS, json=session_body(techniques=[]))
    one = bearer.post(SESSIONS, json=session_body(techniques=["stretch"]))
    several_body = session_body(techniques=["gua-sha", "ball-roll", "gua-sha"])
    several = bearer.post(SESSIONS, json=several_body)
    retry = bearer.post(SESSIONS, json={**several_body, "techniques": ["warm-soak"]})
    all_six = bearer.post(SESSIONS, json=session_body(techniques=many))
    unknown = bearer.post(SESSIONS, json=session_body(techniques=["stretch", "no-such"]))
    _run(app, _REFUSE)
    try:
        refused = bearer.post(SESSIONS, json=session_body(techniques=["toe-spread"]))
    finally:
        _run(app, _ALLOW)
    after = bearer.post(SESSIONS, json=session_body(techniques=["frozen-bottle"]))
    changed = bearer.patch(f"{SESSIONS}/{one.json['id']}", json={"techniques": ["reflexology"]})

    statuses = [r.status_code for r in (none, one, several, retry, all_six, unknown, refused)]
    assert statuses == [422, 201, 201, 200, 201, 422, 409]  # none: at least one is asked
    assert (after.status_code, changed.status_code) == (201, 200)
    assert retry.json == several.json
    assert several.json["techniques"] == ["ball-roll", "gua-sha"]
    assert all_six.json["techniques"] == sorted(many)
    assert _links(app) == {
        one.json["id"]: ["reflexology"],
        several.json["id"]: ["ball-roll", "gua-sha"],
        all_six.json["id"]: sorted(many),
        after.json["id"]: ["frozen-bottle"],
    }
    assert _pending(app) == 0
    listed = {s["id"]: s["techniques"] for s in bearer.get(SESSIONS).json}
    assert listed == _links(app)
    shown = [*bearer.get(SESSIONS).json, bearer.get(f"{SESSIONS}/{one.json['id']}").json]
    assert all(set(each) == set(one.json) for each in shown)  # the column is never shown
    assert "pending_technique_ids" not in one.json


def _trigger_sql(app: Flask) -> str | None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            query = "SELECT trigger_name FROM information_schema.triggers WHERE trigger_name = :n"
        else:
            query = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"
        found = db.session.scalar(text(query), {"n": LINK_TRIGGER})
        db.session.remove()
    return found


def test_without_its_trigger_a_session_write_still_stores_its_techniques(
    app: Flask, bearer: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    """If the trigger is gone from a SQLite database (dropped by hand, a copy restored
    without it), the INSERT checks for it itself and refuses the ids, and the session is
    written again with two statements: never a session without its techniques, even on a
    pooled connection that wrote through the trigger a moment before. PostgreSQL has no
    such trigger and always writes the two statements."""
    before = bearer.post(SESSIONS, json=session_body(techniques=["stretch"]))  # warm pool
    sql = _trigger_sql(app)
    if not _sqlite(app):
        assert sql is None
    else:
        assert sql is not None
        _run(app, {"sqlite": (f"DROP TRIGGER {LINK_TRIGGER}",)})
    try:
        with count_queries(app) as statements:
            lone = bearer.post(SESSIONS, json=session_body(techniques=["gua-sha"]))
        several = bearer.post(SESSIONS, json=session_body(techniques=["warm-soak", "stretch"]))
        every = bearer.post(SESSIONS, json=session_body(techniques=sorted(TECHNIQUE_SLUGS)))
    finally:
        if sql is not None:
            _run(app, {"sqlite": (sql,)})

    assert [r.status_code for r in (before, lone, several, every)] == [201] * 4
    assert (lone.json["techniques"], several.json["techniques"]) == (
        ["gua-sha"],
        ["stretch", "warm-soak"],
    )
    assert _links(app) == {
        before.json["id"]: ["stretch"],
        lone.json["id"]: ["gua-sha"],
        several.json["id"]: ["stretch", "warm-soak"],
        every.json["id"]: sorted(TECHNIQUE_SLUGS),
    }
    assert _pending(app) == 0
    links = [s for s in statements if "INTO session_techniques" in s]
    assert len(links) == 1, statements  # the second statement, once the INSERT refused
    if _sqlite(app):
        assert f"{LINK_TRIGGER} is missing" in caplog.text
        with count_queries(app) as statements:
            again = bearer.post(SESSIONS, json=session_body(techniques=["toe-spread"]))
        assert not [s for s in statements if "INTO session_techniques" in s]  # trigger back
        assert _links(app)[again.json["id"]] == ["toe-spread"]


def test_the_import_links_its_sessions_itself_and_the_trigger_stays_out_of_its_way(
    app: Flask, user: ApiClient
) -> None:
    """The import writes sessions and links in bulk (a thousand rows a statement) and
    leaves the pending column out: the trigger's WHEN is false at once and no row pays
    for the trigger check."""
    file = sessions_file(a_session_row(1), a_session_row(2, techniques="gua-sha"), a_session_row(3))
    with count_queries(app) as statements:
        response = upload(user, sessions=file)

    assert response.status_code == 200, response.json
    writes = [s for s in statements if s.upper().startswith("INSERT INTO CARE_SESSIONS")]
    assert writes and not [s for s in writes if "pending_technique_ids" in s], writes
    assert sorted(_links(app).values()) == [["ball-roll", "stretch"]] * 2 + [["gua-sha"]]
    assert _pending(app) == 0
