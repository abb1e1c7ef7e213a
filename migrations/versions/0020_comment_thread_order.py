"""comment thread order: a proposal's comments read in the page's order

The proposal page shows top-level comments oldest first, with the id for
equal times. The index on (proposal_id, parent_id, created_at) lacked the id,
so PostgreSQL preferred walking the statistics index on created_at over every
comment of the municipality, filtering for the proposal: ~9 ms for each view
of a proposal page at 300,000 comments. The new index holds the whole order;
it replaces the old one, whose uses it covers.

Revision ID: 0020_comment_thread_order
Revises: 0019_plan_adoption
Create Date: 2026-11-23 22:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_comment_thread_order'
down_revision = '0019_plan_adoption'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index('ix_comment_thread_order',
                              ['proposal_id', 'parent_id', 'created_at', 'id'], unique=False)
        batch_op.drop_index('ix_comment_proposal_parent_created')


def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index('ix_comment_proposal_parent_created',
                              ['proposal_id', 'parent_id', 'created_at'], unique=False)
        batch_op.drop_index('ix_comment_thread_order')
