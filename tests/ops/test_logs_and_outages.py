"""Request ids, one JSON access line per request with nothing private in it, and a 503
(never a 500 page) while the database is unreachable."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, checkin_body, days_ago
from tests.conftest import ApiClient, make_config
from tracker import create_app
from tracker.extensions import db
from tracker.logs import JsonFormatter
from tracker.models import Checkin


def test_every_response_carries_a_request_id(client, user: ApiClient) -> None:  # type: ignore[no-untyped-def]
    made = client.get("/healthz")
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})
    hostile = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})

    assert len(made.headers["X-Request-ID"]) == 32
    assert kept.headers["X-Request-ID"] == "lb-1234abcd"
    assert len(hostile.headers["X-Request-ID"]) == 32
    assert user.get("/nope").headers["X-Request-ID"]  # errors too


def test_one_json_line_per_request_with_route_not_path(
    user: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret_note = "my-private-note-4711"
    with caplog.at_level(logging.INFO, logger="tracker.access"):
        made = user.post(CHECKINS, json=checkin_body(notes=secret_note, pain_right=9))
        user.get(f"{CHECKINS}/{made.json['id']}?from=2026-01-01")
    records = [r for r in caplog.records if r.name == "tracker.access"]
    lines = [json.loads(JsonFormatter().format(r)) for r in records]

    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("POST", "/api/v1/checkins", 201),
        ("GET", "/api/v1/checkins/<int(max=2147483647):checkin_id>", 200),
    ]
    assert all(line["latency_ms"] >= 0 and len(line["request_id"]) == 32 for line in lines)
    everything = caplog.text + "".join(JsonFormatter().format(r) for r in caplog.records)
    for private in (secret_note, "2026-01-01", "alice@example.com", "pain"):
        assert private not in everything


def test_json_logging_is_on_in_production(tmp_path: Path) -> None:
    app = create_app(
        make_config(f"sqlite:///{tmp_path / 'p.db'}", LOG_FORMAT="json", RATELIMIT_ENABLED=False)
    )
    handler = logging.getLogger().handlers[0]
    try:
        assert isinstance(handler.formatter, JsonFormatter)
        assert app.config["LOG_FORMAT"] == "json"
    finally:
        logging.getLogger().handlers.remove(handler)


@pytest.fixture
def unreachable(tmp_path: Path) -> Flask:
    """An app whose database cannot be opened: a file in a directory that does not exist."""
    return create_app(
        make_config(f"sqlite:///{tmp_path / 'gone' / 'db.sqlite'}", RATELIMIT_ENABLED=False)
    )


def test_api_answers_503_json_while_the_database_is_down(unreachable: Flask) -> None:
    client = unreachable.test_client()

    api = client.get(CHECKINS, headers={"Authorization": "Bearer fs_whatever"})
    login = client.post("/api/v1/auth/login", json={"email": "a@b.co", "password": "x" * 12})
    health = client.get("/healthz")

    for response in (api, login):
        assert response.status_code == 503
        assert response.is_json
        assert "database is unavailable" in response.json["message"]
        assert response.headers["Retry-After"] == "5"
    assert (health.status_code, health.json["database"]) == (503, "down")


def test_the_app_recovers_without_a_restart_once_the_database_is_back(
    unreachable: Flask, tmp_path: Path
) -> None:
    client = unreachable.test_client()
    assert client.get("/healthz").status_code == 503

    (tmp_path / "gone").mkdir()  # the volume is back

    assert client.get("/healthz").status_code == 200


CANARY_NOTE = "canary-note-7f3a9c"
CANARY_PAIN = 7


@contextmanager
def failing_statements(app: Flask, matches: str, action: Callable[[Any], None]) -> Iterator[None]:
    """Run ``action(connection)`` just before the first statement containing ``matches``."""
    with app.app_context():
        engine = db.engine
    fired: list[bool] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if matches in statement and not fired:
            fired.append(True)
            action(conn)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert fired, f"no statement with {matches!r} ran"


def _everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return caplog.text + "".join(JsonFormatter().format(r) for r in caplog.records)


def _assert_nothing_private(logged: str, *private: str) -> None:
    for text in (CANARY_NOTE, "[parameters", "Failing row", "pain_right': ", *private):
        assert text not in logged


def test_a_checkin_racing_its_account_deletion_is_409_and_logs_no_values(
    app: Flask, bearer: ApiClient, rows: Rows, caplog: pytest.LogCaptureFixture
) -> None:
    """The account disappears between the sign-in check and the insert: the foreign key
    refuses the row. A clean 409, and the log says what failed, never what was sent."""

    def delete_the_account(conn: Any) -> None:
        conn.exec_driver_sql("DELETE FROM users")

    with (
        caplog.at_level(logging.INFO),
        failing_statements(app, "INSERT INTO checkins", delete_the_account),
    ):
        response = bearer.post(
            CHECKINS, json=checkin_body(notes=CANARY_NOTE, pain_right=CANARY_PAIN)
        )

    assert response.status_code == 409
    assert response.is_json and "Nothing was saved" in response.json["message"]
    assert rows.count(Checkin) == 0
    logged = _everything_logged(caplog)
    assert "IntegrityError" in logged  # the operator still learns what happened
    _assert_nothing_private(logged, "alice@example.com")


def _lose_the_database(conn: Any) -> None:
    raise conn.dialect.loaded_dbapi.OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["sessions", "checkins", "daily"])
def test_an_export_that_loses_its_database_before_the_first_byte_is_a_503(
    app: Flask, user: ApiClient, kind: str, ext: str
) -> None:
    user.post(CHECKINS, json=checkin_body(notes=CANARY_NOTE))
    table = {"sessions": "care_sessions", "checkins": "checkins", "daily": "checkins"}[kind]

    with failing_statements(app, f"FROM {table}", _lose_the_database):
        response = user.get(f"/api/v1/export/{kind}.{ext}")

    assert response.status_code == 503
    assert response.is_json and "database is unavailable" in response.json["message"]
    assert response.headers["Retry-After"] == "5"


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["sessions", "checkins", "daily"])
def test_a_share_link_export_that_loses_its_database_is_a_503_and_logs_no_token(
    app: Flask, user: ApiClient, kind: str, ext: str, caplog: pytest.LogCaptureFixture
) -> None:
    user.post(CHECKINS, json=checkin_body(notes=CANARY_NOTE))
    link = user.post("/api/v1/share-links", json={"label": "physio"}).json
    table = {"sessions": "care_sessions", "checkins": "checkins", "daily": "checkins"}[kind]

    with (
        caplog.at_level(logging.INFO),
        failing_statements(app, f"FROM {table}", _lose_the_database),
    ):
        response = app.test_client().get(
            f"/s/{link['token']}/{kind}.{ext}", headers={"Accept": "application/json"}
        )

    assert response.status_code == 503
    assert response.is_json and response.headers["Retry-After"] == "5"
    _assert_nothing_private(_everything_logged(caplog), link["token"], "alice@example.com")


def test_an_export_cut_part_way_raises_a_bland_error_and_logs_no_values(
    app: Flask, user: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Past the first byte only the connection can be cut; what the server then logs is
    our bland ExportInterrupted, with no cause chained to it."""
    from tracker.export import files

    many = 400  # more than one chunk of the stream
    for n in range(many):
        made = user.post(
            CHECKINS, json=checkin_body(notes=CANARY_NOTE * 20, date=days_ago(n).isoformat())
        )
        assert made.status_code == 201

    def fail_later(rows: Iterator[Any]) -> Iterator[Any]:
        for n, row in enumerate(rows):
            if n == many - 1:
                raise ValueError(f"bad row {row!r}")  # its text quotes the note
            yield row

    original = files.RECORD_FILES["checkins"]
    files.RECORD_FILES["checkins"] = (original[0], lambda *a: fail_later(original[1](*a)))
    try:
        with caplog.at_level(logging.INFO):
            response = user.get("/api/v1/export/checkins.csv")
            assert response.status_code == 200
            with pytest.raises(files.ExportInterrupted) as raised:
                response.get_data()
    finally:
        files.RECORD_FILES["checkins"] = original

    assert raised.value.__suppress_context__
    _assert_nothing_private(_everything_logged(caplog))
    assert "export stream interrupted: ValueError" in caplog.text


