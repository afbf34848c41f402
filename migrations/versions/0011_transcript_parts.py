"""Transcripts in parts, their layout, and unattributed or not-speech turns (issue 12)

Revision ID: 0011_transcript_parts
Revises: 0010_stored_files
Create Date: 2026-12-03 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_transcript_parts'
down_revision = '0010_stored_files'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('transcripts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('layout', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('part', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.add_column(sa.Column('part_label', sa.String(length=80), nullable=True))
    # Transcripts already held for one session become its parts 1, 2, ... in upload order.
    connection = op.get_bind()
    transcripts = sa.table('transcripts', sa.column('id', sa.Integer), sa.column('session_id', sa.Integer),
                           sa.column('part', sa.Integer))
    seen: dict[int, int] = {}
    for transcript_id, session_id in connection.execute(
            sa.select(transcripts.c.id, transcripts.c.session_id).order_by(transcripts.c.id)).all():
        seen[session_id] = seen.get(session_id, 0) + 1
        if seen[session_id] > 1:
            connection.execute(sa.update(transcripts).where(transcripts.c.id == transcript_id)
                               .values(part=seen[session_id]))
    with op.batch_alter_table('transcripts', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_transcripts_session_id_part'), ['session_id', 'part'])
    with op.batch_alter_table('transcript_turns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('speech', 'unattributed', 'not_speech', name='turnkind',
                                                      native_enum=False, create_constraint=True, length=16),
                                      server_default='speech', nullable=False))


def downgrade():
    with op.batch_alter_table('transcript_turns', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_transcript_turns_turnkind'), type_='check')
        batch_op.drop_column('kind')
    with op.batch_alter_table('transcripts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_transcripts_session_id_part'), type_='unique')
        batch_op.drop_column('part_label')
        batch_op.drop_column('part')
        batch_op.drop_column('layout')
