"""The study's dashboard, and its recruitment targets with their progress."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.extensions import db
from app.core.formutils import EmptyForm
from app.dashboard import bp
from app.dashboard.forms import TargetForm
from app.dashboard.services import dashboard_context, target_progress
from app.recruitment import services as recruitment
from app.recruitment.models import RecruitmentTarget
from app.studies.access import get_in_study_or_404, study_action


@bp.route("/studies/<int:study_id>/")
@study_action("study.view")
def index(study):
    """The study's front page; what it shows depends on the member's role."""
    return render_template("dashboard/index.html", study=study, **dashboard_context(study))


@bp.route("/studies/<int:study_id>/targets")
@study_action("study.view")
def targets(study):
    """The targets with progress; coordinators add and remove them."""
    return _targets_page(study, TargetForm())


@bp.route("/studies/<int:study_id>/targets", methods=["POST"])
@study_action("study.edit")
def target_add(study):
    form = TargetForm()
    if form.validate_on_submit() and _add_target(study, form):
        db.session.commit()
        flash(_("Target added."), "success")
        return redirect(url_for("dashboard.targets", study_id=study.id))
    return _targets_page(study, form)


def _targets_page(study, form: TargetForm):
    return render_template("dashboard/targets.html", study=study, form=form,
                           progress=target_progress(study), delete_form=EmptyForm())


def _add_target(study, form: TargetForm) -> bool:
    try:
        recruitment.create_target(study, current_user, kind=form.kind.data, sector=form.sector.data,
                               session_type=form.session_type.data or None,
                               target_count=form.target_count.data)
    except recruitment.RecruitmentError as error:
        form.session_type.errors.append(str(error))
        return False
    return True


@bp.route("/studies/<int:study_id>/targets/<int:target_id>/delete", methods=["POST"])
@study_action("study.edit")
def target_delete(study, target_id: int):
    target = get_in_study_or_404(RecruitmentTarget, target_id, study)
    if EmptyForm().validate_on_submit():
        recruitment.delete_target(target, current_user)
        db.session.commit()
        flash(_("Target removed."), "success")
    return redirect(url_for("dashboard.targets", study_id=study.id))
