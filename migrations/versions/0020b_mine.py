"""My sessions flat for every user (issue 18): each staff row keeps a copy of its session's
study and end, indexed (user, study, end, session), so a user's sessions in the order they end
are one index range however few of the study's sessions they run

Revision ID: 0020b_mine
Revises: 0020_desk
Create Date: 2026-12-04 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020b_mine'
down_revision = '0020_desk'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('session_staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('study_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(), nullable=True))
    staff = sa.table('session_staff', sa.column('session_id', sa.Integer), sa.column('study_id', sa.Integer),
                     sa.column('ends_at', sa.DateTime))
    sessions = sa.table('field_sessions', sa.column('id', sa.Integer), sa.column('study_id', sa.Integer),
                        sa.column('ends_at', sa.DateTime))

    def of_session(column):
        return sa.select(column).where(sessions.c.id == staff.c.session_id).scalar_subquery()

    op.get_bind().execute(staff.update().values(study_id=of_session(sessions.c.study_id),
                                                ends_at=of_session(sessions.c.ends_at)))
    with op.batch_alter_table('session_staff', schema=None) as batch_op:
        batch_op.alter_column('study_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('ends_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.drop_index('ix_session_staff_user_id')
        batch_op.create_index('ix_session_staff_user_study_ends', ['user_id', 'study_id', 'ends_at', 'session_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('session_staff', schema=None) as batch_op:
        batch_op.drop_index('ix_session_staff_user_study_ends')
        batch_op.create_index('ix_session_staff_user_id', ['user_id'], unique=False)
        batch_op.drop_column('ends_at')
        batch_op.drop_column('study_id')
