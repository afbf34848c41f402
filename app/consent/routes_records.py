"""A participant's consent: records, corrections, withdrawal, the printable form."""
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
from flask_login import current_user

from app.auth.models import User
from app.consent import bp, services, versions
from app.consent.forms import (
    LANGUAGE_NAMES,
    PrintForm,
    WithdrawForm,
    item_field_name,
    record_form,
)
from app.consent.models import ConsentMethod, ConsentRecord, WithdrawalScope
from app.consent.uploads import (
    DEFAULT_MAX_SCAN_BYTES,
    ScanRefused,
    forget_unused_scan,
    store_scan,
)
from app.core import concurrency
from app.core.extensions import db
from app.core.formutils import db_int
from app.core.pdf import pdf_response
from app.core.views import attempt
from app.recruitment.models import Participant
from app.studies import services as studies
from app.studies.access import get_in_study_or_404, study_action


def load_participant(study, participant_id: int, action: str) -> Participant:
    """The participant, if this member may perform `action` on their consent (fieldworkers: own sessions)."""
    return get_in_study_or_404(Participant, participant_id, study, action=action)


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/consent")
@study_action("consent_records.view")
def participant(study, participant_id: int):
    """A participant's consent history: every record (corrected ones too) and withdrawals."""
    participant = load_participant(study, participant_id, "consent_records.view")
    records = services.records_of(participant)
    approved = versions.approved_versions(study)
    print_form = PrintForm(formdata=None)
    print_form.version.choices = [(v.id, v.label) for v in approved]
    print_form.lang.data = _lang() if _lang() in study.languages else (study.languages or ["ru"])[0]
    return render_template("consent/participant.html", study=study, participant=participant, records=records,
                           superseded=services.superseded_ids(records),
                           withdrawals=services.withdrawals_of(participant), print_form=print_form)


def _choices_for(form, study) -> None:
    form.obtained_by.choices = [(user.id, user.name) for user in studies.staff_of(study)]


def _chosen_version(approved, wanted):
    by_id = {v.id: v for v in approved}
    return by_id.get(wanted) or (approved[0] if approved else None)


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/consent/new", methods=["GET", "POST"])
@study_action("consent_records.record")
def record_new(study, participant_id: int):
    """Record consent, or a correction of the current record (?supersedes=<record id>)."""
    participant = load_participant(study, participant_id, "consent_records.record")
    supersedes = _superseded(study, participant)
    approved = versions.approved_versions(study)
    wanted = request.values.get("version", type=db_int) or (supersedes.version_id if supersedes else None)
    version = _chosen_version(approved, wanted)
    if version is None:
        flash(_("No consent form version is approved yet; the ethics reviewer approves one first."), "error")
        return redirect(url_for("consent.participant", study_id=study.id, participant_id=participant.id))
    form = record_form(version, _lang(), **_defaults(study, version, supersedes))
    _choices_for(form, study)
    stale = None
    if form.validate_on_submit():
        try:
            saved = _save_record(study, participant, version, form, supersedes)
        except concurrency.StaleEdit as error:  # corrected by someone else: correct the current one
            db.session.rollback()
            saved, stale, supersedes = False, error, db.session.get(ConsentRecord, error.current.id)
        if saved:
            db.session.commit()
            flash(_("Consent of %(who)s recorded.", who=participant.pseudonym), "success")
            back = _back_to(study)
            return redirect(back or url_for("consent.participant", study_id=study.id, participant_id=participant.id))
    item_fields = [form[item_field_name(k)] for k in version.item_keys]
    labels = concurrency.labels_of(form) | {"version_id": _("Form version")}
    return render_template("consent/record_new.html", study=study, participant=participant, form=form,
                           version=version, supersedes=supersedes, approved=approved, back=_back_to(study),
                           item_fields=item_fields, stale=stale, labels=labels)


def _back_to(study) -> str | None:
    """Issue 15: the page of this study the user came from (the completion form), to return to."""
    target = request.values.get("next") or ""
    if target.startswith(f"/studies/{study.id}/") and "//" not in target and "\\" not in target:
        return target
    return None


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "en")


