"""Versions to and from the plain data of `xlsform`: export, and import into a new draft.

The preview and Accept both call `read_checked`, so a clean preview always imports."""
import re
from types import SimpleNamespace

from flask_babel import gettext as _

from app.auth.models import User
from app.core.extensions import db
from app.instruments import logic, services
from app.instruments.models import Instrument, InstrumentKind, InstrumentVersion
from app.instruments.xlsform import Parsed, Problem, convert_check, write_xlsform
from app.instruments.xlsform_read import read_xlsform
from app.studies.models import Study

QUESTION_KEYS = ["name", "type", "text", "probes", "required", "choices", "scale_min", "scale_max",
                 "scale_labels", "relevant", "constraint", "constraint_message", "required_message", "xlsform"]


def version_to_data(version: InstrumentVersion) -> dict:
    index = {section.id: number for number, section in enumerate(version.sections)}
    sections = []
    for section in version.sections:
        questions = []
        for q in section.questions:
            question = {key: getattr(q, key) for key in QUESTION_KEYS}
            question["type"] = q.type.value
            question["position"] = q.position
            questions.append(question)
        sections.append({"name": section.name, "title": dict(section.title), "kind": section.kind.value,
                         "parent": index.get(section.parent_id), "position": section.position,
                         "relevant": section.relevant, "xlsform": dict(section.xlsform or {}),
                         "questions": questions})
    meta = dict(version.xlsform or {})
    return {"title": version.instrument.title, "version": raised_version(version),
            "form_id": meta.get("form_id") or f"dala_{version.instrument_id}",
            "xlsform": meta, "sections": sections}


def raised_version(version: InstrumentVersion) -> str:
    """The form's version, raised so that Kobo or ODK Central take the export as a new version
    of the form that came in: by one, plus one for each Dala version made since the import."""
    meta = version.xlsform or {}
    came = str(meta.get("version") or "")
    step = 1 + max(version.number - int(meta.get("imported_as") or version.number), 0)
    if not came:
        return str(version.number)
    digits = re.search(r"(\d+)$", came)
    if digits is None:
        return f"{came}.{step}"
    return came[:digits.start()] + str(int(digits.group(1)) + step).zfill(len(digits.group(1)))


def export_xlsform(version: InstrumentVersion) -> bytes:
    """The workbook, checked with pyxform before anyone gets it (raises XLSFormError)."""
    workbook = write_xlsform(version_to_data(version))
    convert_check(workbook)
    return workbook


def export_filename(version: InstrumentVersion) -> str:
    return f"instrument-{version.instrument_id}-v{version.number}.xlsx"


def read_checked(content: bytes) -> Parsed:
    """Read the workbook and check each question as Dala's services will at Accept: a question
    they would refuse is listed with its row and left out, so the preview is what Accept creates."""
    parsed = read_xlsform(content)
    taken: set[str] = set()
    for section in parsed.data["sections"]:
        kept = []
        for question in section["questions"]:
            try:
                services.check_question(SimpleNamespace(questions=[]), question, taken=taken)
            except services.InstrumentError as error:
                parsed.problems.append(Problem("survey", question.get("row", 0), str(error)))
                continue
            taken.add(question["name"])
            kept.append(question)
        section["questions"] = kept
    _logic_notes(parsed, taken)
    parsed.problems.sort(key=lambda p: (p.sheet != "survey", p.row))
    parsed.notes.sort(key=lambda p: (p.sheet != "survey", p.row))
    return parsed


def _logic_notes(parsed: Parsed, names: set[str]) -> None:
    """Conditions outside the subset Dala's answer form applies are kept and said so."""
    answered = {q["name"] for q in parsed.questions() if q["type"] not in ("kept", "calculate", "note")}
    for section in parsed.data["sections"]:
        for item in [section, *section["questions"]]:
            for column in ("relevant", "constraint"):
                expression = item.get(column) or ""
                if expression and logic.to_xpath(expression, answered) is None:
                    parsed.notes.append(Problem("survey", item.get("row", 0), _(
                        "The %(column)s condition %(expr)s is kept and shown, but not applied by Dala's "
                        "answer form.", column=column, expr=expression[:120])))
            choice_filter = (item.get("xlsform") or {}).get("columns", {}).get("choice_filter")
            if choice_filter:
                parsed.notes.append(Problem("survey", item.get("row", 0), _(
                    "The choice filter %(expr)s is kept for the export; Dala's answer form offers every "
                    "choice of the list.", expr=choice_filter[:120])))


def import_parsed(study: Study, parsed: Parsed, actor: User | None, kind: InstrumentKind,
                  instrument: Instrument | None = None) -> InstrumentVersion:
    """Create the accepted import as a new draft: of `instrument`, or of a new instrument."""
    if instrument is None:
        instrument = services.create_instrument(study, parsed.data["title"][:300], kind, actor)
        version = instrument.versions[0]
    else:
        version = services.new_draft(instrument, actor)
    meta = dict(parsed.data.get("xlsform") or {})
    meta.update(form_id=parsed.data.get("form_id", ""), version=parsed.data.get("version", ""),
                imported_as=version.number)
    version.xlsform = meta
    made = []
    for section_data in parsed.data["sections"]:
        parent = made[section_data["parent"]] if section_data.get("parent") is not None else None
        section = services.add_section(
            version, section_data["title"], actor, parent=parent, position=section_data.get("position"),
            name=section_data.get("name") or None, kind=section_data.get("kind", "group"),
            relevant=section_data.get("relevant", ""), xlsform=section_data.get("xlsform") or {})
        made.append(section)
        for question in section_data["questions"]:
            services.add_question(section, question, actor, position=question.get("position"))
    db.session.flush()
    return version
