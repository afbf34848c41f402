"""Issue 18: the ethics desk reads only the attendees marked as raising a session flag; the
marks follow every change through the services. A hypothesis state machine runs random
changes (attendance marked or changed, sessions completed, consent given, corrected or
renewed, withdrawals, a version retired, recording switched, sessions rescheduled, cancelled,
invitees changed, the study's time zone, refused and rolled back changes, written consent with
and without a scan, the reviewer's marks, queries and answers; and the transcripts' changes a
higher area's flag reads: transcripts uploaded with their speakers mapped, speakers mapped to
someone else or to no one, approved, reopened) and after each step the desk's
session flags equal those the rule finds over the whole study (app.consent.flags.load, what the
ethics report prints), its "only open items" (the stored desk_open alone) are the participants
a flag names (withdrawn data in an approved transcript included) or whose current record's
review is not done, its review filter and missing-scan count are the rule's, and
`flask dashboard recount` finds nothing to repair (neither the marks nor the stored desk state,
app.consent.desk_state); marks and state that drifted are found and repaired."""
from collections import Counter
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from app.consent import (
    desk_marks,
    desk_state,
    flagged,
    flags,
    review,
    services,
    standing,
    versions,
)
from app.consent.desk import DeskFilter
from app.consent.models import (
    ConsentMethod,
    ConsentRecord,
    SessionFlagMark,
    WithdrawalScope,
)
from app.consent.uploads import StoredScan
from app.core.domain import DomainError
from app.core.extensions import db
from app.fieldwork import services as fieldwork
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.recruitment.models import Participant
from app.studies import services as studies
from app.studies.models import Role
from app.transcripts import services as transcripts
from app.transcripts import review as transcript_review
from app.transcripts.models import Decision, Transcript
from tests.builders import today
from tests.conftest import empty_tables
from tests.support.snapshot import snapshot

SESSION_FLAGS = {"attended_without_consent", "audio_without_consent", "retired_version"}
HIGHER = "withdrawn_data_in_transcript"  # the transcripts area's flag (app.transcripts.flags)
ZONES = ["Asia/Almaty", "Europe/London", "America/New_York", "Asia/Tokyo"]


def _plan(session, days: int | None = None, audio: bool | None = None, invitees=None) -> fieldwork.SessionPlan:
    starts = session.starts_at if days is None else _starts(days, session.starts_at.hour)
    return fieldwork.SessionPlan(
        type=session.type, starts_at=starts, ends_at=starts + timedelta(hours=1), location=session.location,
        host_organisation_id=session.host_organisation_id,
        audio_recorded=session.audio_recorded if audio is None else audio,
        facilitator_ids=[s.user_id for s in session.staff if s.role == StaffRole.FACILITATOR], note_taker_id=None,
        participant_ids=[a.participant_id for a in session.attendees] if invitees is None else invitees)


def _starts(days: int, hour: int) -> datetime:
    day = today() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour)  # 20:00 UTC is the next day east of UTC


def _method(kind: int):
    """Oral, written with a scan, written without one."""
    if kind == 0:
        return ConsentMethod.ORAL_RECORDED, None
    return ConsentMethod.WRITTEN, StoredScan("ab" * 32, "application/pdf", 100) if kind == 1 else None


def _desk_ids(study, found=None, **filters) -> set[int]:
    """The participants the desk lists with these filters (every page); `found`: the desk's
    flags for them when already read (filters without a kind, session or sector share them)."""
    flt = DeskFilter(**filters)
    found = found or flagged.desk_flags(study, flt, 1, 20)
    where = flagged.participant_filter(study, flt, found)
    query = sa.select(Participant.id).where(Participant.study_id == study.id)
    return set(db.session.scalars(query if where is None else query.where(where)))


def _rule_reviews(study) -> dict[int, str]:
    """Participant id -> where their current record's review stands, from every record and note."""
    ids = db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id)).all()
    found = {}
    for pid, record in standing.current_records(ids).items():
        db.session.refresh(record, ["notes"])
        found[pid] = review.review_state(record.notes) or flagged.NOT_REVIEWED
    return found