def _superseded(study, participant):
    record_id = request.values.get("supersedes", type=db_int)
    if record_id is None:
        return None
    record = get_in_study_or_404(ConsentRecord, record_id, study)
    if record.participant_id != participant.id:
        abort(404)
    return record


def _defaults(study, version, supersedes) -> dict:
    defaults = {"consent_date": services.study_today(study),
                "obtained_by": current_user.id, "method": ConsentMethod.ORAL_RECORDED.value}
    if supersedes is not None:
        defaults.update(method=supersedes.method.value, obtained_by=supersedes.obtained_by_id)
        if supersedes.version_id == version.id:  # a correction keeps the date; a renewal is today
            defaults["consent_date"] = supersedes.consent_date
        for key in version.item_keys:
            if key in supersedes.answers:
                defaults[item_field_name(key)] = "yes" if supersedes.answers[key] else "no"
    return defaults


def _save_record(study, participant, version, form, supersedes) -> bool:
    scan = None
    try:
        scan = _stored_scan(form, study)
        obtained_by = db.session.get(User, form.obtained_by.data)
        answers = {key: form[item_field_name(key)].data == "yes" for key in version.item_keys}
        services.record_consent(participant, version, form.consent_date.data, ConsentMethod(form.method.data),
                                obtained_by, answers, current_user, scan=scan, supersedes=supersedes,
                                reason=form.reason.data)
    except ScanRefused as error:
        form.scan.errors = [*form.scan.errors, str(error)]
        return False
    except concurrency.StaleEdit:
        raise  # shown with the differences by the view
    except versions.ConsentError as error:
        db.session.rollback()
        _forget_unused_scan(scan)
        form.form_errors.append(str(error))
        return False
    return True


def _forget_unused_scan(scan) -> None:
    """A refused record keeps no scan, unless another record holds the same file."""
    if scan is not None:
        forget_unused_scan(scan.sha256)
        db.session.commit()


def _stored_scan(form, study):
    upload = form.scan.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    limit = current_app.config.get("CONSENT_SCAN_MAX_BYTES", DEFAULT_MAX_SCAN_BYTES)
    return store_scan(upload.stream, limit, study_id=study.id)


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/consent/withdraw", methods=["GET", "POST"])
@study_action("consent_records.record")
def withdraw(study, participant_id: int):
    """Record that a participant withdraws, and how far."""
    participant = load_participant(study, participant_id, "consent_records.record")
    form = WithdrawForm(withdrawn_on=services.study_today(study))
    if form.validate_on_submit():
        outcome = attempt(lambda: services.withdraw(participant, form.withdrawn_on.data,
                                                    WithdrawalScope(form.scope.data), current_user, form.note.data))
        if outcome.done:
            flash(_("Withdrawal of %(who)s recorded.", who=participant.pseudonym), "success")
            return redirect(url_for("consent.participant", study_id=study.id, participant_id=participant.id))
        form.form_errors.append(outcome.error)
    return render_template("consent/withdraw.html", study=study, participant=participant, form=form)


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/consent/form.pdf")
@study_action("pdfs.consent_forms")
def form_pdf(study, participant_id: int):
    """The consent form to print for this participant, in a chosen language and version."""
    participant = load_participant(study, participant_id, "pdfs.consent_forms")
    approved = versions.approved_versions(study)
    version = _chosen_version(approved, request.args.get("version", type=db_int))
    lang = request.args.get("lang") if request.args.get("lang") in LANGUAGE_NAMES else "ru"
    if version is None:
        flash(_("No consent form version is approved yet."), "error")
        return redirect(url_for("consent.participant", study_id=study.id, participant_id=participant.id))
    return pdf_response("pdf/consent_form.html", f"consent-{participant.pseudonym}-{lang}.pdf", study=study,
                        participant=participant, version=version, lang=lang, pdf_lang=lang, locale=lang,
                        text=version.texts.get(lang) or "")
