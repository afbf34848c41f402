"""The dashboard's per-study counters, filled from the records; indexes for the dashboard's
bounded lists (issue 18)

Revision ID: 0017b_study_counters
Revises: 0017_keyset_indexes
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017b_study_counters'
down_revision = '0017_keyset_indexes'
branch_labels = None
depends_on = None

# As app/dashboard/counters.py names them at the time of this revision.
FILL = [
    """INSERT INTO study_counters (study_id, name, value)
       SELECT study_id, 'organisations', count(*) FROM organisations GROUP BY study_id""",
    """INSERT INTO study_counters (study_id, name, value)
       SELECT p.study_id, 'participants/' || COALESCE(o.sector, '-') || '/' || p.status, count(*)
       FROM participants p LEFT JOIN organisations o ON o.id = p.organisation_id
       GROUP BY p.study_id, o.sector, p.status""",
    """INSERT INTO study_counters (study_id, name, value)
       SELECT s.study_id, 'sessions/' || s.type || '/' || COALESCE(o.sector, '-') || '/' || s.status, count(*)
       FROM field_sessions s LEFT JOIN organisations o ON o.id = s.host_organisation_id
       GROUP BY s.study_id, s.type, o.sector, s.status""",
    """INSERT INTO study_counters (study_id, name, value)
       SELECT s.study_id, 'done/' || CAST(st.user_id AS VARCHAR(20)), count(*)
       FROM session_staff st JOIN field_sessions s ON s.id = st.session_id
       WHERE s.status = 'completed' GROUP BY s.study_id, st.user_id""",
]


def upgrade():
    op.create_table('study_counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('study_id', 'name', name='uq_study_counters_study_name')
    )
    for statement in FILL:
        op.execute(statement)
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index('ix_participants_study_status_changed',
                              ['study_id', 'status', 'status_changed_at', 'id'], unique=False)
    with op.batch_alter_table('field_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_field_sessions_study_ends', ['study_id', 'ends_at'], unique=False)


def downgrade():
    with op.batch_alter_table('field_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_field_sessions_study_ends')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_study_status_changed')
    op.drop_table('study_counters')
