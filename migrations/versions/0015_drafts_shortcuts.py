"""Completion drafts (a fieldworker's typed attendance and notes kept while recording a missing
consent) and the user's choice of single-key review shortcuts (issue 15)

Revision ID: 0015_drafts_shortcuts
Revises: 0014_placeholder_words
Create Date: 2026-12-03 14:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_drafts_shortcuts'
down_revision = '0014_placeholder_words'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('completion_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('marks', sa.JSON(), nullable=False),
    sa.Column('field_notes', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['field_sessions.id'], name=op.f('fk_completion_drafts_session_id_field_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_completion_drafts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_completion_drafts')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_completion_drafts_session_id_user_id'))
    )
    with op.batch_alter_table('completion_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_completion_drafts_session_id'), ['session_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_shortcuts', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('review_shortcuts')
    with op.batch_alter_table('completion_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_completion_drafts_session_id'))
    op.drop_table('completion_drafts')
