"""XLSForm round trip and skip logic: question types, expressions, nested and repeated sections (issue 16)

Revision ID: 0012_xlsform_logic
Revises: 0011_transcript_parts
Create Date: 2026-12-03 13:29:14.259688

"""
from alembic import op
import sqlalchemy as sa

OLD_TYPES = "'text', 'single_choice', 'multiple_choice', 'scale', 'yes_no', 'number', 'note'"
NEW_TYPES = OLD_TYPES + ", 'integer', 'date', 'time', 'datetime', 'acknowledge', 'calculate', 'kept'"


# revision identifiers, used by Alembic.
revision = '0012_xlsform_logic'
down_revision = '0011_transcript_parts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('instrument_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('relevant', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('constraint', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('constraint_message', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('required_message', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('xlsform', sa.JSON(), server_default='{}', nullable=False))
        batch_op.drop_constraint('questiontype', type_='check')
        batch_op.create_check_constraint('questiontype', sa.text(f"type IN ({NEW_TYPES})"))

    with op.batch_alter_table('instrument_sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.Enum('group', 'repeat', 'plain', name='sectionkind', native_enum=False, create_constraint=True, length=16), server_default='group', nullable=False))
        batch_op.add_column(sa.Column('relevant', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('xlsform', sa.JSON(), server_default='{}', nullable=False))
        batch_op.create_index(batch_op.f('ix_instrument_sections_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_instrument_sections_parent_id_instrument_sections'), 'instrument_sections', ['parent_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('instrument_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('xlsform', sa.JSON(), server_default='{}', nullable=False))



def downgrade():
    with op.batch_alter_table('instrument_versions', schema=None) as batch_op:
        batch_op.drop_column('xlsform')

    with op.batch_alter_table('instrument_sections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_instrument_sections_parent_id_instrument_sections'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_instrument_sections_parent_id'))
        batch_op.drop_column('xlsform')
        batch_op.drop_column('relevant')
        batch_op.drop_constraint('sectionkind', type_='check')
        batch_op.drop_column('kind')
        batch_op.drop_column('name')
        batch_op.drop_column('parent_id')

    with op.batch_alter_table('instrument_questions', schema=None) as batch_op:
        batch_op.drop_constraint('questiontype', type_='check')
        batch_op.create_check_constraint('questiontype', sa.text(f"type IN ({OLD_TYPES})"))
        batch_op.drop_column('xlsform')
        batch_op.drop_column('required_message')
        batch_op.drop_column('constraint_message')
        batch_op.drop_column('constraint')
        batch_op.drop_column('relevant')

