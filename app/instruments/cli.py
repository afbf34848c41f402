"""`flask instruments list|export-xlsform|import-xlsform`: instruments for scripted work."""
from pathlib import Path

import click
from flask.cli import AppGroup

from app.core.atomic import atomic_file
from app.core.extensions import db
from app.instruments import exchange, services
from app.instruments.models import Instrument, InstrumentKind, InstrumentVersion
from app.instruments.xlsform import XLSFormError
from app.studies.models import Study


@click.group("instruments", cls=AppGroup, help="Instruments: list, XLSForm export and import.")
def instruments_cli() -> None:
    pass


def _study(study_id: int) -> Study:
    study = db.session.get(Study, study_id)
    if study is None:
        raise click.ClickException(f"No study has id {study_id}.")
    return study


@instruments_cli.command("list")
@click.option("--study", "study_id", type=int, required=True)
def list_instruments(study_id: int) -> None:
    """Print each version: id, instrument, kind, number, status, questions."""
    for instrument in services.instruments_of(_study(study_id)):
        for version in instrument.versions:
            click.echo(f"{version.id}\t{instrument.title}\t{instrument.kind.value}\tv{version.number}"
                       f"\t{version.status.value}\t{len(version.questions)} questions")


@instruments_cli.command("export-xlsform")
@click.option("--version", "version_id", type=int, required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(version_id: int, out_path: Path) -> None:
    """Write a version as an XLSForm workbook (checked with pyxform first)."""
    version = db.session.get(InstrumentVersion, version_id)
    if version is None:
        raise click.ClickException(f"No instrument version has id {version_id}.")
    try:
        workbook = exchange.export_xlsform(version)
    except XLSFormError as error:
        raise click.ClickException(f"pyxform cannot convert this version: {error}") from None
    _write_atomically(out_path, workbook)
    click.echo(f"Wrote {out_path} ({version.label}).")


def _write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    if not path.parent.is_dir():
        raise click.ClickException(f"No such folder: {path.parent}.")
    with atomic_file(path) as (out, _temporary):
        out.write(content)


@instruments_cli.command("import-xlsform")
@click.option("--study", "study_id", type=int, required=True)
@click.option("--kind", type=click.Choice([k.value for k in InstrumentKind]),
              default=InstrumentKind.QUESTIONNAIRE.value, show_default=True)
@click.option("--instrument", "instrument_id", type=int, help="Add the draft to this instrument.")
@click.option("--yes", is_flag=True, help="Accept without asking.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def import_command(study_id: int, kind: str, instrument_id: int | None, yes: bool, path: Path) -> None:
    """Read an XLSForm, list what cannot be kept, and on acceptance create a new draft."""
    study = _study(study_id)
    instrument = _instrument(study, instrument_id)
    if not path.is_file():
        raise click.ClickException(f"No such file: {path}.")
    try:
        parsed = exchange.read_checked(path.read_bytes())
    except XLSFormError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{parsed.data['title']}: {len(parsed.data['sections'])} sections, "
               f"{parsed.question_count} questions.")
    for problem in parsed.problems:
        click.echo(f"  left out: {problem.sheet} row {problem.row}: {problem.reason}")
    if not yes and not click.confirm("Create the draft version?", default=False):
        raise click.ClickException("Nothing was imported.")
    try:
        version = exchange.import_parsed(study, parsed, None, InstrumentKind(kind), instrument)
    except services.InstrumentError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created draft {version.label} (version id {version.id}).")


def _instrument(study: Study, instrument_id: int | None) -> Instrument | None:
    if instrument_id is None:
        return None
    instrument = db.session.get(Instrument, instrument_id)
    if instrument is None or instrument.study_id != study.id:
        raise click.ClickException(f"Study {study.id} has no instrument with id {instrument_id}.")
    return instrument