def test_the_desk_marks_follow_every_change(build, app):
    state, seen = {}, Counter()  # seen: the steps after which a higher area's flag was raised
    coordinator = reviewer = None  # the example's, put back with its study

    class Changes(RuleBasedStateMachine):
        def __init__(self):
            """The same fresh study for every example: built by the first (_start), put back from
            its copy for the others (tests/support/snapshot.py) in the emptied database."""
            nonlocal coordinator, reviewer
            super().__init__()
            db.session.rollback()
            empty_tables(app)  # the previous example's study
            start = snapshot(("desk_marks",), self._start)
            coordinator, reviewer = start.pop("coordinator"), start.pop("reviewer")
            state.update(start)

        def _start(self) -> dict:
            """Two approved versions, five participants (four consented, one of them no to
            recording, two settled), three sessions in the past (two recorded) with everyone
            invited and those who may attending; the two settled speak in an approved transcript,
            and the first has withdrawn their data."""
            nonlocal coordinator, reviewer
            coordinator, reviewer = build.user("Координатор Отметок"), build.user("Рецензент Отметок")
            study = build.study("Исследование отметок")
            build.member(study, Role.COORDINATOR, coordinator)
            build.member(study, Role.ETHICS_REVIEWER, reviewer)
            first = build.consent_version(study, coordinator, reviewer, approved_on=today() - timedelta(days=90))
            second = build.consent_version(study, coordinator, reviewer, based_on=first,
                                           approved_on=today() - timedelta(days=80))
            people = [build.participant(study, f"Участник Отметок {n}") for n in range(5)]
            state.update(study=study, versions=[first, second], people=people, sessions=[])
            for n, (days, hour, audio) in enumerate([(-20, 5, True), (-10, 20, True), (-5, 9, False)]):
                plan = fieldwork.SessionPlan(
                    type=SessionType.SEMI_STRUCTURED_INTERVIEW, starts_at=_starts(days, hour),
                    ends_at=_starts(days, hour) + timedelta(hours=1), location="Переговорная",
                    host_organisation_id=None, audio_recorded=audio, facilitator_ids=[coordinator.id],
                    note_taker_id=None, participant_ids=[p.id for p in people])
                state["sessions"].append(fieldwork.create_session(study, plan, coordinator, override=True))
            db.session.commit()
            for n, person in enumerate(people[:4]):
                version = state["versions"][n % 2]
                answers = {key: key != "audio" or n != 3 for key in version.item_keys}
                # the first two settled (oral, reviewed): only a flag makes them an open item
                method = ConsentMethod.ORAL_RECORDED if n < 2 else ConsentMethod.WRITTEN
                record = services.record_consent(person, version, today() - timedelta(days=50), method,
                                                 coordinator, answers, coordinator)
                if n < 2:
                    review.mark_reviewed(record, reviewer)
            db.session.commit()
            for session in state["sessions"]:
                for person in people:
                    self._done(lambda: fieldwork.record_attendance(session, person, Attendance.ATTENDED,
                                                                   coordinator))
            # the first two speak in an approved transcript of the first session; the first
            # withdraws their data (a higher area's flag from the start, which the steps may clear)
            self._done(lambda: self._upload(state["sessions"][0], people[0], True, people[1]))
            self._done(lambda: services.withdraw(people[0], today() - timedelta(days=1), WithdrawalScope.WITHDRAW_DATA,
                                                 coordinator))
            return {**state, "coordinator": coordinator, "reviewer": reviewer}

        def _done(self, action):
            """Run a service call as a view does: commit, or roll back what it refused."""
            try:
                action()
            except DomainError:
                db.session.rollback()
                return
            db.session.commit()

        @staticmethod
        def _person(pick):
            return state["people"][pick % len(state["people"])]

        @staticmethod
        def _session(pick):
            return state["sessions"][pick % len(state["sessions"])]

        @rule(pick=st.integers(0, 20), version=st.integers(0, 1), days=st.integers(-40, 0), audio=st.booleans(),
              method=st.integers(0, 2))
        def give_consent(self, pick, version, days, audio, method):
            person, version = self._person(pick), state["versions"][version]
            answers = {key: key != "audio" or audio for key in version.item_keys}
            how, scan = _method(method)
            self._done(lambda: services.record_consent(person, version, today() + timedelta(days=days),
                                                       how, coordinator, answers, coordinator, scan=scan))

        @rule(pick=st.integers(0, 20), version=st.integers(0, 1), days=st.integers(-40, 0), audio=st.booleans(),
              method=st.integers(0, 2))
        def correct_or_renew_consent(self, pick, version, days, audio, method):
            """A correction on the same version replaces the record; on the other, it renews."""
            person, version = self._person(pick), state["versions"][version]
            current = standing.current_record(person.id)
            if current is None:
                return
            answers = {key: key != "audio" or audio for key in version.item_keys}
            how, scan = _method(method)
            self._done(lambda: services.record_consent(person, version, today() + timedelta(days=days),
                                                       how, coordinator, answers, coordinator, scan=scan,
                                                       supersedes=current, reason="Исправление"))

        @rule(pick=st.integers(0, 20), which=st.integers(0, 3), note=st.sampled_from(["reviewed", "query", "answer"]))
        def review_a_record(self, pick, which, note):
            """The reviewer marks or queries one of the participant's records (a superseded one
            too), the coordinator answers; refused when there is no open query."""
            person = self._person(pick)
            records = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.participant_id == person.id)
                                         .order_by(ConsentRecord.id.desc())).all()
            if not records:
                return
            record = records[which % len(records)]
            act = {"reviewed": lambda: review.mark_reviewed(record, reviewer),
                   "query": lambda: review.raise_query(record, reviewer, "Где подпись?"),
                   "answer": lambda: review.answer_query(record, coordinator, "Подпись на обороте.")}[note]
            self._done(act)

        @rule(pick=st.integers(0, 20), days=st.integers(-30, 0), scope=st.sampled_from(list(WithdrawalScope)))
        def withdraw(self, pick, days, scope):
            person = self._person(pick)
            self._done(lambda: services.withdraw(person, today() + timedelta(days=days), scope, coordinator))

        @rule(version=st.integers(0, 1), days=st.integers(-25, 0))
        def retire_version(self, version, days):
            version = state["versions"][version]
            self._done(lambda: versions.retire(version, reviewer, today() + timedelta(days=days)))

        @rule(session=st.integers(0, 9), pick=st.integers(0, 20),
              attendance=st.sampled_from([Attendance.ATTENDED, Attendance.NO_SHOW]))
        def record_attendance(self, session, pick, attendance):
            """Refused when consent is not valid on the day (rule 3)."""
            session, person = self._session(session), self._person(pick)
            self._done(lambda: fieldwork.record_attendance(session, person, attendance, coordinator))

        @rule(session=st.integers(0, 9), pick=st.integers(0, 20))
        def attended_before_the_rule(self, session, pick):
            """Attendance entered as a row (an import, or data older than the check): the desk
            must flag it when consent was not valid."""
            link = next((a for a in self._session(session).attendees
                         if a.participant_id == self._person(pick).id), None)
            if link is not None:
                link.attendance = Attendance.ATTENDED
                db.session.commit()

        @rule(session=st.integers(0, 9), shows=st.lists(st.booleans(), min_size=5, max_size=5))
        def complete_session(self, session, shows):
            session = self._session(session)
            marks = {a.participant_id: Attendance.ATTENDED if show else Attendance.NO_SHOW
                     for a, show in zip(session.attendees, shows)}
            self._done(lambda: fieldwork.complete_session(session, marks, "Заметки", coordinator))

        @rule(session=st.integers(0, 9))
        def switch_recording(self, session):
            session = self._session(session)
            self._done(lambda: fieldwork.update_session(session, _plan(session, audio=not session.audio_recorded),
                                                        coordinator, override=True))

        @rule(session=st.integers(0, 9), days=st.integers(-45, -1), evening=st.booleans())
        def reschedule(self, session, days, evening):
            session = self._session(session)
            plan = _plan(session, days=days)
            plan.starts_at = _starts(days, 20 if evening else 5)
            plan.ends_at = plan.starts_at + timedelta(hours=1)
            self._done(lambda: fieldwork.update_session(session, plan, coordinator, override=True))

        @rule(session=st.integers(0, 9), drop=st.integers(0, 20), add=st.integers(0, 20))
        def change_invitees(self, session, drop, add):
            session = self._session(session)
            invited = [a.participant_id for a in session.attendees]
            if invited:
                invited.remove(invited[drop % len(invited)])
            invited = list(dict.fromkeys(invited + [self._person(add).id]))
            self._done(lambda: fieldwork.update_session(session, _plan(session, invitees=invited), coordinator,
                                                        override=True))

        @rule(session=st.integers(0, 9), to=st.sampled_from([SessionStatus.CANCELLED, SessionStatus.POSTPONED,
                                                             SessionStatus.CONFIRMED]))
        def set_status(self, session, to):
            session = self._session(session)
            self._done(lambda: fieldwork.set_status(session, to, coordinator, "проверка"))

        @rule(zone=st.sampled_from(ZONES))
        def move_the_study(self, zone):
            """The study's zone decides each session's day."""
            self._done(lambda: studies.update_study(state["study"], coordinator, timezone=zone))

        # --- the transcripts (what the higher area's flag reads) ---------------------------

        @staticmethod
        def _transcript(pick):
            found = db.session.scalars(sa.select(Transcript).where(Transcript.study_id == state["study"].id)
                                       .order_by(Transcript.id)).all()
            return found[pick % len(found)] if found else None

        @rule(session=st.integers(0, 9), pick=st.integers(0, 20), approve=st.booleans())
        def upload_a_transcript(self, session, pick, approve):
            """The participant speaks with the facilitator, and the transcript is approved or
            left in review; refused when they were no invitee who came (the upload with it)."""
            session, person = self._session(session), self._person(pick)
            self._done(lambda: self._upload(session, person, approve))

        @classmethod
        def _upload(cls, session, person, approve: bool, guest=None):
            text = "Модератор: Расскажите о работе.\nУчастник: Я работаю в акимате.\n"
            text += "Гость: А я в министерстве.\n" if guest is not None else ""
            transcript = transcripts.upload_transcript(session, f"{session.code}.txt", text.encode(), "ru",
                                                       coordinator, max_bytes=1 << 20, ner=False)
            people = {"Модератор": f"u:{coordinator.id}", "Участник": f"p:{person.id}",
                      "Гость": f"p:{guest.id}" if guest is not None else ""}
            transcripts.map_speakers(transcript, {s.id: people[s.label] for s in transcript.speakers}, coordinator,
                                     ner=False)
            if approve:
                cls._approve(transcript)

        @staticmethod
        def _approve(transcript):
            for span in transcripts.load_spans(transcript):
                if span.decision == Decision.PENDING:
                    transcript_review.decide(transcript, span, Decision.ACCEPTED, coordinator)
            transcripts.approve(transcript, coordinator)

        @rule(which=st.integers(0, 5), pick=st.integers(0, 20), nobody=st.booleans())
        def map_a_speaker_again(self, which, pick, nobody):
            """A participant's label mapped to someone else, or to no one (its lines not speech);
            refused once the transcript is approved."""
            transcript = self._transcript(which)
            speaker = transcript and next((s for s in transcript.speakers if s.participant_id), None)
            if speaker is None:
                return
            mapping = {s.id: (f"u:{s.user_id}" if s.user_id else f"p:{s.participant_id}") for s in transcript.speakers}
            mapping[speaker.id] = transcripts.NOT_SPEECH if nobody else f"p:{self._person(pick).id}"
            self._done(lambda: transcripts.map_speakers(transcript, mapping, coordinator, ner=False))

        @rule(which=st.integers(0, 5))
        def approve_a_transcript(self, which):
            transcript = self._transcript(which)
            if transcript is not None:
                self._done(lambda: self._approve(transcript))

        @rule(which=st.integers(0, 5))
        def reopen_a_transcript(self, which):
            """An approved transcript back in review (the service: refused when it is not
            approved)."""
            transcript = self._transcript(which)
            if transcript is not None:
                self._done(lambda: transcripts.reopen(transcript, coordinator, "Участник отозвал данные"))

        @rule(pick=st.integers(0, 20))
        def change_then_roll_back(self, pick):
            """A withdrawal that flushed and was then rolled back leaves the marks as they were."""
            try:
                services.withdraw(self._person(pick), today(), WithdrawalScope.STOP, coordinator)
                db.session.flush()
            except DomainError:
                pass
            db.session.rollback()

        @invariant()
        def the_desk_shows_what_the_rule_finds(self):
            study = state["study"]
            with app.test_request_context():
                data = flags.load(study)  # the whole study, read once for every check below
                desk, whole = Counter(flagged.session_flags(study, today())), Counter(flags.session_flags(data))
                # the recount's comparisons (`flask dashboard recount --check`) over the same load
                marks_wrong, state_wrong = desk_marks.differences(study.id, data), desk_state.differences(study.id, data)
            assert desk == whole
            assert set(f.kind for f in whole) <= SESSION_FLAGS
            assert marks_wrong == {}
            assert state_wrong == {}
            with app.test_request_context():
                every_flag = flags.study_flags(study, data)
                seen.update(f.kind for f in every_flag if f.kind == HIGHER)
                reviews = _rule_reviews(study)
                named = {f.participant_id for f in every_flag if f.participant_id}
                everyone = flagged.desk_flags(study, DeskFilter(open_only=False), 1, 20)
                assert _desk_ids(study, everyone) == named | {p for p, s in reviews.items() if s != review.REVIEWED}
                for state_ in (flagged.NOT_REVIEWED, review.REVIEWED, review.QUERY_OPEN, review.ANSWERED):
                    assert _desk_ids(study, everyone, review=state_, open_only=False) == {
                        p for p, s in reviews.items() if s == state_}
                missing = {f.participant_id for f in every_flag if f.kind == "missing_scan"}
                assert everyone.counts["missing_scan"] == len(missing)
                assert _desk_ids(study, kind="missing_scan") == missing

    run_state_machine_as_test(Changes, settings=settings(
        max_examples=12, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
    assert seen[HIGHER]  # the invariant saw the transcripts area's flag raised


def test_the_desk_reads_only_the_marked_attendees(build, cb, app):
    """Ten attendees with valid consent and one without: the desk's query reads one row."""
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    people = [cb.participant(study, f"Участник {n}") for n in range(11)]
    for person in people[1:]:
        cb.consent(person, version, coordinator, day=today() - timedelta(days=20))
    session = cb.session(study, today() - timedelta(days=3), people)
    marked = db.session.scalars(flagged.marked_attendees(study)).all()
    assert [a.participant_id for a in marked] == [people[0].id]
    with app.test_request_context():
        found = flagged.session_flags(study, today())
    assert [(f.kind, f.participant_id, f.session_id) for f in found] == [
        ("attended_without_consent", people[0].id, session.id)]
    cb.consent(people[0], version, coordinator, day=today() - timedelta(days=10))  # the flag clears itself
    assert db.session.scalars(flagged.marked_attendees(study)).all() == []


def test_recount_finds_and_repairs_drifted_marks(build, cb, runner):
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    missing, fine = cb.participant(study, "Без Согласия"), cb.participant(study, "С Согласием")
    cb.consent(fine, version, coordinator, day=today() - timedelta(days=20))
    session = cb.session(study, today() - timedelta(days=3), [missing, fine], code="SSI-77")
    links = {a.participant_id: a.id for a in session.attendees}
    db.session.execute(sa.delete(SessionFlagMark))  # drift: the flagged attendee lost its mark...
    db.session.execute(sa.insert(SessionFlagMark), [{"session_participant_id": links[fine.id],
                                                     "study_id": study.id}])  # ...a valid one got one
    db.session.commit()
    checked = runner.invoke(args=["dashboard", "recount", "--check"])
    assert checked.exit_code == 1, checked.output
    assert f"desk mark of {missing.pseudonym} in SSI-77 stored no, rule yes" in checked.output
    assert f"desk mark of {fine.pseudonym} in SSI-77 stored yes, rule no" in checked.output
    assert set(db.session.scalars(sa.select(SessionFlagMark.session_participant_id))) == {links[fine.id]}
    repaired = runner.invoke(args=["dashboard", "recount"])
    assert repaired.exit_code == 0 and "1 needed repair" in repaired.output
    assert set(db.session.scalars(sa.select(SessionFlagMark.session_participant_id))) == {links[missing.id]}
    assert runner.invoke(args=["dashboard", "recount", "--check"]).exit_code == 0


def test_recount_repairs_what_differences_finds_in_its_study_only(build, cb, monkeypatch):
    """recount answers what `differences` finds and leaves the marks the rule's, a few at a time
    (chunks of one here), while another study's drifted marks stay as they were."""
    monkeypatch.setattr(desk_marks, "CHUNK", 1)
    drifted = {}
    for title in ("Первое исследование", "Второе исследование"):
        team = build.team(build.study(title))
        study, coordinator = team["study"], team["coordinator"]
        version = cb.version(study, coordinator, reviewer=team["reviewer"])
        missing = [cb.participant(study, f"Без Согласия {n} {title}") for n in (1, 2)]
        fine = [cb.participant(study, f"С Согласием {n} {title}") for n in (1, 2)]
        for person in fine:
            cb.consent(person, version, coordinator, day=today() - timedelta(days=20))
        session = cb.session(study, today() - timedelta(days=3), missing + fine)
        links = {a.participant_id: a.id for a in session.attendees}
        db.session.execute(sa.delete(SessionFlagMark).where(SessionFlagMark.study_id == study.id))
        db.session.execute(sa.insert(SessionFlagMark), [{"session_participant_id": links[p.id], "study_id": study.id}
                                                        for p in fine])  # the valid ones marked, the others not
        db.session.commit()
        drifted[study.id] = ({links[p.id] for p in missing}, {links[p.id] for p in fine})
    (first, (flagged_ids, valid_ids)), (second, second_marks) = drifted.items()
    expected = {**{a: (False, True) for a in flagged_ids}, **{a: (True, False) for a in valid_ids}}
    assert desk_marks.differences(first) == expected
    assert desk_marks.recount(first) == expected
    db.session.commit()
    assert desk_marks.stored(first) == flagged_ids and desk_marks.differences(first) == {}
    assert desk_marks.stored(second) == second_marks[1] and len(desk_marks.differences(second)) == 4
    assert desk_marks.recount(first) == {}  # nothing left to repair


def test_a_deleted_session_takes_its_marks_along(build, cb):
    team = build.team()
    study = team["study"]
    person = cb.participant(study, "Без Согласия")
    session = cb.session(study, today() - timedelta(days=3), [person])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionFlagMark)) == 1
    db.session.delete(db.session.get(FieldSession, session.id))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionFlagMark)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionParticipant)) == 0



