"""Issue 17 finished: participant search reads its index only; more identifying values sealed

- the blind index gets the participant id in its lookup index (a search reads the index only);

Revision ID: 0018_seal_more
Revises: 0017c_jobs
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_seal_more'
down_revision = '0017c_jobs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant_search_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_search_tokens_lookup')
        batch_op.create_index('ix_participant_search_tokens_covering', ['study_id', 'token', 'participant_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('participant_search_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_search_tokens_covering')
        batch_op.create_index('ix_participant_search_tokens_lookup', ['study_id', 'token'], unique=False)
