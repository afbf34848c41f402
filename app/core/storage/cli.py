"""`flask storage verify` and `flask storage migrate --to db|folder`."""
import click
from flask import current_app
from flask.cli import AppGroup

from app.core.extensions import db
from app.core.storage import BACKENDS, Storage, backend, current, transfer

storage_cli = AppGroup("storage", help="Stored files: check them, move them between a folder and the database.")


def describe(storage: Storage) -> str:
    root = getattr(storage, "root", None)
    return f"the folder {root}" if root is not None else "the database"


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB"


def _finish(report: transfer.Report) -> None:
    for problem in report.problems:
        click.echo(problem, err=True)
    if report.problems:
        click.get_current_context().exit(1)


@storage_cli.command("verify")
def verify_command() -> None:
    """Check every stored file against its checksum, and that every file a record names is there."""
    storage = current()
    report = transfer.verify(storage)
    click.echo(f"Checked {report.checked} files in {describe(storage)}: {len(report.problems)} problem(s).")
    _finish(report)


@storage_cli.command("migrate")
@click.option("--to", "to", type=click.Choice(BACKENDS), required=True,
              help="Where the files go: db (the database) or folder (UPLOAD_FOLDER).")
def migrate_command(to: str) -> None:
    """Copy every stored file from the other backend into TO, checking each checksum; safe to repeat."""
    config = current_app.config
    source = backend(next(name for name in BACKENDS if name != to), config)
    target = backend(to, config)
    report = transfer.migrate(source, target, after_each=db.session.commit)
    click.echo(f"From {describe(source)} to {describe(target)}: {report.checked} files, "
               f"{report.copied} copied ({_size(report.copied_bytes)}), {report.present} already there, "
               f"{len(report.problems)} problem(s). The source is left as it was.")
    if config.get("STORAGE", "folder") != to:
        click.echo(f"Set DALA_STORAGE={to} for Dala to use them.")
    _finish(report)
