"""The fieldworker who looks after a participant's recruitment (issue 15, bulk assign)

Revision ID: 0015b_participant_fieldworker
Revises: 0015_drafts_shortcuts
Create Date: 2026-12-03 14:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015b_participant_fieldworker'
down_revision = '0015_drafts_shortcuts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fieldworker_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_participants_fieldworker_id_users'), 'users', ['fieldworker_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_participants_fieldworker_id_users'), type_='foreignkey')
        batch_op.drop_column('fieldworker_id')
