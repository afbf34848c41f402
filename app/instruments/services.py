"""Instruments and versions: create, edit drafts, approve, retire, copy into a new draft."""
import re

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core import concurrency, policy
from app.core.audit import services as audit
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.models_base import utcnow
from app.instruments.models import (
    CHOICE_TYPES,
    UNASKED_TYPES,
    UNLABELLED_TYPES,
    Instrument,
    InstrumentKind,
    InstrumentVersion,
    Question,
    QuestionType,
    Section,
    VersionStatus,
)
from app.instruments.texts import clean_texts
from app.studies.models import Study
from app.studies.services import membership_of

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
QUESTION_FIELDS = ["name", "type", "text", "probes", "choices", "scale_min", "scale_max",
                   "scale_labels", "required", "relevant", "constraint", "constraint_message",
                   "required_message", "xlsform"]
SECTION_DETAILS = ["name", "kind", "relevant", "xlsform"]  # an imported XLSForm group's own
GUARDED_QUESTION_FIELDS = ["section_id", *QUESTION_FIELDS]  # what the edit form's guard compares
GUARDED_SECTION_FIELDS = ["title"]
MAX_SCALE_POINTS = 11


class InstrumentError(DomainError):
    """A user-facing reason why a change to an instrument was refused."""


def instruments_of(study: Study) -> list[Instrument]:
    query = (sa.select(Instrument).where(Instrument.study_id == study.id)
             .options(selectinload(Instrument.versions)).order_by(Instrument.title))
    return list(db.session.scalars(query))


def approved_versions(study: Study) -> list[InstrumentVersion]:
    query = (sa.select(InstrumentVersion).join(Instrument)
             .where(InstrumentVersion.study_id == study.id,
                    InstrumentVersion.status == VersionStatus.APPROVED)
             .options(selectinload(InstrumentVersion.instrument))
             .order_by(Instrument.title, InstrumentVersion.number))
    return list(db.session.scalars(query))


def create_instrument(study: Study, title: str, kind: InstrumentKind, actor: User | None) -> Instrument:
    """A new instrument with an empty draft version 1."""
    instrument = Instrument(study_id=study.id, title=title.strip(), kind=kind)
    db.session.add(instrument)
    db.session.flush()
    audit.record(actor, "instrument.create", instrument,
                 after={"title": instrument.title, "kind": kind})
    new_draft(instrument, actor)
    return instrument


def new_draft(instrument: Instrument, actor: User | None, based_on: InstrumentVersion | None = None
              ) -> InstrumentVersion:
    number = 1 + (db.session.scalar(sa.select(sa.func.max(InstrumentVersion.number))
                                    .where(InstrumentVersion.instrument_id == instrument.id)) or 0)
    version = InstrumentVersion(instrument=instrument, study_id=instrument.study_id, number=number,
                                based_on_id=based_on.id if based_on else None,
                                created_by_id=getattr(actor, "id", None))
    db.session.add(version)
    db.session.flush()
    audit.record(actor, "instrument_version.create", version,
                 after={"number": number, "based_on": version.based_on_id})
    return version


def copy_to_draft(source: InstrumentVersion, actor: User | None) -> InstrumentVersion:
    """"New version from this one": the sections and questions copied into a new draft."""
    draft = new_draft(source.instrument, actor, based_on=source)
    draft.xlsform = dict(source.xlsform or {})
    copies: dict[int, Section] = {}
    for section in source.sections:
        copy = Section(instrument_version=draft, position=section.position, title=dict(section.title),
                       parent=copies.get(section.parent_id),
                       **{name: getattr(section, name) for name in SECTION_DETAILS})
        copies[section.id] = copy
        db.session.add(copy)
        for question in section.questions:
            values = {name: getattr(question, name) for name in QUESTION_FIELDS}
            db.session.add(Question(instrument_version=draft, section=copy,
                                    position=question.position, **values))
    db.session.flush()
    return draft


def contents(version: InstrumentVersion) -> dict:
    """A draft as its approval guard compares and shows it: section titles and each question."""
    first = lambda texts: next((t for t in texts.values() if t), "") if texts else ""  # noqa: E731
    values = {"sections": [first(s.title) for s in version.sections]}
    values.update({f"question:{q.name}": first(q.text)[:200] for q in version.questions})
    return values


def changed(version: InstrumentVersion) -> None:
    """A section or question of the draft changed: the draft's own counter moves too, so an
    approval from a page opened before is refused (concurrency.StaleEdit)."""
    concurrency.touch(version)


