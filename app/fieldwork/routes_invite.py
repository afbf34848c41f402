"""Issue 15: invite the participants chosen on the participant list to a session, each
invitation its own audit event."""
from flask import abort, flash, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core.extensions import db
from app.core.formutils import EmptyForm, db_int
from app.fieldwork import bp
from app.fieldwork import services as fieldwork
from app.fieldwork.models import FieldSession
from app.recruitment.routes_bulk import back_to_list, chosen
from app.studies.access import study_action


@bp.route("/studies/<int:study_id>/participants/bulk/invite", methods=["POST"])
@study_action("sessions.edit")
def participants_bulk_invite(study):
    form = EmptyForm()
    people = chosen(study)
    session_id = request.form.get("session", type=db_int)
    session = db.session.get(FieldSession, session_id) if session_id else None
    if session is not None and session.study_id != study.id:
        abort(404)
    if not form.validate_on_submit() or not people or session is None:
        flash(_("Choose participants and a session."), "error")
        return back_to_list(study)
    try:
        invited, skipped = fieldwork.invite(session, people, current_user)
    except fieldwork.FieldworkError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back_to_list(study)
    db.session.commit()
    flash(ngettext("%(num)d participant invited to %(code)s.", "%(num)d participants invited to %(code)s.",
                   len(invited), code=session.code), "success")
    if skipped:
        flash(_("Not invited (already invited, declined, withdrawn or unreachable): %(who)s.",
                who=", ".join(p.pseudonym for p in skipped)), "warning")
    return back_to_list(study)
