"""Participants: list, detail, edit, recruitment status, CSV import and export."""
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core import concurrency, keyset
from app.core.downloads import chosen_flavour, csv_response, interface_language
from app.core.extensions import db
from app.core.formutils import db_int, use_organisation_picker, use_picker
from app.core.templating import can
from app.core.views import attempt, list_args
from app.recruitment import bp, csv_io, services
from app.recruitment.forms import (
    SECTOR_CHOICES,
    STATUS_CHOICES,
    ConfirmImportForm,
    ImportForm,
    ParticipantForm,
    StatusForm,
)
from app.recruitment.labels import STATUS_ACTIONS
from app.recruitment.models import Participant
from app.studies import services as studies
from app.studies.access import get_in_study_or_404, study_action

PARTICIPANT_FORM_FIELDS = ["name", "organisation_id", "position", "gender", "languages", "email",
                           "phone", "referred_by_id", "notes"]


@bp.route("/studies/<int:study_id>/participants")
@study_action("participants.view")
def participants(study):
    """The participants, filtered, searched, sorted and paged in SQL."""
    flt = services.ParticipantFilter(
        status=request.args.get("status") or None, sector=request.args.get("sector") or None,
        organisation_id=request.args.get("organisation", type=db_int),
        fieldworker_id=request.args.get("fieldworker", type=db_int),
        q=request.args.get("q") or None, stale=request.args.get("stale") == "1")
    sort, direction, _page = list_args("pseudonym")
    page = keyset.from_request(services.participant_list(study, flt, sort, direction),
                               services.participant_order(sort, direction), current_app.config["PER_PAGE"])
    return render_template("recruitment/participants.html", study=study, page=page, flt=flt,
                           sort=sort, direction=direction, status_choices=STATUS_CHOICES,
                           sector_choices=SECTOR_CHOICES,
                           organisations=services.organisation_choices(study, keep=[flt.organisation_id]),
                           fieldworkers=studies.staff_names(study))


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>")
@study_action("participants.view")
def participant_detail(study, participant_id: int):
    participant = get_in_study_or_404(Participant, participant_id, study)
    return render_template("recruitment/participant.html", study=study, participant=participant,
                           history=services.history_of(participant), actions=STATUS_ACTIONS,
                           sessions=services.SESSIONS_OF_PARTICIPANT(participant),
                           status_form=StatusForm())


@bp.route("/studies/<int:study_id>/participants/new", methods=["GET", "POST"])
@study_action("participants.edit")
def participant_new(study):
    form = ParticipantForm(services.organisation_choices(study, keep=_chosen("organisation_id")),
                           services.participant_choices(study, keep=_chosen()))
    use_picker(form.referred_by_id, url_for("recruitment.pick_participants", study_id=study.id))
    use_organisation_picker(form.organisation_id, url_for("recruitment.pick_organisations", study_id=study.id))
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
@study_action("participants.edit")
def participant_edit(study, participant_id: int):
    participant = get_in_study_or_404(Participant, participant_id, study)
    others = [c for c in services.participant_choices(study, keep=[*_chosen(), participant.referred_by_id])
              if c[0] != participant.id]
    organisations = services.organisation_choices(
        study, keep=[*_chosen("organisation_id"), participant.organisation_id])
    form = ParticipantForm(organisations, others, obj=participant)
    use_picker(form.referred_by_id, url_for("recruitment.pick_participants", study_id=study.id))
    use_organisation_picker(form.organisation_id, url_for("recruitment.pick_organisations", study_id=study.id))
    if form.validate_on_submit():
        outcome = attempt(lambda: services.update_participant(
            participant, current_user, expected_version=request.form.get("version"),
            loaded=request.form.get("loaded"), **{f: form[f].data for f in PARTICIPANT_FORM_FIELDS}))
        if outcome.error:
            form.referred_by_id.errors.append(outcome.error)
        if not outcome.done:
            return _render_participant_form(study, form, participant, stale=outcome.stale)
        flash(_("Participant %(pseudonym)s saved.", pseudonym=participant.pseudonym), "success")
        return redirect(url_for("recruitment.participant_detail", study_id=study.id,
                                participant_id=participant.id))
    return _render_participant_form(study, form, participant)


def _chosen(field: str = "referred_by_id") -> list[int]:
    """The referrer (or organisation) a submitted form chose (kept among the choices, however
    long the list)."""
    value = request.form.get(field, "")
    return [int(value)] if value.isdigit() and len(value) < 10 else []  # within a database integer


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
@study_action("participants.status")
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
@study_action("participants.edit")
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
@study_action("participants.edit")
def import_confirm(study):
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in csv_io.COLUMNS:
        flash(_("The import form was incomplete; upload the file again."), "error")
        return redirect(url_for("recruitment.import_csv", study_id=study.id))
    outcome = attempt(lambda: csv_io.import_file(study, form.kind.data, form.content.data, current_user))
    if not outcome.done:
        flash(outcome.error, "error")
        return redirect(url_for("recruitment.import_csv", study_id=study.id))
    flash(ngettext("%(num)d row imported.", "%(num)d rows imported.", outcome.value), "success")
    endpoint = "recruitment.organisations" if form.kind.data == "organisations" else "recruitment.participants"
    return redirect(url_for(endpoint, study_id=study.id))


@bp.route("/studies/<int:study_id>/participants.csv")
@study_action("participants.view")
def export_participants(study):
    """CSV for Excel; ethics reviewers get it without contact columns."""
    data = csv_io.participants_csv(study, with_contacts=can("contacts.view"), flavour=chosen_flavour(),
                                   lang=interface_language())
    return csv_response(data, f"participants-study-{study.id}.csv", no_store=True)  # names, contacts


@bp.route("/studies/<int:study_id>/organisations.csv")
@study_action("study.view")
def export_organisations(study):
    return csv_response(csv_io.export_organisations(study, chosen_flavour(), interface_language()),
                        f"organisations-study-{study.id}.csv")


