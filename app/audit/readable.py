"""The audit trail as its readers read it: each event a sentence in the interface language, the
fields that changed with their labels and readable values, filters and a CSV of what is shown.

Nothing here changes what is stored or hashed (app.core.audit); it only reads. Reviewers see
contact details, raw transcript text and why a transcript was reopened masked
(app.core.audit.redaction), on the page and in the CSV alike.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.consent.models import ConsentRecord, ConsentWithdrawal
from app.core import labels, reasons, timezones
from app.core.audit import services as audit_service
from app.core.audit.models import AuditEvent
from app.core.audit.redaction import redact
from app.core.extensions import db
from app.core.spreadsheets import excel_csv
from app.fieldwork.models import FieldSession
from app.recruitment.models import Organisation, Participant
from app.transcripts.models import Transcript, TranscriptSpan, TranscriptSpeaker

# action -> sentence; %(who)s is the person, %(record)s the record as the reader knows it
SENTENCES = {
    "participant.create": _l("%(who)s added participant %(record)s"),
    "participant.update": _l("%(who)s edited the details of %(record)s"),
    "participant.status": _l("%(who)s changed the status of %(record)s"),
    "organisation.create": _l("%(who)s added organisation %(record)s"),
    "organisation.update": _l("%(who)s edited organisation %(record)s"),
    "session.create": _l("%(who)s scheduled session %(record)s"),
    "session.update": _l("%(who)s changed session %(record)s"),
    "session.confirm": _l("%(who)s confirmed session %(record)s"),
    "session.postpone": _l("%(who)s postponed session %(record)s"),
    "session.cancel": _l("%(who)s cancelled session %(record)s"),
    "session.attendance": _l("%(who)s recorded attendance in session %(record)s"),
    "session.complete": _l("%(who)s completed session %(record)s"),
    "session.conflict_override": _l("%(who)s saved session %(record)s despite a conflict"),
    "session.instrument": _l("%(who)s chose the instrument of session %(record)s"),
    "consent.record": _l("%(who)s recorded %(record)s"),
    "consent.correct": _l("%(who)s corrected consent: %(record)s"),
    "consent.withdraw": _l("%(who)s recorded a withdrawal of consent: %(record)s"),
    "consent.reviewed": _l("%(who)s marked %(record)s reviewed"),
    "consent.query": _l("%(who)s raised a query on %(record)s"),
    "consent.answer": _l("%(who)s answered the query on %(record)s"),
    "consent_form.create": _l("%(who)s created a consent form"),
    "consent_version.create": _l("%(who)s drafted a consent form version"),
    "consent_version.update": _l("%(who)s edited a consent form draft"),
    "consent_version.submit": _l("%(who)s submitted a consent form version for approval"),
    "consent_version.return": _l("%(who)s returned a consent form version to draft"),
    "consent_version.approve": _l("%(who)s approved a consent form version"),
    "consent_version.retire": _l("%(who)s retired a consent form version"),
    "transcript.upload": _l("%(who)s uploaded %(record)s"),
    "transcript.speaker": _l("%(who)s mapped the speakers of %(record)s"),
    "transcript.detect": _l("%(who)s ran identifier detection on %(record)s"),
    "transcript.approve": _l("%(who)s approved %(record)s"),
    "transcript.reopen": _l("%(who)s reopened %(record)s for review"),
    "transcript.span.accepted": _l("%(who)s accepted an identifier in %(record)s"),
    "transcript.span.rejected": _l("%(who)s rejected an identifier in %(record)s"),
    "transcript.span.edit": _l("%(who)s edited an identifier in %(record)s"),
    "transcript.span.add": _l("%(who)s marked an identifier in %(record)s"),
    "transcript.span.remove": _l("%(who)s removed an identifier from %(record)s"),
    "bundle.build": _l("%(who)s built a bundle"),
    "bundle.download": _l("%(who)s downloaded a bundle"),
    "key.add": _l("%(who)s added entries to the pseudonym key"),
    "key.download": _l("%(who)s downloaded the pseudonym key"),
    "study.create": _l("%(who)s created the study"),
    "study.update": _l("%(who)s changed the study's settings"),
    "membership.add": _l("%(who)s added a member"),
    "membership.remove": _l("%(who)s removed a member"),
    "membership.role": _l("%(who)s changed a member's role"),
    "target.create": _l("%(who)s set a recruitment target"),
    "target.delete": _l("%(who)s removed a recruitment target"),
    "answers.save": _l("%(who)s saved answers"),
}
FALLBACK = _l("%(who)s: %(event)s, %(record)s")

# the first word of an action -> the kind of event the filter offers
KINDS = {
    "participant": _l("Participants"),
    "organisation": _l("Organisations"),
    "session": _l("Sessions"),
    "consent": _l("Consent records"),
    "consent_form": _l("Consent forms"),
    "consent_version": _l("Consent forms"),
    "transcript": _l("Transcripts"),
    "bundle": _l("Bundles and the key"),
    "key": _l("Bundles and the key"),
    "instrument": _l("Instruments"),
    "instrument_version": _l("Instruments"),
    "instrument_section": _l("Instruments"),
    "instrument_question": _l("Instruments"),
    "answers": _l("Instruments"),
    "question_notes": _l("Instruments"),
    "study": _l("Study and members"),
    "membership": _l("Study and members"),
    "target": _l("Study and members"),
}

FIELDS = {
    "status": _l("status"), "reason": _l("reason"), "name": _l("name"), "pseudonym": _l("pseudonym"),
    "organisation_id": _l("organisation"), "position": _l("position"), "gender": _l("gender"),
    "languages": _l("languages"), "email": _l("e-mail"), "phone": _l("phone"), "notes": _l("notes"),
    "referred_by_id": _l("referred by"), "code": _l("code"), "type": _l("type"), "starts_at": _l("starts"),
    "ends_at": _l("ends"), "location": _l("place"), "online_url": _l("online link"),
    "host_organisation_id": _l("host organisation"), "audio_recorded": _l("audio-recorded"),
    "staff": _l("staff"), "participants": _l("participants"), "participant": _l("participant"),
    "attendance": _l("attendance"), "field_notes_length": _l("length of the field notes"),
    "participant_id": _l("participant"), "version_id": _l("form version"), "consent_date": _l("consent date"),
    "method": _l("method"), "obtained_by_id": _l("obtained by"), "answers": _l("answers"),
    "scan_sha256": _l("scan"), "supersedes_id": _l("corrects record"), "correction_reason": _l("reason for the correction"),
    "withdrawn_on": _l("withdrawn on"), "scope": _l("scope"), "sector": _l("sector"), "region": _l("region"),
    "role": _l("role"), "title": _l("title"), "warnings": _l("warnings"), "approved_at": _l("approved on"),
}
# (entity type, field) or field -> the label kind of its coded values
VALUE_KINDS = {
    ("participants", "status"): "recruitment", ("field_sessions", "status"): "session_status",
    ("studies", "status"): "study_status", ("consent_form_versions", "status"): "version_status",
    ("transcripts", "status"): "transcript_status", ("field_sessions", "type"): "session_type",
    "method": "consent_method", "scope": "withdrawal_scope", "attendance": "attendance", "role": "role",
    "sector": "sector", "gender": "gender",
}
NOTHING = "—"


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Line:
    """One event as the trail shows it."""

    event: AuditEvent
    when: str
    who: str
    sentence: str
    record: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class TrailFilter:
    actor_id: int | None = None
    kind: str | None = None
    participant_id: int | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def params(self) -> dict:
        """The filter as the trail's query parameters (for the CSV link and the pages)."""
        names = {"actor_id": "actor", "kind": "kind", "participant_id": "participant", "entity_type": "entity_type",
                 "entity_id": "entity_id", "date_from": "from", "date_to": "to"}
        return {names[k]: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items()
                if v not in (None, "")}


