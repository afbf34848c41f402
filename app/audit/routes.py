"""The study's audit trail, for coordinators and ethics reviewers."""
import sqlalchemy as sa
from flask import g, render_template, request

from app.audit import bp
from app.audit.labels import ENTITY_LABELS, FIELD_LABELS, value_kind
from app.core.audit.models import AuditEvent
from app.core.audit.redaction import redact
from app.core.extensions import db
from app.studies.access import study_action
from app.studies.models import Role


@bp.route("/studies/<int:study_id>/audit")
@study_action("audit_trail.view")
def trail(study):
    """Every audited change in the study, newest first, optionally for one record."""
    query = sa.select(AuditEvent).where(AuditEvent.study_id == study.id)
    entity_type = request.args.get("entity_type")
    entity_id = request.args.get("entity_id")
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEvent.entity_id == entity_id)
    query = query.options(sa.orm.joinedload(AuditEvent.actor)).order_by(AuditEvent.id.desc())
    page = db.paginate(query, per_page=50, error_out=False)
    shown = redact if g.membership.role != Role.COORDINATOR else (lambda values: values)
    return render_template("audit/trail.html", study=study, page=page, shown=shown, field_labels=FIELD_LABELS,
                           entity_labels=ENTITY_LABELS, value_kind=value_kind,
                           entity_type=entity_type, entity_id=entity_id)
