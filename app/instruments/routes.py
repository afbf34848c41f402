"""Instruments and their versions: list, create, edit drafts, approve, retire, copy."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core import concurrency
from app.core.extensions import db
from app.core.formutils import EmptyForm, db_int
from app.core.views import attempt
from app.instruments import bp, services
from app.instruments.forms import (
    KIND_LABELS,
    TYPE_LABELS,
    InstrumentForm,
    QuestionForm,
    SectionForm,
)
from app.instruments.models import InstrumentVersion, Question, Section
from app.instruments.outline import version_blocks
from app.instruments.texts import LANGUAGE_NAMES, content_language, pick
from app.studies.access import get_in_study_or_404, study_action
from app.studies.models import Role

BASE = "/studies/<int:study_id>/instruments"


def version_url(version: InstrumentVersion, **args) -> str:
    return url_for("instruments.version", study_id=version.study_id, version_id=version.id, **args)


def chosen_language() -> str:
    return content_language(request.args.get("lang"), str(get_locale() or "en"))


def template_context() -> dict:
    return {"pick": pick, "KIND_LABELS": KIND_LABELS, "TYPE_LABELS": TYPE_LABELS,
            "LANGUAGE_NAMES": LANGUAGE_NAMES, "version_url": version_url, "version_blocks": version_blocks}


@bp.route(f"{BASE}/")
@study_action("versions.view")
def index(study):
    """The study's instruments and their versions; coordinators create new ones."""
    return _render_index(study, InstrumentForm())


@bp.route(f"{BASE}/new", methods=["POST"])
@study_action("versions.draft")
def create(study):
    form = InstrumentForm()
    if not form.validate_on_submit():
        return _render_index(study, form)
    instrument = services.create_instrument(study, form.title.data, form.kind.data, current_user)
    db.session.commit()
    flash(_("Instrument created; add sections and questions to its draft."), "success")
    return redirect(version_url(instrument.versions[0]))


def _render_index(study, form):
    return render_template("instruments/index.html", study=study, form=form,
                           instruments=services.instruments_of(study), **template_context())


def g_role() -> Role:
    return g.membership.role


@bp.route(f"{BASE}/versions/<int:version_id>")
@study_action("versions.view")
def version(study, version_id: int):
    """A version's sections and questions in the chosen language, with the actions it allows."""
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    lang = chosen_language()
    editable = version.is_draft and g_role() == Role.COORDINATOR
    guard = None
    if version.is_draft and g_role() == Role.ETHICS_REVIEWER:  # approval of what the reviewer saw
        values = services.contents(version)
        guard = concurrency.state(version, list(values), values)
    return render_template("instruments/version.html", study=study, version=version, lang=lang,
                           editable=editable, role=g_role(), section_form=SectionForm(),
                           button_form=EmptyForm(), guard=guard, **template_context())


def _act(study, version_id: int, action, message: str):
    """Run a POST-only action on a version, flash the outcome, go back to the version."""
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        result = action(version)
    except services.InstrumentError as error:
        flash(str(error), "error")
        return redirect(version_url(version))
    db.session.commit()
    flash(message, "success")
    return redirect(version_url(result if isinstance(result, InstrumentVersion) else version))


@bp.route(f"{BASE}/versions/<int:version_id>/approve", methods=["POST"])
@study_action("versions.approve")
def approve(study, version_id: int):
    """Approve the draft as the reviewer saw it; changed since the page was opened: refused."""
    try:
        return _act(study, version_id, lambda v: services.approve(
            v, current_user, request.form.get("version"), request.form.get("loaded")),
            _("Version approved; it can no longer change."))
    except concurrency.StaleEdit as stale:
        db.session.rollback()
        labels = {"sections": _("Sections")}
        labels.update({c.field: _("Question %(name)s", name=c.field.partition(":")[2])
                       for c in stale.changes if c.field.startswith("question:")})
        flash(concurrency.summary(stale, labels), "error")
        return redirect(version_url(get_in_study_or_404(InstrumentVersion, version_id, study)))


@bp.route(f"{BASE}/versions/<int:version_id>/retire", methods=["POST"])
@study_action("versions.retire")
def retire(study, version_id: int):
    return _act(study, version_id, lambda v: services.retire(v, current_user), _("Version retired."))


@bp.route(f"{BASE}/versions/<int:version_id>/copy", methods=["POST"])
@study_action("versions.draft")
def copy(study, version_id: int):
    return _act(study, version_id, lambda v: services.copy_to_draft(v, current_user),
                _("A new draft was made from this version."))


@bp.route(f"{BASE}/versions/<int:version_id>/delete", methods=["POST"])
@study_action("versions.draft")
def delete(study, version_id: int):
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.delete_draft(version, current_user)
    except services.InstrumentError as error:
        flash(str(error), "error")
        return redirect(version_url(version))
    db.session.commit()
    flash(_("Draft deleted."), "success")
    return redirect(url_for("instruments.index", study_id=study.id))


@bp.route(f"{BASE}/versions/<int:version_id>/sections", methods=["POST"])
@study_action("versions.draft")
def add_section(study, version_id: int):
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    form = SectionForm()
    if form.validate_on_submit():
        try:
            services.add_section(version, form.titles(), current_user)
        except services.InstrumentError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Section added."), "success")
    return redirect(version_url(version))


