"""The ethics desk's marks (issue 18): the attendees whose consent raises a session flag,
kept by app.consent.desk_marks, so the desk reads them by index instead of every attended
invitee; and consent records by participant and id, so the current record of a few
participants is found without reading every study's records. A mark only lets the rule look at an attendee, so every attended invitee of a
session that is not cancelled is marked here (the desk stays right, just not yet flat);
`flask dashboard recount` then keeps the marks of those the rule flags (the rule lives in
the app, not in a migration).

Revision ID: 0020_desk
Revises: 0019_flat
Create Date: 2026-12-04 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_desk'
down_revision = '0019_flat'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index('ix_consent_records_participant_id', ['participant_id', 'id'], unique=False)
    op.create_table(
        'session_flag_marks',
        sa.Column('session_participant_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('study_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['session_participant_id'], ['session_participants.id'],
                                name=op.f('fk_session_flag_marks_session_participant_id_session_participants'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['study_id'], ['studies.id'], name=op.f('fk_session_flag_marks_study_id_studies'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_participant_id', name=op.f('pk_session_flag_marks')),
    )
    with op.batch_alter_table('session_flag_marks', schema=None) as batch_op:
        batch_op.create_index('ix_session_flag_marks_study', ['study_id', 'session_participant_id'], unique=False)
    op.execute("INSERT INTO session_flag_marks (session_participant_id, study_id) "
               "SELECT session_participants.id, field_sessions.study_id FROM session_participants "
               "JOIN field_sessions ON field_sessions.id = session_participants.session_id "
               "WHERE session_participants.attendance = 'attended' AND field_sessions.status != 'cancelled'")


def downgrade():
    with op.batch_alter_table('session_flag_marks', schema=None) as batch_op:
        batch_op.drop_index('ix_session_flag_marks_study')
    op.drop_table('session_flag_marks')
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_records_participant_id')
