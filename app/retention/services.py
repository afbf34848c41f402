"""Retention dates, and the destruction of a study's identifiable data (two people, audited).

A coordinator requests destruction; the study's ethics reviewer countersigns, and that performs
it, in one transaction: identifying values are overwritten (names with the destroyed sign,
contacts, notes, raw text and speaker labels emptied), the participants' search index dropped,
anonymised bundles re-stored without the study key, the study's wrapped data key erased and the
study closed. What must not be undone by a rollback waits until after the commit: the stored
files of the study (scans, uploaded originals) and the study's key-encryption key in the keystore
are removed by `sweep()`, which the web and the CLI call right after committing, and which any
later run finishes if a process died in between. Pseudonymised data, consent records and the
audit trail remain; identifying values inside audit events were sealed under the study key and
become unreadable, so the hash chain still verifies.
"""
import calendar
import json
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.models import User
from app.consent.models import ConsentNote, ConsentRecord, ConsentWithdrawal
from app.core import jobs, storage
from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.crypto import keyring
from app.core.crypto.models import StudyKey
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.hashing import sha256_bytes
from app.core.models_base import utcnow
from app.core.pdf import render_pdf
from app.core.timezones import today
from app.exports.models import Bundle
from app.fieldwork.models import CompletionDraft, FieldSession
from app.instruments.models import AnswerSet, QuestionNote
from app.recruitment.models import Organisation, Participant, ParticipantSearchToken, StatusChange
from app.retention.models import DestructionRequest, DestructionStatus
from app.studies.models import Membership, Role, Study, StudyStatus
from app.transcripts.models import KeyEntry, Transcript, TranscriptSpan, TranscriptSpeaker, Turn

WARN_DAYS = 30
DESTROYED = keyring.DESTROYED


class RetentionError(DomainError):
    """A user-facing reason why a retention step was refused (nothing was changed); `code` says
    which rule refused it, in the audit trail's words."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.code = code


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RetentionDates:
    identifiable: date | None
    consent: date | None
    outputs: date | None


def due_dates(study: Study) -> RetentionDates:
    def due(months):
        return add_months(study.end_date, months) if study.end_date and months is not None else None
    return RetentionDates(due(study.retain_identifiable_months), due(study.retain_consent_months),
                          due(study.retain_outputs_months))


def destruction_warning(study: Study) -> date | None:
    """The day identifiable data is due for destruction, when it is 30 days away or past and not done."""
    due = due_dates(study).identifiable
    if due is None or destroyed(study) is not None:
        return None
    return due if today(study.timezone) >= due - timedelta(days=WARN_DAYS) else None


def destroyed(study: Study) -> DestructionRequest | None:
    return db.session.scalar(sa.select(DestructionRequest).where(
        DestructionRequest.study_id == study.id, DestructionRequest.status == DestructionStatus.DONE))


def pending(study: Study) -> DestructionRequest | None:
    return db.session.scalar(sa.select(DestructionRequest).where(
        DestructionRequest.study_id == study.id, DestructionRequest.status == DestructionStatus.REQUESTED))


def _role(study: Study, user) -> Role | None:
    return db.session.scalar(sa.select(Membership.role).where(
        Membership.study_id == study.id, Membership.user_id == getattr(user, "id", None)))


# --- the two signatures ---------------------------------------------------------------------

def close_study(study: Study, actor) -> None:
    if study.status == StudyStatus.CLOSED:
        raise RetentionError(_("The study is closed already."), "closed_already")
    before = {"status": study.status}
    study.status = StudyStatus.CLOSED
    audit.record(actor, "study.close", study, study_id=study.id, before=before, after={"status": study.status})


def request_destruction(study: Study, actor, reason: str | None = None) -> DestructionRequest:
    if destroyed(study) is not None:
        raise RetentionError(_("The identifiable data of this study was destroyed already."), "destroyed_already")
    if pending(study) is not None:
        raise RetentionError(_("A destruction is requested already and awaits countersignature."),
                             "requested_already")
    if actor is not None and _role(study, actor) != Role.COORDINATOR:
        raise RetentionError(_("Only a coordinator of the study can request destruction."), "not_coordinator")
    request = DestructionRequest(study_id=study.id, requested_by_id=getattr(actor, "id", None),
                                 reason=reason or None, status=DestructionStatus.REQUESTED)
    db.session.add(request)
    db.session.flush()
    audit.record(actor, "destruction.request", request, study_id=study.id,
                 after={"status": request.status, "reason": reason or None})
    return request


def countersign(request: DestructionRequest, actor) -> dict:
    """The ethics reviewer's countersignature, which performs the destruction; the certificate."""
    study = db.session.get(Study, request.study_id)
    if request.status == DestructionStatus.DONE:
        raise RetentionError(_("The identifiable data of this study was destroyed already."), "destroyed_already")
    if request.status != DestructionStatus.REQUESTED:
        raise RetentionError(_("This destruction request was cancelled."), "cancelled")
    if _role(study, actor) != Role.ETHICS_REVIEWER:
        raise RetentionError(_("Only the study's ethics reviewer can countersign a destruction."), "not_reviewer")
    if actor is not None and request.requested_by_id == actor.id:
        raise RetentionError(_("The person who requested the destruction cannot also countersign it."),
                             "same_person")
    request.countersigned_by_id, request.countersigned_at = actor.id, utcnow()
    audit.record(actor, "destruction.countersign", request, study_id=study.id,
                 after={"requested_by": request.requested_by_id})
    return perform(request, actor)


