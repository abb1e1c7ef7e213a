"""dialogues: influence dialogues, meetings, registrations; proposals from dialogues

Adds dialogues with their partners, responsible democracy developers and
target groups; meetings with places, accessibility and outcome; registrations
with needs seen only by organisers and a waiting list; links from proposals
to the dialogue and meeting they came from; and one optional attachment per
outbox e-mail (meetings are sent as .ics files).

Revision ID: 0004_dialogues
Revises: 0003_organisations
Create Date: 2026-11-23 07:13:22.065513

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004_dialogues'
down_revision = '0003_organisations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dialogue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('influence_scope', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('participation_level', sa.String(length=20), nullable=False),
    sa.Column('organising_unit', sa.String(length=200), nullable=False),
    sa.Column('proposals_from', sa.Date(), nullable=True),
    sa.Column('proposals_until', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('feedback_heard', sa.Text(), nullable=True),
    sa.Column('feedback_next', sa.Text(), nullable=True),
    sa.Column('feedback_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['local_community.id'], name=op.f('fk_dialogue_community_id_local_community'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_dialogue_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue'))
    )
    with op.batch_alter_table('dialogue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_dialogue_status_community', ['status', 'community_id'], unique=False)

    op.create_table('dialogue_partner',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_dialogue_partner_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_dialogue_partner_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'organisation_id', name=op.f('pk_dialogue_partner'))
    )
    with op.batch_alter_table('dialogue_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_partner_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('dialogue_responsible',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_dialogue_responsible_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_dialogue_responsible_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'user_id', name=op.f('pk_dialogue_responsible'))
    )
    with op.batch_alter_table('dialogue_responsible', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_responsible_user_id'), ['user_id'], unique=False)

    op.create_table('dialogue_target_group',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('target_group', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_dialogue_target_group_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'target_group', name=op.f('pk_dialogue_target_group'))
    )
    with op.batch_alter_table('dialogue_target_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_target_group_target_group'), ['target_group'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('hearing_loop', sa.Boolean(), nullable=False),
    sa.Column('accessibility_info', sa.Text(), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('registration_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('registered_count', sa.Integer(), nullable=False),
    sa.Column('waitlist_count', sa.Integer(), nullable=False),
    sa.Column('attendees', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_meeting_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_dialogue_id'), ['dialogue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_starts_at'), ['starts_at'], unique=False)

    op.create_table('meeting_organisation_present',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_organisation_present_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_meeting_organisation_present_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'organisation_id', name=op.f('pk_meeting_organisation_present'))
    )
    op.create_table('registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('needs_interpreter', sa.String(length=100), nullable=True),
    sa.Column('allergies', sa.String(length=300), nullable=True),
    sa.Column('accessibility_needs', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_registration_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_registration_organisation_id_organisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_registration_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('meeting_id', 'user_id', name=op.f('uq_registration_meeting_id'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_meeting_status', ['meeting_id', 'status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('attachment_type', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('attachment_data', sa.Text(), nullable=True))

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dialogue_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_proposal_dialogue_id'), ['dialogue_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposal_dialogue_id_dialogue'), 'dialogue', ['dialogue_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_proposal_source_meeting_id_meeting'), 'meeting', ['source_meeting_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_source_meeting_id_meeting'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_proposal_dialogue_id_dialogue'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposal_dialogue_id'))
        batch_op.drop_column('source_meeting_id')
        batch_op.drop_column('dialogue_id')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('attachment_data')
        batch_op.drop_column('attachment_type')
        batch_op.drop_column('attachment_name')

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_user_id'))
        batch_op.drop_index('ix_registration_meeting_status')

    op.drop_table('registration')
    op.drop_table('meeting_organisation_present')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meeting_dialogue_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('dialogue_target_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_target_group_target_group'))

    op.drop_table('dialogue_target_group')
    with op.batch_alter_table('dialogue_responsible', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_responsible_user_id'))

    op.drop_table('dialogue_responsible')
    with op.batch_alter_table('dialogue_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_partner_organisation_id'))

    op.drop_table('dialogue_partner')
    with op.batch_alter_table('dialogue', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogue_status_community')
        batch_op.drop_index(batch_op.f('ix_dialogue_community_id'))

    op.drop_table('dialogue')
