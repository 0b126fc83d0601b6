"""random session ids instead of id:version; users ids never reused on SQLite

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Sign-in cookies now carry users.session_token, a random id replaced on sign-out
and password change, instead of "<id>:<session_version>". Every existing account
gets a random one, so everyone is signed out once by this upgrade.

On SQLite the users table is rebuilt with AUTOINCREMENT, so the id of a deleted
account is never given to the next sign-up (PostgreSQL's sequence never reuses
one anyway). env.py turns SQLite's foreign keys off around migrations: dropping
the old table must not cascade to everyone's diary.

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _on_sqlite():
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))

    bind = op.get_bind()
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    for (user_id,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_urlsafe(32))
        )

    sqlite = _on_sqlite()
    with op.batch_alter_table(
        'users',
        schema=None,
        recreate='always' if sqlite else 'auto',
        table_kwargs={'sqlite_autoincrement': True} if sqlite else {},
    ) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_users_session_token'), ['session_token'])
        batch_op.drop_column('session_version')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), nullable=False, server_default='1')
        )

    sqlite = _on_sqlite()
    with op.batch_alter_table(
        'users',
        schema=None,
        recreate='always' if sqlite else 'auto',
        table_kwargs={'sqlite_autoincrement': False} if sqlite else {},
    ) as batch_op:
        batch_op.alter_column('session_version', existing_type=sa.Integer(), server_default=None)
        batch_op.drop_constraint(batch_op.f('uq_users_session_token'), type_='unique')
        batch_op.drop_column('session_token')
