"""consultation: drafts in consultation (samråd), their versions and sections,
section comments, proposals tied to sections, consultation responses

Adds consultation (one per plan: the period, first and last day),
draft_version (numbered per consultation; draft or published, frozen once
published), draft_section (a challenge's text or a free section; `lineage`
is the same section across versions), section_comment (reportable, hideable),
section_proposal (a proposal sent in about a section) and
consultation_response (one per organisation and consultation).

Revision ID: 0015_consultation
Revises: 0013_statistics
Create Date: 2026-11-23 15:18:44.779247

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015_consultation'
down_revision = '0013_statistics'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_consultation_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation')),
    sa.UniqueConstraint('plan_id', name=op.f('uq_consultation_plan_id'))
    )
    op.create_table('draft_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_draft_version_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_draft_version_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'], name=op.f('fk_draft_version_published_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_version')),
    sa.UniqueConstraint('consultation_id', 'number', name=op.f('uq_draft_version_consultation_id'))
    )
    with op.batch_alter_table('draft_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_version_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_consultation_response_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_response_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['edited_by_id'], ['user_account.id'], name=op.f('fk_consultation_response_edited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_consultation_response_organisation_id_organisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['draft_version.id'], name=op.f('fk_consultation_response_version_id_draft_version'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_response')),
    sa.UniqueConstraint('consultation_id', 'organisation_id', name=op.f('uq_consultation_response_consultation_id'))
    )
    with op.batch_alter_table('consultation_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_response_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_response_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_response_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('draft_section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('lineage', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenge.id'], name=op.f('fk_draft_section_challenge_id_challenge'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['draft_version.id'], name=op.f('fk_draft_section_version_id_draft_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_section')),
    sa.UniqueConstraint('version_id', 'lineage', name=op.f('uq_draft_section_version_id'))
    )
    with op.batch_alter_table('draft_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_section_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_section_lineage'), ['lineage'], unique=False)
        batch_op.create_index('ix_draft_section_version_position', ['version_id', 'position'], unique=False)

    op.create_table('section_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_section_comment_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_section_comment_organisation_id_organisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['draft_section.id'], name=op.f('fk_section_comment_section_id_draft_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_comment')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_section_comment_submission_key'))
    )
    with op.batch_alter_table('section_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_section_comment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_section_comment_section_created', ['section_id', 'created_at'], unique=False)

    op.create_table('section_proposal',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_section_proposal_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['draft_section.id'], name=op.f('fk_section_proposal_section_id_draft_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', name=op.f('pk_section_proposal'))
    )
    with op.batch_alter_table('section_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_proposal_section_id'), ['section_id'], unique=False)



def downgrade():
    with op.batch_alter_table('section_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_proposal_section_id'))

    op.drop_table('section_proposal')
    with op.batch_alter_table('section_comment', schema=None) as batch_op:
        batch_op.drop_index('ix_section_comment_section_created')
        batch_op.drop_index(batch_op.f('ix_section_comment_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_section_comment_author_id'))

    op.drop_table('section_comment')
    with op.batch_alter_table('draft_section', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_section_version_position')
        batch_op.drop_index(batch_op.f('ix_draft_section_lineage'))
        batch_op.drop_index(batch_op.f('ix_draft_section_challenge_id'))

    op.drop_table('draft_section')
    with op.batch_alter_table('consultation_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_response_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_response_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_response_author_id'))

    op.drop_table('consultation_response')
    with op.batch_alter_table('draft_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_version_consultation_id'))

    op.drop_table('draft_version')
    op.drop_table('consultation')