# --- which events ---------------------------------------------------------------------------

def _participant_records(participant_id: int) -> sa.ColumnElement:
    records = sa.select(sa.cast(ConsentRecord.id, sa.String)).where(ConsentRecord.participant_id == participant_id)
    withdrawals = sa.select(sa.cast(ConsentWithdrawal.id, sa.String)).where(
        ConsentWithdrawal.participant_id == participant_id)
    return sa.or_(
        sa.and_(AuditEvent.entity_type == "participants", AuditEvent.entity_id == str(participant_id)),
        sa.and_(AuditEvent.entity_type == "consent_records", AuditEvent.entity_id.in_(records)),
        sa.and_(AuditEvent.entity_type == "consent_withdrawals", AuditEvent.entity_id.in_(withdrawals)))


def events_query(study, flt: TrailFilter):
    """The study's events matching the filter, newest first."""
    query = sa.select(AuditEvent).where(AuditEvent.study_id == study.id)
    if flt.actor_id:
        query = query.where(AuditEvent.actor_id == flt.actor_id)
    if flt.kind:
        query = query.where(sa.or_(*[AuditEvent.action.startswith(f"{prefix}.")
                                     for prefix, word in KINDS.items() if str(word) == str(KINDS.get(flt.kind))]
                                   or [sa.false()]))
    if flt.participant_id:
        query = query.where(_participant_records(flt.participant_id))
    if flt.entity_type:
        query = query.where(AuditEvent.entity_type == flt.entity_type)
    if flt.entity_id:
        query = query.where(AuditEvent.entity_id == flt.entity_id)
    start, end = timezones.days_to_utc(flt.date_from, flt.date_to, study.timezone)
    if start:
        query = query.where(AuditEvent.occurred_at >= start)
    if end:
        query = query.where(AuditEvent.occurred_at < end)
    return query.options(sa.orm.joinedload(AuditEvent.actor)).order_by(AuditEvent.id.desc())


