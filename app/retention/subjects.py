"""A participant's requests: everything Dala holds about them (subject access), and erasure
with the withdrawal of their data. Both audited; coordinators only (policy: subject_requests)."""
import base64
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.consent.models import ConsentNote, ConsentRecord, ConsentWithdrawal, WithdrawalScope
from app.core import storage
from app.core.audit import services as audit
from app.core.crypto import keyring
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.models_base import utcnow
from app.core.pdf import render_pdf
from app.fieldwork.models import SessionParticipant
from app.instruments.models import AnswerSet
from app.recruitment.models import Participant, StatusChange
from app.retention.models import ErasureRecord
from app.transcripts.models import KeyEntry, Transcript, TranscriptSpan, TranscriptSpeaker, Turn

CONTACT_FIELDS = ["pseudonym", "name", "position", "gender", "languages", "email", "phone", "notes", "status"]
MASK = "█"


class SubjectRequestError(DomainError):
    """A user-facing reason why an erasure was refused (nothing was changed)."""


def _iso(value):
    return value.isoformat() if isinstance(value, datetime) or hasattr(value, "isoformat") else value


def _their_turns(participant: Participant):
    """(transcript, turn) for every turn the participant is mapped to speak."""
    return db.session.execute(
        sa.select(Transcript, Turn).join(Turn, Turn.transcript_id == Transcript.id)
        .join(TranscriptSpeaker, TranscriptSpeaker.id == Turn.speaker_id)
        .where(TranscriptSpeaker.participant_id == participant.id, Transcript.study_id == participant.study_id)
        .order_by(Transcript.id, Turn.position)).all()


def subject_access(participant: Participant, actor, with_files: bool = True) -> dict:
    """Everything held about one participant, and nobody else's data; audited."""
    data = {
        "participant": audit.snapshot(participant, CONTACT_FIELDS),
        "organisation": participant.organisation.name if participant.organisation else None,
        "status_history": [
            {"from": s.from_status, "to": s.to_status, "at": _iso(s.changed_at), "reason": s.reason}
            for s in db.session.scalars(sa.select(StatusChange).where(StatusChange.participant_id == participant.id)
                                        .order_by(StatusChange.changed_at, StatusChange.id))],
        "sessions": [
            {"code": sp.session.code, "type": sp.session.type.value, "starts_at": _iso(sp.session.starts_at),
             "attendance": sp.attendance.value}
            for sp in db.session.scalars(sa.select(SessionParticipant).where(
                SessionParticipant.participant_id == participant.id).order_by(SessionParticipant.id))],
        "consent_records": [],
        "withdrawals": [
            {"on": _iso(w.withdrawn_on), "scope": w.scope.value, "note": w.note}
            for w in db.session.scalars(sa.select(ConsentWithdrawal).where(
                ConsentWithdrawal.participant_id == participant.id).order_by(ConsentWithdrawal.id))],
        "turns": [],
        "answers": [
            {"session_id": a.session_id, "instrument_version": a.version_id, "status": a.status.value,
             "values": a.values}
            for a in db.session.scalars(sa.select(AnswerSet).join(
                SessionParticipant, SessionParticipant.id == AnswerSet.session_participant_id).where(
                SessionParticipant.participant_id == participant.id).order_by(AnswerSet.id))],
        "pseudonym_key": [
            {"name": k.name, "pseudonym": k.pseudonym}
            for k in db.session.scalars(sa.select(KeyEntry).where(KeyEntry.participant_id == participant.id))],
    }
    store = storage.current()
    for record in db.session.scalars(sa.select(ConsentRecord).where(
            ConsentRecord.participant_id == participant.id).order_by(ConsentRecord.id)):
        entry = {"id": record.id, "date": _iso(record.consent_date), "method": record.method.value,
                 "answers": record.answers, "correction_reason": record.correction_reason, "scan": None,
                 "review_notes": [{"kind": n.kind.value, "body": n.body, "at": _iso(n.created_at)}
                                  for n in record.notes]}
        if record.scan_sha256:
            entry["scan"] = {"sha256": record.scan_sha256, "mime": record.scan_mime, "size": record.scan_size}
            if with_files and store.exists("consent", record.scan_sha256):
                entry["scan"]["base64"] = base64.b64encode(store.read_bytes("consent", record.scan_sha256)).decode()
        data["consent_records"].append(entry)
    for transcript, turn in _their_turns(participant):
        data["turns"].append({"transcript": transcript.id, "position": turn.position, "time": turn.time_code,
                              "text": transcript.raw_text[turn.start:turn.end]})
    audit.record(actor, "participant.subject_access", participant,
                 after={"consent_records": len(data["consent_records"]), "turns": len(data["turns"]),
                        "sessions": len(data["sessions"])})
    return audit.jsonable(data)


def subject_access_pdf(data: dict, study) -> bytes:
    return render_pdf("retention/subject_access.html", data=data, study=study)


