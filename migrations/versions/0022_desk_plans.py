"""The organisation index of participants holds their study too

Issue 18: the ethics desk's filter by sector counts the participants of the sector's
organisations from the index alone; without the study in it, PostgreSQL's planner read the
participants table instead.

Revision ID: 0022_desk_plans
Revises: 0021_desk_state
Create Date: 2026-12-05 23:55:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022_desk_plans'
down_revision = '0021_desk_state'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_org_order')
        batch_op.create_index('ix_participants_org_order', ['organisation_id', 'pseudonym_order', 'id', 'study_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_org_order')
        batch_op.create_index('ix_participants_org_order', ['organisation_id', 'pseudonym_order', 'id'], unique=False)
