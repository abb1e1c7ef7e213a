"""list order indexes: the public proposal lists' order, on PostgreSQL

The proposal lists (/forslag, a local community's page, /api/v1/proposals)
sort by `published_at DESC NULLS LAST, id DESC`, and the answered sort by
`answered_at DESC NULLS LAST, id DESC`. PostgreSQL keeps NULLs last in an
ascending index, so the plain indexes read backwards give NULLS FIRST and it
sorted every public proposal for each page. These indexes hold the lists'
order, alone and after each filter of the list (local community, status,
theme), so a page is read off the index and stops after its rows.

SQLite refuses NULLS LAST in an index and does not need it: it sorts NULLs
first ascending, so its plain indexes read backwards already give the order.
Nothing is done there.

Revision ID: 0017_list_order_indexes
Revises: 0014_local_groups
Create Date: 2026-11-24 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_list_order_indexes'
down_revision = '0014_local_groups'
branch_labels = None
depends_on = None

NEWEST = [sa.text('published_at DESC NULLS LAST'), sa.text('id DESC')]
INDEXES = {
    'ix_proposal_list_newest': NEWEST,
    'ix_proposal_community_newest': [sa.text('community_id'), *NEWEST],
    'ix_proposal_status_newest': [sa.text('status'), *NEWEST],
    'ix_proposal_theme_newest': [sa.text('theme_id'), *NEWEST],
    'ix_proposal_list_answered': [sa.text('answered_at DESC NULLS LAST'), sa.text('id DESC')],
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    if not _postgresql():
        return
    for name, columns in INDEXES.items():
        op.create_index(name, 'proposal', columns, unique=False)


def downgrade():
    if not _postgresql():
        return
    for name in reversed(INDEXES):
        op.drop_index(name, table_name='proposal')
