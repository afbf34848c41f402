"""`flask dashboard recount`: compare the dashboard's counters and the ethics desk's marks
(app.consent.desk_marks) with a full count, and repair."""
import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.consent import desk_marks
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
    attendees raise an ethics desk flag, and compare the copies of each session's study and end
    on its staff rows ("My sessions" reads them); print where the stored counters, marks and
    copies differ and (without --check) replace them with the true ones."""
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
        wrong_marks = desk_marks.differences(sid) if check else desk_marks.recount(sid)
        if wrong or stale or wrong_marks:
            wrong_studies += 1
            for name, (stored, true) in wrong.items():
                click.echo(f"study {sid}: {name} stored {stored}, counted {true}")
            if stale:
                click.echo(f"study {sid}: {stale} session staff rows with another study or end than their session")
            names = desk_marks.describe(wrong_marks)
            for attendee, (marked, flagged) in wrong_marks.items():
                click.echo(f"study {sid}: desk mark of {names.get(attendee, attendee)} "
                           f"stored {'yes' if marked else 'no'}, rule {'yes' if flagged else 'no'}")
    if check:
        db.session.rollback()
        if wrong_studies:
            raise click.ClickException(f"{wrong_studies} of {len(ids)} studies have wrong counters or desk marks; "
                                       "run `flask dashboard recount` to repair them.")
        click.echo(f"Counters and desk marks of {len(ids)} studies match a full count.")
        return
    db.session.commit()
    click.echo(f"Counters and desk marks of {len(ids)} studies recounted; {wrong_studies} needed repair.")
