"""The ethics desk's "open item" includes the flags of higher areas

Issue 18: participants.desk_open said "a review not done, a missing scan or a desk mark"; the
desk OR'd the participants a higher area's flag names by id, which no index yields in the list's
order. From now on the stored state includes those flags (app.consent.flags.MORE_FLAGS_REACH:
the transcripts area names the participants its changes reach), so desk_open alone answers
"only open items". Here it is widened once for existing data, by the one such flag there is
(app.transcripts.flags): a withdrawal of the data while the participant speaks in an approved
transcript of their study. No schema change. The downgrade narrows it back (a review not done,
a missing scan or a desk mark, from the stored state and the marks).

Revision ID: 0023_desk_higher
Revises: 0022_desk_plans
Create Date: 2026-12-06 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_desk_higher'
down_revision = '0022_desk_plans'
branch_labels = None
depends_on = None

participants = sa.table('participants', sa.column('id', sa.Integer), sa.column('study_id', sa.Integer),
                        sa.column('desk_record_id', sa.Integer), sa.column('desk_review', sa.String),
                        sa.column('desk_scanless', sa.Boolean), sa.column('desk_open', sa.Boolean))
withdrawals = sa.table('consent_withdrawals', sa.column('participant_id', sa.Integer), sa.column('scope', sa.String))
transcripts = sa.table('transcripts', sa.column('id', sa.Integer), sa.column('study_id', sa.Integer),
                       sa.column('status', sa.String))
speakers = sa.table('transcript_speakers', sa.column('transcript_id', sa.Integer),
                    sa.column('participant_id', sa.Integer))
marks = sa.table('session_flag_marks', sa.column('session_participant_id', sa.Integer))
attendees = sa.table('session_participants', sa.column('id', sa.Integer), sa.column('participant_id', sa.Integer))


def _higher_flag():
    """The participant withdrew their data and speaks in an approved transcript of their study."""
    withdrew = sa.exists().where(withdrawals.c.participant_id == participants.c.id,
                                 withdrawals.c.scope == 'withdraw_data')
    speaks = sa.exists().where(speakers.c.participant_id == participants.c.id,
                               transcripts.c.id == speakers.c.transcript_id,
                               transcripts.c.study_id == participants.c.study_id,
                               transcripts.c.status == 'approved')
    return sa.and_(withdrew, speaks)


def upgrade():
    _widen(op.get_bind())


def _widen(bind) -> None:
    bind.execute(participants.update().where(participants.c.desk_open == sa.false(), _higher_flag())
                 .values(desk_open=sa.true()))
    if bind.dialect.name == 'postgresql':  # the planner learns how many participants are open
        bind.exec_driver_sql('ANALYZE participants')


def downgrade():
    _narrow(op.get_bind())


def _narrow(bind) -> None:
    """Open again only for a review not done, a missing scan or a desk mark."""
    marked = sa.exists().where(attendees.c.participant_id == participants.c.id,
                               marks.c.session_participant_id == attendees.c.id)
    narrow = sa.or_(sa.and_(participants.c.desk_record_id.is_not(None),
                            sa.or_(participants.c.desk_review != 'reviewed', participants.c.desk_scanless == sa.true())),
                    marked)
    bind.execute(participants.update().where(participants.c.desk_open == sa.true(), _higher_flag())
                 .values(desk_open=narrow))
