"""Migration 0007: the experiments table comes and goes, and the rest stays."""

from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests.test_migrations import _differences
from tracker.auth.service import create_user
from tracker.extensions import db


def test_experiments_table_downgrades_and_upgrades_keeping_accounts(app: Flask) -> None:
    with app.app_context():
        create_user("kept@example.com", "a long enough passphrase")
        db.session.commit()
        db.session.expunge_all()

        downgrade(revision="0006")
        with db.engine.connect() as conn:
            assert "experiments" not in inspect(conn).get_table_names()
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1

        upgrade()
        assert _differences(app) == []
        with db.engine.connect() as conn:
            assert "experiments" in inspect(conn).get_table_names()
            unique = inspect(conn).get_unique_constraints("experiments")
            assert [u["column_names"] for u in unique] == [["user_id", "is_current"]]
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1
