"""Participants: list, detail, edit, recruitment status, CSV import and export."""
from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import concurrency
from app.auth.decorators import ALL_ROLES, STAFF, get_in_study_or_404, study_role
from app.extensions import db
from app.formutils import db_int
from app.navigation import add_study_nav
from app.recruitment import bp, csv_io
from app.recruitment import helpers  # noqa: F401  (template helpers)
from app.recruitment import services
from app.recruitment.forms import (SECTOR_CHOICES, STATUS_CHOICES, ConfirmImportForm, ImportForm,
                                   ParticipantForm, StatusForm)
from app.recruitment.labels import STATUS_ACTIONS
from app.recruitment.models import Participant
from app.studies import services as studies
from app.studies.models import Role

add_study_nav(_l("Participants"), "recruitment.participants", ALL_ROLES, order=20)

PARTICIPANT_FORM_FIELDS = ["name", "organisation_id", "position", "gender", "languages", "email",
                           "phone", "referred_by_id", "notes"]


def list_args(default_sort: str) -> tuple[str, str, int]:
    sort = request.args.get("sort", default_sort)
    direction = "desc" if request.args.get("dir") == "desc" else "asc"
    return sort, direction, request.args.get("page", 1, type=db_int)


def staff_members(study):
    return [m.user for m in studies.members_of(study) if m.role in STAFF]


