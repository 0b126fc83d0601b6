"""Every write a person's numbers depend on bumps their data version, in its own
transaction; signing in and out, tokens and other people's writes do not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, insert, select, text, update

from tests.api.helpers import (
    CHECKINS,
    LOGIN,
    LOGOUT,
    ME,
    SESSIONS,
    TOKENS,
    checkin_body,
    session_body,
    today,
)
from tests.conftest import PASSWORD, ApiClient, register
from tests.dashboard.seeding import seed_days
from tests.imports.test_api import csv_file, upload
from tracker.extensions import db
from tracker.models import Checkin, Plan, User

PAUSES = "/api/v1/pauses"


def version(app: Flask, email: str = "alice@example.com") -> int:
    with app.app_context():
        value = db.session.scalar(select(User.data_version).where(User.email == email))
    assert value is not None
    return value


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.json
    return response.json  # type: ignore[no-any-return]


def _checkin(user: ApiClient) -> int:
    return _created(user.post(CHECKINS, json=checkin_body(date=today().isoformat())))["id"]


def _session(user: ApiClient) -> int:
    return _created(user.post(SESSIONS, json=session_body()))["id"]


def _pause(user: ApiClient) -> int:
    body = {
        "start_date": (today() - timedelta(days=3)).isoformat(),
        "end_date": (today() + timedelta(days=3)).isoformat(),
        "reason": "travel",
    }
    return _created(user.post(PAUSES, json=body))["id"]


def _import(user: ApiClient) -> Any:
    day = (today() - timedelta(days=5)).isoformat()
    return upload(user, checkins=csv_file(["date", "pain_right"], [[day, 4]]))


Setup = Callable[[ApiClient], Any]
Write = Callable[[ApiClient, Any], Any]

WRITES: dict[str, tuple[Setup, Write]] = {
    "new check-in": (lambda u: None, lambda u, _: _checkin(u)),
    "check-in changed": (_checkin, lambda u, i: u.patch(f"{CHECKINS}/{i}", json={"pain_right": 2})),
    "global-change answer": (
        _checkin,
        lambda u, i: u.patch(f"{CHECKINS}/{i}", json={"global_change": "much-improved"}),
    ),
    "check-in deleted": (_checkin, lambda u, i: u.delete(f"{CHECKINS}/{i}")),
    "new session": (lambda u: None, lambda u, _: _session(u)),
    "session changed": (_session, lambda u, i: u.patch(f"{SESSIONS}/{i}", json={"pressure": 9})),
    "session techniques only": (
        _session,
        lambda u, i: u.patch(f"{SESSIONS}/{i}", json={"techniques": ["stretch"]}),
    ),
    "session deleted": (_session, lambda u, i: u.delete(f"{SESSIONS}/{i}")),
    "new pause": (lambda u: None, lambda u, _: _pause(u)),
    "pause changed": (_pause, lambda u, i: u.patch(f"{PAUSES}/{i}", json={"reason": "illness"})),
    "pause ended": (
        _pause,
        lambda u, i: u.post(f"{PAUSES}/{i}/end", json={"end_date": today().isoformat()}),
    ),
    "pause deleted": (_pause, lambda u, i: u.delete(f"{PAUSES}/{i}")),
    "plan": (lambda u: None, lambda u, _: u.patch(ME, json={"plan": {"sessions_per_day": 3}})),
    "time zone": (lambda u: None, lambda u, _: u.patch(ME, json={"timezone": "Asia/Tokyo"})),
    "feet": (lambda u: None, lambda u, _: u.patch(ME, json={"feet": "both"})),
    "global-change day": (
        lambda u: None,
        lambda u, _: u.patch(ME, json={"global_change_weekday": 2}),
    ),
    "import": (lambda u: None, lambda u, _: _import(u)),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_bumps_the_version_of_its_owner_only(
    app: Flask, user: ApiClient, other_user: ApiClient, name: str
) -> None:
    setup, write = WRITES[name]
    made = setup(user)
    before, others = version(app), version(app, "bob@example.com")

    response = write(user, made)

    if not isinstance(response, int):  # an id: the write was already checked
        assert response.status_code in (200, 201, 204), response.json
    assert version(app) > before
    assert version(app, "bob@example.com") == others


def test_a_refused_write_leaves_the_version_alone(app: Flask, user: ApiClient) -> None:
    _checkin(user)
    before = version(app)

    twice = user.post(CHECKINS, json=checkin_body(date=today().isoformat()))  # one per morning

    assert twice.status_code == 409
    assert version(app) == before


def test_signing_in_and_out_and_tokens_bump_nothing(app: Flask, client: Any) -> None:
    person = register(app, "carol@example.com")
    before = version(app, "carol@example.com")

    assert person.post(TOKENS, json={"name": "phone"}).status_code == 201
    assert person.post(LOGOUT).status_code == 204
    signed_in = client.post(LOGIN, json={"email": "carol@example.com", "password": PASSWORD})
    assert signed_in.status_code == 200
    assert person.get(ME).status_code == 401

    assert version(app, "carol@example.com") == before


def test_seeding_a_history_bumps_the_version(app: Flask, user: ApiClient) -> None:
    before = version(app)
    seed_days(app, "alice@example.com", 30)
    assert version(app) > before


def test_a_bulk_write_that_names_no_owner_bumps_the_owners_of_its_rows(
    app: Flask, user: ApiClient, other_user: ApiClient
) -> None:
    _checkin(user)
    before, others = version(app), version(app, "bob@example.com")
    with app.app_context():
        db.session.execute(delete(Checkin).where(Checkin.date == today()))
        db.session.execute(update(Plan).values(minutes_max=30))  # everyone's plans
        db.session.commit()
    assert version(app) > before  # SQLite: + 2 (a bump per row); PostgreSQL: + 1 (per transaction)
    assert version(app, "bob@example.com") == others + 1


def test_plain_sql_that_bypasses_the_app_still_bumps_its_owner(
    app: Flask, user: ApiClient, other_user: ApiClient
) -> None:
    """The bump is the database's (migration 0008's triggers): a script or a shell writing
    rows without the ORM cannot leave a stale number in the cache."""
    _checkin(user)
    _session(user)
    before, others = version(app), version(app, "bob@example.com")
    with app.app_context():
        alice = db.session.scalar(select(User.id).where(User.email == "alice@example.com"))
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE checkins SET pain_right = 1 WHERE user_id = :u"), {"u": alice}
            )
        assert version(app) == before + 1
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM session_techniques"))  # only alice has any
        after_links = version(app)
        assert after_links > before + 1
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM pauses WHERE user_id = :u"), {"u": alice})  # none
    assert version(app) == after_links  # no row deleted, no number changed
    assert version(app, "bob@example.com") == others


def test_a_single_row_insert_bumps_the_owner_its_values_name(app: Flask, user: ApiClient) -> None:
    before = version(app)
    with app.app_context():
        alice = db.session.scalar(select(User.id).where(User.email == "alice@example.com"))
        db.session.execute(insert(Checkin).values(user_id=alice, date=today(), pain_right=3))
        db.session.commit()
    assert version(app) == before + 1


def test_a_bulk_write_that_names_its_owner_bumps_it(app: Flask, user: ApiClient) -> None:
    _checkin(user)
    before = version(app)
    with app.app_context():
        alice = db.session.scalar(select(User).where(User.email == "alice@example.com"))
        assert alice is not None
        db.session.execute(delete(Checkin).where(Checkin.user_id == alice.id))
        assert alice.data_version == before + 1  # the loaded person has the new number too
        db.session.execute(update(User).where(User.id == alice.id).values(feet="left"))
        db.session.execute(delete(Plan).where(Plan.user_id == alice.id, Plan.id == -1))
        db.session.commit()
    assert version(app) == before + 2  # a delete of no row changes no number


def test_a_loaded_person_reads_the_new_version_after_a_flush_in_the_same_transaction(
    app: Flask, user: ApiClient
) -> None:
    """The triggers change the row behind the ORM's back: a read later in the same request
    must key by the new number, not by the one loaded before the write."""
    with app.app_context():
        alice = db.session.scalar(select(User).where(User.email == "alice@example.com"))
        assert alice is not None
        before = alice.data_version
        db.session.add(Checkin(user_id=alice.id, date=today(), pain_right=3))
        db.session.flush()
        assert alice.data_version == before + 1
        alice.feet = "left"  # the person's own row: the Python bump, read back at once
        db.session.flush()
        assert alice.data_version == before + 2
        db.session.commit()
    assert version(app) == before + 2
