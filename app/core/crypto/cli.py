"""`flask keys init | status | rotate | encrypt-existing`: the master key and the study keys."""
import click
import sqlalchemy as sa

from flask.cli import AppGroup

from app.core.crypto import existing, keyring, keys
from app.core.crypto.models import StudyKey
from app.core import storage
from app.core.extensions import db

keys_cli = AppGroup("keys", help="Encryption at rest: the master key, the keystore and each study's key.")

KEEP_APART = ("Keep a copy of it, and of the keystore folder beside it, apart from this computer and "
              "from the backups (a password manager, an encrypted USB stick in a safe): without them "
              "nothing identifying can be read, backups included. After a study's data is destroyed, "
              "replace the keystore copy so the destroyed key does not survive in it.")


def _ring() -> keyring.Keyring:
    return keyring.current()


def _fail(problem: keys.KeyProblem) -> None:
    raise click.ClickException(str(problem))


@keys_cli.command("init")
def init_command() -> None:
    """Create the master key file (mode 0600) in the key folder unless a master key exists."""
    ring = _ring()
    if ring.env_key:
        try:
            click.echo(f"The master key comes from DALA_MASTER_KEY (fingerprint {ring.master().fingerprint}).")
        except keys.KeyProblem as problem:
            _fail(problem)
        return
    try:
        master, created = keys.create_master(ring.folder)
    except keys.KeyProblem as problem:
        _fail(problem)
    ring.forget()
    if created:
        click.echo(f"Created the master key {master.source} (fingerprint {master.fingerprint}).")
        click.echo(KEEP_APART)
    else:
        click.echo(f"Master key: {master.source} (fingerprint {master.fingerprint}).")


@keys_cli.command("check")
def check_command() -> None:
    """Exit 1 with one line when there is no usable master key (`make serve` runs it first)."""
    try:
        _ring().master()
    except keys.KeyProblem as problem:
        _fail(problem)


@keys_cli.command("status")
def status_command() -> None:
    """Where the master key and the keystore are, and every study's key."""
    ring = _ring()
    try:
        master = ring.master()
    except keys.KeyProblem as problem:
        _fail(problem)
    click.echo(f"Master key: {master.source} (fingerprint {master.fingerprint})")
    click.echo(f"Keystore: {ring.store.folder} ({len(ring.store.ids())} key-encryption keys)")
    click.echo(f"Encryption of new values: {'on' if ring.enabled else 'OFF'}")
    present = set(ring.store.ids())
    rows = db.session.execute(sa.select(StudyKey).order_by(StudyKey.study_id)).scalars().all()
    for row in rows:
        if row.wrapped_key is None:
            state = f"destroyed {row.destroyed_at:%Y-%m-%d %H:%M} UTC"
        elif row.kek_id not in present:
            state = "MISSING its key-encryption key: restore the keystore"
        else:
            state = "active"
        click.echo(f"Study {row.study_id}: key {row.key_id}, {state}")
    plain = existing.encrypt_existing(db.session.connection(), dry_run=True, tables=existing.ALL).total if ring.enabled else 0
    click.echo(f"Values not yet encrypted: {plain}")
    db.session.rollback()


@keys_cli.command("rotate")
def rotate_command() -> None:
    """Re-wrap every study's key-encryption key under a new master key; the old one is retired."""
    ring = _ring()
    try:
        new, count = keys.rotate(ring.folder, ring.master())
    except keys.KeyProblem as problem:
        _fail(problem)
    ring.forget()
    click.echo(f"Re-wrapped {count} key-encryption keys under the new master key (fingerprint {new.fingerprint}).")
    if ring.env_key:
        click.echo(f"Set DALA_MASTER_KEY to the new key written in {new.source} before the next start, "
                   "then delete that file.")
    else:
        click.echo(f"The new master key is {new.source}. {KEEP_APART}")


@keys_cli.command("encrypt-existing")
@click.option("--dry-run", is_flag=True, help="Count what would be encrypted; change nothing.")
def encrypt_existing_command(dry_run: bool) -> None:
    """Encrypt values stored before encryption at rest (migration 0016 does it too)."""
    try:
        report = existing.encrypt_existing(db.session.connection(), dry_run=dry_run, tables=existing.ALL)
        report.files = existing.encrypt_files(db.session.connection(), storage.current(), dry_run=dry_run)
    except keys.KeyProblem as problem:
        db.session.rollback()
        _fail(problem)
    for column, count in sorted(report.values.items()):
        click.echo(f"{column}: {count}")
    for area, count in sorted(report.files.items()):
        click.echo(f"stored files ({area}): {count}")
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: {report.total} values and {sum(report.files.values())} files would be encrypted; "
                   "nothing was changed.")
    else:
        db.session.commit()
        click.echo(f"Encrypted {report.total} values and {sum(report.files.values())} files; "
                   f"{report.participants_indexed} participants indexed for search.")

