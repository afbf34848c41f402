"""Issue 17 finished: more identifying values sealed, a consent key per study

- (the blind index's covering lookup index came with 0017d_token_covering);
- study keys get a purpose: "data" (as before) or "consent", a second key per study for its
  consent scans, kept for the consent-evidence period when that outlasts the identifiable data;
- instrument answers, consent review notes and correction reasons, status-change reasons and
  completion drafts' notes are sealed like the other identifying values: every value already
  stored is sealed in place under its study's key (app.core.crypto.existing.SEALED_MORE). See
  the counts first with `flask keys encrypt-existing --dry-run` (it changes nothing). The
  downgrade refuses while any of these values is sealed: it never decrypts or drops them.

Revision ID: 0018_seal_more
Revises: 0017d_token_covering
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa

from app.core.crypto import existing


# revision identifiers, used by Alembic.
revision = '0018_seal_more'
down_revision = '0017d_token_covering'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('study_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=16), server_default='data', nullable=False))
        batch_op.drop_constraint('uq_study_keys_study_id', type_='unique')
        batch_op.create_unique_constraint('uq_study_keys_study_id_purpose', ['study_id', 'purpose'])
    report = existing.encrypt_existing(op.get_bind(), dry_run=False, tables=existing.SEALED_MORE)
    if report.total:
        print(f"0018: sealed {report.total} values in place: "
              + ", ".join(f"{name} {count}" for name, count in sorted(report.values.items())))


def downgrade():
    sealed = existing.count_sealed(op.get_bind(), existing.SEALED_MORE)
    if sealed:
        raise RuntimeError(
            f"Refusing to downgrade below 0018: {sealed} answers, notes or reasons are encrypted and the "
            "older code cannot read them. Nothing was changed.")
    consent_keys = op.get_bind().scalar(sa.text("SELECT count(*) FROM study_keys WHERE purpose <> 'data'"))
    if consent_keys:
        raise RuntimeError(
            f"Refusing to downgrade below 0018: {consent_keys} studies have a consent key the older code "
            "does not know. Nothing was changed.")
    with op.batch_alter_table('study_keys', schema=None) as batch_op:
        batch_op.drop_constraint('uq_study_keys_study_id_purpose', type_='unique')
        batch_op.create_unique_constraint('uq_study_keys_study_id', ['study_id'])
        batch_op.drop_column('purpose')
