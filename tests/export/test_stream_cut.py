"""A download cut off part-way leaves nothing open behind it, on SQLite and PostgreSQL.

The sessions and check-ins files stream from a cursor on a database connection of their
own (a server-side cursor on PostgreSQL). A phone that loses signal half way makes the
server close the response; then that cursor and its connection must be closed at once,
and the next requests (another export, the dashboard) must not notice anything.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from tests.conftest import ApiClient
from tests.export.test_routes import insert_sessions
from tracker.export.service import CHUNK_ROWS
from tracker.extensions import db

SESSIONS_CSV = "/api/v1/export/sessions.csv"
COUNT = 3 * CHUNK_ROWS + 17
"""Several fetches of the cursor, so a cut half way leaves rows still to be read."""


def _seed(app: Flask) -> None:
    insert_sessions(app, COUNT, "note {}")


def _open_elsewhere(app: Flask) -> tuple[int, int]:
    """(connections the app's pool has checked out, PostgreSQL backends of this database
    other than the asking one still inside a transaction: where an unclosed cursor lives)."""
    with app.app_context():
        engine = db.engine
        checked_out = engine.pool.checkedout()  # type: ignore[attr-defined]
        if engine.dialect.name != "postgresql":
            return checked_out, 0
        with engine.connect() as conn:
            in_transaction = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                )
            )
        return checked_out, int(in_transaction or 0)


def _lines(body: bytes) -> int:
    return body.count(b"\r\n") - 1  # less the header


def test_a_download_cut_half_way_closes_its_cursor_and_the_next_requests_are_whole(
    app: Flask, user: ApiClient
) -> None:
    _seed(app)
    whole = user.get(SESSIONS_CSV).get_data()
    assert _lines(whole) == COUNT

    response = user.get(SESSIONS_CSV, buffered=False)
    assert response.status_code == 200
    chunks = iter(response.response)
    received = next(chunks) + next(chunks)
    assert 0 < _lines(received) < COUNT  # part of the file, with rows still in the cursor
    response.close()  # what the server does when the phone goes away

    assert _open_elsewhere(app) == (0, 0)
    again = user.get(SESSIONS_CSV)
    assert again.status_code == 200
    assert again.get_data() == whole
    dashboard = user.get("/api/v1/dashboard")
    assert dashboard.status_code == 200
    assert dashboard.json["summary"]["totals"]["sessions"] == COUNT
    assert _open_elsewhere(app) == (0, 0)


def test_a_download_closed_before_its_body_is_read_closes_its_cursor(
    app: Flask, user: ApiClient
) -> None:
    """The view reads the first rows itself (so an outage is still a JSON 503); a response
    the server closes before sending any of the body must close that cursor too."""
    _seed(app)
    response = user.get(SESSIONS_CSV, buffered=False)
    assert response.status_code == 200
    response.close()

    assert _open_elsewhere(app) == (0, 0)
    assert _lines(user.get(SESSIONS_CSV).get_data()) == COUNT
