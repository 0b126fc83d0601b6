"""The production server under faults: many writers on SQLite, kill -9 mid-burst on SQLite
and PostgreSQL, and PostgreSQL going away and coming back while the app runs.

"Acknowledged" means a 2xx reached the client: such a write must survive anything.
"""

from __future__ import annotations

import http.client
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.faults.support import (
    Gunicorn,
    PgCluster,
    gunicorn,
    prepare_database,
    request,
    session_body,
    wait_until,
)

WRITERS = 16
WRITES = int(os.environ.get("FAULT_WRITES", "400"))
"""Acknowledged writes the 16 writers must reach together: 25 each on average, every one
of them contending for SQLite's single write lock with 15 others."""


class Burst:
    """``count`` threads posting sessions, each on its own keep-alive connection."""

    def __init__(self, port: int, token: str, count: int = WRITERS) -> None:
        self.port, self.token = port, token
        self.acknowledged: set[str] = set()
        self.errors: list[str] = []
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._write, daemon=True) for _ in range(count)]

    def _write(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while not self.stop.is_set():
            body = session_body()
            try:
                status, payload = request(
                    self.port, "POST", "/api/v1/sessions", body, self.token, conn=conn
                )
            except (OSError, http.client.HTTPException) as error:
                with self._lock:
                    self.errors.append(type(error).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                time.sleep(0.05)
                continue
            with self._lock:
                if status == 201:
                    self.acknowledged.add(body["client_id"])
                else:
                    self.errors.append(f"{status} {payload!r:.200}")
        conn.close()

    def __enter__(self) -> Burst:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


def _sqlite_client_ids(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT client_id FROM care_sessions").fetchall()
    return {_uuid_text(value) for (value,) in rows}


def _uuid_text(value: object) -> str:
    """SQLAlchemy's Uuid stores 32 hex characters on SQLite."""
    text = value.hex() if isinstance(value, bytes) else str(value).replace("-", "")
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _pg_client_ids(cluster: PgCluster) -> set[str]:
    url = cluster.url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(url) as conn:
        return {str(value) for (value,) in conn.execute("SELECT client_id FROM care_sessions")}


@dataclass(frozen=True)
class Served:
    server: Gunicorn
    token: str


@pytest.fixture(scope="module")
def on_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Path]]:
    """One production server on one SQLite file for this module's SQLite tests: a start is
    seconds of imports. A test that kills it starts it again before it ends."""
    folder = tmp_path_factory.mktemp("sqlite-server")
    path = folder / "busy.db"
    token = prepare_database(f"sqlite:///{path}")
    with gunicorn(f"sqlite:///{path}", folder) as server:
        yield Served(server, token), path


@pytest.fixture(scope="module")
def on_postgresql(
    pg_cluster: PgCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The same on this module's PostgreSQL database, for the kill and the outage."""
    token = prepare_database(pg_cluster.url)
    with gunicorn(pg_cluster.url, tmp_path_factory.mktemp("postgresql-server")) as server:
        yield Served(server, token)


def test_sixteen_writers_on_sqlite_lose_nothing_and_never_see_locked(
    on_sqlite: tuple[Served, Path],
) -> None:
    (served, path) = on_sqlite
    with Burst(served.server.port, served.token) as burst:
        began = time.monotonic()
        wait_until(
            lambda: len(burst.acknowledged) >= WRITES or burst.errors,
            120,
            lambda: f"{len(burst.acknowledged)} of {WRITES} writes acknowledged",
        )
    print(
        f"{len(burst.acknowledged)} writes acknowledged in {time.monotonic() - began:.1f} s "
        f"by {WRITERS} writers"
    )

    assert burst.errors == []
    assert len(burst.acknowledged) >= WRITES
    assert burst.acknowledged <= _sqlite_client_ids(path)


def _kill_mid_burst(server: Gunicorn, token: str) -> set[str]:
    """Killed once every writer could have had two writes acknowledged: the burst is under
    way, with requests in flight; then the writers keep trying against a dead server."""
    with Burst(server.port, token) as burst:
        wait_until(
            lambda: len(burst.acknowledged) > 2 * WRITERS,
            60,
            lambda: f"only {len(burst.acknowledged)} writes acknowledged before the kill",
        )
        server.kill9()
        wait_until(
            lambda: len(burst.errors) >= WRITERS,
            20,
            lambda: f"the writers saw {len(burst.errors)} failures after the kill",
        )
    assert len(burst.acknowledged) > 2 * WRITERS
    return burst.acknowledged


def test_kill_9_mid_burst_on_sqlite_keeps_every_acknowledged_write(
    on_sqlite: tuple[Served, Path], tmp_path: Path
) -> None:
    (served, path) = on_sqlite
    server, token = served.server, served.token
    acknowledged = _kill_mid_burst(server, token)
    assert acknowledged <= _sqlite_client_ids(path)  # integrity_check ok, all there
    server.start(tmp_path)  # and it serves again on the same file
    status, _ = request(server.port, "POST", "/api/v1/sessions", session_body(), token)
    assert status == 201


def test_kill_9_mid_burst_on_postgresql_keeps_every_acknowledged_write(
    on_postgresql: Served, pg_cluster: PgCluster, tmp_path: Path
) -> None:
    server, token = on_postgresql.server, on_postgresql.token
    acknowledged = _kill_mid_burst(server, token)
    assert acknowledged <= _pg_client_ids(pg_cluster)
    server.start(tmp_path)
    status, _ = request(server.port, "POST", "/api/v1/sessions", session_body(), token)
    assert status == 201


def test_postgresql_outage_is_a_503_and_the_app_heals_itself(
    on_postgresql: Served, pg_cluster: PgCluster
) -> None:
    server, token = on_postgresql.server, on_postgresql.token
    assert request(server.port, "GET", "/api/v1/sessions", token=token)[0] == 200

    pg_cluster.stop()
    try:
        write = request(server.port, "POST", "/api/v1/sessions", session_body(), token)
        read = request(server.port, "GET", "/api/v1/sessions", token=token)
        health = request(server.port, "GET", "/healthz")
    finally:
        pg_cluster.start()

    for status, body in (write, read):
        assert status == 503, body
        assert "database is unavailable" in body["message"]
    assert health == (503, {"status": "error", "database": "down"})

    # No restart: the pool's pre-ping finds the new server on the next request.
    wait_until(
        lambda: request(server.port, "GET", "/healthz")[0] == 200,
        20,
        "the app did not reconnect",
    )
    assert request(server.port, "POST", "/api/v1/sessions", session_body(), token)[0] == 201


@pytest.mark.parametrize("count", [1])
def test_a_fresh_server_refuses_to_start_without_its_settings(tmp_path: Path, count: int) -> None:
    import subprocess
    import sys

    from tracker import PROJECT_ROOT

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env["FIRSTSTEP_ENV"] = "production"
    result = subprocess.run(
        [sys.executable, "-c", "import tracker.wsgi"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
