"""Keyset pages: a stored natural sort key for participant pseudonyms and indexes matching
each list's filters and sorts (issue 18)

Revision ID: 0017_keyset_indexes
Revises: 0016_encryption_at_rest
Create Date: 2026-12-03 13:40:00

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_keyset_indexes'
down_revision = '0016_encryption_at_rest'
branch_labels = None
depends_on = None


def _natural_key(text):
    """As app.core.models_base.natural_key at the time of this revision."""
    return re.sub(r"\d+", lambda m: m.group().lstrip("0").rjust(12, "0"), text)


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonym_order', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    participants = sa.table('participants', sa.column('id', sa.Integer), sa.column('pseudonym', sa.String),
                            sa.column('pseudonym_order', sa.String))
    rows = conn.execute(sa.select(participants.c.id, participants.c.pseudonym)).all()
    if rows:
        conn.execute(participants.update().where(participants.c.id == sa.bindparam('pid'))
                     .values(pseudonym_order=sa.bindparam('key')),
                     [{'pid': pid, 'key': _natural_key(pseudonym)} for pid, pseudonym in rows])
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('pseudonym_order', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_index('ix_participants_study_status')
        batch_op.create_index('ix_participants_study_order', ['study_id', 'pseudonym_order', 'id'], unique=False)
        batch_op.create_index('ix_participants_study_status_order',
                              ['study_id', 'status', 'pseudonym_order', 'id'], unique=False)
        batch_op.create_index('ix_participants_study_name', ['study_id', 'name', 'id'], unique=False)
        batch_op.create_index('ix_participants_study_changed', ['study_id', 'status_changed_at', 'id'], unique=False)
        batch_op.create_index('ix_participants_org_order', ['organisation_id', 'pseudonym_order', 'id'], unique=False)

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index('ix_organisations_study_name', ['study_id', 'name', 'id'], unique=False)
        batch_op.create_index('ix_organisations_study_sector_name', ['study_id', 'sector', 'name', 'id'], unique=False)

    with op.batch_alter_table('field_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_field_sessions_study_starts_id', ['study_id', 'starts_at', 'id'], unique=False)
        batch_op.create_index('ix_field_sessions_study_status_starts',
                              ['study_id', 'status', 'starts_at', 'id'], unique=False)
        batch_op.create_index('ix_field_sessions_study_type_starts',
                              ['study_id', 'type', 'starts_at', 'id'], unique=False)

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_study_newest', ['study_id', 'id'], unique=False)
        batch_op.create_index('ix_audit_events_study_entity_id', ['study_id', 'entity_type', 'entity_id', 'id'],
                              unique=False)
    with op.batch_alter_table('transcripts', schema=None) as batch_op:
        batch_op.create_index('ix_transcripts_study_uploaded', ['study_id', 'uploaded_at', 'id'], unique=False)
    with op.batch_alter_table('pseudonym_key', schema=None) as batch_op:
        batch_op.create_index('ix_pseudonym_key_study_order', ['study_id', 'category', 'pseudonym', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('pseudonym_key', schema=None) as batch_op:
        batch_op.drop_index('ix_pseudonym_key_study_order')
    with op.batch_alter_table('transcripts', schema=None) as batch_op:
        batch_op.drop_index('ix_transcripts_study_uploaded')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_study_entity_id')
        batch_op.drop_index('ix_audit_events_study_newest')
    with op.batch_alter_table('field_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_field_sessions_study_type_starts')
        batch_op.drop_index('ix_field_sessions_study_status_starts')
        batch_op.drop_index('ix_field_sessions_study_starts_id')

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index('ix_organisations_study_sector_name')
        batch_op.drop_index('ix_organisations_study_name')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_org_order')
        batch_op.drop_index('ix_participants_study_changed')
        batch_op.drop_index('ix_participants_study_name')
        batch_op.drop_index('ix_participants_study_status_order')
        batch_op.drop_index('ix_participants_study_order')
        batch_op.create_index('ix_participants_study_status', ['study_id', 'status'], unique=False)
        batch_op.drop_column('pseudonym_order')
