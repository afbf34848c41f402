"""Organisations and recruitment targets."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.decorators import ALL_ROLES, get_in_study_or_404, study_role
from app.auth.forms import EmptyForm
from app.extensions import db
from app.navigation import add_study_nav
from app.recruitment import bp, services
from app.recruitment.forms import SECTOR_CHOICES, OrganisationForm, TargetForm
from app.recruitment.models import Organisation, Participant, RecruitmentTarget
from app.recruitment.routes import list_args
from app.studies.models import Role

add_study_nav(_l("Organisations"), "recruitment.organisations", ALL_ROLES, order=15)
add_study_nav(_l("Targets"), "recruitment.targets", ALL_ROLES, order=40)

ORG_FORM_FIELDS = ["name", "sector", "region", "notes"]


@bp.route("/studies/<int:study_id>/organisations")
@study_role()
def organisations(study):
    sort, direction, page_number = list_args("name")
    sector = request.args.get("sector") or None
    page = db.paginate(services.organisation_list(study, sort, direction, sector), page=page_number,
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    counts = services.participant_counts([org.id for org in page.items])
    return render_template("recruitment/organisations.html", study=study, page=page, sort=sort, counts=counts,
                           direction=direction, sector=sector, sector_choices=SECTOR_CHOICES)


@bp.route("/studies/<int:study_id>/organisations/<int:organisation_id>")
@study_role()
def organisation_detail(study, organisation_id: int):
    org = get_in_study_or_404(Organisation, organisation_id, study)
    people = db.session.scalars(db.select(Participant).where(Participant.organisation_id == org.id)
                                .order_by(Participant.id).limit(500)).all()
    return render_template("recruitment/organisation.html", study=study, org=org, people=people)


@bp.route("/studies/<int:study_id>/organisations/new", methods=["GET", "POST"])
@study_role(Role.COORDINATOR)
def organisation_new(study):
    form = OrganisationForm()
    if form.validate_on_submit():
        org = services.create_organisation(study, current_user, **{f: form[f].data or None
                                                                   for f in ORG_FORM_FIELDS})
        db.session.commit()
        flash(_("Organisation %(pseudonym)s added.", pseudonym=org.pseudonym), "success")
        return redirect(url_for("recruitment.organisation_detail", study_id=study.id,
                                organisation_id=org.id))
    return render_template("recruitment/organisation_form.html", study=study, form=form, org=None)


@bp.route("/studies/<int:study_id>/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@study_role(Role.COORDINATOR)
def organisation_edit(study, organisation_id: int):
    org = get_in_study_or_404(Organisation, organisation_id, study)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        services.update_organisation(org, current_user, **{f: form[f].data or None for f in ORG_FORM_FIELDS})
        db.session.commit()
        flash(_("Organisation %(pseudonym)s saved.", pseudonym=org.pseudonym), "success")
        return redirect(url_for("recruitment.organisation_detail", study_id=study.id,
                                organisation_id=org.id))
    return render_template("recruitment/organisation_form.html", study=study, form=form, org=org)


@bp.route("/studies/<int:study_id>/targets")
@study_role()
def targets(study):
    """The targets with progress; coordinators add and remove them."""
    return _targets_page(study, TargetForm())


@bp.route("/studies/<int:study_id>/targets", methods=["POST"])
@study_role(Role.COORDINATOR)
def target_add(study):
    form = TargetForm()
    if form.validate_on_submit() and _add_target(study, form):
        db.session.commit()
        flash(_("Target added."), "success")
        return redirect(url_for("recruitment.targets", study_id=study.id))
    return _targets_page(study, form)


def _targets_page(study, form: TargetForm):
    from app.studies.dashboard import target_progress

    return render_template("recruitment/targets.html", study=study, form=form,
                           progress=target_progress(study), delete_form=EmptyForm())


def _add_target(study, form: TargetForm) -> bool:
    try:
        services.create_target(study, current_user, kind=form.kind.data, sector=form.sector.data,
                               session_type=form.session_type.data or None,
                               target_count=form.target_count.data)
    except services.RecruitmentError as error:
        form.session_type.errors.append(str(error))
        return False
    return True


@bp.route("/studies/<int:study_id>/targets/<int:target_id>/delete", methods=["POST"])
@study_role(Role.COORDINATOR)
def target_delete(study, target_id: int):
    target = get_in_study_or_404(RecruitmentTarget, target_id, study)
    if EmptyForm().validate_on_submit():
        services.delete_target(target, current_user)
        db.session.commit()
        flash(_("Target removed."), "success")
    return redirect(url_for("recruitment.targets", study_id=study.id))