def people(study) -> list[tuple[int, str]]:
    """Everyone who appears as the author of an event in this study."""
    rows = db.session.execute(sa.select(User.id, User.name).where(
        User.id.in_(sa.select(AuditEvent.actor_id).where(AuditEvent.study_id == study.id))).order_by(User.name))
    return [(uid, name) for uid, name in rows]


def kind_choices() -> list[tuple[str, str]]:
    seen, found = set(), []
    for prefix, word in KINDS.items():
        if str(word) not in seen:
            seen.add(str(word))
            found.append((prefix, str(word)))
    return found


PARTICIPANT_CHOICES = 200


def participant_choices(study, chosen: int | None = None) -> list[tuple[int, str]]:
    """The participant filter's options: the first PARTICIPANT_CHOICES in pseudonym order and
    the chosen one (issue 18: the others through the people picker), pseudonyms only."""
    query = sa.select(Participant.id, Participant.pseudonym).where(Participant.study_id == study.id)
    rows = db.session.execute(query.order_by(Participant.pseudonym_order, Participant.id)
                              .limit(PARTICIPANT_CHOICES)).all()
    if chosen and all(pid != chosen for pid, _p in rows):
        rows += db.session.execute(query.where(Participant.id == chosen)).all()
    return [(pid, pseudonym) for pid, pseudonym in rows]


# --- how each event reads ---------------------------------------------------------------------

