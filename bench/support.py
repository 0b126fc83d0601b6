"""What every bench script needs: a migrated throwaway app, like production's schema."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask

from tracker import create_app


def make_app(folder: str, url: str | None = None) -> Flask:
    """A SQLite app in ``folder`` (or on the database at ``url``, which must be empty),
    migrated to head; cheap hashing, no rate limits."""
    from flask_migrate import upgrade

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{folder}/bench.db",
            "ARGON2_OPTIONS": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        upgrade()
    return app
