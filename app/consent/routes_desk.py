"""The consent list, the ethics desk, one record with its review thread, scans, the report."""
from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.consent import background, bp, desk, review, versions
from app.consent.forms import LANGUAGE_NAMES, NoteForm, ReportForm
from app.consent.labels import FLAG_LABELS, REVIEW_LABELS
from app.consent.models import ConsentRecord
from app.consent.routes_records import load_participant
from app.consent.uploads import AREA as SCAN_AREA
from app.consent.uploads import EXTENSIONS
from app.core import jobs, policy
from app.core.extensions import db
from app.core.formutils import db_int
from app.core.storage import FileMissing
from app.core.storage.web import send_stored
from app.core.views import attempt, flash_outcome
from app.fieldwork import queries
from app.fieldwork.checks import attendance_refusals, completion_refusals
from app.fieldwork.models import FieldSession
from app.recruitment.labels import SECTOR_LABELS
from app.studies.access import get_in_study_or_404, study_action


def _page_args():
    sort = request.args.get("sort", "pseudonym")
    direction = "desc" if request.args.get("dir") == "desc" else "asc"
    cursor = {"after": request.args.get("after"), "before": request.args.get("before"),
              "last": request.args.get("last") == "1"}
    return sort, direction, cursor


@bp.route("/studies/<int:study_id>/consent")
@study_action("consent_records.record")
def index(study):
    """Participants and their consent; fieldworkers see those of their own sessions."""
    sort, direction, number = _page_args()
    own_only = policy.grant(g.membership.role, "consent_records.record") == "own"
    only = queries.own_participant_ids(study, current_user) if own_only else None
    page = desk.participants_page(study, sort, direction, number, only)
    return render_template("consent/index.html", study=study, page=page, rows=desk.rows_for(page.items),
                           sort=sort, direction=direction)


@bp.route("/studies/<int:study_id>/ethics", endpoint="desk")
@study_action("ethics_desk.view")
def desk_view(study):
    """The reviewer's desk: counts per flag kind, the flags (filtered, in pages) with their
    causes, the versions waiting for approval, and the participants' consent, only the open items
    unless asked for everyone (issue 15)."""
    sort, direction, number = _page_args()
    flt = _desk_filter(study)
    found, page, rows = desk.desk_page(study, flt, request.args.get("fpage", 1, type=db_int) or 1,
                                       sort, direction, number)
    return render_template("consent/desk.html", study=study, page=page, sort=sort, direction=direction,
                           rows=rows, flt=flt, flags_total=found.total, counts=found.counts,
                           shown_flags=found.shown, shown_count=found.shown_count, flag_page=found.page,
                           flag_pages=found.pages, sessions=desk.sessions_of_study(study, flt.session_id),
                           submitted=versions.submitted_versions(study), sectors=SECTOR_LABELS,
                           report_form=_report_form(),
                           review_choices={desk.NOT_REVIEWED: _("Not reviewed yet"), **REVIEW_LABELS})


def _desk_filter(study) -> desk.DeskFilter:
    args = request.args
    kind = args.get("kind") if args.get("kind") in FLAG_LABELS else None
    review_state = args.get("review") if args.get("review") in (desk.NOT_REVIEWED, *REVIEW_LABELS) else None
    sector = args.get("sector") if args.get("sector") in SECTOR_LABELS else None
    session_id = args.get("session", type=db_int)
    if session_id and db.session.scalar(db.select(FieldSession.id).where(
            FieldSession.id == session_id, FieldSession.study_id == study.id)) is None:
        session_id = None
    # "only open items" is the default: the filter form sends filtered=1, so an unticked box counts
    open_only = args.get("open") == "1" if args.get("filtered") or args.get("show") else True
    if args.get("show") == "flagged":  # the earlier "only participants with flags" address
        open_only = True
    return desk.DeskFilter(kind=kind, review=review_state, session_id=session_id, sector=sector,
                           open_only=open_only)


def _record(study, record_id: int) -> ConsentRecord:
    record = get_in_study_or_404(ConsentRecord, record_id, study)
    load_participant(study, record.participant_id, "consent_records.view")  # fieldworkers: own sessions only
    return record