def require_draft(version: InstrumentVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise InstrumentError(_("Version %(number)s is %(status)s and can no longer change; "
                                "make a new version from it.", number=version.number,
                                status=status_label(version.status)))


def status_label(status: VersionStatus) -> str:
    return {VersionStatus.DRAFT: _("a draft"), VersionStatus.APPROVED: _("approved"),
            VersionStatus.RETIRED: _("retired")}[status]


def approve(version: InstrumentVersion, actor: User, expected_version=None, loaded=None) -> None:
    """An ethics reviewer of the study approves a draft that has at least one question."""
    _require_reviewer(version, actor, "versions.approve")
    require_draft(version)
    values = contents(version)
    concurrency.check(version, expected_version, loaded, list(values), values=values)
    if not version.questions:
        raise InstrumentError(_("A version without questions cannot be approved."))
    version.status = VersionStatus.APPROVED
    version.approved_at, version.approved_by_id = utcnow(), actor.id
    audit.record(actor, "instrument_version.approve", version,
                 before={"status": VersionStatus.DRAFT}, after={"status": version.status})


def retire(version: InstrumentVersion, actor: User) -> None:
    _require_reviewer(version, actor, "versions.retire")
    if version.status != VersionStatus.APPROVED:
        raise InstrumentError(_("Only an approved version can be retired."))
    version.status, version.retired_at = VersionStatus.RETIRED, utcnow()
    audit.record(actor, "instrument_version.retire", version,
                 before={"status": VersionStatus.APPROVED}, after={"status": version.status})


def delete_draft(version: InstrumentVersion, actor: User | None) -> None:
    require_draft(version)
    audit.record(actor, "instrument_version.delete", version, before={"number": version.number})
    db.session.delete(version)
    db.session.flush()


def _require_reviewer(version: InstrumentVersion, actor: User, action: str) -> None:
    membership = membership_of(actor, version.study_id)
    if not policy.allows(membership.role if membership else None, action):
        raise InstrumentError(_("Only an ethics reviewer of the study approves or retires versions."))


# Sections ---------------------------------------------------------------------------------

def add_section(version: InstrumentVersion, title: dict, actor: User | None, parent: Section | None = None,
                position: int | None = None, **details) -> Section:
    """A section (or, with `parent`, a subsection); `details` are an imported group's own
    (SECTION_DETAILS)."""
    require_draft(version)
    title = clean_texts(title)
    if not title:
        raise InstrumentError(_("Give the section a title in at least one language."))
    if position is None:
        position = 1 + max((s.position for s in version.sections), default=0)
    section = Section(instrument_version=version, position=position, title=title, parent=parent,
                      **{k: v for k, v in details.items() if k in SECTION_DETAILS})
    db.session.add(section)
    db.session.flush()
    changed(version)
    audit.record(actor, "instrument_section.add", section, study_id=version.study_id,
                 after={"version_id": version.id, "title": title})
    return section


def update_section(section: Section, title: dict, actor: User | None, expected_version=None,
                   loaded=None) -> None:
    """Retitle a section; a section saved by someone else since the form opened: StaleEdit."""
    version = section.instrument_version
    require_draft(version)
    concurrency.check(section, expected_version, loaded, GUARDED_SECTION_FIELDS)
    title = clean_texts(title)
    if not title:
        raise InstrumentError(_("Give the section a title in at least one language."))
    before = {"title": section.title}
    section.title = title
    concurrency.flush()
    changed(version)
    audit.record(actor, "instrument_section.update", section, study_id=version.study_id,
                 before=before, after={"title": title})


def move_section(section: Section, step: int, actor: User | None) -> None:
    """Swap a section with the one above (step -1) or below (+1)."""
    version = section.instrument_version
    require_draft(version)
    siblings = sorted(version.sections, key=lambda s: s.position)
    other_index = siblings.index(section) + (1 if step > 0 else -1)
    if not 0 <= other_index < len(siblings):
        return
    other = siblings[other_index]
    section.position, other.position = other.position, section.position
    changed(version)
    audit.record(actor, "instrument_section.move", section, study_id=version.study_id,
                 before={"position": other.position}, after={"position": section.position})
    db.session.flush()


def remove_section(section: Section, actor: User | None) -> None:
    """Remove a section and its questions from a draft."""
    version = section.instrument_version
    require_draft(version)
    changed(version)
    audit.record(actor, "instrument_section.remove", section, study_id=version.study_id,
                 before={"title": section.title, "questions": [q.name for q in section.questions]})
    for sub in [s for s in version.sections if s.parent_id == section.id]:
        remove_section(sub, actor)
    for question in list(section.questions):
        version.questions.remove(question)
    version.sections.remove(section)
    db.session.flush()


# Questions --------------------------------------------------------------------------------

def add_question(section: Section, fields: dict, actor: User | None, position: int | None = None) -> Question:
    version = section.instrument_version
    require_draft(version)
    values = check_question(version, fields)
    if position is None:
        position = 1 + max((q.position for q in section.questions), default=0)
    question = Question(instrument_version=version, section=section, position=position, **values)
    db.session.add(question)
    db.session.flush()
    changed(version)
    audit.record(actor, "instrument_question.add", question, study_id=version.study_id,
                 after=audit.snapshot(question, QUESTION_FIELDS))
    return question


def update_question(question: Question, fields: dict, actor: User | None,
                    section: Section | None = None, expected_version=None, loaded=None) -> None:
    """Change a draft's question; one saved by someone else since the form opened: StaleEdit."""
    version = question.instrument_version
    require_draft(version)
    concurrency.check(question, expected_version, loaded, GUARDED_QUESTION_FIELDS)
    values = check_question(version, fields, current=question)
    before = audit.snapshot(question, QUESTION_FIELDS)
    for name, value in values.items():
        setattr(question, name, value)
    if section is not None and section is not question.section:
        question.section = section
        question.position = 1 + max((q.position for q in section.questions if q is not question),
                                    default=0)
    concurrency.flush()
    changed(version)
    audit.record(actor, "instrument_question.update", question, study_id=version.study_id,
                 before=before, after=audit.snapshot(question, QUESTION_FIELDS))


def remove_question(question: Question, actor: User | None) -> None:
    version = question.instrument_version
    require_draft(version)
    changed(version)
    audit.record(actor, "instrument_question.remove", question, study_id=version.study_id,
                 before=audit.snapshot(question, QUESTION_FIELDS))
    question.section.questions.remove(question)
    version.questions.remove(question)
    db.session.flush()


def move_question(question: Question, step: int, actor: User | None) -> None:
    """Swap a question with its neighbour above (step -1) or below (+1) in its section."""
    require_draft(question.instrument_version)
    siblings = sorted(question.section.questions, key=lambda q: q.position)
    index = siblings.index(question)
    other_index = index + (1 if step > 0 else -1)
    if not 0 <= other_index < len(siblings):
        return
    other = siblings[other_index]
    question.position, other.position = other.position, question.position
    changed(question.instrument_version)
    audit.record(actor, "instrument_question.move", question,
                 study_id=question.instrument_version.study_id,
                 before={"position": other.position}, after={"position": question.position})
    db.session.flush()


def check_question(version: InstrumentVersion, fields: dict, current: Question | None = None,
                   taken: set | None = None) -> dict:
    """The question's fields, cleaned; raises InstrumentError with the first thing wrong.
    `taken`: the names already used, when there is no version yet (an import's preview)."""
    qtype = QuestionType(fields["type"])
    text = clean_texts(fields.get("text") or {})
    if not text and qtype not in UNLABELLED_TYPES:
        raise InstrumentError(_("Write the question in at least one language."))
    if taken is None:
        taken = {q.name for q in version.questions if q is not current}
    if current is not None:  # the edit form leaves an imported question's logic as it was
        fields = {**{key: getattr(current, key) for key in QUESTION_FIELDS[-5:]}, **fields}
    values = {
        "type": qtype, "text": text, "probes": clean_texts(fields.get("probes") or {}),
        "required": bool(fields.get("required")) and qtype not in UNASKED_TYPES,
        "name": _question_name(taken, fields.get("name"), len(taken)),
        "choices": [], "scale_min": None, "scale_max": None, "scale_labels": {},
        "relevant": (fields.get("relevant") or "").strip(), "constraint": (fields.get("constraint") or "").strip(),
        "constraint_message": clean_texts(fields.get("constraint_message") or {}),
        "required_message": clean_texts(fields.get("required_message") or {}),
        "xlsform": dict(fields.get("xlsform") or {}),
    }
    if qtype in CHOICE_TYPES:
        values["choices"] = _check_choices(fields.get("choices") or [])
    if qtype == QuestionType.SCALE:
        values.update(_check_scale(fields))
    return values


def _question_name(taken: set, name: str | None, count: int) -> str:
    name = (name or "").strip()
    if not name:
        number = count + 1
        while f"q{number}" in taken:
            number += 1
        return f"q{number}"
    if not NAME_PATTERN.match(name):
        raise InstrumentError(_("The question's short name must start with a letter and hold only "
                                "Latin letters, digits, dots, hyphens and underscores (at most 64)."))
    if name in taken:
        raise InstrumentError(_("Another question of this version is already named %(name)s.",
                                name=name))
    return name


def _check_choices(choices: list) -> list:
    cleaned = []
    for choice in choices:
        label = clean_texts(choice.get("label") or {})
        value = str(choice.get("value") or "").strip()
        if not label or not value:
            raise InstrumentError(_("Every choice needs a value and a label."))
        if len(value.split()) != 1 or len(value) > 64:
            raise InstrumentError(_("A choice's value is one word without spaces (at most 64 characters)."))
        cleaned.append({"value": value, "label": label})
    if len(cleaned) < 2:
        raise InstrumentError(_("A choice question needs at least two choices."))
    if len({c["value"] for c in cleaned}) != len(cleaned):
        raise InstrumentError(_("Two choices have the same value."))
    return cleaned


def _check_scale(fields: dict) -> dict:
    low, high = fields.get("scale_min"), fields.get("scale_max")
    if low is None or high is None or not 1 <= high - low < MAX_SCALE_POINTS:
        raise InstrumentError(ngettext(
            "A scale runs from a lower to a higher whole number, with at most %(num)d point.",
            "A scale runs from a lower to a higher whole number, with at most %(num)d points.", MAX_SCALE_POINTS))
    labels = fields.get("scale_labels") or {}
    return {"scale_min": low, "scale_max": high,
            "scale_labels": {"low": clean_texts(labels.get("low") or {}),
                             "high": clean_texts(labels.get("high") or {})}}