@bp.route(f"{BASE}/versions/<int:version_id>/sections/<int:section_id>/remove", methods=["POST"])
@study_action("versions.draft")
def remove_section(study, version_id: int, section_id: int):
    section = _section(study, version_id, section_id)
    return _act(study, version_id, lambda v: services.remove_section(section, current_user),
                _("Section removed with its questions."))


@bp.route(f"{BASE}/versions/<int:version_id>/sections/<int:section_id>/edit", methods=["GET", "POST"])
@study_action("versions.draft")
def edit_section(study, version_id: int, section_id: int):
    section = _section(study, version_id, section_id)
    version = section.instrument_version
    form = SectionForm(data={f"title_{lang}": text for lang, text in section.title.items()})
    stale = None
    if form.validate_on_submit():
        outcome = attempt(lambda: services.update_section(section, form.titles(), current_user,
                                                          request.form.get("version"), request.form.get("loaded")))
        if outcome.done:
            flash(_("Section saved."), "success")
            return redirect(version_url(version))
        stale = outcome.stale
        if outcome.error:
            form.form_errors.append(outcome.error)
    guard = concurrency.guard(section, services.GUARDED_SECTION_FIELDS, None if stale else request.form)
    return render_template("instruments/section_form.html", study=study, version=version, form=form,
                           guard=guard, stale=stale, labels=GUARD_FIELDS, **template_context())


@bp.route(f"{BASE}/versions/<int:version_id>/sections/<int:section_id>/move", methods=["POST"])
@study_action("versions.draft")
def move_section(study, version_id: int, section_id: int):
    section = _section(study, version_id, section_id)
    step = -1 if request.form.get("direction") == "up" else 1
    return _act(study, version_id, lambda v: services.move_section(section, step, current_user),
                _("Section moved."))


GUARD_FIELDS = {"title": _l("Section title"), "section_id": _l("Section"), "name": _l("Short name"),
                "type": _l("Type"), "text": _l("Question text"), "probes": _l("Probes"),
                "choices": _l("Choices"), "scale_min": _l("Scale from"), "scale_max": _l("Scale to"),
                "scale_labels": _l("Labels of the scale ends"), "required": _l("An answer is required")}


def _section(study, version_id: int, section_id: int) -> Section:
    section = db.session.get(Section, section_id)
    if section is None or section.version_id != version_id or section.instrument_version.study_id != study.id:
        abort(404)
    return section


def _question(study, version_id: int, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.version_id != version_id or question.instrument_version.study_id != study.id:
        abort(404)
    return question


@bp.route(f"{BASE}/versions/<int:version_id>/questions/new", methods=["GET", "POST"])
@study_action("versions.draft")
def new_question(study, version_id: int):
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    return _question_form(study, version, None)


@bp.route(f"{BASE}/versions/<int:version_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@study_action("versions.draft")
def edit_question(study, version_id: int, question_id: int):
    question = _question(study, version_id, question_id)
    return _question_form(study, question.instrument_version, question)


def _question_form(study, version: InstrumentVersion, question: Question | None):
    if not version.is_draft:
        flash(_("Only a draft can be edited; make a new version from this one."), "error")
        return redirect(version_url(version))
    lang = str(get_locale() or "en")
    form = QuestionForm([(s.id, pick(s.title, lang)) for s in version.sections])
    if request.method == "GET" and question is not None:
        form.fill_from(question)
    elif request.method == "GET":
        form.section.data = request.args.get("section", type=db_int)
    stale = None
    if form.validate_on_submit():
        try:
            saved = _save_question(version, question, form)
        except concurrency.StaleEdit as error:
            db.session.rollback()
            saved, stale = False, error
        if saved:
            db.session.commit()
            flash(_("Question saved."), "success")
            return redirect(version_url(version) + "#questions")
    guard = question and concurrency.guard(question, services.GUARDED_QUESTION_FIELDS,
                                           None if stale else request.form)
    return render_template("instruments/question_form.html", study=study, version=version,
                           form=form, question=question, guard=guard, stale=stale,
                           labels=GUARD_FIELDS, **template_context())


def _save_question(version, question, form) -> bool:
    section = next((s for s in version.sections if s.id == form.section.data), None)
    if section is None:
        form.section.errors.append(_("Add a section first."))
        return False
    try:
        if question is None:
            services.add_question(section, form.to_fields(), current_user)
        else:
            services.update_question(question, form.to_fields(question.choices), current_user, section,
                                     request.form.get("version"), request.form.get("loaded"))
    except services.InstrumentError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return False
    return True


@bp.route(f"{BASE}/versions/<int:version_id>/questions/<int:question_id>/move", methods=["POST"])
@study_action("versions.draft")
def move_question(study, version_id: int, question_id: int):
    question = _question(study, version_id, question_id)
    step = -1 if request.form.get("direction") == "up" else 1
    return _act(study, version_id, lambda v: services.move_question(question, step, current_user),
                _("Question moved."))


@bp.route(f"{BASE}/versions/<int:version_id>/questions/<int:question_id>/remove", methods=["POST"])
@study_action("versions.draft")
def remove_question(study, version_id: int, question_id: int):
    question = _question(study, version_id, question_id)
    return _act(study, version_id, lambda v: services.remove_question(question, current_user),
                _("Question removed."))


