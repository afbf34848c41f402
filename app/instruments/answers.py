"""Answers per attendee for structured interviews, notes per question for the other kinds,
how complete a session is, and the CSV export of answers."""
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core import concurrency, labels
from app.core.audit import services as audit
from app.core.extensions import db
from app.core.models_base import utcnow
from app.core.spreadsheets import EXCEL, csv_bytes
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStatus,
    SessionType,
)
from app.instruments.models import (
    AnswerSet,
    AnswerStatus,
    InstrumentVersion,
    Question,
    QuestionNote,
    QuestionType,
    VersionStatus,
)
from app.instruments import logic
from app.instruments.outline import version_blocks
from app.instruments.services import InstrumentError
from app.instruments.texts import pick

NOTE_SESSION_TYPES = frozenset({SessionType.SEMI_STRUCTURED_INTERVIEW, SessionType.FOCUS_GROUP,
                                SessionType.OBSERVATION})


# Validation of one answer: raw form input (a string or list of strings) to a stored value. ----

def validate_answer(question: Question, raw) -> tuple[object, str | None]:
    """(value, error): the value to store (None when empty) or a translated error."""
    values = [v.strip() for v in (raw if isinstance(raw, list) else [raw or ""]) if v and v.strip()]
    if not question.takes_answer or not values:
        return None, None
    check = _CHECKS[question.type]
    return check(question, values)


def _text(question, values):
    return "\n".join(values), None


def _single(question, values):
    allowed = {c["value"] for c in question.choices}
    if len(values) > 1 or values[0] not in allowed:
        return None, _("Choose one of the choices offered.")
    return values[0], None


def _multiple(question, values):
    allowed = {c["value"] for c in question.choices}
    if any(v not in allowed for v in values):
        return None, _("Choose only among the choices offered.")
    order = [c["value"] for c in question.choices]
    return sorted(set(values), key=order.index), None


def _scale(question, values):
    try:
        number = int(values[0])
    except ValueError:
        number = None
    if len(values) > 1 or number is None or not question.scale_min <= number <= question.scale_max:
        return None, _("Choose a point from %(low)s to %(high)s.",
                       low=question.scale_min, high=question.scale_max)
    return number, None


def _yes_no(question, values):
    if len(values) > 1 or values[0] not in ("yes", "no"):
        return None, _("Answer yes or no.")
    return values[0], None


