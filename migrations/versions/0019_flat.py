"""Flat pages (issue 18): organisations get a stored natural sort key read by index (the
selects of the participant and session forms), and the sessions' end index ends with the id
so "My sessions" seeks its pages in the order the sessions end

Revision ID: 0019_flat
Revises: 0018b_desk
Create Date: 2026-12-04 16:40:00

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_flat'
down_revision = '0018b_desk'
branch_labels = None
depends_on = None


def _natural_key(text):
    """As app.core.models_base.natural_key at the time of this revision."""
    return re.sub(r"\d+", lambda m: m.group().lstrip("0").rjust(12, "0"), text)


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonym_order', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    organisations = sa.table('organisations', sa.column('id', sa.Integer), sa.column('pseudonym', sa.String),
                             sa.column('pseudonym_order', sa.String))
    rows = conn.execute(sa.select(organisations.c.id, organisations.c.pseudonym)).all()
    if rows:
        conn.execute(organisations.update().where(organisations.c.id == sa.bindparam('oid'))
                     .values(pseudonym_order=sa.bindparam('key')),
                     [{'oid': oid, 'key': _natural_key(pseudonym)} for oid, pseudonym in rows])
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.alter_column('pseudonym_order', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index('ix_organisations_study_order', ['study_id', 'pseudonym_order', 'id'], unique=False)
    with op.batch_alter_table('field_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_field_sessions_study_ends')
        batch_op.create_index('ix_field_sessions_study_ends_id', ['study_id', 'ends_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('field_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_field_sessions_study_ends_id')
        batch_op.create_index('ix_field_sessions_study_ends', ['study_id', 'ends_at'], unique=False)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index('ix_organisations_study_order')
        batch_op.drop_column('pseudonym_order')
