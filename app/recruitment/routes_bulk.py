"""Issue 15: bulk actions on the participant list: a status change with one reason and the
assignment of a fieldworker, each participant's change its own audit event. (Inviting the chosen
to a session is fieldwork's: app/fieldwork/routes_invite.py.)"""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from app.auth.models import User
from app.core.extensions import db
from app.core.formutils import EmptyForm, db_int
from app.core.templating import kept_render
from app.recruitment import bp, services
from app.recruitment.labels import RECRUITMENT_LABELS as STATUS_LABELS
from app.recruitment.models import RecruitmentStatus
from app.studies.access import study_action

INVITABLE_SESSIONS = services.INVITABLE_SESSIONS


def back_to_list(study):
    """The participant list the user came from (its filters and page), or the plain list."""
    target = request.form.get("next") or ""
    if target.startswith(f"/studies/{study.id}/participants") and "//" not in target and "\\" not in target:
        return redirect(target)
    return redirect(url_for("recruitment.participants", study_id=study.id))


def chosen(study) -> list:
    ids = [db_int(v) for v in request.form.getlist("ids") if v.isdigit()]
    return services.participants_by_ids(study, ids)


@bp.context_processor
def bulk_options() -> dict:
    """What the participant list's bulk form offers (asked only by that template; its staff are
    the list's own `fieldworkers`, read once per page)."""
    return {"bulk_session_options": bulk_session_options, "bulk_form": EmptyForm}


def bulk_session_options(study) -> Markup:
    """The options of the bulk form's session choice (empty when no session is to be held),
    rendered once for the same sessions (their id, code, start and status: all the options
    show) in the study's zone and the reader's language (issue 18)."""
    rows = INVITABLE_SESSIONS(study)
    if not rows:
        return Markup("")
    return kept_render("recruitment/_bulk_sessions.html", (study.timezone, tuple(tuple(row) for row in rows)),
                       sessions=rows, timezone=study.timezone)


@bp.route("/studies/<int:study_id>/participants/bulk/status", methods=["POST"])
@study_action("participants.status")
def participants_bulk_status(study):
    form = EmptyForm()
    people = chosen(study)
    try:
        to_status = RecruitmentStatus(request.form.get("to_status", ""))
    except ValueError:
        to_status = None
    reason = (request.form.get("reason") or "").strip()[:500] or None
    if not form.validate_on_submit() or not people or to_status is None:
        flash(_("Choose participants and a status."), "error")
        return back_to_list(study)
    changed, skipped = services.bulk_change_status(people, to_status, current_user, reason)
    db.session.commit()
    flash(ngettext("%(num)d participant is now %(status)s.", "%(num)d participants are now %(status)s.",
                   len(changed), status=STATUS_LABELS[to_status]), "success")
    if skipped:
        flash(_("Already with this status, left as they were: %(who)s.",
                who=", ".join(p.pseudonym for p in skipped)), "warning")
    return back_to_list(study)


@bp.route("/studies/<int:study_id>/participants/bulk/assign", methods=["POST"])
@study_action("participants.edit")
def participants_bulk_assign(study):
    form = EmptyForm()
    people = chosen(study)
    user_id = request.form.get("fieldworker", type=db_int)
    user = db.session.get(User, user_id) if user_id else None
    if not form.validate_on_submit() or not people or (user_id and user is None):
        flash(_("Choose participants and a fieldworker."), "error")
        return back_to_list(study)
    try:
        changed = [p for p in people if services.assign_fieldworker(p, user, current_user)]
    except services.RecruitmentError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back_to_list(study)
    db.session.commit()
    if user is None:
        flash(ngettext("%(num)d participant has no fieldworker now.", "%(num)d participants have no fieldworker now.",
                       len(changed)), "success")
    else:
        flash(ngettext("%(num)d participant assigned to %(who)s.", "%(num)d participants assigned to %(who)s.",
                       len(changed), who=user.name), "success")
    return back_to_list(study)
