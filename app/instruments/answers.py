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
    SectionKind,
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


ROUND = "__r"  # a question's field in round i of a repeated section: "<name>__r<i>"


def repeats_of(version: InstrumentVersion) -> dict[str, str]:
    """{question name: key of its repeated section's rounds in the answers} for every question
    inside a repeated section (the nearest one); the key is the section's XLSForm name."""
    sections = {s.id: s for s in version.sections}
    names = {q.name for q in version.questions}
    out = {}
    for question in version.questions:
        section = sections.get(question.section_id)
        while section is not None and section.kind != SectionKind.REPEAT:
            section = sections.get(section.parent_id)
        if section is not None:
            key = section.name or f"repeat_{section.id}"
            out[question.name] = key if key not in names else f"{key}_rounds"
    return out


def round_count(raw: dict, questions: list, key: str) -> int:
    """How many rounds the form sent for these questions (fields "<name>__r<i>", and the
    form's own count "<key>__rounds", which also counts rounds whose choices were left blank)."""
    count = 0
    while any(f"{q.name}{ROUND}{count}" in raw for q in questions):
        count += 1
    said = (raw.get(f"{key}__rounds") or ["0"])
    said = said[0] if isinstance(said, list) else said
    return max(count, min(int(said), MAX_ROUNDS) if str(said).isdigit() else 0)


MAX_ROUNDS = 200


def form_values(version: InstrumentVersion, values: dict) -> dict[str, list[str]]:
    """Stored answers as the form's fields: {field name: [text, ...]}, rounds as "<name>__r<i>"."""
    repeats = repeats_of(version)
    out = {}
    for name, value in values.items():
        if name in set(repeats.values()) and isinstance(value, list):
            for number, answered in enumerate(value):
                for question, answer in answered.items():
                    out[f"{question}{ROUND}{number}"] = [str(v) for v in (answer if isinstance(answer, list) else [answer])]
        else:
            out[name] = [str(v) for v in (value if isinstance(value, list) else [value])]
    return out


def rounds_shown(version: InstrumentVersion, given: dict, adding: str | None = None) -> dict[str, int]:
    """{repeated section key: rounds to show}: those answered or sent, at least one, one more
    for the section whose "Add a round" was pressed."""
    repeats = repeats_of(version)
    shown = {}
    for key in dict.fromkeys(repeats.values()):
        questions = [q for q in version.questions if repeats.get(q.name) == key]
        shown[key] = min(max(round_count(given, questions, key), 1) + (1 if key == adding else 0), MAX_ROUNDS)
    return shown


def _message(texts: dict, fallback: str) -> str:
    return pick(texts, str(get_locale() or "en")).text or fallback


def _check_logic(version, questions, values, errors, finish, rules, outer=None, suffix=""):
    """Apply skip logic, constraints and required to `questions` answered in `values` (one round
    of a repeated section when `outer` holds the answers outside it)."""
    doc = logic.instance({q.name: logic.as_text({**(outer or {}), **values}.get(q.name))
                          for q in version.questions})
    for question in questions:
        rule, field = rules[question.name], question.name + suffix
        if not all(logic.holds(xpath, doc) for xpath in rule["relevant"]):
            values.pop(question.name, None)  # skipped by its condition: not asked, nothing kept
            errors.pop(field, None)
            doc.find(question.name).text = ""
        elif field in errors:
            continue
        elif rule["constraint"] and question.name in values \
                and not logic.holds(rule["constraint"], doc, question.name):
            errors[field] = _message(question.constraint_message, _("This answer is outside what the form allows."))
        elif finish and question.required and question.takes_answer and question.name not in values:
            errors[field] = _message(question.required_message, _("This question needs an answer."))


def validate_answers(version: InstrumentVersion, raw: dict, finish: bool) -> tuple[dict, dict]:
    """(values, errors) for a whole form; required questions count only when finishing.
    A repeated section's answers are a list of rounds under its key; empty rounds are dropped."""
    repeats, rules = repeats_of(version), conditions(version)
    ordered_questions = [q for block in version_blocks(version) for q in block.questions]
    plain = [q for q in ordered_questions if q.name not in repeats]
    values, errors = {}, {}
    for question in plain:
        value, error = validate_answer(question, raw.get(question.name))
        if error:
            errors[question.name] = error
        elif value is not None:
            values[question.name] = value
    _check_logic(version, plain, values, errors, finish, rules)
    for key in dict.fromkeys(repeats.values()):
        questions = [q for q in ordered_questions if repeats.get(q.name) == key]
        rounds = []
        for number in range(round_count(raw, questions, key)):
            suffix, answered, round_errors = f"{ROUND}{number}", {}, {}
            for question in questions:
                value, error = validate_answer(question, raw.get(question.name + suffix))
                if error:
                    round_errors[question.name + suffix] = error
                elif value is not None:
                    answered[question.name] = value
            if not answered and not round_errors:
                continue
            _check_logic(version, questions, answered, round_errors, finish, rules, values, suffix)
            errors.update(round_errors)
            rounds.append(answered)
        if rounds:
            values[key] = rounds
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


def answer_keys(version: InstrumentVersion) -> list[str]:
    """The keys an answer set holds: each question asked outside a repeated section, and each
    repeated section's rounds."""
    repeats = repeats_of(version)
    keys = [q.name for q in version.questions if q.takes_answer and q.name not in repeats]
    return keys + list(dict.fromkeys(repeats[q.name] for q in version.questions
                                     if q.takes_answer and q.name in repeats))


def guarded(answers: AnswerSet | None, version: InstrumentVersion) -> tuple[object, list[str], dict]:
    """(record, fields, values) the answer form's guard compares: each answer and the status."""
    fields = ["status", *answer_keys(version)]
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
    names = set(answer_keys(version))
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
    repeats = repeats_of(version)

    def shown(question, values):
        if question.name not in repeats:
            return display_value(question, values.get(question.name), lang)
        rounds = values.get(repeats[question.name]) or []
        return " | ".join(display_value(question, r.get(question.name), lang) for r in rounds)

    rows = ([code, attendee.participant.pseudonym, labels.label("answer_status", answers.status), answers.status.value]
            + [shown(q, answers.values) for q in questions]
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
