"""Migrations build exactly the schema the models describe, and unwind cleanly."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, inspect, select, text

from tracker.auth.service import create_user
from tracker.catalog import TECHNIQUES
from tracker.extensions import db
from tracker.models import Technique, User


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


_OLD_USER = text(
    "INSERT INTO users (email, password_hash, timezone, feet, created_at, session_version, "
    "global_change_weekday, morning_reminder, evening_reminder) VALUES "
    "(:email, 'x', 'UTC', 'both', '2026-01-01 00:00:00', 1, 6, '07:00:00', '20:00:00')"
)
_PLAN = text(
    "INSERT INTO plans (user_id, effective_from, sessions_per_day, minutes_min, minutes_max) "
    "SELECT id, '2026-01-01', 2, 5, 10 FROM users WHERE email = :email"
)


def test_session_ids_upgrade_and_downgrade_keep_every_account_and_its_rows(app: Flask) -> None:
    """0004 gives each existing account its own random session id, and rebuilding the
    users table (SQLite) must not cascade away anyone's rows; the way back keeps them too."""
    emails = ["one@example.com", "two@example.com"]
    with app.app_context():
        downgrade(revision="0003")
        with db.engine.begin() as conn:
            for email in emails:
                conn.execute(_OLD_USER, {"email": email})
                conn.execute(_PLAN, {"email": email})

        upgrade()
        with db.engine.connect() as conn:
            tokens = conn.execute(text("SELECT session_token FROM users")).scalars().all()
            plans = conn.execute(text("SELECT count(*) FROM plans")).scalar()
        assert len(tokens) == len(set(tokens)) == 2
        assert all(len(token) >= 40 for token in tokens)
        assert plans == 2
        assert _differences(app) == []

        downgrade(revision="0003")
        with db.engine.connect() as conn:
            versions = conn.execute(text("SELECT session_version FROM users")).scalars().all()
            plans = conn.execute(text("SELECT count(*) FROM plans")).scalar()
        assert (versions, plans) == ([1, 1], 2)

        upgrade()
        assert _differences(app) == []
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                ddl = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'users'")
                ).scalar()
                assert "AUTOINCREMENT" in ddl
            assert conn.execute(text("SELECT count(*) FROM plans")).scalar() == 2


def test_a_deleted_accounts_id_is_never_given_to_the_next_one(app: Flask) -> None:
    with app.app_context():
        first = create_user("first@example.com", "a long enough passphrase")
        db.session.commit()
        first_id = first.id
        first_token = first.session_token
        db.session.execute(delete(User).where(User.id == first_id))
        db.session.commit()
        db.session.expunge_all()

        second = create_user("second@example.com", "a long enough passphrase")
        db.session.commit()

        assert second.id != first_id
        assert second.session_token != first_token


def test_data_versions_upgrade_from_zero_and_downgrade_keeps_every_account(app: Flask) -> None:
    """0005 adds users.data_version at 0 for existing accounts; the way back drops only the
    column (SQLite rebuilds the table: keeping its rows, plans and AUTOINCREMENT)."""
    with app.app_context():
        create_user("kept@example.com", "a long enough passphrase")
        db.session.commit()
        db.session.expunge_all()

        downgrade(revision="0004")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("users")}
            assert "data_version" not in columns
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM plans")).scalar() == 1
            if conn.dialect.name == "sqlite":
                ddl = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'users'")
                ).scalar()
                assert "AUTOINCREMENT" in ddl

        upgrade()
        assert _differences(app) == []
        with db.engine.connect() as conn:
            versions = conn.execute(text("SELECT data_version FROM users")).scalars().all()
            assert conn.execute(text("SELECT count(*) FROM plans")).scalar() == 1
        assert versions == [0]


def test_push_reminders_migration_unwinds_and_starts_everyone_switched_off(app: Flask) -> None:
    """0006 adds the push tables and the switches, off for existing accounts (nobody gets a
    push they did not ask for); the way back drops them and keeps every account."""
    with app.app_context():
        create_user("kept@example.com", "a long enough passphrase")
        db.session.commit()
        db.session.expunge_all()

        downgrade(revision="0005")
        with db.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            columns = {c["name"] for c in inspect(conn).get_columns("users")}
            assert not tables & {"push_subscriptions", "sent_reminders"}
            assert not columns & {"morning_push", "evening_push"}
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1
            if conn.dialect.name == "sqlite":
                ddl = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'users'")
                ).scalar()
                assert "AUTOINCREMENT" in ddl

        upgrade()
        assert _differences(app) == []
        with db.engine.connect() as conn:
            switches = conn.execute(text("SELECT morning_push, evening_push FROM users")).all()
            if conn.dialect.name == "sqlite":
                ddl = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'users'")
                ).scalar()
                assert "AUTOINCREMENT" in ddl
        assert [tuple(map(bool, row)) for row in switches] == [(False, False)]


_BUMPED_TABLES = {"checkins", "care_sessions", "pauses", "plans", "experiments"}
_LINK_TABLE = "session_techniques"


