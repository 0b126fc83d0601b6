"""Nothing private in any log of a fault run: the production server on PostgreSQL, with
the database lost under a streaming share-link export and an account deleted under a
check-in. Every line gunicorn and the app wrote (one file: both write to stderr) is
searched for a canary note, the pain score beside it, the account's email and the share
link's token."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg

from tests.faults.support import (
    Gunicorn,
    PgCluster,
    prepare_database,
    request,
    session_body,
    wait_until,
)

CANARY = "canary-note-5e1d77"
PAIN = 7
CHECKIN = {"pain_right": PAIN, "notes": CANARY}


def _psycopg_url(cluster: PgCluster) -> str:
    return cluster.url.replace("postgresql+psycopg", "postgresql")


def _in_background(call: Any) -> tuple[threading.Thread, list[Any]]:
    answer: list[Any] = []
    thread = threading.Thread(target=lambda: answer.append(call()), daemon=True)
    thread.start()
    return thread, answer


def _wait_healthy(server: Gunicorn) -> None:
    wait_until(
        lambda: request(server.port, "GET", "/healthz")[0] == 200,
        20,
        "the app did not reconnect",
    )


def _wait_for_a_blocked_query(cluster: PgCluster, what: str) -> None:
    """Until the app's query waits on a lock another connection holds: the moment the test
    is about (asked of pg_stat_activity from its own connection, outside any transaction,
    whose snapshot of the activity would stay fixed)."""
    with psycopg.connect(_psycopg_url(cluster), autocommit=True) as watcher:
        wait_until(
            lambda: (
                watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                ).fetchone()
                != (0,)
            ),
            20,
            f"{what} never waited on the lock",
        )


def _stream_losing_its_database(server: Gunicorn, cluster: PgCluster, token: str) -> Any:
    """The export's query waits on a lock; then PostgreSQL shuts down under it."""
    holder = psycopg.connect(_psycopg_url(cluster))
    holder.execute("LOCK TABLE care_sessions IN ACCESS EXCLUSIVE MODE")
    thread, answer = _in_background(
        lambda: request(server.port, "GET", f"/s/{token}/sessions.csv", timeout=25)
    )
    _wait_for_a_blocked_query(cluster, "the export")
    cluster.stop()  # a fast shutdown ends every session, the lock holder's too
    thread.join(25)
    cluster.start()
    holder.close()
    _wait_healthy(server)
    return answer[0]


def _checkin_racing_deletion(server: Gunicorn, cluster: PgCluster, bearer: str) -> Any:
    """The account is deleted (not yet committed) when the check-in arrives; its insert
    waits for the deletion, which then commits: the foreign key refuses the row."""
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    body = {"date": yesterday, "pain_right": PAIN, "notes": CANARY}
    deleter = psycopg.connect(_psycopg_url(cluster))
    deleter.execute("DELETE FROM users")
    thread, answer = _in_background(
        lambda: request(server.port, "POST", "/api/v1/checkins", body, bearer)
    )
    _wait_for_a_blocked_query(cluster, "the check-in")
    deleter.commit()
    deleter.close()
    thread.join(25)
    return answer[0]


def test_no_log_line_of_a_fault_run_holds_private_data(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    bearer = prepare_database(pg_cluster.url)
    with psycopg.connect(_psycopg_url(pg_cluster)) as conn:
        (email,) = conn.execute("SELECT email FROM users").fetchone() or ("",)
    server = Gunicorn(pg_cluster.url).start(tmp_path)
    try:
        made = request(server.port, "POST", "/api/v1/checkins", CHECKIN, bearer)
        stored = request(server.port, "POST", "/api/v1/sessions", session_body(), bearer)
        status, link = request(
            server.port, "POST", "/api/v1/share-links", {"label": CANARY}, bearer
        )
        assert (made[0], stored[0], status) == (201, 201, 201)

        streamed = _stream_losing_its_database(server, pg_cluster, link["token"])
        pg_cluster.stop()
        try:
            down = request(
                server.port,
                "POST",
                "/api/v1/checkins",
                {"pain_right": PAIN, "notes": CANARY},
                bearer,
            )
        finally:
            pg_cluster.start()
        _wait_healthy(server)
        raced = _checkin_racing_deletion(server, pg_cluster, bearer)
    finally:
        server.stop()

    # The answers are the documented ones: JSON, never gunicorn's bare 500 page.
    assert streamed[0] == 503, streamed
    assert "database is unavailable" in streamed[1]["message"]
    assert down[0] == 503, down
    assert raced[0] == 409, raced
    assert "Nothing was saved" in raced[1]["message"]

    assert server.log is not None
    logged = server.log.read_text()
    assert "database unavailable" in logged and "IntegrityError" in logged  # it did log
    for private in (CANARY, email, link["token"], "[parameters", "Failing row", "DETAIL"):
        assert private not in logged, private
    assert f"'pain_right': {PAIN}" not in logged and f"pain_right={PAIN}" not in logged
    assert "Error handling request" not in logged
