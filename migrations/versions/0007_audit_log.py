"""audit log: an append-only record of moderation and admin actions

Adds audit_entry (who by id and role, what as an action code, which item by
type, id and label, why, and details as JSON). The actor has no foreign key
so an entry never changes when an account does. Triggers on both databases
refuse UPDATE and DELETE of entries, so no code path can rewrite history.

Revision ID: 0007_audit_log
Revises: 0006_action_links
Create Date: 2026-11-23 09:55:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_audit_log'
down_revision = '0006_action_links'
branch_labels = None
depends_on = None

MESSAGE = 'audit entries are never changed or removed'


def upgrade():
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sa.String(length=20), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=30), nullable=False),
    sa.Column('target_id', sa.String(length=60), nullable=False),
    sa.Column('target_label', sa.String(length=300), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_action_created', ['action', 'created_at'], unique=False)
        batch_op.create_index('ix_audit_entry_actor_created', ['actor_id', 'created_at'], unique=False)
        batch_op.create_index('ix_audit_entry_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_audit_entry_target', ['target_type', 'target_id'], unique=False)

    if op.get_context().dialect.name == 'postgresql':
        op.execute(f"""
            CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
            FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()
        """)
    else:
        for operation in ('UPDATE', 'DELETE'):
            op.execute(f"""
                CREATE TRIGGER audit_entry_no_{operation.lower()} BEFORE {operation}
                ON audit_entry BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
            """)


def downgrade():
    if op.get_context().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER audit_entry_append_only ON audit_entry')
        op.execute('DROP FUNCTION audit_entry_append_only()')
    else:
        op.execute('DROP TRIGGER audit_entry_no_update')
        op.execute('DROP TRIGGER audit_entry_no_delete')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_target')
        batch_op.drop_index('ix_audit_entry_created_at')
        batch_op.drop_index('ix_audit_entry_actor_created')
        batch_op.drop_index('ix_audit_entry_action_created')

    op.drop_table('audit_entry')
