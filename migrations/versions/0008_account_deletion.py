"""account deletion: mark accounts whose owner deleted them

Adds user_account.deleted_at. A deleted account keeps its row, so the
proposals and comments it wrote stay in place, but its personal data is
erased and it can never be signed in to or reactivated again.

Revision ID: 0008_account_deletion
Revises: 0007_audit_log
Create Date: 2026-11-23 09:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_account_deletion'
down_revision = '0007_audit_log'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