@bp.route("/studies/<int:study_id>/participants")
@study_role()
def participants(study):
    """The participants, filtered, searched, sorted and paged in SQL."""
    flt = services.ParticipantFilter(
        status=request.args.get("status") or None, sector=request.args.get("sector") or None,
        organisation_id=request.args.get("organisation", type=db_int),
        fieldworker_id=request.args.get("fieldworker", type=db_int),
        q=request.args.get("q") or None, stale=request.args.get("stale") == "1")
    sort, direction, page_number = list_args("pseudonym")
    page = db.paginate(services.participant_list(study, flt, sort, direction), page=page_number,
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("recruitment/participants.html", study=study, page=page, flt=flt,
                           sort=sort, direction=direction, status_choices=STATUS_CHOICES,
                           sector_choices=SECTOR_CHOICES, organisations=services.organisations_of(study),
                           fieldworkers=staff_members(study))


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>")
@study_role()
def participant_detail(study, participant_id: int):
    participant = get_in_study_or_404(Participant, participant_id, study)
    return render_template("recruitment/participant.html", study=study, participant=participant,
                           history=services.history_of(participant), actions=STATUS_ACTIONS,
                           sessions=services.sessions_of_participant(participant),
                           status_form=StatusForm())


@bp.route("/studies/<int:study_id>/participants/new", methods=["GET", "POST"])
@study_role(Role.COORDINATOR)
def participant_new(study):
    form = ParticipantForm(services.organisations_of(study), services.participant_choices(study))
    if form.validate_on_submit():
        duplicates = services.likely_duplicates(study, form.name.data, form.email.data)
        if duplicates and not request.form.get("confirm_duplicate"):
            return _render_participant_form(study, form, None, duplicates)
        participant = services.create_participant(
            study, current_user, **{f: form[f].data for f in PARTICIPANT_FORM_FIELDS})
        db.session.commit()
        flash(_("Participant %(pseudonym)s added.", pseudonym=participant.pseudonym), "success")
        return redirect(url_for("recruitment.participant_detail", study_id=study.id,
                                participant_id=participant.id))
    return _render_participant_form(study, form, None)


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@study_role(Role.COORDINATOR)
def participant_edit(study, participant_id: int):
    participant = get_in_study_or_404(Participant, participant_id, study)
    others = [c for c in services.participant_choices(study) if c[0] != participant.id]
    form = ParticipantForm(services.organisations_of(study), others, obj=participant)
    if form.validate_on_submit():
        try:
            services.update_participant(participant, current_user, expected_version=request.form.get("version"),
                                        loaded=request.form.get("loaded"),
                                        **{f: form[f].data for f in PARTICIPANT_FORM_FIELDS})
        except services.StaleEdit as stale:
            db.session.rollback()
            return _render_participant_form(study, form, participant, stale=stale)
        except services.RecruitmentError as error:
            db.session.rollback()
            form.referred_by_id.errors.append(str(error))
            return _render_participant_form(study, form, participant)
        db.session.commit()
        flash(_("Participant %(pseudonym)s saved.", pseudonym=participant.pseudonym), "success")
        return redirect(url_for("recruitment.participant_detail", study_id=study.id,
                                participant_id=participant.id))
    return _render_participant_form(study, form, participant)


def _render_participant_form(study, form, participant, duplicates=(), stale=None):
    """The form; after a refused stale save, guarded at the stored version with the differences."""
    guard = None
    if participant is not None:
        submitted = None if stale else request.form
        guard = concurrency.guard(participant, services.PARTICIPANT_FIELDS, submitted,
                                  values=services.guarded_values(participant))
    return render_template("recruitment/participant_form.html", study=study, form=form,
                           participant=participant, duplicates=duplicates, guard=guard, stale=stale,
                           labels=concurrency.labels_of(form))


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/status", methods=["POST"])
@study_role(Role.COORDINATOR, Role.FIELDWORKER)
def participant_status(study, participant_id: int):
    """A named status action (mark contacted, agreed, declined...) with an optional reason."""
    participant = get_in_study_or_404(Participant, participant_id, study)
    form = StatusForm()
    target = form.to_status() if form.validate_on_submit() else None
    if target is None:
        flash(_("Choose a status action."), "error")
    else:
        try:
            services.change_status(participant, target, current_user, form.reason.data)
        except services.RecruitmentError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Status of %(pseudonym)s changed.", pseudonym=participant.pseudonym), "success")
    return redirect(url_for("recruitment.participant_detail", study_id=study.id,
                            participant_id=participant.id))


@bp.route("/studies/<int:study_id>/import", methods=["GET", "POST"])
@study_role(Role.COORDINATOR)
def import_csv(study):
    """Upload a CSV and see every row's problem before anything is saved."""
    form = ImportForm()
    result = confirm = None
    if form.validate_on_submit():
        text = csv_io.decode(form.file.data.read())
        result = csv_io.preview(study, form.kind.data, text)
        confirm = ConfirmImportForm(kind=form.kind.data, content=text)
    return render_template("recruitment/import.html", study=study, form=form, result=result,
                           confirm=confirm)


@bp.route("/studies/<int:study_id>/import/confirm", methods=["POST"])
@study_role(Role.COORDINATOR)
def import_confirm(study):
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in csv_io.COLUMNS:
        flash(_("The import form was incomplete; upload the file again."), "error")
        return redirect(url_for("recruitment.import_csv", study_id=study.id))
    try:
        count = csv_io.import_file(study, form.kind.data, form.content.data, current_user)
    except csv_io.CsvRefused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("recruitment.import_csv", study_id=study.id))
    db.session.commit()
    flash(ngettext("%(num)d row imported.", "%(num)d rows imported.", count), "success")
    endpoint = "recruitment.organisations" if form.kind.data == "organisations" else "recruitment.participants"
    return redirect(url_for(endpoint, study_id=study.id))


@bp.route("/studies/<int:study_id>/participants.csv")
@study_role()
def export_participants(study):
    """CSV for Excel; ethics reviewers get it without contact columns."""
    data = csv_io.export_participants(study, with_contacts=helpers.sees_contacts(helpers.current_role()))
    return _csv_response(data, f"participants-study-{study.id}.csv")


@bp.route("/studies/<int:study_id>/organisations.csv")
@study_role()
def export_organisations(study):
    return _csv_response(csv_io.export_organisations(study), f"organisations-study-{study.id}.csv")


def _csv_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


from app.recruitment import org_routes  # noqa: E402,F401  (organisations and targets)
