"""users.data_version: a count bumped by every write a person's numbers depend on

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

The dashboard, summary, charts, report and share views are cached under the person's
id and this version (tracker/common/versions.py bumps it in the same transaction as
the write), so a write is visible on the very next read with nothing to invalidate.
Existing accounts start at 0; nothing is cached across a deploy that adds the column.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('data_version', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    # SQLite rebuilds the table to drop a column: keep 0004's AUTOINCREMENT on the way.
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        'users', schema=None, table_kwargs={'sqlite_autoincrement': True} if sqlite else {}
    ) as batch_op:
        batch_op.drop_column('data_version')
