"""One realistic study with an object of every kind, and a second study shaped the same way.

Study A is the one the matrix walks; study B supplies the foreign object ids that A's URLs must
refuse. Everything is fictional. Contact details and a raw-transcript phrase are distinctive so
that a response body can be searched for them.
"""
import io
from datetime import date, timedelta

from pypdf import PdfWriter

from app.auth import services as accounts
from app.consent import review as consent_review
from app.consent import services as consent
from app.consent import versions as consent_versions
from app.consent.models import ConsentMethod
from app.consent.uploads import store_scan
from app.exports.bundles import build_bundle
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.core.extensions import db
from app.fieldwork import calendar
from app.fieldwork.models import (Attendance, FieldSession, SessionParticipant, SessionStaff,
                                  SessionStatus, SessionType, StaffRole)
from app.instruments import answers, services as instruments
from app.instruments.models import InstrumentKind, QuestionType
from app.core.models_base import utcnow
from app.recruitment import services as recruitment
from app.recruitment.models import Sector, TargetKind
from app.studies import services as studies
from app.studies.models import Membership, Role
from app.transcripts import review, services as transcripts
from app.transcripts.models import Decision, TranscriptSpan

PASSWORD = "correct horse battery"
QUESTION = {"name": "role", "type": QuestionType.TEXT, "text": {"en": "Describe your role."}}


def contacts(tag: str) -> dict:
    return {"email": f"zarina.{tag}@contact-secret.example", "phone": f"+7 777 404 91 {ord(tag[0]) % 100:02d}"}


def raw_phrase(tag: str, n: int) -> str:
    return f"Сиреневый пеликан {tag}{n} прилетел"


def _text(tag: str, n: int) -> str:
    return (f"Модератор: Добрый день! Расскажите о работе.\n"
            f"Зарина: Работаю в акимате. {raw_phrase(tag, n)} в Тасқала.\n"
            f"Зарина: Мой коллега Ерлан Сапаров говорит, что портал медленный.\n")


def _user(tag: str, key: str, admin: bool = False):
    return accounts.create_user(f"{key}.{tag}@staff.example", f"{key.title()} {tag.upper()}", PASSWORD,
                                is_admin=admin)


def _session(study, code, kind, staff, people, status=SessionStatus.COMPLETED, version=None):
    starts = utcnow().replace(microsecond=0) - timedelta(days=5)
    session = FieldSession(study_id=study.id, code=code, type=kind, starts_at=starts,
                           ends_at=starts + timedelta(hours=1), status=status, audio_recorded=True,
                           location="Астана, переговорная 5", instrument_version=version)
    for user, role in staff:
        session.staff.append(SessionStaff(user=user, role=role))
    for person in people:
        session.attendees.append(SessionParticipant(participant=person, attendance=Attendance.ATTENDED))
    db.session.add(session)
    db.session.flush()
    return session


def _transcript(session, tag, n, who, person, approve):
    t = transcripts.upload_transcript(session, f"{session.code}.txt", _text(tag, n).encode(), "ru", who,
                                      max_bytes=1 << 20)
    transcripts.map_speakers(t, {s.id: f"p:{person.id}" if s.label == "Зарина" else f"u:{who.id}"
                                 for s in t.speakers}, who)
    if approve:
        for span in review.load_spans(t):
            if span.decision == Decision.PENDING:
                review.decide(t, span, Decision.ACCEPTED, who)
        transcripts.approve(t, who)
    return t


