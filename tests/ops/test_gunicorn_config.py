"""gunicorn.conf.py: the production settings the README documents, read from the
environment, and workers that never share a database connection with the master."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from tracker.config import ConfigError
from tracker.extensions import db

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in (
        "BIND",
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "LOG_LEVEL",
        "FIRSTSTEP_ENV",
        "RATELIMIT_ENABLED",
        "RATELIMIT_STORAGE_URI",
    ):
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


def test_production_refuses_per_worker_rate_limit_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """With memory:// each worker counts alone: 2 workers let twice the limit through."""
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI is 'memory://' with 2 workers"):
        _settings(monkeypatch, FIRSTSTEP_ENV="production")
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY=1"):
        _settings(monkeypatch, FIRSTSTEP_ENV="production", WEB_CONCURRENCY="3")


@pytest.mark.parametrize(
    "env",
    [
        {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"},
        {"WEB_CONCURRENCY": "1"},
        {"RATELIMIT_ENABLED": "0"},
    ],
    ids=["shared storage", "one worker", "limits off"],
)
def test_production_starts_with_counts_every_worker_shares(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    settings = _settings(monkeypatch, FIRSTSTEP_ENV="production", **env)

    assert settings["wsgi_app"] == "tracker.wsgi:app"


def test_gunicorn_leaves_forwarded_proto_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """One setting (TRUSTED_PROXIES) decides which proxy to believe, not two."""
    assert _settings(monkeypatch)["secure_scheme_headers"] == {}


def test_the_production_command_stops_with_the_reason(tmp_path: Path) -> None:
    """What an operator sees: gunicorn exits before serving, naming the fix."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RATELIMIT_", "WEB_CONCURRENCY"))
    }
    env.update(
        FIRSTSTEP_ENV="production",
        SECRET_KEY="k" * 64,
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.db'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py"],
        cwd=CONFIG.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "ConfigError: RATELIMIT_STORAGE_URI is 'memory://' with 2 workers" in result.stderr
