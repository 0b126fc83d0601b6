"""gunicorn.conf.py: the production settings the README documents, read from the
environment, and workers that never share a database connection with the master."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from tracker.extensions import db

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ("BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_defaults_are_the_documented_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(monkeypatch)

    assert settings["wsgi_app"] == "tracker.wsgi:app"
    assert (settings["workers"], settings["worker_class"], settings["threads"]) == (
        2,
        "gthread",
        4,
    )
    assert settings["preload_app"] is True
    assert settings["max_requests"] == 10000
    assert settings["accesslog"] is None  # the app logs requests itself, by route template
    assert settings["loglevel"] == "info"


def test_the_environment_overrides_them(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(
        monkeypatch,
        BIND="0.0.0.0:9000",
        WEB_CONCURRENCY="5",
        GUNICORN_THREADS="8",
        LOG_LEVEL="WARNING",
        FORWARDED_ALLOW_IPS="10.0.0.2",
    )

    assert settings["bind"] == "0.0.0.0:9000"
    assert (settings["workers"], settings["threads"]) == (5, 8)
    assert settings["loglevel"] == "warning"
    assert settings["forwarded_allow_ips"] == "10.0.0.2"


def test_a_forked_worker_gets_a_pool_of_its_own(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The master imported the app; a connection it had opened must not reach a worker."""
    post_fork = _settings(monkeypatch)["post_fork"]
    with app.app_context():
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        masters_pool = db.engine.pool

    try:
        post_fork(SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app)), worker=None)

        with app.app_context():
            assert db.engine.pool is not masters_pool
            with db.engine.connect() as connection:
                assert connection.execute(text("SELECT 1")).scalar() == 1
    finally:
        masters_pool.dispose()  # in real life the master's; here, this test's own