def audited(step: str, study: Study, actor, action):
    """Run one retention step (`action`, no arguments); when a rule refuses it, roll back whatever
    it had begun, record in the audit trail who tried which step and which rule refused it, commit
    that event alone, and raise the refusal again for the caller to show. Nothing else changes."""
    try:
        return action()
    except RetentionError as error:
        db.session.rollback()
        request = pending(study)
        audit.record(actor, "destruction.refused", study, study_id=study.id,
                     after={"step": step, "refused": error.code, "request": request.id if request else None})
        db.session.commit()
        raise


# --- the destruction itself -------------------------------------------------------------------

def _study_rows(model, study_id: int):
    return list(db.session.scalars(sa.select(model).where(model.study_id == study_id)))


def consent_kept(study: Study) -> date | None:
    """The day consent evidence is due for destruction, when it outlasts the identifiable data
    (the study's consent-evidence period ends after today): its scans are kept until then."""
    due = due_dates(study).consent
    return due if due is not None and due > today(study.timezone) else None


def prepare(study: Study) -> None:
    """Before a countersignature is performed, in a transaction of its own: the study's consent
    key, when its scans will be kept, so scans moved under it stay readable whatever happens to
    the destruction's transaction."""
    ring = keyring.active()
    if ring is not None and consent_kept(study) and not ring.is_destroyed(study.id, db.session.connection()):
        ring.key_id_for_study(study.id, db.session.connection(), keyring.CONSENT)


def _scans_of(study_id: int) -> set[str]:
    return set(db.session.scalars(sa.select(ConsentRecord.scan_sha256).where(
        ConsentRecord.study_id == study_id, ConsentRecord.scan_sha256.is_not(None))))


def _files_of(study_id: int, keep_scans: bool = False) -> list[tuple[str, str]]:
    """(area, key) of the study's scans (unless kept) and uploaded originals no other study shares."""
    mine = set() if keep_scans else {("consent", k) for k in _scans_of(study_id)}
    mine |= {("transcripts", k) for k in db.session.scalars(
        sa.select(Transcript.file_sha256).where(Transcript.study_id == study_id))}
    shared = {("consent", k) for k in db.session.scalars(sa.select(ConsentRecord.scan_sha256).where(
        ConsentRecord.study_id != study_id, ConsentRecord.scan_sha256.is_not(None)))}
    shared |= {("transcripts", k) for k in db.session.scalars(
        sa.select(Transcript.file_sha256).where(Transcript.study_id != study_id))}
    mine |= {("jobs", key) for key in _job_files(study_id)}
    return sorted(mine - shared)


