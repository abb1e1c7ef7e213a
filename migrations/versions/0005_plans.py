"""plans: steering documents with challenges, commitments, actions and updates

Adds plans (with registry number, period, status, adoption decision and
parent plan), their challenges, the commitments quoted from the strategy,
actions with responsible, follow-up report and year, status and progress,
the communities and user accounts an action concerns, and action updates.

Revision ID: 0005_plans
Revises: 0004_dialogues
Create Date: 2026-11-23 07:28:39.388073

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005_plans'
down_revision = '0004_dialogues'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('registry_number', sa.String(length=50), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('first_year', sa.Integer(), nullable=True),
    sa.Column('last_year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decision_body', sa.String(length=200), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('decision_paragraph', sa.String(length=50), nullable=True),
    sa.Column('decision_text', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['plan.id'], name=op.f('fk_plan_parent_id_plan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
    sa.UniqueConstraint('registry_number', name=op.f('uq_plan_registry_number'))
    )
    op.create_table('challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_challenge_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge'))
    )
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_plan_id'), ['plan_id'], unique=False)

    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenge.id'], name=op.f('fk_commitment_challenge_id_challenge'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment'))
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=300), nullable=False),
    sa.Column('follow_up_report', sa.String(length=200), nullable=False),
    sa.Column('follow_up_year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_action_commitment_id_commitment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index('ix_action_follow_up_year_status', ['follow_up_year', 'status'], unique=False)

    op.create_table('action_community',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_community_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['community_id'], ['local_community.id'], name=op.f('fk_action_community_community_id_local_community'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'community_id', name=op.f('pk_action_community'))
    )
    with op.batch_alter_table('action_community', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_community_community_id'), ['community_id'], unique=False)

    op.create_table('action_responsible_user',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_responsible_user_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_action_responsible_user_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'user_id', name=op.f('pk_action_responsible_user'))
    )
    with op.batch_alter_table('action_responsible_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_responsible_user_user_id'), ['user_id'], unique=False)

    op.create_table('action_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_update_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_action_update_author_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_update'))
    )
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_update_action_id'), ['action_id'], unique=False)



def downgrade():
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_update_action_id'))

    op.drop_table('action_update')
    with op.batch_alter_table('action_responsible_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_responsible_user_user_id'))

    op.drop_table('action_responsible_user')
    with op.batch_alter_table('action_community', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_community_community_id'))

    op.drop_table('action_community')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_follow_up_year_status')
        batch_op.drop_index(batch_op.f('ix_action_commitment_id'))

    op.drop_table('action')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_challenge_id'))

    op.drop_table('commitment')
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_plan_id'))

    op.drop_table('challenge')
    op.drop_table('plan')
