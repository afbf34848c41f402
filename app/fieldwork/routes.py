"""Sessions: list, detail, schedule, edit, confirm/postpone/cancel, complete."""
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core import concurrency, keyset, timezones
from app.core.extensions import db
from app.core.formutils import choices, db_int, use_organisation_picker, use_picker
from app.core.views import list_args
from app.fieldwork import bp, queries
from app.fieldwork import services as fieldwork
from app.fieldwork.forms import CompleteForm, ReasonForm, SessionForm
from app.fieldwork.labels import SESSION_STATUS_LABELS, SESSION_TYPE_LABELS
from app.fieldwork.models import Attendance, FieldSession, SessionStatus, StaffRole
from app.recruitment import services as recruitment
from app.studies import services as studies
from app.studies.access import may, study_action

STATUS_ACTIONS = {"confirm": SessionStatus.CONFIRMED, "postpone": SessionStatus.POSTPONED,
                  "cancel": SessionStatus.CANCELLED}


def get_session_or_404(session_id: int, study) -> FieldSession:
    session = queries.load_session(session_id)
    if session is None or session.study_id != study.id:
        abort(404)
    return session


@bp.route("/studies/<int:study_id>/sessions")
@study_action("sessions.view")
def sessions(study):
    sort, direction, _page = list_args("starts")
    args = {k: request.args.get(k) or None for k in ("status", "type", "when")}
    query = queries.session_list(study, status=args["status"], type_=args["type"], when=args["when"],
                                   fieldworker_id=request.args.get("fieldworker", type=db_int),
                                   sort=sort, direction=direction)
    page = keyset.from_request(query, queries.session_order(sort, direction), current_app.config["PER_PAGE"])
    ids = [s.id for s in page.items]
    return render_template("fieldwork/sessions.html", study=study, page=page, sort=sort,
                           invited=queries.invited_counts(ids), staff=queries.staff_shown(ids),
                           direction=direction, args=args, fieldworkers=studies.staff_names(study),
                           fieldworker_id=request.args.get("fieldworker", type=db_int),
                           status_choices=choices([("", _("Any status"))] + list(SESSION_STATUS_LABELS.items())),
                           type_choices=choices([("", _("Any type"))] + list(SESSION_TYPE_LABELS.items())))


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>")
@study_action("sessions.view")
def session_detail(study, session_id: int):
    session = get_session_or_404(session_id, study)
    return render_template("fieldwork/session.html", study=study, session=session, reason_form=ReasonForm(),
                           can_complete=_can_complete(session), has_started=fieldwork.has_started(session),
                           overdue=fieldwork.is_overdue(session))


def _can_complete(session) -> bool:
    return may("session_records.edit", session)


GUARD_FIELDS = {"staff": _l("Facilitators and note-taker"), "participants": _l("Participants"),
                "status": _l("Status"), "code": _l("Code")}


def _session_form(study, session=None, **kwargs) -> SessionForm:
    hosts = recruitment.organisation_choices(
        study, keep=[*_chosen("host_organisation_id"), session.host_organisation_id if session else None])
    form = SessionForm(hosts, studies.staff_of(study),
                       queries.invitable_participants(study, session, keep=_chosen("participant_ids")),
                       **kwargs)
    use_picker(form.participant_ids, url_for("recruitment.pick_participants", study_id=study.id, invitable=1))
    use_organisation_picker(form.host_organisation_id, url_for("recruitment.pick_organisations", study_id=study.id))
    return form


def _chosen(field: str) -> list[int]:
    """The ids a submitted form chose (kept among the choices, however long the study's list)."""
    return [int(v) for v in request.form.getlist(field) if v.isdigit() and len(v) < 10]  # within a database integer


def _plan(form: SessionForm, study) -> fieldwork.SessionPlan:
    return fieldwork.SessionPlan(
        type=form.type.data, starts_at=timezones.to_utc(form.starts_at.data, study.timezone),
        ends_at=timezones.to_utc(form.ends_at.data, study.timezone),
        location=form.location.data or None, online_url=form.online_url.data or None,
        host_organisation_id=form.host_organisation_id.data, audio_recorded=form.audio_recorded.data,
        facilitator_ids=form.facilitator_ids.data, note_taker_id=form.note_taker_id.data,
        participant_ids=form.participant_ids.data or [])


def _save(form, study, session=None):
    """Create or update; a conflict re-renders the form with the warnings, saving nothing."""
    plan, override = _plan(form, study), form.override_conflicts.data
    try:
        if session is None:
            session = fieldwork.create_session(study, plan, current_user, override)
        else:
            fieldwork.update_session(session, plan, current_user, override,
                                     request.form.get("version"), request.form.get("loaded"))
    except concurrency.StaleEdit:
        raise
    except fieldwork.ConflictWarning as warning:
        db.session.rollback()
        return None, warning.warnings
    except fieldwork.FieldworkError as error:
        db.session.rollback()
        form.starts_at.errors.append(str(error))
        return None, []
    db.session.commit()
    return session, []


