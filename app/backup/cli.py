"""`flask backup PATH` and `flask restore PATH`: the database and the uploaded files."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.backup import services as service
from app.backup.postgres import Tools
from app.core.crypto import keyring
from app.core.crypto.keys import KeyProblem
from app.core.extensions import db


def current_instance() -> service.Instance:
    config = current_app.config
    bundles = config.get("BUNDLE_FOLDER") or Path(current_app.instance_path) / "bundles"
    tools = Tools(config.get("PG_DUMP", "pg_dump"), config.get("PG_RESTORE", "pg_restore"),
                  config.get("PSQL", "psql"))
    return service.Instance(db.engine, Path(config["UPLOAD_FOLDER"]), Path(bundles),
                            Path(current_app.root_path).parent / "migrations", tools,
                            storage=config.get("STORAGE", "folder"), encryption=encryption_note())


def encryption_note() -> dict | None:
    """What the manifest says of the keys: the master key's fingerprint, never the key."""
    ring = keyring.current()
    if ring is None or not ring.enabled:
        return None
    try:
        master = ring.master()
    except KeyProblem as problem:
        raise click.ClickException(str(problem)) from None
    return {"master_key_fingerprint": master.fingerprint,
            "keys": "Identifying values and files are encrypted. Restoring needs the master key with this "
                    "fingerprint and its keystore folder, kept apart from this backup."}


def check_keys_for(path: Path) -> None:
    """One line, before anything is restored, when the master key this backup needs is not here."""
    try:
        wanted = (service.read_manifest(path).get("encryption") or {}).get("master_key_fingerprint")
    except service.BackupError as error:
        raise click.ClickException(str(error)) from None
    if not wanted:
        return
    try:
        have = keyring.current().master().fingerprint
    except KeyProblem:
        have = None
    if have != wanted:
        raise click.ClickException(
            f"This backup is encrypted: restoring needs the master key with fingerprint {wanted} and its "
            f"keystore (set DALA_MASTER_KEY or put master.key in {keyring.current().folder}); nothing was restored.")


@click.command("backup")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a snapshot of the database and the uploaded files, with checksums, to the new folder PATH."""
    db.session.remove()
    try:
        manifest = service.create_backup(path, current_instance())
    except service.BackupError as error:
        raise click.ClickException(str(error)) from None
    database = manifest["database"]
    if database.get("warning"):
        click.echo(f"Warning: {database['warning']}", err=True)
    rows = sum(database["tables"].values())
    click.echo(f"Backup written to {path}: {database['dialect']} database ({rows} rows in "
               f"{len(database['tables'])} tables), {len(manifest['files']) - 1} files; "
               f"revision {manifest['alembic_revision'] or 'none'}, Dala {manifest['dala_version']}.")
    if manifest.get("encryption"):
        click.echo(f"Identifying data in it is encrypted: keep the master key (fingerprint "
                   f"{manifest['encryption']['master_key_fingerprint']}) and the keystore folder "
                   f"{keyring.current().folder} apart from this backup; without them it cannot be restored.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Check the backup in PATH against its manifest and restore it into this empty instance."""
    db.session.remove()
    check_keys_for(path)
    try:
        restored = service.restore_backup(path, current_instance())
    except service.BackupError as error:
        raise click.ClickException(str(error)) from None
    for warning in restored.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Restored {path}: {sum(restored.tables.values())} rows in {len(restored.tables)} "
               f"tables, {restored.files} files.")


def register_backup_cli(app) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
