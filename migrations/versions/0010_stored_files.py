"""Stored files in the database (DALA_STORAGE=db): a row per file, its bytes in chunks (issue 19)

Revision ID: 0010_stored_files
Revises: 0009_edit_versions
Create Date: 2026-12-03 08:03:38.380272

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_stored_files'
down_revision = '0009_edit_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('stored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
    sa.UniqueConstraint('area', 'key', name=op.f('uq_stored_files_area_key'))
    )
    op.create_table('stored_file_chunks',
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_stored_file_chunks_file_id_stored_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('file_id', 'position', name=op.f('pk_stored_file_chunks'))
    )


def downgrade():
    op.drop_table('stored_file_chunks')
    op.drop_table('stored_files')
