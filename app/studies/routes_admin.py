"""Administration of studies: an admin creates them and names their coordinators."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import services as accounts
from app.auth.access import admin_required
from app.core.extensions import db
from app.studies import bp
from app.studies import services as studies
from app.studies.forms import CoordinatorForm, NewStudyForm
from app.studies.models import Role, Study
from app.studies.routes import FORM_FIELDS


@bp.route("/admin/studies")
@admin_required
def admin_index():
    """Every study with its coordinators; an admin sees no study's contents."""
    page = db.paginate(sa.select(Study).order_by(Study.title), per_page=50, error_out=False)
    coordinators = studies.coordinators_by_study([s.id for s in page.items])
    return render_template("admin/studies.html", page=page, coordinators=coordinators)


@bp.route("/admin/studies/new", methods=["GET", "POST"])
@admin_required
def admin_new():
    form = NewStudyForm()
    if form.validate_on_submit():
        coordinator = accounts.find_user(form.coordinator_email.data)
        if coordinator is None:
            form.coordinator_email.errors.append(_("No user has this e-mail; create the account first."))
        else:
            study = studies.create_study(current_user, **{f: form[f].data for f in FORM_FIELDS})
            studies.add_member(study, coordinator, Role.COORDINATOR, actor=current_user)
            db.session.commit()
            flash(_("Study created with %(name)s as coordinator.", name=coordinator.name), "success")
            return redirect(url_for("studies.admin_index"))
    return render_template("admin/study_form.html", form=form)


@bp.route("/admin/studies/<int:study_id>/coordinator", methods=["GET", "POST"])
@admin_required
def admin_add_coordinator(study_id: int):
    """Give a study another coordinator, e.g. when the only one has left."""
    study = db.get_or_404(Study, study_id)
    form = CoordinatorForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        try:
            if user is None:
                raise studies.MembershipError(_("No user has this e-mail."))
            studies.add_member(study, user, Role.COORDINATOR, actor=current_user)
        except studies.MembershipError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(name)s now coordinates this study.", name=user.name), "success")
            return redirect(url_for("studies.admin_index"))
    return render_template("admin/coordinator_form.html", form=form, study=study)