def erase(participant: Participant, actor) -> ErasureRecord:
    """Erase a participant's identifying values, raw turns and scans; needs a withdrawal of data."""
    withdrawn = db.session.scalar(sa.select(ConsentWithdrawal.id).where(
        ConsentWithdrawal.participant_id == participant.id,
        ConsentWithdrawal.scope == WithdrawalScope.WITHDRAW_DATA))
    if withdrawn is None:
        raise SubjectRequestError(_("Erasure goes with a withdrawal of data: record that withdrawal first."))
    if participant.name == keyring.DESTROYED:
        raise SubjectRequestError(_("This participant's data was erased already."))
    counts = {"identifying_values": sum(1 for f in ("name", "position", "email", "phone", "notes")
                                        if getattr(participant, f))}
    participant.name, participant.position, participant.email, participant.phone, participant.notes = (
        keyring.DESTROYED, None, None, None, None)
    turns = _their_turns(participant)
    by_transcript: dict[int, tuple] = {}
    for transcript, turn in turns:
        text = by_transcript.get(transcript.id, (transcript, transcript.raw_text))[1]
        text = text[:turn.start] + MASK * (turn.end - turn.start) + text[turn.end:]  # offsets stay valid
        by_transcript[transcript.id] = (transcript, text)
        for span in db.session.scalars(sa.select(TranscriptSpan).where(
                TranscriptSpan.transcript_id == transcript.id, TranscriptSpan.start < turn.end,
                TranscriptSpan.end > turn.start)):
            span.entity = None
    for transcript, text in by_transcript.values():
        transcript.raw_text = text
    counts["raw_turns"] = len(turns)
    speakers = list(db.session.scalars(sa.select(TranscriptSpeaker).where(
        TranscriptSpeaker.participant_id == participant.id)))
    for speaker in speakers:
        speaker.label = f"{keyring.DESTROYED}{speaker.id}"
    counts["speaker_labels"] = len(speakers)
    entries = list(db.session.scalars(sa.select(KeyEntry).where(KeyEntry.participant_id == participant.id)))
    for entry in entries:
        entry.name = keyring.DESTROYED
    counts["key_entries"] = len(entries)
    scans = sorted({k for k in db.session.scalars(sa.select(ConsentRecord.scan_sha256).where(
        ConsentRecord.participant_id == participant.id, ConsentRecord.scan_sha256.is_not(None)))})
    others = set(db.session.scalars(sa.select(ConsentRecord.scan_sha256).where(
        ConsentRecord.participant_id != participant.id, ConsentRecord.scan_sha256.in_(scans))))
    files = [["consent", k] for k in scans if k not in others]
    counts["scans"] = len(files)
    counts.update(_erase_their_words(participant))
    line = (f"{utcnow():%Y-%m-%d %H:%M} UTC: participant {participant.pseudonym} erased with the withdrawal "
            f"of their data by {getattr(actor, 'name', 'an administrator')}: "
            + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".")
    record = ErasureRecord(study_id=participant.study_id, participant_id=participant.id,
                           pseudonym=participant.pseudonym, performed_by_id=getattr(actor, "id", None),
                           counts=counts, certificate_line=line, pending_files=files or None)
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "participant.erase", participant, after={"counts": counts, "line": line})
    return record


def _erase_their_words(participant: Participant) -> dict:
    """What others wrote about the participant: reasons for their status changes, review notes
    and correction reasons on their consent records (the records themselves stay as evidence)."""
    reasons = list(db.session.scalars(sa.select(StatusChange).where(
        StatusChange.participant_id == participant.id, StatusChange.reason.is_not(None))))
    for change in reasons:
        change.reason = None
    records = sa.select(ConsentRecord.id).where(ConsentRecord.participant_id == participant.id)
    notes = list(db.session.scalars(sa.select(ConsentNote).where(
        ConsentNote.record_id.in_(records), ConsentNote.body.is_not(None))))
    for note in notes:
        note.body = None
    corrected = list(db.session.scalars(sa.select(ConsentRecord).where(
        ConsentRecord.participant_id == participant.id, ConsentRecord.correction_reason.is_not(None))))
    for record in corrected:
        record.correction_reason = None
    return {"status_reasons": len(reasons), "consent_notes": len(notes) + len(corrected)}


def sweep_erasures() -> int:
    """Remove the scans of committed erasures; how many files."""
    store, removed = storage.current(), 0
    for record in db.session.scalars(sa.select(ErasureRecord).where(ErasureRecord.pending_files.is_not(None))).all():
        for area, key in record.pending_files:
            store.delete(area, key)
            removed += 1
        record.pending_files = None
        db.session.commit()
    return removed


def erasures_of(study) -> list[ErasureRecord]:
    return list(db.session.scalars(sa.select(ErasureRecord).where(ErasureRecord.study_id == study.id)
                                   .order_by(ErasureRecord.id)))


