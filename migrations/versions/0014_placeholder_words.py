"""Studies: how pseudonym placeholders read in bundles (codes, or words in the transcript's language) (issue 14)

Revision ID: 0014_placeholder_words
Revises: 0012_xlsform_logic
Create Date: 2026-12-03 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_placeholder_words'
down_revision = '0012_xlsform_logic'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('studies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placeholder_words', sa.Enum('codes', 'transcript', name='placeholderwords', native_enum=False, create_constraint=True, length=16), server_default='codes', nullable=False))


def downgrade():
    with op.batch_alter_table('studies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_studies_placeholderwords'), type_='check')
        batch_op.drop_column('placeholder_words')