def _names(events) -> dict[tuple[str, str], str]:
    """What the reader calls each record of these events (pseudonyms and codes, never names)."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.entity_id.isdigit():
            wanted.setdefault(event.entity_type, set()).add(int(event.entity_id))
    names: dict[tuple[str, str], str] = {}

    def load(entity_type, select, describe):
        ids = wanted.get(entity_type)
        if ids:
            for row in db.session.execute(select.where(select.selected_columns[0].in_(ids))):
                names[(entity_type, str(row[0]))] = describe(*row[1:])

    load("participants", sa.select(Participant.id, Participant.pseudonym), lambda p: p)
    load("organisations", sa.select(Organisation.id, Organisation.pseudonym), lambda p: p)
    load("field_sessions", sa.select(FieldSession.id, FieldSession.code), lambda c: c)
    load("consent_records", sa.select(ConsentRecord.id, Participant.pseudonym)
         .join(Participant, Participant.id == ConsentRecord.participant_id),
         lambda p: _("the consent of %(who)s", who=p))
    load("consent_withdrawals", sa.select(ConsentWithdrawal.id, Participant.pseudonym)
         .join(Participant, Participant.id == ConsentWithdrawal.participant_id), lambda p: p)
    load("transcripts", sa.select(Transcript.id, FieldSession.code)
         .join(FieldSession, FieldSession.id == Transcript.session_id),
         lambda c: _("the transcript of %(code)s", code=c))
    load("transcript_speakers", sa.select(TranscriptSpeaker.id, FieldSession.code)
         .join(Transcript, Transcript.id == TranscriptSpeaker.transcript_id)
         .join(FieldSession, FieldSession.id == Transcript.session_id),
         lambda c: _("the transcript of %(code)s", code=c))
    load("transcript_spans", sa.select(TranscriptSpan.id, FieldSession.code)
         .join(Transcript, Transcript.id == TranscriptSpan.transcript_id)
         .join(FieldSession, FieldSession.id == Transcript.session_id),
         lambda c: _("the transcript of %(code)s", code=c))
    return names


def _value(entity_type: str, key: str, value: Any, tz: str) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if key == "reason":
        return reasons.shown(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    kind = VALUE_KINDS.get((entity_type, key)) or VALUE_KINDS.get(key)
    if kind and isinstance(value, str):
        return labels.label(kind, value)
    if isinstance(value, dict):
        inner = "attendance" if key == "attendance" else key
        return "; ".join(f"{k}: {_value(entity_type, inner, v, tz)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(entity_type, key, v, tz) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return format_date(date.fromisoformat(value))
            return format_datetime(timezones.to_local_naive(datetime.fromisoformat(value), tz), "short")
        except ValueError:
            return value
    return str(value)


def changes(event: AuditEvent, masked: bool, tz: str) -> list[Change]:
    """The fields the event changed (or set), labelled, with readable values."""
    opened_before, opened_after = audit_service.readable(event.before), audit_service.readable(event.after)
    before = (redact(opened_before, event.entity_type) if masked else opened_before) or {}  # sealed values opened first
    after = (redact(opened_after, event.entity_type) if masked else opened_after) or {}
    found = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new and key in before:
            continue
        label = str(FIELDS[key]) if key in FIELDS else key.replace("_", " ")
        found.append(Change(label, _value(event.entity_type, key, old, tz) if key in before else "",
                            _value(event.entity_type, key, new, tz) if key in after else NOTHING))
    return found


def lines(study, events, masked: bool) -> list[Line]:
    names = _names(events)
    shown = []
    for event in events:
        who = event.actor.name if event.actor else _("Dala")
        record = names.get((event.entity_type, event.entity_id)) or f"{event.entity_type} {event.entity_id}"
        template = SENTENCES.get(event.action)
        sentence = (str(template) % {"who": who, "record": record} if template is not None
                    else str(FALLBACK) % {"who": who, "event": event.action, "record": record})
        shown.append(Line(event, format_datetime(timezones.to_local_naive(event.occurred_at, study.timezone), "short"),
                          who, sentence, record, changes(event, masked, study.timezone)))
    return shown


def csv_of(study, events, masked: bool) -> bytes:
    """The filtered trail for an ethics committee: what the page shows, one event a row."""
    rows = [[_("When"), _("Who"), _("Event"), _("Record"), _("Changes"), "#"]]
    for line in lines(study, events, masked):
        diff = "; ".join(f"{c.field}: {c.before + ' → ' if c.before else ''}{c.after}" for c in line.changes)
        rows.append([line.when, line.who, line.sentence, line.record, diff, line.event.id])
    return excel_csv(rows)
