"""push_subscriptions.language: the browser's language when it subscribed

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27

A reminder is worded in the account's language (Settings) and, for a person who never
chose one, in the language of the browser that asked for the notifications. NULL for
every existing subscription: those reminders stay in English until the person chooses a
language or the device subscribes again.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN on both databases: no table rebuild (0008's triggers stay).
    op.add_column('push_subscriptions', sa.Column('language', sa.String(length=5), nullable=True))


def downgrade():
    # DROP COLUMN in place (SQLite 3.35+), as 0009 does.
    op.execute('ALTER TABLE push_subscriptions DROP COLUMN language')