@bp.route("/studies/<int:study_id>/consent/records/<int:record_id>")
@study_action("consent_records.view")
def record(study, record_id: int):
    """One record: its answers, scan, what it corrected, the review thread and its trail."""
    record = _record(study, record_id)
    later = db.session.scalar(db.select(ConsentRecord).where(ConsentRecord.supersedes_id == record.id))
    return render_template("consent/record.html", study=study, record=record, superseded_by=later,
                           state=review.review_state(record.notes), note_form=NoteForm())


def _note(study, record_id: int, act, done: str):
    record = _record(study, record_id)
    form = NoteForm()
    if form.validate_on_submit():
        flash_outcome(attempt(lambda: act(record, current_user, form.body.data)), done)
    return redirect(url_for("consent.record", study_id=study.id, record_id=record.id))


@bp.route("/studies/<int:study_id>/consent/records/<int:record_id>/reviewed", methods=["POST"])
@study_action("consent_records.review")
def record_reviewed(study, record_id: int):
    return _note(study, record_id, review.mark_reviewed, _("Record marked reviewed."))


@bp.route("/studies/<int:study_id>/consent/records/<int:record_id>/query", methods=["POST"])
@study_action("consent_records.query")
def record_query(study, record_id: int):
    return _note(study, record_id, review.raise_query, _("Query sent to the coordinator."))


@bp.route("/studies/<int:study_id>/consent/records/<int:record_id>/answer", methods=["POST"])
@study_action("consent_records.edit")
def record_answer(study, record_id: int):
    return _note(study, record_id, review.answer_query, _("Answer added to the thread."))


@bp.route("/studies/<int:study_id>/consent/records/<int:record_id>/scan")
@study_action("consent_records.scan")
def scan(study, record_id: int):
    """The scan of a signed form: identifiable, so only coordinators and reviewers see it."""
    record = get_in_study_or_404(ConsentRecord, record_id, study)
    if not record.scan_sha256:
        abort(404)
    try:
        return send_stored(SCAN_AREA, record.scan_sha256, mimetype=record.scan_mime, as_attachment=False,
                           download_name=f"consent-{record.id}.{EXTENSIONS[record.scan_mime]}",
                           size=record.scan_size)
    except FileMissing:
        abort(404)


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/consent")
@study_action("consent_records.view")
def session_check(study, session_id: int):
    """Before a session: may each invitee be marked attended, may it be completed (rule 3)."""
    session = get_in_study_or_404(FieldSession, session_id, study)
    rows, session_problems = desk.session_check(session, lambda a: attendance_refusals(session, a.participant))
    return render_template("consent/session_check.html", study=study, session=session, rows=rows,
                           session_problems=session_problems, completion=completion_refusals(session))


def _report_form() -> ReportForm:
    form = ReportForm(LANGUAGE_NAMES)
    if not form.is_submitted():
        form.lang.data = str(get_locale() or "en")
    return form


@bp.route("/studies/<int:study_id>/ethics/report", methods=["POST"])
@study_action("pdfs.ethics_report")
def ethics_report(study):
    """Ask for the committee's report (coverage, flags, withdrawals, session by session) in
    the language chosen: a background job prints it (issue 18), its page shows the progress
    and then offers the PDF."""
    form = _report_form()
    if not form.validate_on_submit():
        flash(_("Choose the language of the ethics report."), "error")
        return redirect(url_for("consent.desk", study_id=study.id))
    locale = get_locale()
    job = jobs.enqueue(background.REPORT, background.report_params(form.lang.data, str(locale) if locale else None),
                       study.id, current_user)
    db.session.commit()
    jobs.dispatch(job.id)
    return redirect(url_for("consent.report_job", study_id=study.id, report_job_id=job.id))


@bp.route("/studies/<int:study_id>/ethics/report/jobs/<int:report_job_id>")
@study_action("pdfs.ethics_report")
def report_job(study, report_job_id: int):
    """The report's job: progress that updates itself, then the PDF, or why it failed."""
    job = jobs.job_of_study(study, report_job_id, background.REPORT)
    progress = None if job.finished else jobs.progress_of(job.id)
    return render_template("consent/report_job.html", study=study, job=job, progress=progress,
                           language=LANGUAGE_NAMES.get((job.params or {}).get("lang"), ""))


@bp.route("/studies/<int:study_id>/ethics/report/jobs/<int:report_job_id>/file")
@study_action("pdfs.ethics_report")
def report_job_file(study, report_job_id: int):
    job = jobs.job_of_study(study, report_job_id, background.REPORT)
    return jobs.send_file_of(job)
