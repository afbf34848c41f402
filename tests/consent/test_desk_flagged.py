"""Issue 18: the ethics desk reads only the rows that can raise a flag, and shows what the slow
full recomputation shows. A seeded study with every kind of history (no consent, consent after
the session, a renewal covering an earlier session, corrections, refusals of recording, retired
versions, withdrawals with and without the data, written consent without a scan, sessions
late in the UTC evening that fall on the next day in the study's zone, reviews in every state,
transcripts uploaded, approved, reopened and their speakers mapped again, so that withdrawn data
still in an approved transcript raises the transcripts area's flag for some and not others)
plus bulk participants and sessions; then, for every filter, the desk's counts, its pages of
flags, the flags of its rows and its participants equal those worked out from every flag the
study raises (app.consent.flags.study_flags, which the ethics report prints) and every
participant's review thread read in Python."""
import random
from collections import Counter
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.consent import desk, flagged, flags, review, services, standing
from app.consent.models import ConsentMethod, WithdrawalScope
from app.core.extensions import db
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.recruitment.models import Organisation, Participant, RecruitmentStatus, Sector
from app.studies import services as studies
from app.studies.models import Role
from app.transcripts import services as transcripts
from app.transcripts.models import Decision, Transcript, TranscriptSpeaker, TranscriptStatus
from tests.builders.bulk import populate
from tests.support.snapshot import snapshot
from tests.builders import today


def _session(study, starts: datetime, attendees, audio: bool, code: str, staff=None):
    session = FieldSession(study_id=study.id, code=code, type=SessionType.SEMI_STRUCTURED_INTERVIEW,
                           starts_at=starts, ends_at=starts + timedelta(hours=1), audio_recorded=audio,
                           status=SessionStatus.COMPLETED)
    if staff is not None:
        session.staff.append(SessionStaff(user_id=staff.id, role=StaffRole.FACILITATOR))
    for participant, attendance in attendees:
        session.attendees.append(SessionParticipant(participant=participant, attendance=attendance))
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def world(build, cb):
    """A study with seeded random consent histories (see the module), a few hundred bulk rows
    (built once per test process, then put back from its copy)."""
    return snapshot(("desk_flagged",), lambda: _histories(build, cb))


def _histories(build, cb) -> dict:
    rng = random.Random(18)
    team = build.team()
    study, coordinator, reviewer = team["study"], team["coordinator"], team["reviewer"]
    crew = [team["fieldworker"], coordinator, build.member(study, Role.FIELDWORKER)]
    populate(study, organisations=12, participants=300, sessions=120, staff=crew)
    orgs = list(db.session.scalars(sa.select(Organisation).where(Organisation.study_id == study.id)))
    v1 = cb.version(study, coordinator, reviewer=reviewer)
    v2 = build.consent_version(study, coordinator, reviewer, based_on=v1)  # v1 kept approved
    people = []
    for n in range(36):
        person = Participant(study_id=study.id, name=f"Участник Историй {n}", pseudonym=f"H{n:03d}",
                             organisation_id=rng.choice(orgs).id, status=RecruitmentStatus.AGREED)
        db.session.add(person)
        db.session.commit()
        people.append(person)
        history = n % 9
        first_day = today() - timedelta(days=rng.randint(5, 60))
        if history == 0:
            continue  # no consent at all
        record = cb.consent(person, v1, team["fieldworker"], day=first_day,
                            method=rng.choice([ConsentMethod.WRITTEN, ConsentMethod.ORAL_RECORDED]),
                            no=("audio",) if history == 2 else ())
        if history == 3:  # a correction on the same version, later
            cb.consent(person, v1, team["fieldworker"], day=first_day + timedelta(days=3), supersedes=record,
                       reason="Исправлена дата")
        elif history == 4:  # a renewal on v2: the earlier record still covers the days before
            cb.consent(person, v2, team["fieldworker"], day=today() - timedelta(days=2), supersedes=record,
                       reason="Новая версия")
        elif history == 5:
            services.withdraw(person, first_day + timedelta(days=rng.randint(1, 20)),
                              rng.choice(list(WithdrawalScope)), coordinator)
        elif history == 6:  # consent dated a day after the evening session below (the zone's next day)
            cb.consent(person, v2, team["fieldworker"], day=today() - timedelta(days=3), supersedes=record,
                       reason="Новая версия")
        current = standing.current_record(person.id)
        step = rng.randint(0, 4)  # none, reviewed, query, answered, answer-then-reviewed
        if step == 1:
            review.mark_reviewed(current, reviewer)
        elif step >= 2:
            review.raise_query(current, reviewer, "Уточните дату")
            if step >= 3:
                review.answer_query(current, coordinator, "Дата верна")
            if step == 4:
                review.mark_reviewed(current, reviewer)
        db.session.commit()
    for s in range(14):
        day = today() - timedelta(days=rng.randint(1, 70))
        hour = rng.choice([5, 20])  # 20:00 UTC is the next day in the study's zone
        chosen = rng.sample(people, 5)
        attendees = [(p, rng.choice([Attendance.ATTENDED, Attendance.ATTENDED, Attendance.NO_SHOW])) for p in chosen]
        session = _session(study, datetime(day.year, day.month, day.day, hour), attendees, audio=rng.random() < 0.6,
                           code=f"SSI-9{s:02d}", staff=coordinator)
        came = [p for p, attendance in attendees if attendance == Attendance.ATTENDED]
        if s % 3 == 0 and came:  # one who came speaks with the coordinator; approved or left in review
            build.transcript(session, TALK, by=coordinator, speakers={"Модератор": coordinator,
                                                                      "Участник": rng.choice(came)},
                             approve=s % 2 == 0, ner=False)
    _transcript_histories(build, cb, team, v2)
    yesterday = today() - timedelta(days=1)
    _session(study, datetime(yesterday.year, yesterday.month, yesterday.day, 5),
             [(p, Attendance.ATTENDED) for n, p in enumerate(people) if n % 9 in (2, 7)], audio=True, code="SSI-999")
    build.retire_consent_version(v1, reviewer, on=today() - timedelta(days=20))
    studies.update_study(study, None, approval_valid_until=today() - timedelta(days=15))
    db.session.commit()
    return team


