"""users.data_version bumped by database triggers on the rows a person's numbers come from

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

Until now the app bumped the version with an UPDATE of its own after each write. On SQLite
that UPDATE, and the Python around it, ran while the write held the database's one write
lock; as a trigger the bump is part of the INSERT itself (bench/README.md, "The SQLite
write path"). A write that bypasses the app (a script, the shell) now bumps too.

- SQLite: AFTER INSERT / UPDATE / DELETE ... FOR EACH ROW on checkins, care_sessions,
  pauses, plans and experiments (the row's user_id), and on session_techniques (its
  session's user_id).
- PostgreSQL: one plpgsql function per kind and statement-level triggers with transition
  tables, each person bumped once per *transaction* (a setting local to the transaction
  remembers whom it bumped). Every UPDATE of a row leaves a new version of it, and the
  next UPDATE of the same row in the same transaction walks all of them: an import's
  executemany (a statement per row) of 49,000 rows took 156 s to write instead of 9 s
  when each statement bumped. The committed version still differs from every one
  committed before it, which is all the cache's key needs. (SQLite updates in place:
  its per-row bump costs about 2 µs a row.)

The person's own row (time zone, feet, ...) keeps its bump in tracker/common/versions.py:
which columns count is the app's knowledge, not the schema's.

Triggers are not in SQLAlchemy's metadata, so autogenerate neither sees nor drops them.
A later migration that rebuilds one of these tables with batch_alter_table on SQLite
(copy, drop, rename) loses its triggers with the old table: create them again there
(tests/test_migrations.py checks that every table has its three at head). Rebuilding
``users`` on SQLite needs ``PRAGMA legacy_alter_table=ON`` around the rename, or SQLite
refuses it because the triggers name ``users`` ("error in trigger ...: no such table").

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

OWNED = ("checkins", "care_sessions", "pauses", "plans", "experiments")
LINKS = "session_techniques"
EVENTS = {"INSERT": "ins", "UPDATE": "upd", "DELETE": "del"}

_SQLITE_WHO = {
    "INSERT": "id = NEW.user_id",
    "UPDATE": "id IN (OLD.user_id, NEW.user_id)",
    "DELETE": "id = OLD.user_id",
}
_SQLITE_WHO_BY_SESSION = {
    "INSERT": "id = (SELECT user_id FROM care_sessions WHERE id = NEW.session_id)",
    "UPDATE": "id IN (SELECT user_id FROM care_sessions"
    " WHERE id IN (OLD.session_id, NEW.session_id))",
    "DELETE": "id = (SELECT user_id FROM care_sessions WHERE id = OLD.session_id)",
}

_PG_FUNCTIONS = """
CREATE FUNCTION bump_data_version_of(people integer[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    done text := coalesce(current_setting('firststep.bumped', true), '');
    todo integer[];
BEGIN
    SELECT array_agg(DISTINCT id) INTO todo FROM unnest(people) AS id
    WHERE id IS NOT NULL AND position(',' || id || ',' IN done) = 0;
    IF todo IS NULL THEN
        RETURN;
    END IF;
    UPDATE users SET data_version = data_version + 1 WHERE id = ANY (todo);
    PERFORM set_config(
        'firststep.bumped',
        CASE WHEN done = '' THEN ',' ELSE done END || array_to_string(todo, ',') || ',',
        true
    );
END
$$;

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_data_version_of(ARRAY(SELECT user_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM bump_data_version_of(ARRAY(SELECT user_id FROM old_rows));
    ELSE
        PERFORM bump_data_version_of(
            ARRAY(SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION bump_data_version_by_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_data_version_of(ARRAY(SELECT user_id FROM care_sessions
            WHERE id IN (SELECT session_id FROM new_rows)));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM bump_data_version_of(ARRAY(SELECT user_id FROM care_sessions
            WHERE id IN (SELECT session_id FROM old_rows)));
    ELSE
        PERFORM bump_data_version_of(ARRAY(SELECT user_id FROM care_sessions
            WHERE id IN (SELECT session_id FROM new_rows UNION SELECT session_id FROM old_rows)));
    END IF;
    RETURN NULL;
END
$$;
"""
"""``firststep.bumped``: the people this transaction has bumped, as ``,1,7,``; a setting
local to the transaction (``set_config(..., true)``), so it ends with it, and a savepoint
rolled back takes its part back with the bump it undid."""

_PG_REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _name(table, event):
    return f"bump_{table}_{EVENTS[event]}"


def _sqlite_trigger(table, event, who):
    return (
        f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} FOR EACH ROW BEGIN "
        f"UPDATE users SET data_version = data_version + 1 WHERE {who}; END"
    )


def _pg_trigger(table, event, function):
    return (
        f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} "
        f"REFERENCING {_PG_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
    )


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for event in EVENTS:
            for table in OWNED:
                op.execute(_sqlite_trigger(table, event, _SQLITE_WHO[event]))
            op.execute(_sqlite_trigger(LINKS, event, _SQLITE_WHO_BY_SESSION[event]))
        return
    op.execute(_PG_FUNCTIONS)
    for event in EVENTS:
        for table in OWNED:
            op.execute(_pg_trigger(table, event, "bump_data_version"))
        op.execute(_pg_trigger(LINKS, event, "bump_data_version_by_session"))


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for event in EVENTS:
        for table in (*OWNED, LINKS):
            op.execute(
                f"DROP TRIGGER IF EXISTS {_name(table, event)}"
                + ("" if sqlite else f" ON {table}")
            )
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS bump_data_version_by_session()")
        op.execute("DROP FUNCTION IF EXISTS bump_data_version()")
        op.execute("DROP FUNCTION IF EXISTS bump_data_version_of(integer[])")
