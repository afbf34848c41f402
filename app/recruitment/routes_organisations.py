"""Organisations: list, detail, add, edit."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core import keyset
from app.core.extensions import db
from app.core.views import list_args
from app.recruitment import bp, services
from app.recruitment.forms import SECTOR_CHOICES, OrganisationForm
from app.recruitment.models import Organisation, Participant
from app.studies.access import get_in_study_or_404, study_action

ORG_FORM_FIELDS = ["name", "sector", "region", "notes"]


@bp.route("/studies/<int:study_id>/organisations")
@study_action("study.view")
def organisations(study):
    sort, direction, _page = list_args("name")
    sector = request.args.get("sector") or None
    q = request.args.get("q") or None
    page = keyset.from_request(services.organisation_list(study, sort, direction, sector, q=q),
                               services.organisation_order(sort, direction), current_app.config["PER_PAGE"])
    counts = services.participant_counts([org.id for org in page.items])
    return render_template("recruitment/organisations.html", study=study, page=page, sort=sort, counts=counts,
                           direction=direction, sector=sector, sector_choices=SECTOR_CHOICES, q=q)


@bp.route("/studies/<int:study_id>/organisations/<int:organisation_id>")
@study_action("study.view")
def organisation_detail(study, organisation_id: int):
    org = get_in_study_or_404(Organisation, organisation_id, study)
    people = db.session.scalars(db.select(Participant).where(Participant.organisation_id == org.id)
                                .order_by(Participant.pseudonym_order, Participant.id).limit(500)).all()
    return render_template("recruitment/organisation.html", study=study, org=org, people=people)


@bp.route("/studies/<int:study_id>/organisations/new", methods=["GET", "POST"])
@study_action("study.edit")
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
@study_action("study.edit")
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
