"""The study list, a study's dashboard and settings, and its members."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import services as accounts
from app.core.extensions import db
from app.core.formutils import EmptyForm
from app.studies import bp
from app.studies import services as studies
from app.studies.access import get_in_study_or_404, study_action
from app.studies.forms import AddMemberForm, RoleForm, StudyForm
from app.studies.models import Membership

FORM_FIELDS = ["title", "ethics_ref", "approving_body", "approval_valid_until", "status",
               "timezone", "languages", "placeholder_words"]


@bp.route("/studies/")
@login_required
def index():
    """The studies the user belongs to."""
    return render_template("studies/index.html", memberships=studies.studies_for(current_user))


@bp.route("/studies/<int:study_id>/edit", methods=["GET", "POST"])
@study_action("study.edit")
def edit(study):
    form = StudyForm(obj=study)
    if form.validate_on_submit():
        studies.update_study(study, current_user, **{f: form[f].data for f in FORM_FIELDS})
        db.session.commit()
        flash(_("Study saved."), "success")
        return redirect(url_for("dashboard.index", study_id=study.id))
    return render_template("studies/form.html", form=form, study=study)


@bp.route("/studies/<int:study_id>/members", methods=["GET", "POST"])
@study_action("members.edit")
def members(study):
    """List members, add one by e-mail."""
    form = AddMemberForm()
    if form.validate_on_submit() and _add_member(study, form):
        db.session.commit()
        return redirect(url_for("studies.members", study_id=study.id))
    return _render_members(study, form)


@bp.route("/studies/<int:study_id>/members/<int:membership_id>/role", methods=["POST"])
@study_action("members.edit")
def member_role(study, membership_id: int):
    membership = get_in_study_or_404(Membership, membership_id, study)
    form = RoleForm(prefix=f"m{membership.id}")
    if form.validate_on_submit():
        try:
            studies.set_role(membership, form.role.data, actor=current_user)
        except studies.MembershipError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Role of %(name)s changed.", name=membership.user.name), "success")
    return redirect(url_for("studies.members", study_id=study.id))


@bp.route("/studies/<int:study_id>/members/<int:membership_id>/remove", methods=["POST"])
@study_action("members.edit")
def member_remove(study, membership_id: int):
    membership = get_in_study_or_404(Membership, membership_id, study)
    if EmptyForm().validate_on_submit():
        name = membership.user.name
        try:
            studies.remove_member(membership, actor=current_user)
        except studies.MembershipError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s removed from the study.", name=name), "success")
    return redirect(url_for("studies.members", study_id=study.id))


def _add_member(study, form: AddMemberForm) -> bool:
    user = accounts.find_user(form.email.data)
    if user is None:
        form.email.errors.append(_("No user has this e-mail; an administrator creates accounts."))
        return False
    try:
        studies.add_member(study, user, form.role.data, actor=current_user)
    except studies.MembershipError as error:
        form.email.errors.append(str(error))
        return False
    flash(_("%(name)s added.", name=user.name), "success")
    return True


def _render_members(study, form):
    memberships = studies.members_of(study)
    role_forms = {m.id: RoleForm(prefix=f"m{m.id}", role=m.role) for m in memberships}
    return render_template("studies/members.html", study=study, form=form,
                           memberships=memberships, role_forms=role_forms, remove_form=EmptyForm())
