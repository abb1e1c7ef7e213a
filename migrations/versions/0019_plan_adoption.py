"""plan adoption: the decision's registry number and the adopted draft version

Adds plan.decision_registry_number, the diarienummer of the political
decision's case (recorded with the body, date and paragraph when a plan is
adopted), and draft_version.adopted_at, set on the published version of the
draft that became the adopted text.

Revision ID: 0019_plan_adoption
Revises: 0018_consultation_handling
Create Date: 2026-11-25 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_plan_adoption'
down_revision = '0018_consultation_handling'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_registry_number', sa.String(length=50),
                                      nullable=True))
    with op.batch_alter_table('draft_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('draft_version', schema=None) as batch_op:
        batch_op.drop_column('adopted_at')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('decision_registry_number')
