"""Migrations build exactly the schema the models describe, and unwind cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from tracker.catalog import TECHNIQUES
from tracker.extensions import db
from tracker.models import Technique


def _differences(app: Flask) -> list:  # type: ignore[type-arg]
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_models_match_the_migrated_schema(app: Flask) -> None:
    with app.app_context():
        assert _differences(app) == []


def test_catalog_is_seeded_by_the_data_migration(app: Flask) -> None:
    with app.app_context():
        slugs = set(db.session.scalars(select(Technique.slug)))
    assert slugs == {t.slug for t in TECHNIQUES}
    assert len(slugs) == 19


def test_downgrade_to_base_and_upgrade_again(app: Flask) -> None:
    with app.app_context():
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert db.session.scalar(select(db.func.count(Technique.id))) == 19
        assert _differences(app) == []