@bp.route("/studies/<int:study_id>/sessions/new", methods=["GET", "POST"])
@study_action("sessions.edit")
def session_new(study):
    form = _session_form(study)
    warnings = []
    if form.validate_on_submit():
        session, warnings = _save(form, study)
        if session is not None:
            flash(_("Session %(code)s scheduled.", code=session.code), "success")
            return redirect(url_for("fieldwork.session_detail", study_id=study.id, session_id=session.id))
    return render_template("fieldwork/session_form.html", study=study, form=form, session=None,
                           warnings=warnings)


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@study_action("sessions.edit")
def session_edit(study, session_id: int):
    session = get_session_or_404(session_id, study)
    form = _session_form(study, session, **({} if request.method == "POST" else _initial(session, study)))
    warnings, stale = [], None
    if form.validate_on_submit():
        try:
            saved, warnings = _save(form, study, session)
        except concurrency.StaleEdit as error:
            db.session.rollback()
            saved, stale = None, error
        if saved is not None:
            flash(_("Session %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("fieldwork.session_detail", study_id=study.id, session_id=saved.id))
        session = get_session_or_404(session_id, study)
    guard = concurrency.guard(session, fieldwork.GUARDED_FIELDS, None if stale else request.form,
                              values=fieldwork.guarded_values(session))
    return render_template("fieldwork/session_form.html", study=study, form=form, session=session,
                           warnings=warnings, guard=guard, stale=stale,
                           labels=concurrency.labels_of(form) | GUARD_FIELDS)


def _initial(session: FieldSession, study) -> dict:
    local = lambda value: timezones.to_local_naive(value, study.timezone)  # noqa: E731
    return {"type": session.type, "starts_at": local(session.starts_at), "ends_at": local(session.ends_at),
            "location": session.location, "online_url": session.online_url,
            "host_organisation_id": session.host_organisation_id, "audio_recorded": session.audio_recorded,
            "facilitator_ids": [s.user_id for s in session.staff if s.role == StaffRole.FACILITATOR],
            "note_taker_id": next((s.user_id for s in session.staff if s.role == StaffRole.NOTE_TAKER), None),
            "participant_ids": [a.participant_id for a in session.attendees]}


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/<action>",
          methods=["POST"])
@study_action("sessions.edit")
def session_status(study, session_id: int, action: str):
    """Confirm, postpone or cancel, with an optional reason."""
    session = get_session_or_404(session_id, study)
    if action not in STATUS_ACTIONS:
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            fieldwork.set_status(session, STATUS_ACTIONS[action], current_user, form.reason.data)
        except fieldwork.FieldworkError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Session %(code)s is now %(status)s.", code=session.code,
                    status=SESSION_STATUS_LABELS[session.status]), "success")
    return redirect(url_for("fieldwork.session_detail", study_id=study.id, session_id=session.id))


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/complete", methods=["GET", "POST"])
@study_action("session_records.edit")
def session_complete(study, session_id: int):
    """Record attendance and field notes; refusals from the consent checks show inline."""
    session = get_session_or_404(session_id, study)
    if not _can_complete(session):
        abort(403)
    if session.status not in (SessionStatus.PLANNED, SessionStatus.CONFIRMED):
        flash(_("Only a planned or confirmed session can be completed."), "error")
        return redirect(url_for("fieldwork.session_detail", study_id=study.id, session_id=session.id))
    if not fieldwork.has_started(session):  # issue 15: say so before the form is filled in
        flash(_("This session has not started yet: attendance is recorded once it has begun."), "error")
        return redirect(url_for("fieldwork.session_detail", study_id=study.id, session_id=session.id))
    draft = fieldwork.completion_draft(session, current_user) if request.method == "GET" else None
    form = CompleteForm(field_notes=draft.field_notes if draft else session.field_notes)
    saved_marks = draft.marks if draft else {}
    marks = {a.participant_id: request.form.get(f"attendance-{a.participant_id}",
                                                saved_marks.get(str(a.participant_id), a.attendance))
             for a in session.attendees}
    refusal = error = None
    if form.validate_on_submit():
        then = _consent_for(request.form.get("then", ""), session)
        if then is not None:  # issue 15: keep what was typed, record the consent, come back here
            fieldwork.save_completion_draft(session, current_user, marks, form.field_notes.data)
            db.session.commit()
            back = url_for("fieldwork.session_complete", study_id=study.id, session_id=session.id)
            return redirect(url_for("consent.record_new", study_id=study.id, participant_id=then, next=back))
        try:
            attendance = {pid: Attendance(value) for pid, value in marks.items()}
            fieldwork.complete_session(session, attendance, form.field_notes.data, current_user)
        except fieldwork.AttendanceRefused as refused:
            refusal = refused
        except fieldwork.FieldworkError as problem:
            error = str(problem)
        except ValueError:  # an attendance value that is not one of ours
            error = _("Choose attended or no-show for everyone.")
        else:
            db.session.commit()
            flash(_("Session %(code)s completed.", code=session.code), "success")
            return redirect(url_for("fieldwork.session_detail", study_id=study.id, session_id=session.id))
        db.session.rollback()
        session = get_session_or_404(session_id, study)
    return render_template("fieldwork/complete.html", study=study, session=session, form=form,
                           marks=marks, refusal=refusal, error=error, restored=draft is not None,
                           consent_link="consent.record_new" in current_app.view_functions)


def _consent_for(then: str, session) -> int | None:
    """The invitee named by a "Record consent" button of the completion form ("consent:<id>")."""
    kind, _sep, value = then.partition(":")
    if kind != "consent" or not value.isdigit():
        return None
    wanted = int(value)
    return wanted if any(a.participant_id == wanted for a in session.attendees) else None
