"""Instruments in and out: XLSForm download and import with a preview, the printable guide,
the CSV of answers."""
import io
from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.core import storage
from app.core.downloads import chosen_flavour, interface_language
from app.core.extensions import db
from app.core.pdf import pdf_response
from app.instruments import answers, bp, exchange, services
from app.instruments.forms import AcceptImportForm, ImportForm
from app.instruments.models import Instrument, InstrumentKind, InstrumentVersion
from app.instruments.outline import data_blocks
from app.instruments.routes import BASE, chosen_language, template_context, version_url
from app.instruments.xlsform import XLSFormError
from app.studies.access import get_in_study_or_404, study_action

MAX_XLSFORM_BYTES = 5 * 1024 * 1024
UPLOAD_AREA = "xlsform"  # workbooks awaiting Accept
UPLOADS_KEPT = timedelta(days=1)  # previews never accepted leave their file behind this long


def _download(content: bytes, filename: str, mimetype: str):
    response = make_response(content)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route(f"{BASE}/versions/<int:version_id>/xlsform")
@study_action("versions.view")
def export_xlsform(study, version_id: int):
    """The version as an XLSForm workbook, converted by pyxform before it is offered."""
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    try:
        workbook = exchange.export_xlsform(version)
    except XLSFormError as error:
        flash(_("This version cannot be converted to an XLSForm: %(error)s", error=str(error)), "error")
        return redirect(version_url(version))
    return _download(workbook, exchange.export_filename(version),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route(f"{BASE}/versions/<int:version_id>/guide.pdf")
@study_action("versions.view")
def guide_pdf(study, version_id: int):
    """The printable interview guide in the chosen language, with space for notes."""
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    lang = chosen_language()
    with force_locale(lang if lang in current_app.config["LANGUAGES"] else "ru"):
        return pdf_response("pdf/guide.html", f"guide-{version.instrument_id}-v{version.number}-{lang}.pdf",
                            study=study, version=version, lang=lang, pdf_lang=lang, **template_context())


@bp.route(f"{BASE}/versions/<int:version_id>/answers.csv")
@study_action("session_records.export")
def answers_csv(study, version_id: int):
    version = get_in_study_or_404(InstrumentVersion, version_id, study)
    lang = chosen_language()
    flavour, interface = chosen_flavour(), interface_language()
    with force_locale(lang if lang in current_app.config["LANGUAGES"] else "ru"):
        content = answers.answers_csv(version, lang, flavour, interface)
    return _download(content,
                     f"answers-{version.instrument_id}-v{version.number}-{lang}.csv", "text/csv; charset=utf-8")


def _keep_upload(content: bytes, study) -> str:
    """Store the workbook until it is accepted (a day at most); its key is the form's token."""
    store = storage.current()
    store.expire(UPLOAD_AREA, UPLOADS_KEPT)
    token = store.put(io.BytesIO(content), area=UPLOAD_AREA, max_bytes=MAX_XLSFORM_BYTES, study_id=study.id).key
    db.session.commit()  # kept for the Accept request (in the database when DALA_STORAGE=db)
    return token


@bp.route(f"{BASE}/import", methods=["GET", "POST"])
@study_action("versions.draft")
def import_xlsform(study):
    """Upload an XLSForm and see what would be created; nothing is until it is accepted."""
    form = ImportForm(services.instruments_of(study))
    if form.validate_on_submit():
        content = form.file.data.read(MAX_XLSFORM_BYTES + 1)
        if len(content) > MAX_XLSFORM_BYTES:
            form.file.errors.append(_("The file is larger than 5 MB."))
        else:
            try:
                parsed = exchange.read_checked(content)
            except XLSFormError as error:
                form.file.errors.append(str(error))
            else:
                token = _keep_upload(content, study)
                accept = AcceptImportForm(token=token, kind=form.kind.data.value,
                                          instrument=str(form.instrument.data or ""))
                return render_template("instruments/import_preview.html", study=study, parsed=parsed,
                                       accept=accept, blocks=data_blocks(parsed.data), **template_context())
    return render_template("instruments/import.html", study=study, form=form)


@bp.route(f"{BASE}/import/accept", methods=["POST"])
@study_action("versions.draft")
def accept_import(study):
    form = AcceptImportForm()
    if not form.validate_on_submit() or form.kind.data not in {k.value for k in InstrumentKind}:
        abort(400)
    try:
        content = storage.current().read_bytes(UPLOAD_AREA, form.token.data)
    except storage.FileMissing:
        flash(_("The uploaded file is no longer here; upload it again."), "error")
        return redirect(url_for("instruments.import_xlsform", study_id=study.id))
    instrument = None
    if int(form.instrument.data or 0):  # the preview sends "0" for a new instrument
        instrument = get_in_study_or_404(Instrument, int(form.instrument.data), study)
    try:
        version = exchange.import_parsed(study, exchange.read_checked(content), current_user,
                                         InstrumentKind(form.kind.data), instrument)
    except (XLSFormError, services.InstrumentError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("instruments.import_xlsform", study_id=study.id))
    storage.current().delete(UPLOAD_AREA, form.token.data)
    db.session.commit()
    flash(_("Imported as draft version %(n)s.", n=version.number), "success")
    return redirect(version_url(version))
