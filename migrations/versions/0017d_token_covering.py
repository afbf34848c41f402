"""The blind index's lookup covers the participant id (issue 15: the people picker's short queries)

A one-letter query's token is held by nearly every participant of a study; with the participant
id in the index, finding them reads the index alone instead of one table row per participant.

Revision ID: 0017d_token_covering
Revises: 0017c_jobs
Create Date: 2026-12-03 16:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017d_token_covering'
down_revision = '0017c_jobs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant_search_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_search_tokens_lookup')
        batch_op.create_index('ix_participant_search_tokens_lookup', ['study_id', 'token', 'participant_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('participant_search_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_search_tokens_lookup')
        batch_op.create_index('ix_participant_search_tokens_lookup', ['study_id', 'token'], unique=False)