def _job_files(study_id: int) -> list[str]:
    """Files background jobs made for the study (a period's protocols: names of the team)."""
    results = db.session.scalars(sa.select(jobs.Job.result).where(jobs.Job.study_id == study_id))
    return [r["file"] for r in results if isinstance(r, dict) and r.get("file")]


def _forget_job_files(study_id: int) -> int:
    """The study's jobs no longer offer their files (removed with the study key)."""
    forgotten = 0
    for job in db.session.scalars(sa.select(jobs.Job).where(jobs.Job.study_id == study_id)):
        if isinstance(job.result, dict) and job.result.get("file"):
            job.result = {**job.result, "file": None, "destroyed": True}
            forgotten += 1
    return forgotten


def _restore_bundles_unsealed(study_id: int) -> list[dict]:
    """Anonymised bundles stay readable: each is stored again without the study key."""
    store, kept = storage.current(), []
    for bundle in _study_rows(Bundle, study_id):
        if not bundle.checksum or not store.exists("bundles", bundle.checksum):
            continue
        with tempfile.TemporaryFile(prefix="dala-keep-") as temp:
            for chunk in store.open("bundles", bundle.checksum):
                temp.write(chunk)
            temp.seek(0)
            store.delete("bundles", bundle.checksum)
            store.put(temp, area="bundles", max_bytes=1 << 40, study_id=None)
        kept.append({"bundle": bundle.id, "file": bundle.file_name, "sha256": bundle.checksum})
    return kept


def _erase(rows: list, **values) -> int:
    """Write `values` over these rows' identifying columns; how many rows."""
    for row in rows:
        for column, value in values.items():
            setattr(row, column, value)
    return len(rows)


def perform(request: DestructionRequest, actor) -> dict:
    study = db.session.get(Study, request.study_id)
    counts: dict[str, int] = {}

    counts["participants"] = _erase(_study_rows(Participant, study.id), name=DESTROYED, position=None,
                                    email=None, phone=None, notes=None)
    counts["organisations"] = _erase(_study_rows(Organisation, study.id), name=DESTROYED, notes=None)
    transcripts = _study_rows(Transcript, study.id)
    ids = [t.id for t in transcripts]
    counts["raw_transcripts"] = _erase(transcripts, raw_text=DESTROYED)
    labels = list(db.session.scalars(sa.select(TranscriptSpeaker).where(TranscriptSpeaker.transcript_id.in_(ids))))
    for speaker in labels:
        speaker.label = f"{DESTROYED}{speaker.id}"
    counts["speaker_labels"] = len(labels)
    counts["detected_spans"] = _erase(list(db.session.scalars(
        sa.select(TranscriptSpan).where(TranscriptSpan.transcript_id.in_(ids)))), entity=None)
    counts["key_entries"] = _erase(_study_rows(KeyEntry, study.id), name=DESTROYED)
    counts["field_notes"] = _erase([s for s in _study_rows(FieldSession, study.id) if s.field_notes],
                                   field_notes=None)
    counts["question_notes"] = _erase(_study_rows(QuestionNote, study.id), text=DESTROYED)
    counts["withdrawal_notes"] = _erase([w for w in _study_rows(ConsentWithdrawal, study.id) if w.note], note=None)
    counts["answer_sets"] = _erase([a for a in _study_rows(AnswerSet, study.id) if a.values], values={})
    counts["consent_notes"] = _erase([n for n in _study_rows(ConsentNote, study.id) if n.body], body=None)
    counts["status_reasons"] = _erase(list(db.session.scalars(
        sa.select(StatusChange).join(Participant, Participant.id == StatusChange.participant_id)
        .where(Participant.study_id == study.id, StatusChange.reason.is_not(None)))), reason=None)
    counts["completion_drafts"] = db.session.execute(sa.delete(CompletionDraft).where(
        CompletionDraft.session_id.in_(sa.select(FieldSession.id).where(FieldSession.study_id == study.id)))).rowcount
    db.session.execute(sa.delete(ParticipantSearchToken).where(ParticipantSearchToken.study_id == study.id))
    kept_until = consent_kept(study)
    files = _files_of(study.id, keep_scans=kept_until is not None)
    kept_scans = _keep_scans(study.id) if kept_until else 0
    counts["scans"] = sum(1 for area, _k in files if area == "consent")
    counts["uploaded_originals"] = sum(1 for area, _k in files if area == "transcripts")
    counts["job_files"] = _forget_job_files(study.id)
    db.session.flush()
    bundles = _restore_bundles_unsealed(study.id)

    remains = _what_remains(study, ids, bundles)
    if kept_until:
        remains["consent_scans"] = {"count": kept_scans, "kept_until": kept_until.isoformat()}
    ring = keyring.active()
    kek_id = ring.destroy_study_key(study.id, db.session.connection()) if ring is not None else None
    if ring is not None and not kept_until:  # the consent key goes too: nothing to keep under it
        consent_kek = ring.destroy_study_key(study.id, db.session.connection(), keyring.CONSENT)
        if consent_kek:
            files.append(("keystore", consent_kek))
    counts["study_keys"] = 1 if kek_id else 0
    if study.status != StudyStatus.CLOSED:
        study.status = StudyStatus.CLOSED
    request.status, request.performed_at = DestructionStatus.DONE, utcnow()
    request.pending_files = [list(f) for f in files]
    request.pending_kek = kek_id
    request.certificate = {
        "study": {"id": study.id, "title": study.title, "ethics_ref": study.ethics_ref,
                  "approving_body": study.approving_body, "languages": list(study.languages or [])},
        "destroyed": counts, "remains": remains,
        "requested_by": _person(request.requested_by_id), "requested_at": request.requested_at.isoformat(),
        "countersigned_by": _person(request.countersigned_by_id),
        "countersigned_at": request.countersigned_at.isoformat() if request.countersigned_at else None,
        "performed_by": _person(getattr(actor, "id", None)), "performed_at": request.performed_at.isoformat(),
        "retention": {k: v.isoformat() if v else None for k, v in vars(due_dates(study)).items()},
    }
    db.session.flush()
    event = audit.record(actor, "study.destroy", request, study_id=study.id,
                         after={"destroyed": counts, "files": len(files)})
    request.certificate["audit_event"] = {"id": event.id, "hash": event.hash}
    request.certificate["sha256"] = sha256_bytes(_canonical(request.certificate))
    sa.orm.attributes.flag_modified(request, "certificate")
    db.session.flush()
    return request.certificate


