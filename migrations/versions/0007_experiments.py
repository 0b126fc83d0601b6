"""experiments: a person's self-experiments (N-of-1 trials)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

One row per experiment: the two conditions as chosen, the number of week pairs,
the start day and the seed of the randomized order (the schedule itself follows
from these and the person's pauses). UNIQUE (user_id, is_current), with is_current
TRUE or NULL, lets the database hold one current experiment per person.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('experiments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('template', sa.String(length=40), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('pairs', sa.SmallInteger(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('stopped_on', sa.Date(), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('pairs BETWEEN 2 AND 4', name=op.f('ck_experiments_pairs_range')),
    sa.CheckConstraint('seed >= 0', name=op.f('ck_experiments_seed_range')),
    sa.CheckConstraint('is_current', name=op.f('ck_experiments_current_true_or_null')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_experiments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiments')),
    sa.UniqueConstraint('user_id', 'is_current', name='uq_experiments_user_current')
    )
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.create_index('ix_experiments_user_start', ['user_id', 'start_date'], unique=False)


def downgrade():
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.drop_index('ix_experiments_user_start')

    op.drop_table('experiments')
