"""The study's audit trail, for coordinators and ethics reviewers: sentences, changes, filters,
pages and a CSV of the filtered trail (app.audit.readable)."""
from datetime import date

from flask import Response, current_app, g, render_template, request

from app.audit import bp, readable
from app.core import keyset
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.core.formutils import db_int
from app.studies.access import study_action
from app.studies.models import Role

CSV_LIMIT = 50_000


def _day(name: str) -> date | None:
    try:
        day = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None  # no audit event is older or newer


def _filter() -> readable.TrailFilter:
    kind = request.args.get("kind") or None
    return readable.TrailFilter(
        actor_id=request.args.get("actor", type=db_int), kind=kind if kind in readable.KINDS else None,
        participant_id=request.args.get("participant", type=db_int),
        entity_type=request.args.get("entity_type") or None, entity_id=request.args.get("entity_id") or None,
        date_from=_day("from"), date_to=_day("to"))


def _masked() -> bool:
    """Reviewers see neither contact details nor what may quote a raw transcript (app.core.audit.
    redaction); the coordinator, who may read both, sees the trail as stored."""
    return g.membership.role != Role.COORDINATOR


@bp.route("/studies/<int:study_id>/audit")
@study_action("audit_trail.view")
def trail(study):
    """The study's events, newest first, as sentences with the fields each one changed."""
    flt = _filter()
    # seek pages (issue 18): the trail only grows, and a page costs the same at its end
    page = keyset.from_request(readable.events_query(study, flt).order_by(None),
                               keyset.keys(AuditEvent.id, direction="desc"), current_app.config["PER_PAGE"])
    return render_template("audit/trail.html", study=study, page=page, flt=flt,
                           lines=readable.lines(study, page.items, _masked()),
                           people=readable.people(study), kinds=readable.kind_choices(),
                           participants=readable.participant_choices(study, flt.participant_id),
                           entity_type=flt.entity_type, entity_id=flt.entity_id)


@bp.route("/studies/<int:study_id>/audit.csv")
@study_action("audit_trail.view")
def trail_csv(study):
    """The filtered trail as CSV for an ethics committee, pseudonyms and masking as on screen."""
    flt = _filter()
    events = db.session.scalars(readable.events_query(study, flt).limit(CSV_LIMIT)).unique().all()
    body = readable.csv_of(study, events, _masked())
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=audit-trail-{study.id}.csv"})
