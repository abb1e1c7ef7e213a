"""stats snapshot: the statistics of the usual periods, counted ahead

Adds stats_snapshot, one row per period that `flask stats refresh` keeps
counted (the last twelve months, this year, last year): the period's key and
days, when the figures were counted, and the figures as JSON. The statistics
page and /api/v1/stats read a fresh row instead of counting.

Revision ID: 0016_stats_snapshot
Revises: 0017_list_order_indexes
Create Date: 2026-11-23 16:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_stats_snapshot'
down_revision = '0017_list_order_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stats_snapshot',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_stats_snapshot')),
    )


def downgrade():
    op.drop_table('stats_snapshot')
