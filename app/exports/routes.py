"""Bundles, the key and printable protocols: what leaves Dala."""
import mimetypes
from pathlib import Path

import sqlalchemy as sa
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.core.extensions import db
from app.core.formutils import LANGUAGE_SELF_NAMES
from app.core.pdf import pdf_download
from app.core.storage.web import send_stored
from app.exports import bp, protocols
from app.exports import bundles as service
from app.exports.forms import FORMAT_LABELS, BundleForm, ProtocolsForm
from app.exports.models import Bundle, BundleFormat
from app.exports.selection import BundleFilters
from app.fieldwork.labels import SESSION_TYPE_LABELS
from app.fieldwork.models import FieldSession
from app.recruitment.labels import SECTOR_LABELS
from app.studies.access import get_in_study_or_404, study_action

REASONS = {"no_participant": _l("no participant speaker is mapped"),
           "no_consent": _l("no speaker consents to archiving and sharing")}


def legacy_bundle_folder() -> Path:
    return Path(current_app.config.get("BUNDLE_FOLDER") or Path(current_app.instance_path) / "bundles")


def _form() -> BundleForm:
    return BundleForm(SESSION_TYPE_LABELS, SECTOR_LABELS)


def _render_index(study, form, leaks=None, status=200):
    query = (sa.select(Bundle).where(Bundle.study_id == study.id)
             .options(sa.orm.joinedload(Bundle.created_by)).order_by(Bundle.id.desc()))
    page = db.paginate(query, per_page=25, error_out=False)
    return render_template("exports/bundles.html", study=study, form=form, page=page, leaks=leaks,
                           formats=FORMAT_LABELS), status


@bp.route("/studies/<int:study_id>/bundles")
@study_action("bundles.view")
def bundles(study):
    """The record of every bundle; coordinators also see the form to build one."""
    return _render_index(study, _form())


@bp.route("/studies/<int:study_id>/bundles", methods=["POST"])
@study_action("bundles.build")
def bundle_build(study):
    form = _form()
    if not form.validate_on_submit():
        return _render_index(study, form, status=400)
    filters = BundleFilters(tuple(form.session_types.data or ()), tuple(form.sectors.data or ()),
                            form.date_from.data, form.date_to.data)
    try:
        bundle = service.build_bundle(study, filters, BundleFormat(form.format.data), current_user)
    except service.BundleLeak as leak:
        db.session.rollback()
        flash(str(leak), "error")
        return _render_index(study, form, leaks=leak.leaks, status=409)
    except service.BundleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_index(study, form, status=400)
    db.session.commit()
    flash(ngettext("Bundle built: %(num)d transcript.", "Bundle built: %(num)d transcripts.",
                   bundle.transcript_count), "success")
    return redirect(url_for("exports.bundle_detail", study_id=study.id, bundle_id=bundle.id))


@bp.route("/studies/<int:study_id>/bundles/<int:bundle_id>")
@study_action("bundles.view")
def bundle_detail(study, bundle_id: int):
    """The confirmation page: what went in, what was left out and why, the checksum."""
    bundle = get_in_study_or_404(Bundle, bundle_id, study)
    return render_template("exports/bundle_detail.html", study=study, bundle=bundle, reasons=REASONS,
                           formats=FORMAT_LABELS, type_labels=SESSION_TYPE_LABELS,
                           sector_labels=SECTOR_LABELS)


@bp.route("/studies/<int:study_id>/bundles/<int:bundle_id>/download")
@study_action("bundles.download")
def bundle_download(study, bundle_id: int):
    bundle = get_in_study_or_404(Bundle, bundle_id, study)
    if not service.ensure_stored(bundle, legacy_bundle_folder()):
        flash(_("The bundle file is missing on the server; build it again."), "error")
        return redirect(url_for("exports.bundle_detail", study_id=study.id, bundle_id=bundle.id))
    service.record_download(bundle, current_user)
    db.session.commit()
    name = f"dala-study{study.id}-bundle{bundle.id}.{bundle.format.value}"
    return send_stored(service.AREA, bundle.checksum, download_name=name, size=bundle.size_bytes,
                       mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream")


def _pdf(study, sessions, lang: str, filename: str):
    return pdf_download(protocols.render_protocols(study, sessions, lang), filename)


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/protocol.pdf")
@study_action("pdfs.protocols")
def protocol(study, session_id: int):
    """The printable protocol of one session, in the language asked for (?lang=ru|kk|en)."""
    session = get_in_study_or_404(FieldSession, session_id, study)
    lang = protocols.protocol_language(request.args.get("lang"), study)
    return _pdf(study, [protocols.one_session(session.id)], lang, f"protocol-{session.code}-{lang}.pdf")


@bp.route("/studies/<int:study_id>/protocols")
@study_action("pdfs.protocols")
def protocols_batch(study):
    """Protocols for every session of a period in one PDF."""
    form = ProtocolsForm(LANGUAGE_SELF_NAMES, formdata=request.args if request.args else None)
    if request.args and form.validate():
        try:
            sessions = protocols.sessions_between(study, form.date_from.data, form.date_to.data)
        except protocols.ProtocolError as error:
            form.date_to.errors.append(str(error))
        else:
            name = f"protocols-{form.date_from.data}-{form.date_to.data}-{form.lang.data}.pdf"
            return _pdf(study, sessions, form.lang.data, name)
    return render_template("exports/protocols.html", study=study, form=form)
