"""`manage.py backup` and `restore`: a consistent copy while the app writes; a checked restore."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from tests.api.helpers import SESSIONS, session_body
from tests.conftest import ApiClient, make_config, register
from tracker import create_app

WRITES = 150


@pytest.fixture
def live(tmp_path: Path) -> Flask:
    app = create_app(make_config(f"sqlite:///{tmp_path / 'live.db'}"))
    with app.app_context():
        upgrade()
    return app


def _sessions(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM care_sessions").fetchone()[0])


def test_backup_while_writing_then_restore_round_trip(live: Flask, tmp_path: Path) -> None:
    person: ApiClient = register(live, "writer@example.com")
    token = person.post("/api/v1/tokens", json={"name": "w"}).json["token"]
    writer = ApiClient(live.test_client(), {"Authorization": f"Bearer {token}"})
    acknowledged: list[int] = []

    def write() -> None:
        for _ in range(WRITES):
            response = writer.post(SESSIONS, json=session_body())
            assert response.status_code == 201
            acknowledged.append(response.json["id"])

    thread = threading.Thread(target=write)
    thread.start()
    while len(acknowledged) < WRITES // 3:
        thread.join(0.01)
    backup_file = tmp_path / "backup.db"
    result = live.test_cli_runner().invoke(args=["backup", str(backup_file)])
    thread.join()

    assert result.exit_code == 0, result.output
    saved = _sessions(backup_file)
    assert WRITES // 3 <= saved <= WRITES  # a snapshot taken mid-stream
    assert f"{saved} sessions" in result.output
    with sqlite3.connect(backup_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(acknowledged) == WRITES == _sessions(tmp_path / "live.db")

    restored = live.test_cli_runner().invoke(args=["restore", str(backup_file), "--yes"])

    assert restored.exit_code == 0, restored.output
    assert _sessions(tmp_path / "live.db") == saved
    listed = writer.get(SESSIONS, query_string={"page_size": 100})  # the app serves on
    assert listed.status_code == 200
    assert json.loads(listed.headers["X-Pagination"])["total"] == saved


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(
    live: Flask, tmp_path: Path
) -> None:
    register(live, "keep@example.com")
    existing = tmp_path / "taken.db"
    existing.write_text("precious")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    runner = live.test_cli_runner()

    taken = runner.invoke(args=["backup", str(existing)])
    not_sqlite = runner.invoke(args=["restore", str(junk), "--yes"])
    not_ours = runner.invoke(args=["restore", str(other), "--yes"])
    missing = runner.invoke(args=["restore", str(tmp_path / "nope.db"), "--yes"])

    assert taken.exit_code == 1 and "already exists" in taken.output
    assert existing.read_text() == "precious"
    assert not_sqlite.exit_code == 1 and "not a SQLite database" in not_sqlite.output
    assert not_ours.exit_code == 1 and "not a FirstStep database" in not_ours.output
    assert missing.exit_code == 1 and "no backup file" in missing.output
    for result in (taken, not_sqlite, not_ours, missing):
        assert "Traceback" not in result.output
    with sqlite3.connect(tmp_path / "live.db") as conn:  # nothing was touched
        assert conn.execute("SELECT email FROM users").fetchall() == [("keep@example.com",)]


def test_backup_on_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    app = create_app(make_config("postgresql+psycopg://nobody@127.0.0.1:1/none_test"))

    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.db")])

    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output
