"""Consent forms and their versions; registers the consent pages and the rule 3 checks."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.consent import bp, compare, versions
from app.consent import forms as labels
from app.consent.forms import (
    ApproveForm,
    NewFormForm,
    RetireForm,
    ReturnForm,
    VersionForm,
)
from app.consent.models import LANGUAGES, ConsentFormVersion, VersionStatus
from app.consent.services import study_today
from app.core.extensions import db
from app.core.formutils import EmptyForm, db_int
from app.core.views import attempt, flash_outcome
from app.studies.access import get_in_study_or_404, study_action


@bp.context_processor
def consent_labels() -> dict:
    """The translated names of methods, states, items and flags, for every consent page."""
    return {"method_labels": labels.METHOD_LABELS, "scope_labels": labels.SCOPE_LABELS,
            "version_labels": labels.VERSION_STATUS_LABELS, "item_labels": labels.ITEM_SHORT_LABELS,
            "note_labels": labels.NOTE_LABELS, "review_labels": labels.REVIEW_LABELS,
            "flag_labels": labels.FLAG_LABELS, "language_names": labels.LANGUAGE_NAMES,
            "participant_status_labels": labels.PARTICIPANT_STATUS_LABELS}


@bp.route("/studies/<int:study_id>/consent/forms")
@study_action("versions.view")
def forms(study):
    """Every consent form of the study with its versions and their states."""
    return render_template("consent/forms.html", study=study, forms=versions.forms_of(study),
                           new_form=NewFormForm())


@bp.route("/studies/<int:study_id>/consent/forms/new", methods=["POST"])
@study_action("versions.draft")
def form_create(study):
    form = NewFormForm()
    if not form.validate_on_submit():
        return render_template("consent/forms.html", study=study, forms=versions.forms_of(study),
                               new_form=form), 400
    version = versions.create_form(study, form.title.data.strip(), current_user)
    db.session.commit()
    flash(_("Form created; write its text and items, then submit it for approval."), "success")
    return redirect(url_for("consent.version_edit", study_id=study.id, version_id=version.id))


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>")
@study_action("versions.view")
def version(study, version_id: int):
    """One version: its text in each language, its items, and what can be done with it."""
    version = get_in_study_or_404(ConsentFormVersion, version_id, study)
    today = study_today(study)
    return render_template("consent/version.html", study=study, version=version, languages=LANGUAGES,
                           approve_form=ApproveForm(approved_on=today), retire_form=RetireForm(retired_on=today),
                           return_form=ReturnForm(), empty_form=EmptyForm(),
                           previous=versions.previous_approved(version), siblings=versions.versions_of_form(version))


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>/compare")
@study_action("versions.view")
def version_compare(study, version_id: int):
    """Issue 15: two versions of a form side by side, texts and items, what changed marked."""
    version = get_in_study_or_404(ConsentFormVersion, version_id, study)
    other_id = request.args.get("with", type=db_int)
    other = get_in_study_or_404(ConsentFormVersion, other_id, study) if other_id else None
    if other is None or other.form_id != version.form_id:
        flash(_("Choose another version of the same form to compare with."), "error")
        return redirect(url_for("consent.version", study_id=study.id, version_id=version.id))
    old, new = sorted((version, other), key=lambda v: v.number)
    return render_template("consent/compare.html", study=study, old=old, new=new,
                           texts=compare.texts(old, new, LANGUAGES), items=compare.items(old, new, LANGUAGES))


def _version_form(version: ConsentFormVersion) -> VersionForm:
    rows = [{"key": i["key"], **{f"label_{lang}": i["labels"].get(lang, "") for lang in LANGUAGES}}
            for i in version.items] + [{}, {}]
    data = {f"text_{lang}": version.texts.get(lang, "") for lang in LANGUAGES}
    return VersionForm(data={**data, "items": rows})


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>/edit", methods=["GET", "POST"])
@study_action("versions.draft")
def version_edit(study, version_id: int):
    version = get_in_study_or_404(ConsentFormVersion, version_id, study)
    if version.status != VersionStatus.DRAFT:
        flash(_("Only a draft can be edited; make a new version from this one."), "error")
        return redirect(url_for("consent.version", study_id=study.id, version_id=version.id))
    form = _version_form(version)  # on POST the submitted values take precedence
    if form.validate_on_submit() and _save_draft(version, form):
        db.session.commit()
        flash(_("Draft saved."), "success")
        return redirect(url_for("consent.version", study_id=study.id, version_id=version.id))
    return render_template("consent/version_edit.html", study=study, version=version, form=form,
                           languages=LANGUAGES)


def _save_draft(version: ConsentFormVersion, form: VersionForm) -> bool:
    texts = {lang: form[f"text_{lang}"].data for lang in LANGUAGES}
    items = [{"key": row.key.data, "labels": {lang: row[f"label_{lang}"].data for lang in LANGUAGES}}
             for row in form.items]
    try:
        versions.update_draft(version, current_user, texts, items)
    except versions.ConsentError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return False
    return True


def _transition(study, version_id: int, form_class, act, done: str):
    """Load the version, validate the small form, apply one state change, report."""
    version = get_in_study_or_404(ConsentFormVersion, version_id, study)
    form = form_class()
    if not form.validate_on_submit():
        flash(_("Please fill in the form completely."), "error")
    else:
        flash_outcome(attempt(lambda: act(version, form)), done)
    return redirect(url_for("consent.version", study_id=study.id, version_id=version.id))


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>/submit", methods=["POST"])
@study_action("versions.draft")
def version_submit(study, version_id: int):
    return _transition(study, version_id, EmptyForm, lambda v, f: versions.submit(v, current_user),
                       _("Submitted to the ethics reviewer."))


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>/approve", methods=["POST"])
@study_action("versions.approve")
def version_approve(study, version_id: int):
    return _transition(study, version_id, ApproveForm, lambda v, f: versions.approve(
        v, current_user, f.approved_on.data, (f.note.data or "").strip() or None,
        retire_previous=f.previous.data != "keep"),
        _("Version approved; it can no longer be changed."))


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>/return", methods=["POST"])
@study_action("versions.approve")
def version_return(study, version_id: int):
    return _transition(study, version_id, ReturnForm, lambda v, f: versions.return_to_draft(
        v, current_user, f.note.data.strip()), _("Version returned to the coordinator as a draft."))


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>/retire", methods=["POST"])
@study_action("versions.retire")
def version_retire(study, version_id: int):
    return _transition(study, version_id, RetireForm, lambda v, f: versions.retire(
        v, current_user, f.retired_on.data), _("Version retired; no new consent can be given on it."))


@bp.route("/studies/<int:study_id>/consent/versions/<int:version_id>/copy", methods=["POST"])
@study_action("versions.draft")
def version_copy(study, version_id: int):
    """A new draft made from this version: the way to change an approved form."""
    source = get_in_study_or_404(ConsentFormVersion, version_id, study)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("consent.version", study_id=study.id, version_id=source.id))
    copy = versions.new_version_from(source, current_user)
    db.session.commit()
    flash(_("Version %(n)s created as a draft from version %(m)s.", n=copy.number, m=source.number), "success")
    return redirect(url_for("consent.version_edit", study_id=study.id, version_id=copy.id))
