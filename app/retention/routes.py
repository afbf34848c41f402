"""The study's retention page: due dates, the destruction request and its countersignature,
and the certificate."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.extensions import db
from app.core.formutils import EmptyForm
from app.core.pdf import pdf_download
from app.core.views import attempt, flash_outcome
from app.retention import bp
from app.retention import services
from app.retention.forms import DestructionRequestForm
from app.studies.access import study_action


@bp.route("/studies/<int:study_id>/retention")
@study_action("destruction.view")
def index(study):
    return render_template("retention/index.html", study=study, dates=services.due_dates(study),
                           due=services.destruction_warning(study), pending=services.pending(study),
                           done=services.destroyed(study), form=DestructionRequestForm(),
                           countersign_form=EmptyForm(), labels=services.destroyed_labels())


@bp.route("/studies/<int:study_id>/retention/request", methods=["POST"])
@study_action("destruction.request")
def request_destruction(study):
    form = DestructionRequestForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: services.audited(
            "request", study, current_user,
            lambda: services.request_destruction(study, current_user, form.reason.data)))
        flash_outcome(outcome, _("Destruction requested; the ethics reviewer must countersign it."))
    return redirect(url_for("retention.index", study_id=study.id))


@bp.route("/studies/<int:study_id>/retention/countersign", methods=["POST"])
@study_action("destruction.countersign")
def countersign(study):
    """Countersign the study's waiting request (there is at most one)."""
    request = services.pending(study)
    if request is None:
        flash(_("No destruction request awaits countersignature."), "error")
    elif EmptyForm().validate_on_submit():
        services.prepare(study)  # the consent key, committed before anything is moved under it
        db.session.commit()
        outcome = attempt(lambda: services.audited(
            "countersign", study, current_user, lambda: services.countersign(request, current_user)))
        if flash_outcome(outcome, _("Countersigned: the study's identifiable data was destroyed.")):
            services.sweep()  # files and the study's key-encryption key, now that it is committed
    return redirect(url_for("retention.index", study_id=study.id))


@bp.route("/studies/<int:study_id>/retention/certificate.pdf")
@study_action("destruction.view")
def certificate(study):
    done = services.destroyed(study)
    if done is None or not done.certificate:
        flash(_("Nothing was destroyed in this study yet: there is no certificate."), "error")
        return redirect(url_for("retention.index", study_id=study.id))
    return pdf_download(services.certificate_pdf(done.certificate), f"destruction-study-{study.id}.pdf")
