"""local_groups: local development groups, their members, and co-authored proposals

Adds local development groups (one local community each), their people
(administrator or member, each choosing whether their name is public),
e-mailed invitations, organisations as members (asked by the group, accepted
by the organisation), and the group a proposal was sent together with.

Revision ID: 0014_local_groups
Revises: 0015_consultation
Create Date: 2026-11-23 15:20:16.441521

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_local_groups'
down_revision = '0015_consultation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('local_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('contact_text', sa.Text(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['local_community.id'], name=op.f('fk_local_group_community_id_local_community'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_local_group_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_group'))
    )
    with op.batch_alter_table('local_group', schema=None) as batch_op:
        batch_op.create_index('ix_local_group_community_archived', ['community_id', 'archived_at'], unique=False)

    op.create_table('group_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['local_group.id'], name=op.f('fk_group_invitation_group_id_local_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_group_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_invitation'))
    )
    with op.batch_alter_table('group_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_invitation_group_id'), ['group_id'], unique=False)

    op.create_table('group_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('shown_publicly', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['local_group.id'], name=op.f('fk_group_member_group_id_local_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_group_member_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_member')),
    sa.UniqueConstraint('group_id', 'user_id', name=op.f('uq_group_member_group_id'))
    )
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_member_user_id'), ['user_id'], unique=False)

    op.create_table('group_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_group_organisation_answered_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['local_group.id'], name=op.f('fk_group_organisation_group_id_local_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_group_organisation_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_group_organisation_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_organisation')),
    sa.UniqueConstraint('group_id', 'organisation_id', name=op.f('uq_group_organisation_group_id'))
    )
    with op.batch_alter_table('group_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_organisation_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_proposal_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposal_group_id_local_group'), 'local_group', ['group_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_group_id_local_group'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposal_group_id'))
        batch_op.drop_column('group_id')

    with op.batch_alter_table('group_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_organisation_organisation_id'))

    op.drop_table('group_organisation')
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_member_user_id'))

    op.drop_table('group_member')
    with op.batch_alter_table('group_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_invitation_group_id'))

    op.drop_table('group_invitation')
    with op.batch_alter_table('local_group', schema=None) as batch_op:
        batch_op.drop_index('ix_local_group_community_archived')

    op.drop_table('local_group')
