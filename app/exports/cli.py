"""Scripted archiving: `flask bundle build|key` and `flask protocol`, audited like the web."""
from collections.abc import Iterable
from pathlib import Path

import click
from flask.cli import AppGroup

from app.core import storage
from app.core.atomic import atomic_file
from app.core.extensions import db
from app.exports import bundles as service
from app.exports import protocols
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.fieldwork.models import FieldSession, SessionType
from app.recruitment.models import Sector
from app.studies.models import Study
from app.transcripts import keys

bundle_cli = AppGroup("bundle", help="Anonymised bundles and the pseudonym key.")


def _study(study_id: int) -> Study:
    study = db.session.get(Study, study_id)
    if study is None:
        raise click.ClickException(f"No study with id {study_id}.")
    return study


def _write_atomically(path: Path, source: bytes | Iterable[bytes]) -> None:
    """Write OUT through a `.partial-*` file renamed into place: a full disk leaves nothing."""
    try:
        with atomic_file(path) as (out, _temp):
            for chunk in [source] if isinstance(source, bytes) else source:
                out.write(chunk)
    except OSError as error:
        raise click.ClickException(f"Could not write {path}: {error.strerror or error}.") from None


@bundle_cli.command("build")
@click.option("--study", "study_id", type=int, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--format", "fmt", type=click.Choice(["zip", "qdpx"]), default="zip", show_default=True)
@click.option("--type", "types", multiple=True, type=click.Choice([t.value for t in SessionType]))
@click.option("--sector", "sectors", multiple=True, type=click.Choice([s.value for s in Sector]))
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]))
def build(study_id, out, fmt, types, sectors, date_from, date_to) -> None:
    """Build a bundle of the study's approved transcripts and copy it to OUT."""
    study = _study(study_id)
    filters = BundleFilters(tuple(types), tuple(sectors), date_from.date() if date_from else None,
                            date_to.date() if date_to else None)
    try:
        bundle = service.build_bundle(study, filters, BundleFormat(fmt), None)
    except service.BundleLeak as leak:
        where = "; ".join(f"{x.file} line {x.line} ({x.what})" for x in leak.leaks[:10])
        raise click.ClickException(f"{leak} Found in: {where}") from None
    except service.BundleError as error:
        raise click.ClickException(str(error)) from None
    _write_atomically(out, storage.current().open(service.AREA, bundle.checksum))
    db.session.commit()
    left_out = ", ".join(f"{x['session']} ({x['reason']})" for x in bundle.left_out) or "none"
    click.echo(f"Bundle {bundle.id}: {bundle.transcript_count} transcripts, sha256 {bundle.checksum}, "
               f"left out: {left_out}. Written to {out}.")


@bundle_cli.command("key")
@click.option("--study", "study_id", type=int, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def key(study_id, out) -> None:
    """Write the pseudonym key (pseudonym to identity) as CSV; the download is audited."""
    data = keys.key_csv(_study(study_id), None)
    _write_atomically(out, data)
    db.session.commit()
    entries = data.count(b"\n") - 1
    click.echo(f"Key written to {out} ({entries} entries).")


@click.command("protocol")
@click.option("--study", "study_id", type=int, required=True)
@click.option("--session", "session_id", type=int)
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--lang", type=click.Choice(list(protocols.LANGUAGES)))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def protocol(study_id, session_id, date_from, date_to, lang, out) -> None:
    """Print the protocol of one session, or of every session between two dates, to a PDF."""
    study = _study(study_id)
    lang = protocols.protocol_language(lang, study)
    try:
        sessions = _sessions(study, session_id, date_from, date_to)
    except protocols.ProtocolError as error:
        raise click.ClickException(str(error)) from None
    _write_atomically(out, protocols.render_protocols(study, sessions, lang))
    click.echo(f"{len(sessions)} protocol(s) in {lang} written to {out}.")


def _sessions(study, session_id, date_from, date_to) -> list:
    if session_id is not None:
        session = db.session.get(FieldSession, session_id)
        if session is None or session.study_id != study.id:
            raise click.ClickException(f"Study {study.id} has no session {session_id}.")
        return [protocols.one_session(session.id)]
    if date_from is None or date_to is None:
        raise click.ClickException("Give --session ID, or --from DATE and --to DATE.")
    return protocols.sessions_between(study, date_from.date(), date_to.date())