def _keep_scans(study_id: int) -> int:
    """The study's scans, moved under its consent key (those sealed before it existed were under
    the data key, which is about to go); how many."""
    store, moved = storage.current(), 0
    for key in sorted(_scans_of(study_id)):
        if store.exists("consent", key):
            store.reseal("consent", key, study_id)
            moved += 1
    return moved


def _canonical(data: dict) -> bytes:
    return json.dumps({k: v for k, v in data.items() if k != "sha256"}, sort_keys=True,
                      ensure_ascii=False).encode("utf-8")


def _person(user_id: int | None) -> dict | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    return {"id": user.id, "name": user.name, "email": user.email} if user else None


def _what_remains(study: Study, transcript_ids: list[int], bundles: list[dict]) -> dict:
    """Pseudonymised data and evidence that stay, each with a checksum to show it unchanged."""
    anonymised = [t for t in db.session.scalars(sa.select(Transcript.anonymised_text).where(
        Transcript.id.in_(transcript_ids)).order_by(Transcript.id)) if t]
    turns = db.session.scalar(sa.select(sa.func.count()).select_from(Turn).where(Turn.transcript_id.in_(transcript_ids)))
    consent = list(db.session.execute(sa.select(ConsentRecord.id, ConsentRecord.consent_date).where(
        ConsentRecord.study_id == study.id).order_by(ConsentRecord.id)))
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.study_id == study.id))
    return {
        "pseudonymised_transcripts": {"count": len(anonymised),
                                      "sha256": sha256_bytes("\n\x1e".join(anonymised).encode("utf-8")),
                                      "turns": turns},
        "consent_records": {"count": len(consent),
                            "sha256": sha256_bytes(repr([(i, str(d)) for i, d in consent]).encode())},
        "bundles": bundles,
        "audit_events": {"count": events},
    }


