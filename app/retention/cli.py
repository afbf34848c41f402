"""`flask retention destroy --study ID --out certificate.pdf` and `flask retention sweep`."""
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.auth.models import User
from app.core.atomic import atomic_file
from app.core.extensions import db
from app.retention import services
from app.studies.models import Study

retention_cli = AppGroup("retention", help="Retention: destroy a study's identifiable data, with a certificate.")


def _user(email: str | None) -> User | None:
    if not email:
        return None
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user has the e-mail {email}.")
    return user


@retention_cli.command("destroy")
@click.option("--study", "study_id", type=int, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the certificate (PDF).")
@click.option("--requested-by", help="E-mail of the coordinator requesting it, when no request is waiting.")
@click.option("--countersigned-by", help="E-mail of the study's ethics reviewer who countersigns.")
def destroy_command(study_id: int, out: Path, requested_by: str | None, countersigned_by: str | None) -> None:
    """Destroy a study's identifiable data: a coordinator's request countersigned by its ethics reviewer."""
    services.sweep()  # whatever an interrupted destruction left
    study = db.session.get(Study, study_id)
    if study is None:
        raise click.ClickException(f"No study {study_id}.")
    requester, signer = _user(requested_by), _user(countersigned_by)
    done = services.destroyed(study)
    if done is not None:
        _write(out, services.certificate_pdf(done.certificate))
        try:  # the second attempt leaves its trace in the audit trail, nothing else
            services.audited("destroy", study, signer or requester, lambda: _refuse(
                f"Study {study_id}'s identifiable data was destroyed already on {done.performed_at:%Y-%m-%d}; "
                f"its certificate was written again to {out}.", "destroyed_already"))
        except services.RetentionError as error:
            raise click.ClickException(str(error)) from None

    def destroy():
        request = services.pending(study) or services.request_destruction(study, requester)
        if signer is None:
            _refuse("Destruction needs the countersignature of the study's ethics reviewer: give --countersigned-by "
                    "or countersign in the web.", "no_countersignature")
        return services.countersign(request, signer)

    services.prepare(study)  # the consent key, committed before anything is moved under it
    db.session.commit()
    try:
        certificate = services.audited("countersign" if signer else "request", study, signer or requester, destroy)
    except services.RetentionError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    swept = services.sweep()
    _write(out, services.certificate_pdf(certificate))
    counts = certificate["destroyed"]
    click.echo(f"Destroyed the identifiable data of study {study_id}: {counts['participants']} participants, "
               f"{counts['raw_transcripts']} raw transcripts, {swept['files']} files, "
               f"{swept['keys']} key-encryption key. Certificate: {out}")


def _refuse(message: str, code: str):
    raise services.RetentionError(message, code)


def _write(out: Path, pdf: bytes) -> None:
    with atomic_file(out) as (handle, _temp):
        handle.write(pdf)


@retention_cli.command("sweep")
def sweep_command() -> None:
    """Remove files and keys that committed destructions left (after an interruption)."""
    done = services.sweep()
    click.echo(f"Removed {done['files']} files and {done['keys']} key-encryption keys; consent evidence "
               f"destroyed for {done['consent']} studies whose consent-evidence period ended.")
