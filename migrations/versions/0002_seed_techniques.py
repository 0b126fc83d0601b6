"""seed the technique catalog

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

A data migration, so every database (SQLite or PostgreSQL, new or upgraded)
holds the same catalog the session form offers. It inserts only slugs that
are missing, so re-running after a manual insert is harmless.
"""
from alembic import op
import sqlalchemy as sa

from tracker.catalog import TECHNIQUES

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

techniques = sa.table(
    'techniques',
    sa.column('slug', sa.String),
    sa.column('name', sa.String),
    sa.column('guidance', sa.Text),
    sa.column('source', sa.String),
    sa.column('timed_seconds', sa.Integer),
)


def upgrade():
    bind = op.get_bind()
    existing = set(bind.execute(sa.select(techniques.c.slug)).scalars())
    rows = [
        {'slug': t.slug, 'name': t.name, 'guidance': t.guidance, 'source': t.source,
         'timed_seconds': t.timed_seconds}
        for t in TECHNIQUES if t.slug not in existing
    ]
    if rows:
        op.bulk_insert(techniques, rows)


def downgrade():
    op.execute(techniques.delete().where(techniques.c.slug.in_([t.slug for t in TECHNIQUES])))