def sweep() -> dict[str, int]:
    """Remove what committed destructions left to remove (files, key-encryption keys); counts."""
    done = {"files": 0, "keys": 0}
    store, ring = storage.current(), keyring.current()
    waiting = db.session.scalars(sa.select(DestructionRequest).where(sa.or_(
        DestructionRequest.pending_kek.is_not(None), DestructionRequest.pending_files.is_not(None)))).all()
    for request in waiting:
        for area, key in request.pending_files or []:
            if area == "keystore":  # a consent key destroyed with the data
                done["keys"] += 1 if ring is not None and ring.store.destroy(key) else 0
                continue
            store.delete(area, key)
            done["files"] += 1
        if request.pending_kek and ring is not None and ring.store.destroy(request.pending_kek):
            done["keys"] += 1
        request.pending_files, request.pending_kek = None, None
        db.session.commit()
    done["consent"] = _consent_evidence_due()
    return done


def _consent_evidence_due() -> int:
    """Destroy the consent scans kept after a destruction once their consent-evidence period
    ended (the key, in the transaction with its audit event; the files and KEK after commit);
    how many studies."""
    ring = keyring.active()
    if ring is None:
        return 0
    done = 0
    for request in db.session.scalars(sa.select(DestructionRequest).where(
            DestructionRequest.status == DestructionStatus.DONE)).all():
        study = db.session.get(Study, request.study_id)
        if consent_kept(study) or ring.is_destroyed(study.id, db.session.connection(), keyring.CONSENT) \
                or not _has_key(study.id, keyring.CONSENT):
            continue
        shared = set(db.session.scalars(sa.select(ConsentRecord.scan_sha256).where(
            ConsentRecord.study_id != study.id, ConsentRecord.scan_sha256.is_not(None))))
        scans = sorted(_scans_of(study.id) - shared)
        kek_id = ring.destroy_study_key(study.id, db.session.connection(), keyring.CONSENT)
        audit.record(None, "consent_evidence.destroy", study, study_id=study.id,
                     after={"scans": len(scans), "due": due_dates(study).consent.isoformat()})
        db.session.commit()
        store = storage.current()
        for key in scans:
            store.delete("consent", key)
        if kek_id:
            ring.store.destroy(kek_id)
        done += 1
    return done


def _has_key(study_id: int, purpose: str) -> bool:
    return db.session.scalar(sa.select(StudyKey.id).where(StudyKey.study_id == study_id,
                                                          StudyKey.purpose == purpose)) is not None


# --- the certificate ------------------------------------------------------------------------

def destroyed_labels() -> dict[str, str]:
    return {
        "participants": _("Participants: names, positions, e-mails, phones, notes"),
        "organisations": _("Organisations: names and notes"),
        "raw_transcripts": _("Raw transcripts (identifiable text)"),
        "speaker_labels": _("Speaker labels as written in transcripts"),
        "detected_spans": _("Detected identifying words"),
        "key_entries": _("Real names in the pseudonym key"),
        "field_notes": _("Field notes"),
        "question_notes": _("Notes taken against questions"),
        "withdrawal_notes": _("Notes on withdrawals"),
        "answer_sets": _("Answers given to instruments"),
        "consent_notes": _("Review notes on consent records"),
        "status_reasons": _("Reasons given for status changes"),
        "completion_drafts": _("Unsaved drafts of session completions"),
        "scans": _("Consent scans"),
        "uploaded_originals": _("Uploaded transcript files"),
        "job_files": _("Protocols made in the background"),
        "study_keys": _("Study data key"),
    }


def certificate_pdf(certificate: dict) -> bytes:
    """The certificate as a PDF, one part per language of the study (safe renderer, no network)."""
    languages = [lang for lang in certificate["study"].get("languages") or ["en"]
                 if lang in current_app.config["LANGUAGES"]] or ["en"]
    parts = []
    for lang in languages:
        with force_locale(lang):
            parts.append(render_template("retention/_certificate_part.html", c=certificate, part_lang=lang,
                                         destroyed_labels=destroyed_labels()))
    with force_locale(languages[0]):
        return render_pdf("retention/certificate.html", c=certificate, parts=parts, pdf_lang=languages[0])