TALK = "Модератор: Расскажите о работе.\nУчастник: Я работаю в акимате.\n"


def _transcript_histories(build, cb, team, version) -> None:
    """Five settled participants (oral consent, reviewed) who withdraw: their data, words in an
    approved transcript (flagged); their data, in a transcript approved then reopened; their data,
    the label first mapped to them then to the fourth before approval; the fourth (no withdrawal);
    only further taking part, words in an approved transcript (none flagged but the first)."""
    study, coordinator = team["study"], team["coordinator"]
    voices = [build.participant(study, f"Голос {n}") for n in range(5)]
    for person in voices:
        record = cb.consent(person, version, coordinator, day=today() - timedelta(days=10),
                            method=ConsentMethod.ORAL_RECORDED)
        review.mark_reviewed(record, team["reviewer"])
    day = today() - timedelta(days=4)
    session = _session(study, datetime(day.year, day.month, day.day, 9),
                       [(p, Attendance.ATTENDED) for p in voices], audio=False, code="SSI-800", staff=coordinator)
    # they withdraw first: what follows is only the transcripts' changes, which the consent area
    # does not hear itself
    for n, scope in ((0, WithdrawalScope.WITHDRAW_DATA), (1, WithdrawalScope.WITHDRAW_DATA),
                     (2, WithdrawalScope.WITHDRAW_DATA), (4, WithdrawalScope.STOP)):
        services.withdraw(voices[n], today() - timedelta(days=1), scope, coordinator)
    db.session.commit()
    for n in (0, 1, 4):
        build.transcript(session, TALK, by=coordinator, speakers={"Модератор": coordinator, "Участник": voices[n]},
                         approve=True, ner=False)
    reopened = db.session.scalars(sa.select(Transcript).join(TranscriptSpeaker).where(
        TranscriptSpeaker.participant_id == voices[1].id)).one()
    reopened.status = TranscriptStatus.IN_REVIEW  # as a row: no service reopens a transcript yet
    remapped = build.transcript(session, TALK, by=coordinator, ner=False,
                                speakers={"Модератор": coordinator, "Участник": voices[2]})
    transcripts.map_speakers(remapped, {s.id: f"u:{coordinator.id}" if s.user_id else f"p:{voices[3].id}"
                                        for s in remapped.speakers}, coordinator, ner=False)
    build.decide_all(remapped, Decision.ACCEPTED, coordinator)
    transcripts.approve(remapped, coordinator)
    db.session.commit()


def _review_states(study) -> dict[int, str]:
    ids = db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id)).all()
    return {pid: review.review_state(record.notes) or desk.NOT_REVIEWED
            for pid, record in standing.current_records(ids).items()}