def _triggers(conn: Any) -> set[tuple[str, str]]:
    """(table, trigger name) of every trigger the schema holds."""
    if conn.dialect.name == "sqlite":
        query = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = (
            "SELECT event_object_table, trigger_name FROM information_schema.triggers "
            "WHERE trigger_schema = current_schema()"
        )
    return {(table, name) for table, name in conn.execute(text(query))}


def _plain_checkin(conn: Any, email: str) -> None:
    conn.execute(
        text(
            "INSERT INTO checkins (user_id, date, pain_right, warning_signs, notes, created_at, "
            "updated_at) SELECT id, '2026-01-02', 3, '[]', '', '2026-01-02 07:00:00', "
            "'2026-01-02 07:00:00' FROM users WHERE email = :email"
        ),
        {"email": email},
    )


def test_data_version_triggers_cover_every_table_and_unwind(app: Flask) -> None:
    """0008: insert, update and delete on each table a person's numbers come from bump the
    version, in the database; the way back drops them (and PostgreSQL's functions) and
    keeps every account. A later rebuild of one of these tables (SQLite's batch mode)
    would drop its triggers silently: this fails then."""
    expected = {
        (table, f"bump_{table}_{event}")
        for table in (*_BUMPED_TABLES, _LINK_TABLE)
        for event in ("ins", "upd", "del")
    }
    with app.app_context():
        create_user("kept@example.com", "a long enough passphrase")
        db.session.commit()
        db.session.expunge_all()
        with db.engine.connect() as conn:
            assert _triggers(conn) - _LINKING == expected
            start = conn.execute(text("SELECT data_version FROM users")).scalar()

        downgrade(revision="0007")
        with db.engine.begin() as conn:
            assert _triggers(conn) == set()
            if conn.dialect.name != "sqlite":
                functions = conn.execute(
                    text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'bump_data_version%'")
                ).scalar()
                assert functions == 0
            _plain_checkin(conn, "kept@example.com")  # no trigger: no bump
            assert conn.execute(text("SELECT data_version FROM users")).scalar() == start

        upgrade()
        assert _differences(app) == []  # triggers are not in the metadata: nothing to drop
        with db.engine.begin() as conn:
            assert _triggers(conn) - _LINKING == expected
            conn.execute(text("DELETE FROM checkins"))
            assert conn.execute(text("SELECT data_version FROM users")).scalar() == start + 1
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1


_LINKING = {("care_sessions", "link_session_techniques")}
"""0011's trigger (SQLite only): a new session's technique ids in its own INSERT."""


def _columns(conn: Any) -> set[str]:
    return {c["name"] for c in inspect(conn).get_columns("care_sessions")}


def _session_with_pending_ids(conn: Any, email: str) -> None:
    conn.execute(
        text(
            "INSERT INTO care_sessions (user_id, started_at, local_date, duration_s, foot, "
            "pressure, notes, created_at, updated_at, pending_technique_ids) SELECT id, "
            "'2026-01-02 07:00:00', '2026-01-02', 600, 'right', 4, '', '2026-01-02 07:00:00', "
            "'2026-01-02 07:00:00', (SELECT '[' || min(id) || ',' || max(id) || ']' "
            "FROM techniques) FROM users WHERE email = :email"
        ),
        {"email": email},
    )


def test_the_session_techniques_trigger_is_there_at_head_and_unwinds(app: Flask) -> None:
    """0011: on SQLite the trigger writes a session's links from its INSERT and leaves the
    column NULL; 0008's triggers on care_sessions survive the added column (no rebuild);
    the way down drops trigger and column and keeps every session, and up works again.
    PostgreSQL gets the column (the models describe both databases) and no trigger."""
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
        create_user("kept@example.com", "a long enough passphrase")
        db.session.commit()
        db.session.expunge_all()
        links = "SELECT count(*) FROM session_techniques"
        with db.engine.begin() as conn:
            linking = _triggers(conn) & _LINKING
            assert linking == (_LINKING if sqlite else set())
            assert ("care_sessions", "bump_care_sessions_upd") in _triggers(conn)
            assert "pending_technique_ids" in _columns(conn)
            _session_with_pending_ids(conn, "kept@example.com")
            pending = "SELECT count(*) FROM care_sessions WHERE pending_technique_ids IS NULL"
            assert conn.execute(text(links)).scalar() == (2 if sqlite else 0)
            assert conn.execute(text(pending)).scalar() == (1 if sqlite else 0)

        downgrade(revision="0010")
        with db.engine.begin() as conn:
            assert not _triggers(conn) & _LINKING
            assert "pending_technique_ids" not in _columns(conn)
            assert conn.execute(text("SELECT count(*) FROM care_sessions")).scalar() == 1
            assert ("care_sessions", "bump_care_sessions_ins") in _triggers(conn)

        upgrade()
        assert _differences(app) == []
        with db.engine.begin() as conn:
            assert _triggers(conn) & _LINKING == (_LINKING if sqlite else set())
            _session_with_pending_ids(conn, "kept@example.com")
            assert conn.execute(text(links)).scalar() == (4 if sqlite else 0)
