"""The ethics desk reads the attended invitees by index (issue 18)

Revision ID: 0018b_desk
Revises: 0018_seal_more
Create Date: 2026-12-03 17:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018b_desk'
down_revision = '0018_seal_more'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('session_participants', schema=None) as batch_op:
        batch_op.create_index('ix_session_participants_attendance', ['attendance', 'session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('session_participants', schema=None) as batch_op:
        batch_op.drop_index('ix_session_participants_attendance')
