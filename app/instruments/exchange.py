"""Versions to and from the plain data of `xlsform`: export, and import into a new draft."""
from app.auth.models import User
from app.core.extensions import db
from app.instruments import services
from app.instruments.models import Instrument, InstrumentKind, InstrumentVersion
from app.instruments.xlsform import Parsed, convert_check, write_xlsform
from app.studies.models import Study

QUESTION_KEYS = ["name", "type", "text", "probes", "required", "choices", "scale_min", "scale_max",
                 "scale_labels"]


def version_to_data(version: InstrumentVersion) -> dict:
    sections = []
    for section in version.sections:
        questions = [{key: getattr(q, key) for key in QUESTION_KEYS} for q in section.questions]
        for question in questions:
            question["type"] = question["type"].value
        sections.append({"name": f"section_{section.position}", "title": dict(section.title),
                         "questions": questions})
    return {"title": version.instrument.title, "version": str(version.number),
            "form_id": f"dala_{version.instrument_id}_v{version.number}", "sections": sections}


def export_xlsform(version: InstrumentVersion) -> bytes:
    """The workbook, checked with pyxform before anyone gets it (raises XLSFormError)."""
    workbook = write_xlsform(version_to_data(version))
    convert_check(workbook)
    return workbook


def export_filename(version: InstrumentVersion) -> str:
    return f"instrument-{version.instrument_id}-v{version.number}.xlsx"


def import_parsed(study: Study, parsed: Parsed, actor: User | None, kind: InstrumentKind,
                  instrument: Instrument | None = None) -> InstrumentVersion:
    """Create the accepted import as a new draft: of `instrument`, or of a new instrument."""
    if instrument is None:
        instrument = services.create_instrument(study, parsed.data["title"][:300], kind, actor)
        version = instrument.versions[0]
    else:
        version = services.new_draft(instrument, actor)
    for section_data in parsed.data["sections"]:
        section = services.add_section(version, section_data["title"], actor)
        for question in section_data["questions"]:
            services.add_question(section, question, actor)
    db.session.flush()
    return version