def _blank_pdf() -> bytes:
    """A fictional scan of a signed form: one blank page."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def _consent(study, coordinator, fieldworker, reviewer, person):
    version = consent_versions.create_form(study, "Информированное согласие", coordinator)
    consent_versions.update_draft(version, coordinator, {"en": "You are invited.", "ru": "Приглашаем вас.",
                                                         "kk": "Сізді шақырамыз."}, version.items)
    consent_versions.submit(version, coordinator)
    consent_versions.approve(version, reviewer, date.today() - timedelta(days=60), "OK")
    scan = store_scan(io.BytesIO(_blank_pdf()), study_id=study.id)
    record = consent.record_consent(person, version, date.today() - timedelta(days=10), ConsentMethod.WRITTEN,
                                    fieldworker, {key: True for key in version.item_keys}, fieldworker,
                                    scan=scan)
    consent_review.raise_query(record, reviewer, "Кто присутствовал?")
    return version, record


def _instrument(study, reviewer):
    instrument = instruments.create_instrument(study, "Service survey", InstrumentKind.STRUCTURED_INTERVIEW, None)
    version = instrument.versions[0]
    section = instruments.add_section(version, {"en": "Background"}, None)
    question = instruments.add_question(section, dict(QUESTION), None)
    instruments.approve(version, reviewer)
    return version, section, question


def build_study(tag: str) -> dict:
    """A study in fieldwork with its team and at least one object of every kind."""
    w = {"tag": tag}
    for key in ("coordinator", "fieldworker", "fieldworker2", "reviewer", "spare"):
        w[key] = _user(tag, key)
    w["admin"] = _user(tag, "admin", admin=True)  # creates users and studies; no member of any
    study = w["study"] = studies.create_study(None, title=f"Цифровые услуги {tag.upper()}")
    for key, role in (("coordinator", Role.COORDINATOR), ("fieldworker", Role.FIELDWORKER),
                      ("fieldworker2", Role.FIELDWORKER), ("reviewer", Role.ETHICS_REVIEWER),
                      ("spare", Role.FIELDWORKER)):
        studies.add_member(study, w[key], role, actor=None)
    db.session.flush()
    w["membership"] = db.session.scalar(db.select(Membership).filter_by(study_id=study.id, user_id=w["spare"].id))
    coord, fw, fw2, rev = w["coordinator"], w["fieldworker"], w["fieldworker2"], w["reviewer"]
    w["organisation"] = recruitment.create_organisation(study, coord, name=f"Акимат района {tag.upper()}",
                                                        sector=Sector.LOCAL_AUTHORITY)
    w["participant"] = recruitment.create_participant(study, coord, name="Зарина Тестова",
                                                      organisation=w["organisation"], **contacts(tag))
    w["target"] = recruitment.create_target(study, coord, kind=TargetKind.PARTICIPANTS,
                                            sector=Sector.LOCAL_AUTHORITY, session_type=None, target_count=5)
    version, w["section"], w["question"] = _instrument(study, rev)
    w["instrument_version"] = version
    # fieldworker facilitates, fieldworker2 takes notes: both share this session.
    w["session"] = _session(study, "SSI-01", SessionType.STRUCTURED_INTERVIEW,
                            [(fw, StaffRole.FACILITATOR), (fw2, StaffRole.NOTE_TAKER)], [w["participant"]],
                            version=version)
    # fieldworker2 alone: fieldworker must never read its raw transcript.
    w["session2"] = _session(study, "SSI-02", SessionType.SEMI_STRUCTURED_INTERVIEW,
                             [(fw2, StaffRole.FACILITATOR)], [w["participant"]])
    w["attendee"] = w["session"].attendees[0]
    w["session2"].instrument_version = version
    answers.save_answers(w["attendee"], {"role": "Главный специалист"}, True, fw)
    w["consent_version"], w["consent_record"] = _consent(study, coord, fw, rev, w["participant"])
    w["transcript"] = _transcript(w["session"], tag, 1, fw, w["participant"], approve=False)
    w["approved"] = _transcript(w["session"], tag, 2, fw, w["participant"], approve=True)
    w["transcript2"] = _transcript(w["session2"], tag, 3, fw2, w["participant"], approve=False)
    w["span"], w["span2"] = (db.session.scalar(db.select(TranscriptSpan).filter_by(transcript_id=w[key].id)
                                               .order_by(TranscriptSpan.id)) for key in ("transcript", "transcript2"))
    w["bundle"] = build_bundle(study, BundleFilters(), BundleFormat.ZIP, coord)
    w["feed_token"] = calendar.create_feed_token(fw, fw)
    db.session.commit()
    return w
