"""organisations: businesses and associations, members, invitations, acting on behalf

Adds organisations with their communities and themes, memberships and
e-mailed invitations; lets proposals and comments name the organisation they
were sent for; organisations' own supports with their counter; and the
setting that decides whether those supports count toward the threshold.

Revision ID: 0003_organisations
Revises: 0002_proposals
Create Date: 2026-11-23 06:56:52.438223

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0003_organisations'
down_revision = '0002_proposals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('org_number', sa.String(length=11), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('role_text', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_organisation_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_organisation_reviewed_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('org_number', name=op.f('uq_organisation_org_number'))
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index('ix_organisation_status_kind', ['status', 'kind'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_invitation_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('shown_publicly', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_membership_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('organisation_id', 'user_id', name=op.f('uq_membership_organisation_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('organisation_community',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['local_community.id'], name=op.f('fk_organisation_community_community_id_local_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_community_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'community_id', name=op.f('pk_organisation_community'))
    )
    with op.batch_alter_table('organisation_community', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_community_community_id'), ['community_id'], unique=False)

    op.create_table('organisation_theme',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_theme_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_organisation_theme_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'theme_id', name=op.f('pk_organisation_theme'))
    )
    with op.batch_alter_table('organisation_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_theme_theme_id'), ['theme_id'], unique=False)

    op.create_table('organisation_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_support_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_organisation_support_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_organisation_support_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_support')),
    sa.UniqueConstraint('proposal_id', 'organisation_id', name=op.f('uq_organisation_support_proposal_id'))
    )
    with op.batch_alter_table('organisation_support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_support_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_comment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_comment_organisation_id_organisation'), 'organisation', ['organisation_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('threshold_counts_organisations', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('organisation_support_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_proposal_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposal_organisation_id_organisation'), 'organisation', ['organisation_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_organisation_id_organisation'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposal_organisation_id'))
        batch_op.drop_column('organisation_support_count')
        batch_op.drop_column('organisation_id')

    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.drop_column('threshold_counts_organisations')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_comment_organisation_id_organisation'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_comment_organisation_id'))
        batch_op.drop_column('organisation_id')

    with op.batch_alter_table('organisation_support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_support_organisation_id'))

    op.drop_table('organisation_support')
    with op.batch_alter_table('organisation_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_theme_theme_id'))

    op.drop_table('organisation_theme')
    with op.batch_alter_table('organisation_community', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_community_community_id'))

    op.drop_table('organisation_community')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))

    op.drop_table('membership')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_organisation_id'))

    op.drop_table('invitation')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_status_kind')

    op.drop_table('organisation')
