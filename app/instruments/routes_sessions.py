"""Instruments in sessions: the version a session uses, answers per attendee, notes per question."""
import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.core import concurrency
from app.core.extensions import db
from app.core.formutils import EmptyForm
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStaff,
)
from app.instruments import answers, bp, services
from app.instruments.forms import (
    SESSION_STATUS_LABELS,
    SESSION_TYPE_LABELS,
    SessionVersionForm,
)
from app.instruments.models import AnswerSet, AnswerStatus, InstrumentVersion
from app.instruments.outline import version_blocks
from app.instruments.routes import chosen_language, template_context
from app.instruments.texts import pick
from app.studies.access import get_in_study_or_404, study_action
from app.studies.models import Role

SESSION = "/studies/<int:study_id>/sessions/<int:session_id>"
SORTS = {"code": FieldSession.code, "starts": FieldSession.starts_at, "type": FieldSession.type}


def _context() -> dict:
    return {**template_context(), "answer_options": answers.answer_options,
            "SESSION_TYPE_LABELS": SESSION_TYPE_LABELS,
            "SESSION_STATUS_LABELS": SESSION_STATUS_LABELS}


@bp.route("/studies/<int:study_id>/instruments/sessions")
@study_action("sessions.view")
def sessions(study):
    """Sessions with the version each uses and how far their answers are (own ones for fieldworkers)."""
    sort = request.args.get("sort", "starts")
    direction = "desc" if request.args.get("dir") == "desc" else "asc"
    column = SORTS.get(sort, FieldSession.starts_at)
    query = (sa.select(FieldSession).where(FieldSession.study_id == study.id)
             .options(sa.orm.selectinload(FieldSession.instrument_version).selectinload(InstrumentVersion.instrument))
             .order_by(column.desc() if direction == "desc" else column, FieldSession.id))
    if g.membership.role == Role.FIELDWORKER:
        query = query.where(FieldSession.id.in_(
            sa.select(SessionStaff.session_id).where(SessionStaff.user_id == current_user.id)))
    page = db.paginate(query, per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("instruments/sessions.html", study=study, page=page, sort=sort,
                           direction=direction, counts=_counts([s.id for s in page.items]),
                           role=g.membership.role, **_context())


def _counts(session_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(finished answer forms, attendees) per session, two grouped queries."""
    finished = dict(db.session.execute(
        sa.select(AnswerSet.session_id, sa.func.count()).where(
            AnswerSet.session_id.in_(session_ids), AnswerSet.status == AnswerStatus.COMPLETE)
        .group_by(AnswerSet.session_id)).all())
    people = dict(db.session.execute(
        sa.select(SessionParticipant.session_id, sa.func.count()).where(
            SessionParticipant.session_id.in_(session_ids),
            SessionParticipant.attendance != Attendance.NO_SHOW)
        .group_by(SessionParticipant.session_id)).all())
    return {sid: (finished.get(sid, 0), people.get(sid, 0)) for sid in session_ids}


@bp.route(f"{SESSION}/instrument", methods=["GET", "POST"])
@study_action("sessions.edit")
def session_instrument(study, session_id: int):
    """The coordinator chooses the approved version a session uses."""
    session = get_in_study_or_404(FieldSession, session_id, study)
    form = SessionVersionForm(services.approved_versions(study),
                              version=session.instrument_version_id or 0)
    if form.validate_on_submit():
        version = get_in_study_or_404(InstrumentVersion, form.version.data, study) if form.version.data else None
        try:
            answers.assign_version(session, version, current_user)
        except services.InstrumentError as error:
            form.version.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Instrument of %(code)s saved.", code=session.code), "success")
            return redirect(url_for("instruments.session_answers", study_id=study.id, session_id=session.id))
    return render_template("instruments/session_instrument.html", study=study, session=session,
                           form=form, **_context())


def _own_session(study, session_id: int) -> FieldSession:
    """The session, if the member may record answers in it (coordinator, or own session)."""
    return get_in_study_or_404(FieldSession, session_id, study, action="session_records.edit")


@bp.route(f"{SESSION}/answers")
@study_action("session_records.view")
def session_answers(study, session_id: int):
    """The session's attendees, their answer forms and how complete the answers are."""
    session = _own_session(study, session_id)
    people = answers.attendees(session)
    version = session.instrument_version
    sets = {} if version is None else {a.id: answers.answer_set_for(a, version) for a in people}
    return render_template("instruments/session_answers.html", study=study, session=session,
                           people=people, sets=sets, reason=answers.answerable_reason(session),
                           done=answers.completeness(session), role=g.membership.role,
                           takes_notes=session.type in answers.NOTE_SESSION_TYPES, **_context())


@bp.route(f"{SESSION}/answers/<int:attendee_id>", methods=["GET", "POST"])
@study_action("session_records.edit")
def answer_form(study, session_id: int, attendee_id: int):
    """Fill one attendee's answers: save a draft or finish; errors keep what was typed."""
    session = _own_session(study, session_id)
    attendee = db.session.get(SessionParticipant, attendee_id)
    if attendee is None or attendee.session_id != session.id:
        abort(404)
    reason = answers.answerable_reason(session)
    if reason:
        flash(reason, "error")
        return redirect(url_for("instruments.session_answers", study_id=study.id, session_id=session.id))
    version = session.instrument_version
    existing = answers.answer_set_for(attendee, version)
    values, errors, stale = (existing.values if existing else {}), {}, None
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        raw = {q.name: request.form.getlist(q.name) for q in version.questions}
        finish = request.form.get("action") == "finish"
        try:
            saved, errors = answers.save_answers(attendee, raw, finish, current_user,
                                                 request.form.get("version"), request.form.get("loaded"))
        except concurrency.StaleEdit as error:
            db.session.rollback()
            stale, errors = error, {}
            existing = answers.answer_set_for(attendee, version)
        else:
            if not errors:
                db.session.commit()
                flash(_("Answers finished.") if finish else _("Draft saved; you can finish it later."), "success")
                return redirect(url_for("instruments.session_answers", study_id=study.id, session_id=session.id))
        values = raw
    given = {name: [str(v) for v in (value if isinstance(value, list) else [value])]
             for name, value in values.items()}
    record, fields, stored = answers.guarded(existing, version)
    guard = concurrency.guard(record, fields, None if stale else request.form, values=stored)
    labels = {"status": _("Status")} | {q.name: pick(q.text, chosen_language()).text for q in version.questions}
    return render_template("instruments/answer_form.html", study=study, session=session, attendee=attendee,
                           version=version, given=given, errors=errors, existing=existing,
                           guard=guard, stale=stale, labels=labels, blocks=version_blocks(version),
                           rules=answers.conditions(version),
                           lang=chosen_language(), form=EmptyForm(), **_context())


@bp.route(f"{SESSION}/notes", methods=["GET", "POST"])
@study_action("session_records.edit")
def question_notes(study, session_id: int):
    """Notes per question for a semi-structured interview or focus group."""
    session = _own_session(study, session_id)
    if session.type not in answers.NOTE_SESSION_TYPES or session.instrument_version is None:
        flash(_("Notes per question are taken in semi-structured interviews, focus "
                "groups and observations that use an instrument version."), "error")
        return redirect(url_for("instruments.session_answers", study_id=study.id, session_id=session.id))
    form = EmptyForm()
    if form.validate_on_submit():
        texts = {q.id: request.form.get(f"note-{q.id}", "")[:20000] for q in session.instrument_version.questions}
        answers.save_notes(session, texts, current_user)
        db.session.commit()
        flash(_("Notes saved."), "success")
        return redirect(url_for("instruments.question_notes", study_id=study.id, session_id=session.id))
    return render_template("instruments/notes.html", study=study, session=session, form=form,
                           version=session.instrument_version, notes=answers.notes_of(session),
                           lang=chosen_language(), **_context())
