"""A participant's requests: the subject access export (JSON, PDF) and erasure."""
import json

from flask import Response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.extensions import db
from app.core.formutils import EmptyForm
from app.core.pdf import pdf_download
from app.core.views import attempt, flash_outcome
from app.recruitment.models import Participant
from app.retention import bp
from app.retention import subjects
from app.studies.access import get_in_study_or_404, study_action


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/subject-access.json")
@study_action("subject_requests.do")
def subject_access_json(study, participant_id: int):
    participant = get_in_study_or_404(Participant, participant_id, study)
    data = subjects.subject_access(participant, current_user)
    db.session.commit()
    response = Response(json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="subject-access-{participant.pseudonym}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/subject-access.pdf")
@study_action("subject_requests.do")
def subject_access_pdf(study, participant_id: int):
    participant = get_in_study_or_404(Participant, participant_id, study)
    data = subjects.subject_access(participant, current_user, with_files=False)
    db.session.commit()
    return pdf_download(subjects.subject_access_pdf(data, study), f"subject-access-{participant.pseudonym}.pdf")


@bp.route("/studies/<int:study_id>/participants/<int:participant_id>/erase", methods=["POST"])
@study_action("subject_requests.do")
def erase(study, participant_id: int):
    participant = get_in_study_or_404(Participant, participant_id, study)
    if EmptyForm().validate_on_submit():
        outcome = attempt(lambda: subjects.erase(participant, current_user))
        if flash_outcome(outcome, _("The participant's identifying data, raw turns and scans were erased.")):
            subjects.sweep_erasures()
    return redirect(url_for("recruitment.participant_detail", study_id=study.id, participant_id=participant.id))


@bp.route("/studies/<int:study_id>/subject-requests")
@study_action("subject_requests.view")
def erasures(study):
    return render_template("retention/erasures.html", study=study, erasures=subjects.erasures_of(study),
                           erase_form=EmptyForm())
