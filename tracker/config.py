"""Settings from the environment.

Why a function and not class attributes: the environment is read when the app
is created, not when the module is imported, so tests and the CLI can set
variables first. Production refuses to start on a missing secret instead of
falling back to a guessable default.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


def _instance_secret(instance_path: Path) -> str:
    """A development key made once and kept, so sign-ins survive a restart."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _engine_options(url: str) -> dict[str, Any]:
    """``hide_parameters``: a database error's message never carries the values bound to its
    statement (notes, pain scores, emails), so a logged error cannot leak health data."""
    if url.startswith("sqlite"):
        # A busy timeout instead of an immediate "database is locked".
        return {"connect_args": {"timeout": 30}, "hide_parameters": True}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10, "hide_parameters": True}


def _trusted_proxies(value: str | None, production: bool) -> int:
    """How many proxies in front of the app may set X-Forwarded-For and -Proto. Production
    sits behind one (see README); a development server has none, so a header is ignored."""
    if value is None or value.strip() == "":
        return 1 if production else 0
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise ConfigError(
            f"TRUSTED_PROXIES must be a whole number of proxies (0 or more), not {value!r}."
        )
    return count


def check_rate_limit_storage(env: Mapping[str, str], workers: int) -> None:
    """Refuse per-process counters when several processes serve: with ``memory://`` each
    gunicorn worker counts on its own, and a limit of 10 lets 10 per worker through."""
    if env.get("FIRSTSTEP_ENV", "development") != "production" or workers <= 1:
        return
    if env.get("RATELIMIT_ENABLED", "1") == "0":
        return
    storage = env.get("RATELIMIT_STORAGE_URI", "memory://")
    if storage.startswith("memory://"):
        raise ConfigError(
            f"RATELIMIT_STORAGE_URI is {storage!r} with {workers} workers: each worker would "
            "count on its own and the rate limits would let several times more through. Set "
            "RATELIMIT_STORAGE_URI to a storage every worker shares (e.g. "
            "redis://localhost:6379/0), or run one worker (WEB_CONCURRENCY=1), or leave rate "
            "limiting to your proxy (RATELIMIT_ENABLED=0)."
        )


CACHE_TIMEOUT_S = 24 * 3600
"""A cached result's key holds the person's local today, so after a day nobody asks for it."""
CACHE_ENTRIES = 200
"""In-process entries per worker (a 5-year dashboard is a few hundred kB): bounded memory."""


def cache_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Redis at ``CACHE_REDIS_URL``, else at the rate limiter's Redis if it has one (servers
    that share the limits share the analysis too), else each process's own memory."""
    url = env.get("CACHE_REDIS_URL", "").strip()
    limits = env.get("RATELIMIT_STORAGE_URI", "")
    if not url and limits.startswith(("redis://", "rediss://")):
        url = limits
    settings: dict[str, Any] = {
        "CACHE_DEFAULT_TIMEOUT": CACHE_TIMEOUT_S,
        "CACHE_KEY_PREFIX": "firststep:",
    }
    if url:
        # A Redis that stops answering costs a request half a second, then it is a miss.
        timeouts = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
        return {
            **settings,
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": url,
            "CACHE_OPTIONS": timeouts,
        }
    return {**settings, "CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": CACHE_ENTRIES}


COMPRESSED_TYPES = [
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
]
"""What flask-compress compresses: what the pages load (the seed-demo dashboard's JSON goes
from 56 to about 10 kB). Not the HTML pages: each carries the session's CSRF token beside
text the person typed, the mix a BREACH attack reads through compressed sizes (the
dashboard page is 12 kB, so little is lost); JSON bodies carry no token (it travels in a
header). Not text/csv: an export streams up to a million rows as
they are read, and must reach the client as they are read, not wait in a compressor's
buffer; nor the zip and xlsx files, compressed already. A static file is read whole first
(``read_static_for_compression``); plotly.js is gzipped once by its own route, which sets
``Content-Encoding`` and so is left alone."""


