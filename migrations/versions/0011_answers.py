"""answers: assignment, response deadlines, internal notes

Adds to proposal who prepares the answer (assigned_to_id, assigned_unit),
the response deadline (answer_clock_started_at, answer_due_at) and who
answered as they were then (answered_by_role, answer_unit), with indexes for
the overdue list and the answer statistics; assignee_id on proposal_history
for assignment events; proposal_note (internal notes, never public); and the
municipality settings answer_days (default 90) and answer_clock_basis
(default "published").

Existing public proposals get the default deadline: 90 days from their
publication.

Revision ID: 0011_answers
Revises: 0009_reports
Create Date: 2026-11-23 13:08:30.521736

"""
import sqlalchemy as sa
from alembic import op

revision = '0011_answers'
down_revision = '0010_user_blocks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_proposal_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_note_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_note')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_proposal_note_submission_key'))
    )
    with op.batch_alter_table('proposal_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_note_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_proposal_note_proposal_created', ['proposal_id', 'created_at'], unique=False)

    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_days', sa.Integer(), server_default='90', nullable=False))
        batch_op.add_column(sa.Column('answer_clock_basis', sa.String(length=20), server_default='published', nullable=False))

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_by_role', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('answer_unit', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assigned_unit', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('answer_clock_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answer_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_proposal_answer_stats', ['status', 'answered_at', 'community_id', 'answer_clock_started_at', 'answer_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index('ix_proposal_status_due', ['status', 'answer_due_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposal_assigned_to_id_user_account'), 'user_account', ['assigned_to_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('proposal_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_proposal_history_assignee_id_user_account'), 'user_account', ['assignee_id'], ['id'], ondelete='SET NULL')

    _default_deadlines()


def _default_deadlines():
    """90 days from publication, as the default settings would have set them."""
    if op.get_bind().dialect.name == 'postgresql':
        due = "published_at + make_interval(secs => 90 * 86400)"
    else:
        # SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff"; datetime() drops the fraction.
        due = "datetime(published_at, '+90 days') || substr(published_at, 20)"
    op.execute(
        "UPDATE proposal SET answer_clock_started_at = published_at, "
        f"answer_due_at = {due} WHERE published_at IS NOT NULL "
        "AND status IN ('published', 'under_consideration', 'answered', 'implemented')")


def downgrade():
    with op.batch_alter_table('proposal_history', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_history_assignee_id_user_account'), type_='foreignkey')
        batch_op.drop_column('assignee_id')

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_assigned_to_id_user_account'), type_='foreignkey')
        batch_op.drop_index('ix_proposal_status_due')
        batch_op.drop_index(batch_op.f('ix_proposal_assigned_to_id'))
        batch_op.drop_index('ix_proposal_answer_stats')
        batch_op.drop_column('answer_due_at')
        batch_op.drop_column('answer_clock_started_at')
        batch_op.drop_column('assigned_unit')
        batch_op.drop_column('assigned_to_id')
        batch_op.drop_column('answer_unit')
        batch_op.drop_column('answered_by_role')

    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.drop_column('answer_clock_basis')
        batch_op.drop_column('answer_days')

    with op.batch_alter_table('proposal_note', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_note_proposal_created')
        batch_op.drop_index(batch_op.f('ix_proposal_note_author_id'))

    op.drop_table('proposal_note')