def _open_people(study) -> set[int]:
    """The participants the desk lists under its default "only open items"."""
    return _desk_ids(study)


def test_an_invitee_dropped_from_a_session_leaves_the_desk(build, cb):
    """The one flag of a participant who attended without consent goes when they are taken off
    the session's invitees (the row an orphan the flush deletes): the desk no longer lists them
    as open, and recount finds nothing to repair."""
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    person, other = cb.participant(study, "Без Согласия"), cb.participant(study, "Другой Участник")
    session = cb.session(study, today() - timedelta(days=3), [person, other])
    session.status, session.location = SessionStatus.CONFIRMED, "Переговорная"
    db.session.commit()
    assert person.id in _open_people(study)
    fieldwork.update_session(session, _plan(session, invitees=[other.id]), coordinator, override=True)
    db.session.commit()
    assert [a.participant_id for a in session.attendees] == [other.id]
    assert person.id not in _open_people(study)
    assert desk_state.differences(study.id) == {}


def test_a_deleted_session_takes_its_attendees_off_the_desk(build, cb):
    team = build.team()
    study = team["study"]
    person = cb.participant(study, "Без Согласия")
    session = cb.session(study, today() - timedelta(days=3), [person])
    assert person.id in _open_people(study)
    db.session.delete(db.session.get(FieldSession, session.id))
    db.session.commit()
    assert person.id not in _open_people(study)
    assert desk_state.differences(study.id) == {}


