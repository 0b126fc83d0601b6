"""care_sessions.pending_technique_ids: on SQLite a session and its techniques in one INSERT

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28

SQLite has one write lock for the whole database. A new session was written as two
statements, its INSERT and then an ``INSERT ... SELECT`` of its techniques, and between the
two the writer went back to Python (and waited for the GIL behind its worker's other
threads) while every other writer waited for the lock (bench/README.md, "The SQLite write
path"). Now the app puts the technique ids, as a JSON array, in this column of the session's
own INSERT, and a permanent trigger writes the links and sets the column back to NULL within
that one statement: at rest the column is always NULL.

- A permanent schema object, not a per-connection one: an earlier attempt with temporary
  triggers lost techniques when a connection's trigger and the app's note of it parted.
  The app still checks in the INSERT itself that the trigger is there
  (tracker/models.py, ``PendingIds``) and falls back to two statements
  if it is not.
- ``WHEN NEW.pending_technique_ids IS NOT NULL``: the import's bulk INSERTs and every
  other writer leave the column NULL, so the trigger does nothing for them.
- Clearing the column is an UPDATE of the session, so 0008's ``bump_care_sessions_upd``
  bumps the person's version once more: harmless (the version is only a cache key), and
  in the same statement.
- PostgreSQL: the column only (the models describe both databases). Its write has no
  single lock to hold, and its goal was met with the two statements.
- A plain ADD COLUMN, no batch rebuild: 0008's triggers on care_sessions stay.

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TRIGGER = "link_session_techniques"


def upgrade():
    op.add_column("care_sessions", sa.Column("pending_technique_ids", sa.Text(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON care_sessions "
            "WHEN NEW.pending_technique_ids IS NOT NULL BEGIN "
            "INSERT INTO session_techniques (session_id, technique_id) "
            "SELECT NEW.id, value FROM json_each(NEW.pending_technique_ids); "
            "UPDATE care_sessions SET pending_technique_ids = NULL WHERE id = NEW.id; "
            "END"
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    # DROP COLUMN in place (SQLite 3.35+), as 0009 and 0010 do.
    op.execute("ALTER TABLE care_sessions DROP COLUMN pending_technique_ids")
