"""The app factory: settings from the environment, overrides from tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker import create_app
from tracker.config import ConfigError, load_config


def test_overrides_are_applied(database_url: str) -> None:
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"] == database_url


def test_development_generates_and_keeps_a_secret(tmp_path: Path) -> None:
    first = load_config(tmp_path, {})["SECRET_KEY"]
    second = load_config(tmp_path, {})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(tmp_path, {"FIRSTSTEP_ENV": "production", "DATABASE_URL": "sqlite://"})


@pytest.mark.parametrize("secret", ["a", "fault-test-secret", "x" * 31])
def test_production_refuses_a_short_secret_saying_how_long(tmp_path: Path, secret: str) -> None:
    env = {"FIRSTSTEP_ENV": "production", "SECRET_KEY": secret, "DATABASE_URL": "sqlite://"}

    with pytest.raises(ConfigError, match=f"SECRET_KEY is {len(secret)} characters long") as err:
        load_config(tmp_path, env)

    assert "at least 32" in str(err.value)


def test_production_accepts_a_32_character_secret(tmp_path: Path) -> None:
    env = {"FIRSTSTEP_ENV": "production", "SECRET_KEY": "k" * 32, "DATABASE_URL": "sqlite://"}

    assert load_config(tmp_path, env)["SECRET_KEY"] == "k" * 32


def test_development_accepts_a_short_secret(tmp_path: Path) -> None:
    assert load_config(tmp_path, {"SECRET_KEY": "dev"})["SECRET_KEY"] == "dev"


def test_production_refuses_to_start_without_database(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL is not set"):
        load_config(tmp_path, {"FIRSTSTEP_ENV": "production", "SECRET_KEY": "x" * 64})


def test_production_cookies_are_secure(tmp_path: Path) -> None:
    config = load_config(
        tmp_path,
        {"FIRSTSTEP_ENV": "production", "SECRET_KEY": "x" * 64, "DATABASE_URL": "sqlite://"},
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_unknown_environment_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="FIRSTSTEP_ENV must be one of"):
        load_config(tmp_path, {"FIRSTSTEP_ENV": "staging"})


def test_heroku_style_postgres_url_uses_psycopg(tmp_path: Path) -> None:
    config = load_config(tmp_path, {"DATABASE_URL": "postgres://u:p@db/firststep"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/firststep"
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_healthz_reports_the_database(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "up"}


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("3", "3")])
def test_numpy_gets_one_blas_thread_unless_the_environment_says_otherwise(
    given: str | None, expected: str
) -> None:
    """Importing the app first (as gunicorn does) sets it before numpy's BLAS loads."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS",)}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tracker, numpy, os; print(os.environ['OPENBLAS_NUM_THREADS'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == expected