def _number(question, values):
    try:
        number = Decimal(values[0].replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        number = None
    if len(values) > 1 or number is None or not number.is_finite():
        return None, _("Enter a number, such as 12 or 3.5.")
    return (int(number) if number == number.to_integral_value() else float(number)), None


def _integer(question, values):
    number, error = _number(question, values)
    if error or not isinstance(number, int):
        return None, _("Enter a whole number, such as 12.")
    return number, None


def _moment(parse, message):
    def check(question, values):
        try:
            parsed = parse(values[0])
        except ValueError:
            parsed = None
        if len(values) > 1 or parsed is None:
            return None, message()
        return parsed.isoformat(timespec="minutes") if isinstance(parsed, (time, datetime)) \
            else parsed.isoformat(), None
    return check


def _acknowledge(question, values):
    if values != ["OK"]:
        return None, _("Tick the box to acknowledge.")
    return "OK", None


_CHECKS = {QuestionType.TEXT: _text, QuestionType.SINGLE: _single,
           QuestionType.MULTIPLE: _multiple, QuestionType.SCALE: _scale,
           QuestionType.YES_NO: _yes_no, QuestionType.NUMBER: _number,
           QuestionType.INTEGER: _integer,
           QuestionType.DATE: _moment(date.fromisoformat, lambda: _("Enter a date, such as 2026-03-31.")),
           QuestionType.TIME: _moment(time.fromisoformat, lambda: _("Enter a time, such as 14:30.")),
           QuestionType.DATETIME: _moment(datetime.fromisoformat,
                                          lambda: _("Enter a date and time, such as 2026-03-31 14:30.")),
           QuestionType.ACKNOWLEDGE: _acknowledge}


def answer_options(question: Question, lang: str) -> list[tuple[str, str]]:
    """(value, label) of each option the answer form offers for a choice, scale or yes/no question."""
    if question.type == QuestionType.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    if question.type == QuestionType.SCALE:
        ends = {question.scale_min: pick(question.scale_labels.get("low"), lang).text,
                question.scale_max: pick(question.scale_labels.get("high"), lang).text}
        return [(str(p), f"{p} – {ends[p]}" if ends.get(p) else str(p))
                for p in range(question.scale_min, question.scale_max + 1)]
    return [(c["value"], pick(c["label"], lang).text) for c in question.choices]


def validate_answers(version: InstrumentVersion, raw: dict, finish: bool) -> tuple[dict, dict]:
    """(values, errors) for a whole form; required questions count only when finishing."""
    values, errors = {}, {}
    for question in version.questions:
        value, error = validate_answer(question, raw.get(question.name))
        if error:
            errors[question.name] = error
        elif value is not None:
            values[question.name] = value
    shown, failed = apply_logic(version, values)
    for question in version.questions:
        if question.name not in shown:  # skipped by its condition: not asked, nothing kept
            values.pop(question.name, None)
            errors.pop(question.name, None)
        elif question.name in failed and question.name not in errors:
            errors[question.name] = pick(question.constraint_message, str(get_locale() or "en")).text \
                or _("This answer is outside what the form allows.")
        elif finish and question.required and question.takes_answer and question.name not in values \
                and question.name not in errors:
            errors[question.name] = pick(question.required_message, str(get_locale() or "en")).text \
                or _("This question needs an answer.")
    return values, errors


def conditions(version: InstrumentVersion) -> dict[str, dict]:
    """{question name: {"relevant": [XPath of the question's and its sections' conditions],
    "constraint": XPath or None, "unapplied": [expressions Dala shows but does not apply]}}."""
    names = {q.name for q in version.questions if q.takes_answer}
    sections = {s.id: s for s in version.sections}
    out = {}
    for question in version.questions:
        relevant, unapplied = [], []
        chain, section = [question.relevant], sections.get(question.section_id)
        while section is not None:
            chain.append(section.relevant)
            section = sections.get(section.parent_id)
        for expression in filter(None, chain):
            xpath = logic.to_xpath(expression, names)
            (relevant.append(xpath) if xpath else unapplied.append(expression))
        constraint = logic.to_xpath(question.constraint, names) if question.constraint else None
        if question.constraint and constraint is None:
            unapplied.append(question.constraint)
        out[question.name] = {"relevant": relevant, "constraint": constraint, "unapplied": unapplied}
    return out


def apply_logic(version: InstrumentVersion, values: dict) -> tuple[set[str], set[str]]:
    """(questions shown, questions whose answer breaks their constraint), in the form's order:
    a question skipped by its condition counts as unanswered for the conditions after it."""
    rules = conditions(version)
    doc = logic.instance({q.name: logic.as_text(values.get(q.name)) for q in version.questions})
    shown, failed = set(), set()
    for question in [q for block in version_blocks(version) for q in block.questions]:
        rule = rules[question.name]
        if all(logic.holds(xpath, doc) for xpath in rule["relevant"]):
            shown.add(question.name)
            if rule["constraint"] and question.name in values \
                    and not logic.holds(rule["constraint"], doc, question.name):
                failed.add(question.name)
        else:
            doc.find(question.name).text = ""
    return shown, failed


# Who may record what ---------------------------------------------------------------------

def assign_version(session: FieldSession, version: InstrumentVersion | None, actor: User | None) -> None:
    """Set the (approved) instrument version a session uses, or clear it."""
    if version is not None and (version.status != VersionStatus.APPROVED
                                or version.study_id != session.study_id):
        raise InstrumentError(_("A session can only use an approved version of this study's instruments."))
    before = {"instrument_version_id": session.instrument_version_id}
    session.instrument_version = version
    audit.record(actor, "session.instrument", session, before=before,
                 after={"instrument_version_id": version.id if version else None})


def answerable_reason(session: FieldSession) -> str | None:
    """Why structured answers cannot be recorded for this session, or None when they can."""
    if session.type != SessionType.STRUCTURED_INTERVIEW:
        return _("Answers are recorded for structured interviews; take notes per question instead.")
    if session.status != SessionStatus.COMPLETED:
        return _("Answers are recorded once the session is completed.")
    if session.instrument_version is None:
        return _("The session has no instrument version yet; the coordinator chooses one.")
    return None


def attendees(session: FieldSession) -> list[SessionParticipant]:
    query = (sa.select(SessionParticipant)
             .where(SessionParticipant.session_id == session.id,
                    SessionParticipant.attendance != Attendance.NO_SHOW)
             .options(selectinload(SessionParticipant.participant)).order_by(SessionParticipant.id))
    return list(db.session.scalars(query))


def answer_set_for(attendee: SessionParticipant, version: InstrumentVersion) -> AnswerSet | None:
    return db.session.scalar(sa.select(AnswerSet).where(
        AnswerSet.session_participant_id == attendee.id, AnswerSet.version_id == version.id))


AnswersChanged = concurrency.StaleEdit  # someone else saved these answers since the form opened
NOT_STARTED = SimpleNamespace(id=None, version=0)  # the guard's record before any answer is saved


def guarded(answers: AnswerSet | None, version: InstrumentVersion) -> tuple[object, list[str], dict]:
    """(record, fields, values) the answer form's guard compares: each answer and the status."""
    fields = ["status", *(q.name for q in version.questions if q.takes_answer)]
    stored = answers.values if answers else {}
    values = {"status": answers.status.value if answers else None,
              **{name: stored.get(name) for name in fields[1:]}}
    return (answers or NOT_STARTED), fields, values


def save_answers(attendee: SessionParticipant, raw: dict, finish: bool, actor: User | None,
                 seen_version=None, loaded: str | None = None) -> tuple[AnswerSet | None, dict]:
    """Validate and store one attendee's answers; (answer set, errors). Errors store nothing.

    `seen_version` is the answer set's version when the form was opened (0: none yet), `loaded`
    the form's signed snapshot; a different version now means a concurrent save, refused with
    the answers that differ (concurrency.StaleEdit) rather than overwritten."""
    session = attendee.session
    reason = answerable_reason(session)
    if reason:
        raise InstrumentError(reason)
    version = session.instrument_version
    values, errors = validate_answers(version, raw, finish)
    if errors:
        return None, errors
    answers = answer_set_for(attendee, version)
    record, fields, stored = guarded(answers, version)
    concurrency.check(record, seen_version, loaded, fields, values=stored)
    before = None if answers is None else {"status": answers.status, "values": answers.values}
    changes = {"values": values, "status": AnswerStatus.COMPLETE if finish else AnswerStatus.DRAFT,
               "updated_at": utcnow(), "updated_by_id": getattr(actor, "id", None)}
    if answers is None:
        answers = _first_answers(attendee, version, changes, fields, stored)
    for name, value in changes.items():
        setattr(answers, name, value)
    concurrency.flush()
    audit.record(actor, "answers.save", answers, before=before,
                 after={"status": answers.status, "values": values})
    return answers, {}


def _first_answers(attendee: SessionParticipant, version: InstrumentVersion, changes: dict, fields,
                   stored) -> AnswerSet:
    """A new answer set; if someone else's first save landed meanwhile, StaleEdit with theirs."""
    answers = AnswerSet(study_id=attendee.session.study_id, session_id=attendee.session_id,
                        session_participant_id=attendee.id, version_id=version.id, **changes)
    try:
        with db.session.begin_nested():
            db.session.add(answers)
    except IntegrityError:
        theirs = answer_set_for(attendee, version)
        found = theirs and concurrency.changes(theirs, fields, stored, values=guarded(theirs, version)[2])
        raise concurrency.StaleEdit(found or []) from None
    return answers


@dataclass(frozen=True)
class Completeness:
    answered: int
    total: int
    finished: int
    attendees: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def completeness(session: FieldSession) -> Completeness:
    """Answered questions over all answerable questions of every attendee, and finished forms."""
    version = session.instrument_version
    people = attendees(session)
    if version is None:
        return Completeness(0, 0, 0, len(people))
    names = {q.name for q in version.questions if q.takes_answer}
    sets = db.session.scalars(sa.select(AnswerSet).where(
        AnswerSet.session_id == session.id, AnswerSet.version_id == version.id)).all()
    answered = sum(len(names & set(s.values)) for s in sets)
    finished = sum(1 for s in sets if s.status == AnswerStatus.COMPLETE)
    return Completeness(answered, len(names) * len(people), finished, len(people))


# Notes per question (semi-structured interviews, focus groups, observation) ---------

def notes_of(session: FieldSession) -> dict[int, str]:
    rows = db.session.scalars(sa.select(QuestionNote).where(QuestionNote.session_id == session.id))
    return {row.question_id: row.text for row in rows}


def save_notes(session: FieldSession, texts: dict[int, str], actor: User | None) -> int:
    """Store the notes per question of the session's version; returns how many changed."""
    if session.type not in NOTE_SESSION_TYPES or session.instrument_version is None:
        raise InstrumentError(_("Notes per question are taken in semi-structured interviews, focus "
                "groups and observations that use an instrument version."))
    existing = {n.question_id: n for n in db.session.scalars(
        sa.select(QuestionNote).where(QuestionNote.session_id == session.id))}
    changed = 0
    for question in session.instrument_version.questions:
        text = (texts.get(question.id) or "").strip()
        note = existing.get(question.id)
        if (note.text if note else "") == text:
            continue
        if note is None:
            note = QuestionNote(study_id=session.study_id, session_id=session.id, question_id=question.id)
            db.session.add(note)
        note.text, note.updated_at, note.updated_by_id = text, utcnow(), getattr(actor, "id", None)
        changed += 1
    if changed:
        db.session.flush()
        audit.record(actor, "question_notes.save", session, after={"changed": changed})
    return changed


# CSV export --------------------------------------------------------------------------------

def answers_csv(version: InstrumentVersion, lang: str, flavour: str = EXCEL, interface: str | None = None) -> bytes:
    """One row per participant and session, a column per question, labels in `lang` (the status
    also as its code); participants by pseudonym only. Excel's CSV follows the `interface`
    language's list separator, or plain RFC 4180 (app.core.spreadsheets)."""
    questions = [q for q in version.questions if q.takes_answer]
    header = ([_("Session"), _("Participant"), _("Status"), "status_code"]
              + [f"{q.name}: {pick(q.text, lang)}" for q in questions])
    query = (sa.select(AnswerSet, FieldSession.code, SessionParticipant)
             .join(FieldSession, FieldSession.id == AnswerSet.session_id)
             .join(SessionParticipant, SessionParticipant.id == AnswerSet.session_participant_id)
             .where(AnswerSet.version_id == version.id)
             .options(selectinload(SessionParticipant.participant))
             .order_by(FieldSession.code, AnswerSet.id))
    rows = ([code, attendee.participant.pseudonym, labels.label("answer_status", answers.status), answers.status.value]
            + [display_value(q, answers.values.get(q.name), lang) for q in questions]
            for answers, code, attendee in db.session.execute(query))
    return csv_bytes([header, *rows], flavour, interface or lang)


def display_value(question: Question, value, lang: str) -> str:
    """A stored answer as text in `lang`: choice labels rather than their values."""
    if value is None:
        return ""
    labels = {c["value"]: str(pick(c["label"], lang)) for c in question.choices}
    if question.type == QuestionType.MULTIPLE:
        return "; ".join(labels.get(v, v) for v in value)
    if question.type == QuestionType.SINGLE:
        return labels.get(value, value)
    if question.type == QuestionType.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    return str(value)
