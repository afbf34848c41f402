"""The ethics desk's stored state (issue 18): per participant the current consent record, where
its review stands, written consent without a scan and "open item" (a review not done, a missing
scan or a desk mark), indexed with the list's order; per study the count of missing scans. Kept
by app.consent.desk_state from now on; here worked out once from the records, their notes and
the desk marks by the same rules (the current record: the latest no correction replaced; the
review: the last "reviewed" or "query" note, an answer after a query makes it "answered").

Revision ID: 0021_desk_state
Revises: 0020b_mine
Create Date: 2026-12-04 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_desk_state'
down_revision = '0020b_mine'
branch_labels = None
depends_on = None

CHUNK = 1000


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('desk_record_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('desk_review', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('desk_scanless', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('desk_open', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_participants_desk_open', ['study_id', 'desk_open', 'pseudonym_order', 'id'],
                              unique=False)
        batch_op.create_index('ix_participants_desk_review', ['study_id', 'desk_review', 'pseudonym_order', 'id'],
                              unique=False)
        batch_op.create_index('ix_participants_desk_scanless',
                              ['study_id', 'desk_scanless', 'pseudonym_order', 'id'], unique=False)
    op.create_table(
        'consent_desk_counts',
        sa.Column('study_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('missing_scans', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['study_id'], ['studies.id'], name=op.f('fk_consent_desk_counts_study_id_studies'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('study_id', name=op.f('pk_consent_desk_counts')),
    )
    _backfill(op.get_bind())


def _backfill(bind) -> None:
    records = sa.table('consent_records', sa.column('id', sa.Integer), sa.column('participant_id', sa.Integer),
                       sa.column('study_id', sa.Integer), sa.column('supersedes_id', sa.Integer),
                       sa.column('method', sa.String), sa.column('scan_sha256', sa.String))
    notes = sa.table('consent_notes', sa.column('id', sa.Integer), sa.column('record_id', sa.Integer),
                     sa.column('kind', sa.String))
    marks = sa.table('session_flag_marks', sa.column('session_participant_id', sa.Integer))
    attendees = sa.table('session_participants', sa.column('id', sa.Integer),
                         sa.column('participant_id', sa.Integer))
    participants = sa.table('participants', sa.column('id', sa.Integer), sa.column('desk_record_id', sa.Integer),
                            sa.column('desk_review', sa.String), sa.column('desk_scanless', sa.Boolean),
                            sa.column('desk_open', sa.Boolean))
    counts = sa.table('consent_desk_counts', sa.column('study_id', sa.Integer),
                      sa.column('missing_scans', sa.Integer))
    every = bind.execute(sa.select(records.c.id, records.c.participant_id, records.c.study_id, records.c.supersedes_id,
                                   records.c.method, records.c.scan_sha256).order_by(records.c.id)).all()
    replaced = {r.supersedes_id for r in every if r.supersedes_id is not None}
    current = {}
    for r in every:  # the latest record no correction replaced
        if r.id not in replaced:
            current[r.participant_id] = r
    review = {}
    for note in bind.execute(sa.select(notes.c.record_id, notes.c.kind).order_by(notes.c.id)):
        state = review.get(note.record_id)
        if note.kind == 'reviewed':
            review[note.record_id] = 'reviewed'
        elif note.kind == 'query':
            review[note.record_id] = 'query'
        elif note.kind == 'answer' and state in ('query', 'answered'):
            review[note.record_id] = 'answered'
    marked = set(bind.execute(sa.select(attendees.c.participant_id).join(
        marks, marks.c.session_participant_id == attendees.c.id)).scalars())
    rows, missing = [], {}
    for pid in sorted(set(current) | marked):
        record = current.get(pid)
        if record is None:
            rows.append({'pid': pid, 'record_id': None, 'review': None, 'scanless': False, 'open': True})
            continue
        state = review.get(record.id, 'not_reviewed')
        scanless = record.method == 'written' and not record.scan_sha256
        if scanless:
            missing[record.study_id] = missing.get(record.study_id, 0) + 1
        rows.append({'pid': pid, 'record_id': record.id, 'review': state, 'scanless': scanless,
                     'open': state != 'reviewed' or scanless or pid in marked})
    update = (participants.update().where(participants.c.id == sa.bindparam('pid'))
              .values(desk_record_id=sa.bindparam('record_id'), desk_review=sa.bindparam('review'),
                      desk_scanless=sa.bindparam('scanless'), desk_open=sa.bindparam('open')))
    for start in range(0, len(rows), CHUNK):
        bind.execute(update, rows[start:start + CHUNK])
    if missing:
        bind.execute(counts.insert(), [{'study_id': study, 'missing_scans': n} for study, n in sorted(missing.items())])
    if bind.dialect.name == 'postgresql':  # the planner learns how many participants are open
        bind.exec_driver_sql('ANALYZE participants')


def downgrade():
    op.drop_table('consent_desk_counts')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_desk_scanless')
        batch_op.drop_index('ix_participants_desk_review')
        batch_op.drop_index('ix_participants_desk_open')
        batch_op.drop_column('desk_open')
        batch_op.drop_column('desk_scanless')
        batch_op.drop_column('desk_review')
        batch_op.drop_column('desk_record_id')
