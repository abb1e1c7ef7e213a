"""reports and moderation: reports, hidden comments and profiles, a threshold

Adds report (one person's report of a proposal, comment or organisation
profile, with reason, text and how a moderator resolved it; each person
reports an item once), moderation_summary (when moderators were last
e-mailed about new reports), hidden_at and hidden_reason on comments and
organisations (proposals are hidden through their status), and the
municipality setting report_threshold (default 3).

Revision ID: 0009_reports
Revises: 0008_account_deletion
Create Date: 2026-11-23 10:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_reports'
down_revision = '0008_account_deletion'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderation_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_summary'))
    )
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['reporter_id'], ['user_account.id'], name=op.f('fk_report_reporter_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'], name=op.f('fk_report_resolved_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('target_type', 'target_id', 'reporter_id', name=op.f('uq_report_target_type'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_open', ['resolved_at', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index('ix_report_target', ['target_type', 'target_id'], unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), nullable=True))

    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_threshold', sa.Integer(), server_default='3', nullable=False))

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.drop_column('report_threshold')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_target')
        batch_op.drop_index(batch_op.f('ix_report_reporter_id'))
        batch_op.drop_index('ix_report_open')

    op.drop_table('report')
    op.drop_table('moderation_summary')
