"""proposals: themes, proposals, history, supports, follows, comments, search, tallies

Besides the tables, this creates the full-text search structures that the ORM
does not manage: an FTS5 table of Swedish-stemmed text on SQLite, and a GIN
index on to_tsvector('swedish', title || ' ' || body) on PostgreSQL. It also
adds the five starting themes, which admins can rename or archive. The
proposal_tally table keeps the per-community/status/theme counts the list shows.

Revision ID: 0002_proposals
Revises: 0001_foundation
Create Date: 2026-11-23 06:25:34.530732

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002_proposals'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reference_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_reference_counter'))
    )
    op.create_table('theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme')),
    sa.UniqueConstraint('name', name=op.f('uq_theme_name'))
    )
    op.create_table('proposal_tally',
    sa.Column('community_key', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('theme_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_proposal_tally_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('community_key', 'status', 'theme_id', name=op.f('pk_proposal_tally'))
    )
    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('decision', sa.String(length=30), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moderation_reason', sa.Text(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('support_window_ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('threshold_reached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('follower_count', sa.Integer(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_proposal_answered_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_proposal_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['community_id'], ['local_community.id'], name=op.f('fk_proposal_community_id_local_community'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_proposal_theme_id_theme'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal')),
    sa.UniqueConstraint('reference', name=op.f('uq_proposal_reference')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_proposal_submission_key'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_answered_at', ['answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_proposal_comment_count', ['comment_count'], unique=False)
        batch_op.create_index('ix_proposal_community_published', ['community_id', 'published_at'], unique=False)
        batch_op.create_index('ix_proposal_community_status', ['community_id', 'status'], unique=False)
        batch_op.create_index('ix_proposal_published_at', ['published_at'], unique=False)
        batch_op.create_index('ix_proposal_status_published', ['status', 'published_at'], unique=False)
        batch_op.create_index('ix_proposal_status_supports', ['status', 'support_count'], unique=False)
        batch_op.create_index('ix_proposal_support_count', ['support_count'], unique=False)
        batch_op.create_index('ix_proposal_theme_published', ['theme_id', 'published_at'], unique=False)
        batch_op.create_index('ix_proposal_theme_status', ['theme_id', 'status'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_comment_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['comment.id'], name=op.f('fk_comment_parent_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_comment_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_comment_submission_key'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_comment_proposal_parent_created', ['proposal_id', 'parent_id', 'created_at'], unique=False)

    op.create_table('follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_follow_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_follow_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_follow_proposal_id'))
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_user_id'), ['user_id'], unique=False)

    op.create_table('proposal_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=30), nullable=True),
    sa.Column('to_status', sa.String(length=30), nullable=False),
    sa.Column('decision', sa.String(length=30), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_proposal_history_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_history_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_history'))
    )
    with op.batch_alter_table('proposal_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_history_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_support_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_support_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_support_proposal_id'))
    )
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('premoderation', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('support_threshold', sa.Integer(), server_default='100', nullable=False))
        batch_op.add_column(sa.Column('support_window_days', sa.Integer(), server_default='60', nullable=False))

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE proposal_fts USING fts5(content, "
                   "tokenize = 'unicode61 remove_diacritics 0')")
    elif bind.dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_proposal_search_swedish ON proposal USING gin "
                   "(to_tsvector('swedish', title || ' ' || body))")

    theme = sa.table("theme", sa.column("name", sa.String), sa.column("position", sa.Integer),
                     sa.column("created_at", sa.DateTime(timezone=True)),
                     sa.column("updated_at", sa.DateTime(timezone=True)))
    now = datetime.now(UTC)
    op.bulk_insert(theme, [
        {"name": name, "position": index, "created_at": now, "updated_at": now}
        for index, name in enumerate(
            ["Trygghet", "Kultur och fritid", "Näringsliv", "Trafik", "Miljö"], start=1)
    ])


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS proposal_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_proposal_search_swedish")
    with op.batch_alter_table('municipality_settings', schema=None) as batch_op:
        batch_op.drop_column('support_window_days')
        batch_op.drop_column('support_threshold')
        batch_op.drop_column('premoderation')

    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_user_id'))

    op.drop_table('support')
    with op.batch_alter_table('proposal_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_history_proposal_id'))

    op.drop_table('proposal_history')
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_user_id'))

    op.drop_table('follow')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_proposal_parent_created')
        batch_op.drop_index(batch_op.f('ix_comment_parent_id'))
        batch_op.drop_index(batch_op.f('ix_comment_author_id'))

    op.drop_table('comment')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_theme_status')
        batch_op.drop_index('ix_proposal_theme_published')
        batch_op.drop_index('ix_proposal_support_count')
        batch_op.drop_index('ix_proposal_status_supports')
        batch_op.drop_index('ix_proposal_status_published')
        batch_op.drop_index('ix_proposal_published_at')
        batch_op.drop_index('ix_proposal_community_status')
        batch_op.drop_index('ix_proposal_community_published')
        batch_op.drop_index('ix_proposal_comment_count')
        batch_op.drop_index(batch_op.f('ix_proposal_author_id'))
        batch_op.drop_index('ix_proposal_answered_at')

    op.drop_table('proposal')
    op.drop_table('proposal_tally')
    op.drop_table('theme')
    op.drop_table('reference_counter')