def _settled_pair(build, cb, *names):
    """Two participants consented 20 days ago, reviewed, who attended a session three days ago
    that the coordinator facilitated: nothing open on the desk."""
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    people = [cb.participant(study, name) for name in names]
    for someone in people:
        cb.consent(someone, version, coordinator, day=today() - timedelta(days=20))
    session = cb.session(study, today() - timedelta(days=3), people)
    for record in standing.current_records([p.id for p in people]).values():
        review.mark_reviewed(record, team["reviewer"])
    db.session.add(SessionStaff(session_id=session.id, user_id=coordinator.id, role=StaffRole.FACILITATOR))
    db.session.commit()
    return study, coordinator, session, people


def test_withdrawn_data_still_in_an_approved_transcript_is_an_open_item(build, cb, login):
    """A participant whose consent is reviewed and whose session raises no flag is no open item.
    Once they withdraw their data while their words stay in an approved transcript (the flag the
    transcripts area adds), the desk lists them under its default "only open items", under that
    flag's kind, and not under the other kinds; the stored state says so alone (desk_open)."""
    study, coordinator, session, (person, settled) = _settled_pair(build, cb, "Слова Остались", "Всё Улажено")
    transcript = build.transcript(session, "Модератор: Начнём.\nУчастник: Я из районного акимата.\n",
                                  by=coordinator, speakers={"Модератор": coordinator, "Участник": person})
    build.decide_all(transcript, Decision.ACCEPTED, coordinator)
    transcripts.approve(transcript, coordinator)
    db.session.commit()
    assert _open_people(study) == set()
    services.withdraw(person, today(), WithdrawalScope.WITHDRAW_DATA, coordinator)
    db.session.commit()
    assert _open_people(study) == {person.id}
    assert _stored_open(person, settled) == [True, False]
    assert _desk_ids(study, kind="withdrawn_data_in_transcript") == {person.id}
    assert _desk_ids(study, kind="missing_scan") == _desk_ids(study, kind="attended_without_consent") == set()
    assert _desk_ids(study, open_only=False) == {person.id, settled.id}
    page = login(coordinator).get(f"/studies/{study.id}/ethics").get_data(as_text=True)
    assert f">{person.pseudonym}<" in page and f">{settled.pseudonym}<" not in page
    assert desk_state.differences(study.id) == {} and desk_marks.differences(study.id) == {}


pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")


def _stored_open(*people) -> list[bool]:
    return [db.session.scalar(sa.select(Participant.desk_open).where(Participant.id == p.id)) for p in people]


def test_the_transcripts_changes_keep_the_stored_open_items(build, cb):
    """Withdrawn data is an open item while the participant speaks in an approved transcript, and
    the stored state (desk_open, which alone answers "only open items") follows the transcripts'
    changes that decide it, the consent area hearing none of them itself: approval, a reopened
    transcript, a speaker mapped to someone else or to no one, a transcript deleted."""
    study, coordinator, session, (first, second) = _settled_pair(build, cb, "Первый Голос", "Второй Голос")
    text = "Модератор: Начнём.\nУчастник: Я из районного акимата.\n"

    def check(*expected_open):
        assert _open_people(study) == {p.id for p in expected_open}
        assert _stored_open(first, second) == [first in expected_open, second in expected_open]
        assert desk_state.differences(study.id) == {}

    transcript = build.transcript(session, text, by=coordinator,
                                  speakers={"Модератор": coordinator, "Участник": first}, ner=False)
    services.withdraw(first, today(), WithdrawalScope.WITHDRAW_DATA, coordinator)
    db.session.commit()
    check()  # their words are in a transcript under review: no flag yet
    label = next(s for s in transcript.speakers if s.label == "Участник")
    moderator = next(s for s in transcript.speakers if s.label == "Модератор")
    transcripts.map_speakers(transcript, {moderator.id: f"u:{coordinator.id}", label.id: f"p:{second.id}"},
                             coordinator, ner=False)  # it was the other participant speaking
    db.session.commit()
    build.decide_all(transcript, Decision.ACCEPTED, coordinator)
    transcripts.approve(transcript, coordinator)
    db.session.commit()
    check()  # approved, but the withdrawn participant does not speak in it
    services.withdraw(second, today(), WithdrawalScope.WITHDRAW_DATA, coordinator)
    db.session.commit()
    check(second)
    transcripts.reopen(transcript, coordinator, "Участник отозвал данные")  # the flag's "reviewed again"
    db.session.commit()
    check()  # back in review: their words are in no approved transcript
    transcripts.approve(transcript, coordinator)
    db.session.commit()
    check(second)  # approved again with their words still in it: the flag again
    transcripts.reopen(transcript, coordinator, "Реплики участника убрать")
    db.session.commit()
    check()
    label = next(s for s in transcript.speakers if s.participant_id == second.id)
    moderator = next(s for s in transcript.speakers if s.user_id == coordinator.id)
    transcripts.map_speakers(transcript, {moderator.id: f"u:{coordinator.id}", label.id: transcripts.NOT_SPEECH},
                             coordinator, ner=False)  # the review leaves their lines out
    transcripts.approve(transcript, coordinator)
    db.session.commit()
    check()  # approved without their words: nothing open
    other = build.transcript(session, text, by=coordinator,
                             speakers={"Модератор": coordinator, "Участник": first}, ner=False)
    check()
    build.decide_all(other, Decision.ACCEPTED, coordinator)
    transcripts.approve(other, coordinator)
    db.session.commit()
    check(first)  # approved with the first participant's words
    db.session.delete(other)
    db.session.commit()
    check()
    third = build.transcript(session, text, by=coordinator,
                             speakers={"Модератор": coordinator, "Участник": first}, ner=False)
    speaker = next(s for s in third.speakers if s.participant_id == first.id)
    moderator = next(s for s in third.speakers if s.user_id == coordinator.id)
    transcripts.map_speakers(third, {moderator.id: f"u:{coordinator.id}", speaker.id: transcripts.NOT_SPEECH},
                             coordinator, ner=False)  # the label named no one: its lines are not speech
    build.decide_all(third, Decision.ACCEPTED, coordinator)
    transcripts.approve(third, coordinator)
    db.session.commit()
    check()


