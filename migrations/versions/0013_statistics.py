"""statistics: indexes for the public statistics, and when an action was done

The statistics page counts, for a period, the proposals sent in, the supports,
comments and meeting registrations made, and who made them. Each of those
reads a covering index that starts with the time it happened, so a period is
one range scan; supports and comments find their proposal's community in
ix_proposal_id_community without reading the proposal rows.

action.completed_at is when the action last became done (genomförd). It is
filled for the actions done already: from the update that made them done
when there is one, otherwise from when the action was last changed.

Revision ID: 0013_statistics
Revises: 0012_notifications
Create Date: 2026-11-23 15:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_statistics'
down_revision = '0012_notifications'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index('ix_action_status_completed', ['status', 'completed_at'],
                              unique=False)
    # The first update of the last run of "done" updates; an action made done
    # in the editor has no update, and gets the time it was last changed.
    op.execute(sa.text("""
        UPDATE action SET completed_at = COALESCE(
            (SELECT MIN(u.created_at) FROM action_update u
              WHERE u.action_id = action.id AND u.status = 'done'
                AND NOT EXISTS (SELECT 1 FROM action_update later
                                 WHERE later.action_id = u.action_id
                                   AND later.status <> 'done'
                                   AND later.created_at > u.created_at)),
            updated_at)
        WHERE status = 'done'
    """))

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_created_stats',
                              ['created_at', 'community_id', 'status', 'author_id',
                               'organisation_id'], unique=False)
        batch_op.create_index('ix_proposal_id_community', ['id', 'community_id'], unique=False)
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_index('ix_support_created_stats',
                              ['created_at', 'proposal_id', 'user_id'], unique=False)
    with op.batch_alter_table('organisation_support', schema=None) as batch_op:
        batch_op.create_index('ix_organisation_support_created', ['created_at'], unique=False)
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index('ix_comment_created_stats',
                              ['created_at', 'proposal_id', 'author_id', 'organisation_id'],
                              unique=False)
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_created', ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_created')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_created_stats')
    with op.batch_alter_table('organisation_support', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_support_created')
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_index('ix_support_created_stats')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_id_community')
        batch_op.drop_index('ix_proposal_created_stats')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_status_completed')
        batch_op.drop_column('completed_at')