def _expected(study, flt: desk.DeskFilter, raised):
    """The desk as worked out from every flag and every review (the rules of issue 15)."""
    in_sector = set(db.session.scalars(sa.select(Participant.id).join(Organisation).where(
        Participant.study_id == study.id, Organisation.sector == flt.sector))) if flt.sector else set()
    shown = [f for f in raised if (not flt.kind or f.kind == flt.kind)
             and (not flt.session_id or f.session_id == flt.session_id)
             and (not flt.sector or f.participant_id in in_sector)]
    everyone = set(db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id)))
    ids = set(everyone)
    flagged_ids = {f.participant_id for f in shown if f.participant_id}
    states = _review_states(study)
    if flt.kind:
        ids &= flagged_ids
    if flt.session_id:
        ids &= set(db.session.scalars(sa.select(SessionParticipant.participant_id)
                                      .where(SessionParticipant.session_id == flt.session_id)))
    if flt.sector:
        ids &= in_sector
    if flt.review:
        ids &= {pid for pid, state in states.items() if state == flt.review}
    if flt.open_only:
        ids &= flagged_ids | {pid for pid, state in states.items() if state != review.REVIEWED}
    return shown, ids


def _filters(study):
    sessions = db.session.scalars(sa.select(FieldSession.id).where(FieldSession.study_id == study.id,
                                                                   FieldSession.code.like("SSI-9%"))).all()
    yield desk.DeskFilter(open_only=False)
    yield desk.DeskFilter()
    for kind in ("attended_without_consent", "audio_without_consent", "retired_version", "approval_expired",
                 "missing_scan", "withdrawn_data_in_transcript"):
        yield desk.DeskFilter(kind=kind, open_only=False)
        yield desk.DeskFilter(kind=kind, sector=Sector.CIVIL_SOCIETY)
    for state in (desk.NOT_REVIEWED, review.REVIEWED, review.QUERY_OPEN, review.ANSWERED):
        yield desk.DeskFilter(review=state, open_only=False)
        yield desk.DeskFilter(review=state, sector=Sector.LOCAL_AUTHORITY)
    for session_id in sessions[:6]:
        yield desk.DeskFilter(session_id=session_id, open_only=False)
        yield desk.DeskFilter(session_id=session_id, kind="attended_without_consent")
    for sector in Sector:
        yield desk.DeskFilter(sector=sector)


def test_the_desk_equals_the_full_recomputation(world, app):
    study = world["study"]
    with app.test_request_context():
        raised = flags.study_flags(study)
        kinds = Counter(f.kind for f in raised)
        assert {"attended_without_consent", "audio_without_consent", "retired_version", "approval_expired",
                "missing_scan", "withdrawn_data_in_transcript"} <= set(kinds), kinds  # every kind it means to
        voices = db.session.scalars(sa.select(SessionParticipant.participant_id).join(FieldSession).where(
            FieldSession.study_id == study.id, FieldSession.code == "SSI-800").order_by(SessionParticipant.participant_id)).all()
        higher = {f.participant_id for f in raised if f.kind == "withdrawn_data_in_transcript"}
        assert len(voices) == 5 and higher & set(voices) == {voices[0]}, higher  # the first of the settled five
        for flt in _filters(study):
            shown, ids = _expected(study, flt, raised)
            first = flagged.desk_flags(study, flt, 1, per_page=7)
            assert first.counts == kinds and first.total == len(raised)
            assert first.shown_count == len(shown), flt
            paged = [f for n in range(1, first.pages + 1) for f in flagged.desk_flags(study, flt, n, 7).shown]
            assert Counter(paged) == Counter(shown), flt  # every flag once, across the pages
            where = flagged.participant_filter(study, flt, first)
            query = sa.select(Participant.id).where(Participant.study_id == study.id)
            found = set(db.session.scalars(query if where is None else query.where(where)))
            assert found == ids, flt
            _, page, rows = desk.desk_page(study, flt, 1, "pseudonym", "asc", {"after": None, "before": None,
                                                                              "last": False})
            for row in rows:
                assert Counter(row.flags) == Counter(f for f in raised if f.participant_id == row.participant.id)


def test_the_session_check_reads_the_same_flags_as_the_full_recomputation(world, app):
    study = world["study"]
    with app.test_request_context():
        raised = flags.study_flags(study)
        for session in db.session.scalars(sa.select(FieldSession).where(FieldSession.study_id == study.id,
                                                                        FieldSession.code.like("SSI-9%"))):
            rows, _problems = desk.session_check(session, lambda a: [])
            for row in rows:
                pid = row.attendee.participant_id
                own = [f for f in raised if f.session_id is None and f.participant_id == pid]
                mine = [f for f in raised if f.session_id == session.id and f.participant_id == pid]
                kinds = Counter(p.kind for p in row.problems)
                if row.attendee.attendance == Attendance.ATTENDED:
                    assert kinds == Counter(f.kind for f in own + mine), (session.code, pid)
                else:
                    assert kinds == Counter(f.kind for f in own)