def test_recount_includes_the_higher_areas_flags(build, cb, runner):
    """`flask dashboard recount` works the open items out with the transcripts area's flag:
    drift either way is found and repaired."""
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    person, settled = cb.participant(study, "Слова Остались"), cb.participant(study, "Всё Улажено")
    for someone in (person, settled):
        cb.consent(someone, version, coordinator, day=today() - timedelta(days=20), method=ConsentMethod.ORAL_RECORDED)
    session = cb.session(study, today() - timedelta(days=3), [person, settled])
    for record in standing.current_records([person.id, settled.id]).values():
        review.mark_reviewed(record, team["reviewer"])
    db.session.add(SessionStaff(session_id=session.id, user_id=coordinator.id, role=StaffRole.FACILITATOR))
    db.session.commit()
    build.transcript(session, "Модератор: Начнём.\nУчастник: Я из районного акимата.\n", by=coordinator,
                     speakers={"Модератор": coordinator, "Участник": person}, approve=True, ner=False)
    services.withdraw(person, today(), WithdrawalScope.WITHDRAW_DATA, coordinator)
    db.session.commit()
    assert _stored_open(person, settled) == [True, False]
    assert runner.invoke(args=["dashboard", "recount", "--check"]).exit_code == 0
    # drift: a bulk write closed the flagged participant and opened the settled one
    db.session.execute(sa.update(Participant).where(Participant.id == person.id).values(desk_open=False))
    db.session.execute(sa.update(Participant).where(Participant.id == settled.id).values(desk_open=True))
    db.session.commit()
    checked = runner.invoke(args=["dashboard", "recount", "--check"])
    assert checked.exit_code == 1, checked.output
    assert f"desk state of {person.pseudonym} stored " in checked.output
    assert f"desk state of {settled.pseudonym} stored " in checked.output
    repaired = runner.invoke(args=["dashboard", "recount"])
    assert repaired.exit_code == 0 and "1 needed repair" in repaired.output, repaired.output
    assert _stored_open(person, settled) == [True, False]
    assert runner.invoke(args=["dashboard", "recount", "--check"]).exit_code == 0


