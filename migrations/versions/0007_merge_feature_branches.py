"""Join the recruitment, consent, instruments and transcripts revisions, which were written in
parallel on top of the foundation and touch separate tables.

Revision ID: 0007_merge_feature_branches
Revises: 0003_recruitment, 0004_consent, 0005_instruments, 0006_transcripts
"""

revision = '0007_merge_feature_branches'
down_revision = ('0003_recruitment', '0004_consent', '0005_instruments', '0006_transcripts')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
