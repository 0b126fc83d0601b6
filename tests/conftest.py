"""Fixtures: one migrated database per run, emptied after every test.

The database is SQLite in a temporary folder unless ``DATABASE_URL`` names a
PostgreSQL database, which CI sets for its second pass. Because the tests
drop everything in it, a PostgreSQL database must have "test" in its name.

Markers are given here, not by hand, so a new test gets them too: ``browser``,
``faults`` and ``fuzz`` by folder, and ``db`` to every test that asks for the
database (the ``database_url`` fixture, through ``app``, ``client``, ``user`` ...).
A test without ``db`` runs with ``DATABASE_URL`` unset, so it does the same in both
passes, and the PostgreSQL pass may leave it out without losing anything.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from tracker import create_app
from tracker.extensions import db

FAST_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
PASSWORD = "a long enough passphrase"
VAPID = {
    "VAPID_PRIVATE_KEY": "rHejxjOho2acE4P7ZKZL7J-SLFQpcgzaT-V7-BxXybg",
    "VAPID_PUBLIC_KEY": "BJYM_2vJGU3e5Fe2cLhQFlblhTwPcvzlk1H3IwzVykzU"
    "eWuUqDzuc2BK89s_XMdD_-VwXbGL2KhbQt9epHfWTTM",
    "VAPID_SUBJECT": "mailto:tests@example.com",
}
"""A Web Push key pair for tests only (``manage.py vapid-keys``), so GET /push/key works."""
KEPT_TABLES = {"techniques", "alembic_version"}
TESTS = Path(__file__).parent
FOLDER_MARKERS = {"browser": "browser", "faults": "faults", "fuzz": "fuzz"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0] if item.path.is_relative_to(TESTS) else ""
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker("db")


def _skipped(config: pytest.Config) -> int:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return len(reporter.stats.get("skipped", [])) if reporter is not None else 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On CI a skipped test is a test that ran on no database: the run fails instead."""
    if os.environ.get("CI") and exitstatus == pytest.ExitCode.OK and _skipped(session.config):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if os.environ.get("CI") and _skipped(config):
        terminalreporter.write_line(
            f"CI is set and {_skipped(config)} test(s) were skipped, so the run fails: "
            "install what they need (see the README's test command).",
            red=True,
        )


def _database_url(tmp_root: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        name = make_url(url).database or ""
        if "test" not in name:
            pytest.exit(
                f"DATABASE_URL names {name!r}; the tests empty their database, so use one "
                "whose name contains 'test' (e.g. firststep_test).",
                returncode=2,
            )
        return url
    return f"sqlite:///{tmp_root}/test.db"


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_config(url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "ARGON2_OPTIONS": FAST_ARGON2,
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
        **VAPID,
        **overrides,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _database_url(str(tmp_path_factory.mktemp("db")))
    if not url.startswith("sqlite"):
        _reset_postgres(url)
    return url


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    from flask_migrate import upgrade

    app = create_app(make_config(database_url))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _database_only_if_asked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test without the ``db`` marker cannot reach ``DATABASE_URL``'s database by the
    environment either (a subprocess, a ``create_app()`` reading it)."""
    if request.node.get_closest_marker("db") is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _empty_database(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    flask_app: Flask = request.getfixturevalue("app")
    with flask_app.app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]
        with db.engine.begin() as conn:
            for table in tables:
                conn.execute(table.delete())


class ApiClient:
    """A test client that signs its unsafe requests the way a real client must."""

    def __init__(self, client: FlaskClient, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = dict(headers or {})

    def _call(self, method: str, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._call("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._call("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._call("DELETE", path, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def register(app: Flask, email: str | None = None, **fields: Any) -> ApiClient:
    """A new account signed in with a cookie, carrying its CSRF token."""
    client = app.test_client()
    body = {
        "email": email or f"user-{uuid.uuid4().hex[:8]}@example.com",
        "password": PASSWORD,
        "timezone": "UTC",
        "feet": "both",
        **fields,
    }
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.json
    return ApiClient(client, {"X-CSRF-Token": response.headers["X-CSRF-Token"]})


@pytest.fixture
def user(app: Flask) -> ApiClient:
    """Signed in by cookie, as the phone app is."""
    return register(app, "alice@example.com", feet="right", timezone="Europe/Berlin")


@pytest.fixture
def other_user(app: Flask) -> ApiClient:
    return register(app, "bob@example.com")


@pytest.fixture
def bearer(app: Flask, user: ApiClient) -> ApiClient:
    """The same person as ``user``, through a personal API token and no cookie."""
    token = user.post("/api/v1/tokens", json={"name": "tests"}).json["token"]
    return ApiClient(app.test_client(), {"Authorization": f"Bearer {token}"})


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs: round trips are what a request costs."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def limited_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """A second app over the same migrated database, with rate limits on.

    Flask-Limiter keeps ``enabled`` on its one shared extension object, so the
    session's app gets its own setting back afterwards; the second app's pool is
    closed, or PostgreSQL connections would be left for the garbage collector.
    """
    from tracker.extensions import limiter

    limited = create_app(make_config(database_url, RATELIMIT_ENABLED=True))
    limiter.enabled = True
    limiter.reset()
    yield limited
    limiter.reset()
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    with limited.app_context():
        db.engine.dispose()