def _every_connection_busy(conn: Any) -> None:
    raise PoolTimeout("QueuePool limit of size 5 overflow 10 reached")


def _value_out_of_range(conn: Any) -> None:
    raise conn.dialect.loaded_dbapi.DataError("integer out of range")


@pytest.mark.parametrize(
    ("trouble", "status", "says"),
    [
        (_lose_the_database, 503, "database is unavailable"),
        (_every_connection_busy, 503, "database is unavailable"),
        (_value_out_of_range, 422, "out of the range the database can store"),
    ],
)
def test_database_trouble_is_a_json_4xx_or_503_never_a_500(
    app: Flask,
    bearer: ApiClient,
    rows: Rows,
    caplog: pytest.LogCaptureFixture,
    trouble: Callable[[Any], None],
    status: int,
    says: str,
) -> None:
    with caplog.at_level(logging.INFO), failing_statements(app, "INSERT INTO checkins", trouble):
        response = bearer.post(CHECKINS, json=checkin_body(notes=CANARY_NOTE))

    assert response.status_code == status
    assert response.is_json and says in response.json["message"]
    assert rows.count(Checkin) == 0
    _assert_nothing_private(_everything_logged(caplog))


def test_database_errors_never_quote_the_values_sent(app: Flask, database_url: str) -> None:
    """Should anything log a database error's text, the values bound to it are not there;
    the same with engine options of a caller's own."""
    own_options = create_app(
        make_config(database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    )
    for each in (app, own_options):
        with each.app_context():
            row = {"user_id": 2**31 - 1, "date": date(2026, 1, 1), "notes": CANARY_NOTE}
            with pytest.raises(IntegrityError) as raised:
                db.session.execute(insert(Checkin).values(pain_right=CANARY_PAIN, **row))
            db.session.rollback()
            db.engine.dispose()

        assert CANARY_NOTE not in str(raised.value)
        assert "hidden due to hide_parameters" in str(raised.value)
