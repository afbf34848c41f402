"""Encryption at rest: study keys, the participants' blind index, identifying columns sealed; retention dates and destruction requests (issue 17)

Identifying columns become TEXT (a sealed value is longer than the plain one) and every value
already stored is sealed in place under its study's key, files in the upload folder or the
database too (app.core.crypto.existing). Run `flask keys encrypt-existing --dry-run` first to see
how many values and files would be sealed. The downgrade refuses while anything is sealed: going
back would leave values the old code cannot read; it never decrypts or drops them silently.

Revision ID: 0016_encryption_at_rest
Revises: 0015b_participant_fieldworker
Create Date: 2026-12-03 13:40:00
"""
from alembic import op
import sqlalchemy as sa

from app.core.crypto import existing


revision = '0016_encryption_at_rest'
down_revision = '0015b_participant_fieldworker'
branch_labels = None
depends_on = None

# (table, column, its type before this revision)
WIDENED = [
    ("organisations", "name", sa.String(300)),
    ("participants", "name", sa.String(200)),
    ("participants", "position", sa.String(200)),
    ("participants", "email", sa.String(254)),
    ("participants", "phone", sa.String(64)),
    ("pseudonym_key", "name", sa.String(300)),
    ("transcript_spans", "entity", sa.String(300)),
    ("transcript_speakers", "label", sa.String(200)),
]


def upgrade():
    op.create_table('study_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('kek_id', sa.String(length=32), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('destroyed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], name=op.f('fk_study_keys_study_id_studies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_keys')),
    sa.UniqueConstraint('key_id', name=op.f('uq_study_keys_key_id')),
    sa.UniqueConstraint('study_id', name=op.f('uq_study_keys_study_id'))
    )
    op.create_table('participant_search_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_participant_search_tokens_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], name=op.f('fk_participant_search_tokens_study_id_studies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_search_tokens'))
    )
    with op.batch_alter_table('participant_search_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_search_tokens_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_participant_search_tokens_lookup', ['study_id', 'token'], unique=False)
    for table, column, old in WIDENED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=old, type_=sa.Text())
    with op.batch_alter_table('studies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('end_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('retain_identifiable_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retain_consent_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retain_outputs_months', sa.Integer(), nullable=True))
    op.create_table('destruction_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'done', 'cancelled', name='destructionstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('countersigned_by_id', sa.Integer(), nullable=True),
    sa.Column('countersigned_at', sa.DateTime(), nullable=True),
    sa.Column('performed_at', sa.DateTime(), nullable=True),
    sa.Column('certificate', sa.JSON(), nullable=True),
    sa.Column('pending_files', sa.JSON(), nullable=True),
    sa.Column('pending_kek', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['countersigned_by_id'], ['users.id'], name=op.f('fk_destruction_requests_countersigned_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_destruction_requests_requested_by_id_users')),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], name=op.f('fk_destruction_requests_study_id_studies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_requests'))
    )
    with op.batch_alter_table('destruction_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_requests_study_id'), ['study_id'], unique=False)
    op.create_table('erasure_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('pseudonym', sa.String(length=16), nullable=False),
    sa.Column('performed_by_id', sa.Integer(), nullable=True),
    sa.Column('performed_at', sa.DateTime(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('certificate_line', sa.Text(), nullable=False),
    sa.Column('pending_files', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_erasure_records_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['performed_by_id'], ['users.id'], name=op.f('fk_erasure_records_performed_by_id_users')),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], name=op.f('fk_erasure_records_study_id_studies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_records'))
    )
    with op.batch_alter_table('erasure_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erasure_records_study_id'), ['study_id'], unique=False)
    existing.encrypt_existing(op.get_bind(), dry_run=False)


def downgrade():
    bind = op.get_bind()
    sealed = existing.count_sealed(bind)
    if sealed:
        raise RuntimeError(
            f"Refusing to downgrade below 0016: {sealed} values and files are encrypted and the older "
            "code cannot read them. Nothing was changed.")
    with op.batch_alter_table('erasure_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erasure_records_study_id'))
    op.drop_table('erasure_records')
    with op.batch_alter_table('destruction_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_requests_study_id'))
    op.drop_table('destruction_requests')
    with op.batch_alter_table('studies', schema=None) as batch_op:
        batch_op.drop_column('retain_outputs_months')
        batch_op.drop_column('retain_consent_months')
        batch_op.drop_column('retain_identifiable_months')
        batch_op.drop_column('end_date')
    for table, column, old in WIDENED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Text(), type_=old)
    with op.batch_alter_table('participant_search_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_search_tokens_lookup')
        batch_op.drop_index(batch_op.f('ix_participant_search_tokens_participant_id'))
    op.drop_table('participant_search_tokens')
    op.drop_table('study_keys')
