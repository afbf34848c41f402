"""Volume for plan and query-count tests: a study with thousands of fictional participants and
sessions, inserted in bulk (Core INSERTs, not the services: the services' one-row-at-a-time
path would take minutes for 5,000 people, and these tests look at reads, not at writes).

The pseudonym counters are set to what the services would have handed out, so records made
afterwards through the builders get the next pseudonyms, and the dashboard's counters are
recounted (bulk inserts bypass the flush that keeps them current).
"""
import random
from datetime import timedelta

import sqlalchemy as sa

from app.core.crypto.columns import StudyText
from app.core.extensions import db
from app.core.models_base import utcnow
from app.consent import desk_marks, desk_state
from app.consent import flags as consent_flags
from app.consent.models import ConsentMethod, ConsentRecord
from app.dashboard import counters
from app.recruitment import search
from app.fieldwork.models import (
    SESSION_TYPE_PREFIX,
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.recruitment.models import (
    SECTOR_PREFIX,
    Organisation,
    Participant,
    PseudonymCounter,
    RecruitmentStatus,
    Sector,
    StatusChange,
)

SECTORS = [Sector.CENTRAL_GOVERNMENT, Sector.LOCAL_AUTHORITY, Sector.CIVIL_SOCIETY]


def populate(study, *, organisations: int, participants: int, sessions: int, staff=(), seed: int = 7,
             consented_on=None, searchable: bool = True) -> None:
    """Add organisations, participants (each with a first history step) and sessions with
    invitees and facilitators from `staff` to `study`; commits. With `consented_on` (an
    approved consent form version), the invitees of past sessions attended them and each of
    them gave valid consent on that version before (the ethics desk's ordinary study: many
    attended sessions, few flags). `searchable=False` leaves the new participants out of the
    blind search index, for a test that never searches them: indexing is most of the time of
    thousands of people (some 90 keyed digests each); a search then finds none of them."""
    rng, now = random.Random(seed), utcnow()

    def sealed(text: str) -> StudyText:  # Core INSERTs skip the mapper that tags values for sealing
        return StudyText(text, study.id)

    # numbering goes on from the pseudonyms the study has handed out already
    last = dict(db.session.execute(sa.select(PseudonymCounter.prefix, PseudonymCounter.last_value)
                                   .where(PseudonymCounter.study_id == study.id)).all())
    first_person = last.get("P", 0)
    per_sector: dict[str, int] = {}
    org_rows = []
    for n in range(organisations):
        sector = SECTORS[n % 3]
        prefix = SECTOR_PREFIX[sector]
        per_sector[prefix] = per_sector.get(prefix, last.get(prefix, 0)) + 1
        org_rows.append({"study_id": study.id, "name": sealed(f"Организация {n} (вымышленная)"), "sector": sector,
                         "region": "Область", "created_at": now,
                         "pseudonym": f"{prefix}-{per_sector[prefix]:02d}"})
    if org_rows:
        db.session.execute(sa.insert(Organisation), org_rows)
    org_ids = list(db.session.scalars(sa.select(Organisation.id).where(Organisation.study_id == study.id)))
    statuses = list(RecruitmentStatus)
    rows = [{"study_id": study.id, "organisation_id": org_ids[n % len(org_ids)] if org_ids and n % 7 else None,
             "name": sealed(f"Участник {n} Вымышленный"), "languages": ["ru"], "email": sealed(f"p{n}@contact.example"),
             "phone": sealed(f"+7 700 {n:07d}"), "status": statuses[n % len(statuses)], "pseudonym": f"P{first_person + n + 1:02d}",
             "version": 1, "status_changed_at": now - timedelta(days=n % 30), "created_at": now}
            for n in range(participants)]
    if rows:
        db.session.execute(sa.insert(Participant), rows)
    person_ids = list(db.session.scalars(sa.select(Participant.id).where(
        Participant.study_id == study.id, Participant.pseudonym.in_([r["pseudonym"] for r in rows]))))
    if person_ids:
        db.session.execute(sa.insert(StatusChange), [
            {"participant_id": pid, "to_status": RecruitmentStatus.IDENTIFIED, "changed_at": now}
            for pid in person_ids])
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=4 * (sessions // 2))
    types = list(SessionType)
    per_type = {prefix: last.get(prefix, 0) for prefix in SESSION_TYPE_PREFIX.values()}
    session_rows = []
    for n in range(sessions):
        starts, prefix = start + timedelta(hours=n * 4 + 3), SESSION_TYPE_PREFIX[types[n % 4]]
        per_type[prefix] += 1
        session_rows.append({
            "study_id": study.id, "code": f"{prefix}-{per_type[prefix]:02d}", "type": types[n % 4],
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2), "location": "Переговорная", "audio_recorded": False,
            "status": SessionStatus.COMPLETED if starts < now else SessionStatus.PLANNED,
            "host_organisation_id": org_ids[n % len(org_ids)] if org_ids else None, "version": 1,
            "created_at": now})
    if session_rows:
        db.session.execute(sa.insert(FieldSession), session_rows)
        made = db.session.execute(sa.select(FieldSession.id, FieldSession.code, FieldSession.ends_at).where(
            FieldSession.study_id == study.id, FieldSession.code.in_([r["code"] for r in session_rows]))).all()
        codes, ends = {r.id: r.code for r in made}, {r.id: r.ends_at for r in made}
        ids = sorted(codes)
        staff = list(staff)
        if staff:  # the staff rows' copies of their session's study and end (app.fieldwork.own)
            db.session.execute(sa.insert(SessionStaff), [
                {"session_id": sid, "user_id": staff[i % len(staff)].id, "role": StaffRole.FACILITATOR,
                 "study_id": study.id, "ends_at": ends[sid]}
                for i, sid in enumerate(ids)])
        if person_ids:
            before_now = {r["code"] for r in session_rows if r["starts_at"] < now}
            past = {sid for sid, code in codes.items() if code in before_now} if consented_on else set()
            links = [{"session_id": sid, "participant_id": pid, "attendance": "attended" if sid in past else "invited"}
                     for sid in ids for pid in rng.sample(person_ids, min(len(person_ids), rng.randint(1, 4)))]
            db.session.execute(sa.insert(SessionParticipant), links)
            if consented_on:
                _consent_attendees(study, consented_on, {link["participant_id"] for link in links
                                                         if link["attendance"] == "attended"}, start, now)
    handed_out = {"P": first_person + participants, **per_type, **per_sector}
    for prefix, value in handed_out.items():
        if prefix in last:
            db.session.execute(sa.update(PseudonymCounter).where(
                PseudonymCounter.study_id == study.id, PseudonymCounter.prefix == prefix).values(last_value=value))
        elif value:
            db.session.execute(sa.insert(PseudonymCounter), [{"study_id": study.id, "prefix": prefix,
                                                              "last_value": value}])
    counters.recount(study.id)
    data = consent_flags.load(study)  # the whole study, read once for the marks and the desk state
    desk_marks.recount(study.id, data)
    desk_state.recount(study.id, data)
    # Core INSERTs skip the listeners that keep the blind index of sealed names and contacts
    if searchable:
        search.reindex(study.id)
    db.session.commit()


def _consent_attendees(study, version, person_ids, first_session, now) -> None:
    """Valid consent on `version` for these participants, given before their first session."""
    day = (first_session - timedelta(days=1)).date()
    obtained_by = version.approved_by_id or version.created_by_id
    answers = {key: True for key in version.item_keys}
    rows = [{"study_id": study.id, "participant_id": pid, "version_id": version.id, "consent_date": day,
             "method": ConsentMethod.ORAL_RECORDED, "obtained_by_id": obtained_by, "answers": answers,
             "recorded_by_id": obtained_by, "recorded_at": now} for pid in sorted(person_ids)]
    for n in range(0, len(rows), 5000):
        db.session.execute(sa.insert(ConsentRecord), rows[n:n + 5000])
