"""user blocks: a moderator can block an account from writing for a while

Adds to user_account: blocked_at, blocked_until (the block ends by itself
then; indexed for the list of blocked accounts), blocked_indefinitely (until
further notice), block_reason (shown to the person) and blocked_by_id (the
moderator or administrator who blocked).

Revision ID: 0010_user_blocks
Revises: 0009_reports
Create Date: 2026-11-23 13:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_user_blocks'
down_revision = '0009_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('blocked_indefinitely', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('block_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('blocked_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_account_blocked_until'), ['blocked_until'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_account_blocked_by_id_user_account'), 'user_account', ['blocked_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_account_blocked_by_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_account_blocked_until'))
        batch_op.drop_column('blocked_by_id')
        batch_op.drop_column('block_reason')
        batch_op.drop_column('blocked_indefinitely')
        batch_op.drop_column('blocked_until')
        batch_op.drop_column('blocked_at')
