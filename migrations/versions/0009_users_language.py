"""users.language: the language a person chose on Settings

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

NULL for every existing account: they keep following their browser's language until
they choose one.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN on both databases: no table rebuild, so 0008's triggers stay.
    op.add_column('users', sa.Column('language', sa.String(length=5), nullable=True))


def downgrade():
    # DROP COLUMN in place (SQLite 3.35+): a batch rebuild of users would trip 0008's triggers.
    op.execute('ALTER TABLE users DROP COLUMN language')
