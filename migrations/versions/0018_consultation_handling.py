"""consultation handling: groups as authors, how input was handled, the report

Adds group_id to section_comment and consultation_response (a local
development group as the sender; one response per group and consultation),
input_handling (how a section comment or a consultation response was
handled: outcome, motivation, the section of a later version where it was
used, who and when; exactly one of comment_id and response_id) and
consultation_report (the consultation report is published: when and by whom).

Revision ID: 0018_consultation_handling
Revises: 0016_stats_snapshot
Create Date: 2026-11-25 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018_consultation_handling'
down_revision = '0016_stats_snapshot'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_report_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'], name=op.f('fk_consultation_report_published_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_report')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_consultation_report_consultation_id'))
    )
    op.create_table('input_handling',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('used_section_id', sa.Integer(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(comment_id IS NULL) <> (response_id IS NULL)', name=op.f('ck_input_handling_one_item')),
    sa.ForeignKeyConstraint(['comment_id'], ['section_comment.id'], name=op.f('fk_input_handling_comment_id_section_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_input_handling_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user_account.id'], name=op.f('fk_input_handling_handled_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['consultation_response.id'], name=op.f('fk_input_handling_response_id_consultation_response'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['used_section_id'], ['draft_section.id'], name=op.f('fk_input_handling_used_section_id_draft_section'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input_handling')),
    sa.UniqueConstraint('comment_id', name=op.f('uq_input_handling_comment_id')),
    sa.UniqueConstraint('response_id', name=op.f('uq_input_handling_response_id'))
    )
    with op.batch_alter_table('input_handling', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_handling_consultation_id'), ['consultation_id'], unique=False)

    with op.batch_alter_table('consultation_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_consultation_response_group_id'), ['group_id', 'consultation_id'])
        batch_op.create_foreign_key(batch_op.f('fk_consultation_response_group_id_local_group'), 'local_group', ['group_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('section_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_section_comment_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_section_comment_group_id_local_group'), 'local_group', ['group_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('section_comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_section_comment_group_id_local_group'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_section_comment_group_id'))
        batch_op.drop_column('group_id')

    with op.batch_alter_table('consultation_response', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consultation_response_group_id_local_group'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_consultation_response_group_id'), type_='unique')
        batch_op.drop_column('group_id')

    with op.batch_alter_table('input_handling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_handling_consultation_id'))

    op.drop_table('input_handling')
    op.drop_table('consultation_report')