def compress_settings() -> dict[str, Any]:
    """A streamed response (a CSV export, a data archive) is never compressed, whatever its type."""
    return {
        "COMPRESS_MIMETYPES": COMPRESSED_TYPES,
        "COMPRESS_STREAMS": False,
        "COMPRESS_MIN_SIZE": 500,
    }


MIN_SECRET_LENGTH = 32
"""Characters of SECRET_KEY production insists on: it signs every session cookie."""

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}.")
    return level


VAPID_SETTINGS = ("VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT")


def vapid_settings(env: Mapping[str, str]) -> dict[str, str | None]:
    """The Web Push keys: all three or none (push reminders are then off). A pair that does
    not belong together would make every browser's subscription useless, so it is refused
    here, at start, rather than found out by a push service refusing every message."""
    from tracker.reminders.vapid import public_key_of

    values = {name: env.get(name, "").strip() or None for name in VAPID_SETTINGS}
    missing = [name for name, value in values.items() if value is None]
    if len(missing) == len(VAPID_SETTINGS):
        return values
    if missing:
        raise ConfigError(
            f"{', '.join(missing)} not set: Web Push needs VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY "
            "and VAPID_SUBJECT together. `python manage.py vapid-keys` prints a new pair."
        )
    try:
        public = public_key_of(values["VAPID_PRIVATE_KEY"] or "")
    except ValueError:
        raise ConfigError(
            "VAPID_PRIVATE_KEY is not a P-256 private key in URL-safe base64 (32 bytes). "
            "`python manage.py vapid-keys` prints a new pair."
        ) from None
    if public != values["VAPID_PUBLIC_KEY"]:
        raise ConfigError(
            "VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY: set both from the same "
            "`python manage.py vapid-keys` output."
        )
    subject = values["VAPID_SUBJECT"] or ""
    if not subject.startswith(("mailto:", "https://")):
        raise ConfigError(
            f"VAPID_SUBJECT must be a mailto: or https: address push services can reach you "
            f"at (e.g. mailto:admin@example.com), not {subject!r}."
        )
    return values


def load_config(instance_path: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    env = dict(os.environ if env is None else env)
    name = env.get("FIRSTSTEP_ENV", "development")
    if name not in ENVIRONMENTS:
        raise ConfigError(f"FIRSTSTEP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {name!r}.")
    production = name == "production"

    secret = env.get("SECRET_KEY")
    if not secret:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. In production it is required: set it to a long random "
                "value, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`."
            )
        secret = _instance_secret(instance_path)
    elif production and len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"SECRET_KEY is {len(secret)} characters long; production needs at least "
            f"{MIN_SECRET_LENGTH}, or session cookies can be forged by guessing it. Set a long "
            "random value, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`."
        )

    url = env.get("DATABASE_URL")
    if not url:
        if production:
            raise ConfigError(
                "DATABASE_URL is not set. In production it is required, e.g. "
                "postgresql+psycopg://user:password@host/firststep."
            )
        instance_path.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{instance_path / 'firststep.db'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")

    return {
        "ENV_NAME": name,
        "FORCE_HTTPS": production and env.get("FORCE_HTTPS", "1") != "0",
        "TRUSTED_PROXIES": _trusted_proxies(env.get("TRUSTED_PROXIES"), production),
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(url),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "LOG_FORMAT": env.get("LOG_FORMAT", "json" if production else "text"),
        "LOG_LEVEL": _log_level(env.get("LOG_LEVEL", "INFO")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_HEADERS_ENABLED": True,
        **cache_settings(env),
        **vapid_settings(env),
        **compress_settings(),
        "API_TITLE": "FirstStep API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
        "API_SPEC_OPTIONS": {
            "info": {
                "description": (
                    "Log morning first-step pain and self-care sessions. Authenticate with the "
                    "session cookie from POST /api/v1/auth/login (send the X-CSRF-Token header "
                    "back on unsafe requests) or with `Authorization: Bearer <token>`."
                )
            },
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        },
    }