def test_one_rule_names_the_higher_areas_flags_in_every_study(build, cb):
    """The desk's pages (app.consent.flagged) and its stored state (app.consent.desk_state) take
    the flags of higher areas from one rule (app.consent.flags.withdrawal_flags): over the
    participants of two studies at once, each study's participant who withdrew their data while
    their words stay in an approved transcript is named, and not one who only stopped taking
    part; each study's desk sees its own."""
    named = []
    for title in ("Первое", "Второе"):
        study, coordinator, session, (person, other) = _settled_pair(build, cb, f"{title} Слово", f"{title} Покой")
        build.transcript(session, "Модератор: Начнём.\nУчастник: Я из районного акимата.\n", by=coordinator,
                         speakers={"Модератор": coordinator, "Участник": person}, approve=True, ner=False)
        services.withdraw(person, today(), WithdrawalScope.WITHDRAW_DATA, coordinator)
        services.withdraw(other, today(), WithdrawalScope.STOP, coordinator)
        db.session.commit()
        named.append((study, person, other))
    everyone = {p.id for _study, *people in named for p in people}
    assert ({(f.kind, f.participant_id) for f in flags.withdrawal_flags(participant_ids=everyone)}
            == {(HIGHER, person.id) for _study, person, _other in named})
    assert desk_state.higher_flagged(everyone) == {person.id for _study, person, _other in named}
    for study, person, other in named:
        assert [(f.kind, f.participant_id) for f in flags.withdrawal_flags(study)] == [(HIGHER, person.id)]
        assert flags.withdrawal_flags(study, [other.id]) == flags.withdrawal_flags(study, []) == []
        assert _stored_open(person, other) == [True, False]
        assert desk_state.differences(study.id) == {}
