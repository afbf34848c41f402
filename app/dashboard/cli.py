"""`flask dashboard recount`: compare the dashboard's counters, the ethics desk's marks
(app.consent.desk_marks) and state (app.consent.desk_state) with a full count, and repair."""
import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.consent import desk_marks, desk_state
from app.consent import flags as consent_flags
from app.core.extensions import db
from app.dashboard import counters
from app.fieldwork import own
from app.studies.models import Study


@click.group("dashboard", cls=AppGroup, help="The study dashboards' stored counts.")
def dashboard_cli() -> None:
    pass


@dashboard_cli.command("recount")
@click.option("--study", "study_id", type=int, help="Only this study (default: every study).")
@click.option("--check", is_flag=True, help="Only report differences; exit 1 when there are any.")
def recount(study_id: int | None, check: bool) -> None:
    """Count every study's participants, sessions and organisations afresh, work out which
    attendees raise an ethics desk flag and each participant's desk state (current record, review,
    missing scan, open item; the study's missing scans), and compare the copies of each session's
    study and end on its staff rows ("My sessions" reads them); print where the stored counters,
    marks, state and copies differ and (without --check) replace them with the true ones."""
    query = sa.select(Study.id).order_by(Study.id)
    if study_id is not None:
        query = query.where(Study.id == study_id)
    ids = list(db.session.scalars(query))
    if study_id is not None and not ids:
        raise click.ClickException(f"No study {study_id}.")
    wrong_studies = 0
    for sid in ids:
        wrong = counters.differences(sid) if check else counters.recount(sid)
        stale = own.stale_copies(sid) if check else own.repair(sid)
        data = consent_flags.load(db.session.get(Study, sid))  # the whole study, read once for both
        wrong_marks = desk_marks.differences(sid, data) if check else desk_marks.recount(sid, data)
        wrong_state = desk_state.differences(sid, data) if check else desk_state.recount(sid, data)
        if wrong or stale or wrong_marks or wrong_state:
            wrong_studies += 1
            for name, (stored, true) in wrong.items():
                click.echo(f"study {sid}: {name} stored {stored}, counted {true}")
            if stale:
                click.echo(f"study {sid}: {stale} session staff rows with another study or end than their session")
            names = desk_marks.describe(wrong_marks)
            for attendee, (marked, flagged) in wrong_marks.items():
                click.echo(f"study {sid}: desk mark of {names.get(attendee, attendee)} "
                           f"stored {'yes' if marked else 'no'}, rule {'yes' if flagged else 'no'}")
            for name, (kept, true) in wrong_state.items():
                click.echo(f"study {sid}: desk state of {name} stored {_shown(kept)}, rule {_shown(true)}")
    if check:
        db.session.rollback()
        if wrong_studies:
            raise click.ClickException(f"{wrong_studies} of {len(ids)} studies have wrong counters, desk marks or desk state; "
                                       "run `flask dashboard recount` to repair them.")
        click.echo(f"Counters, desk marks and desk state of {len(ids)} studies match a full count.")
        return
    db.session.commit()
    click.echo(f"Counters, desk marks and desk state of {len(ids)} studies recounted; {wrong_studies} needed repair.")


def _shown(state) -> str:
    """A participant's desk state (app.consent.desk_state.State) or a count, for the report."""
    if isinstance(state, int):
        return str(state)
    flags = [name for name in ("scanless", "open") if getattr(state, name)]
    return f"record {state.record_id}, review {state.review}" + (f", {', '.join(flags)}" if flags else "")
