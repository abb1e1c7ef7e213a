"""action links: proposals and dialogues traced to plan actions

Adds the links from proposals and from influence dialogues to actions, each
with its public motivation and who made it, and lets the proposal history
record link and unlink events (event kind, the action and its text) beside
status changes. Existing history rows become status events.

Revision ID: 0006_action_links
Revises: 0005_plans
Create Date: 2026-11-23 08:54:48.631001

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_action_links'
down_revision = '0005_plans'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dialogue_action_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_dialogue_action_link_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_dialogue_action_link_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_dialogue_action_link_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_action_link')),
    sa.UniqueConstraint('dialogue_id', 'action_id', name=op.f('uq_dialogue_action_link_dialogue_id'))
    )
    with op.batch_alter_table('dialogue_action_link', schema=None) as batch_op:
        batch_op.create_index('ix_dialogue_action_link_action_created', ['action_id', 'created_at'], unique=False)

    op.create_table('proposal_action_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_proposal_action_link_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_proposal_action_link_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_action_link_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_action_link')),
    sa.UniqueConstraint('proposal_id', 'action_id', name=op.f('uq_proposal_action_link_proposal_id'))
    )
    with op.batch_alter_table('proposal_action_link', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_action_link_action_created', ['action_id', 'created_at'], unique=False)

    with op.batch_alter_table('proposal_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event', sa.String(length=20), server_default='status', nullable=False))
        batch_op.add_column(sa.Column('action_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('action_text', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_proposal_history_action_id_action'), 'action', ['action_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('proposal_history', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_history_action_id_action'), type_='foreignkey')
        batch_op.drop_column('action_text')
        batch_op.drop_column('action_id')
        batch_op.drop_column('event')

    with op.batch_alter_table('proposal_action_link', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_action_link_action_created')

    op.drop_table('proposal_action_link')
    with op.batch_alter_table('dialogue_action_link', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogue_action_link_action_created')

    op.drop_table('dialogue_action_link')
