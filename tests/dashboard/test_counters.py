"""The dashboard's stored counters equal a full recount after any sequence of changes made
through the services (a hypothesis state machine over two studies, with refused and rolled
back changes among them); `flask dashboard recount` finds and repairs counters that drifted."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from app.core.domain import DomainError
from app.core.extensions import db
from app.core.models_base import utcnow
from app.dashboard import counters
from app.dashboard.models import StudyCounter
from app.dashboard.services import dashboard_context
from app.fieldwork import own
from app.fieldwork import services as fieldwork
from app.fieldwork.models import Attendance, SessionStatus, SessionType
from app.recruitment import services as recruitment
from app.recruitment.models import Participant, RecruitmentStatus, Sector
from app.studies.models import Role

SECTORS = [Sector.CENTRAL_GOVERNMENT, Sector.LOCAL_AUTHORITY, Sector.CIVIL_SOCIETY]


def _plan(session_type, host, staff, invitees, days: int) -> fieldwork.SessionPlan:
    starts = (utcnow() + timedelta(days=days)).replace(microsecond=0)
    return fieldwork.SessionPlan(type=session_type, starts_at=starts, ends_at=starts + timedelta(hours=1),
                                 location="Переговорная", host_organisation_id=host.id if host else None,
                                 audio_recorded=False, facilitator_ids=[u.id for u in staff],
                                 note_taker_id=None, participant_ids=[p.id for p in invitees])


def test_counters_equal_a_full_recount_after_random_changes(build):
    coordinator = build.user("Координатор Проверки")
    staff = [coordinator, build.user("Полевик Один"), build.user("Полевик Два")]
    studies = []

    class Changes(RuleBasedStateMachine):
        def __init__(self):
            """Two fresh studies for every example, so each example starts from nothing."""
            super().__init__()
            studies[:] = [build.study("Исследование А"), build.study("Исследование Б")]
            build.member(studies[0], Role.COORDINATOR, coordinator)
            build.member(studies[0], Role.FIELDWORKER, staff[1])
            build.member(studies[0], Role.FIELDWORKER, staff[2])
            build.member(studies[1], Role.COORDINATOR, coordinator)
            self.orgs = {s.id: [] for s in studies}
            self.people = {s.id: [] for s in studies}
            self.sessions = {s.id: [] for s in studies}

        def _done(self, action):
            """Run a service call as a view does: commit, or roll back what it refused."""
            try:
                value = action()
            except DomainError:
                db.session.rollback()
                return None
            db.session.commit()
            return value

        @rule(where=st.integers(0, 1), sector=st.sampled_from(SECTORS))
        def add_organisation(self, where, sector):
            study = studies[where]
            org = self._done(lambda: recruitment.create_organisation(
                study, coordinator, name=f"Организация {len(self.orgs[study.id])} (вымышленная)", sector=sector))
            self.orgs[study.id].append(org)

        @rule(where=st.integers(0, 1), pick=st.integers(0, 20))
        def add_participant(self, where, pick):
            study = studies[where]
            orgs = self.orgs[study.id]
            org = orgs[pick % len(orgs)] if orgs and pick % 4 else None
            person = self._done(lambda: recruitment.create_participant(
                study, coordinator, name=f"Участник {pick} Вымышленный",
                organisation_id=org.id if org else None))
            self.people[study.id].append(person)

        @precondition(lambda self: any(self.people.values()))
        @rule(pick=st.integers(0, 100), status=st.sampled_from(list(RecruitmentStatus)))
        def change_status(self, pick, status):
            person = self._pick(self.people, pick)
            self._done(lambda: recruitment.change_status(person, status, coordinator, "проверка"))

        @precondition(lambda self: any(self.people.values()))
        @rule(pick=st.integers(0, 100), org_pick=st.integers(0, 20))
        def move_participant(self, pick, org_pick):
            person = self._pick(self.people, pick)
            orgs = self.orgs[person.study_id]
            org = orgs[org_pick % len(orgs)] if orgs and org_pick % 3 else None
            self._done(lambda: recruitment.update_participant(person, coordinator,
                                                              organisation_id=org.id if org else None))

        @precondition(lambda self: any(self.orgs.values()))
        @rule(pick=st.integers(0, 100), sector=st.sampled_from(list(Sector)))
        def change_sector(self, pick, sector):
            org = self._pick(self.orgs, pick)
            self._done(lambda: recruitment.update_organisation(org, coordinator, sector=sector))

        @rule(where=st.integers(0, 1), session_type=st.sampled_from(list(SessionType)), pick=st.integers(0, 50),
              days=st.integers(-20, 20), invite=st.integers(0, 3), crew=st.integers(1, 3))
        def add_session(self, where, session_type, pick, days, invite, crew):
            study = studies[where]
            orgs, people = self.orgs[study.id], self.people[study.id]
            host = orgs[pick % len(orgs)] if orgs and pick % 3 else None
            invitees = people[pick % len(people):][:invite] if people else []
            members = staff[:crew] if study.id == studies[0].id else [coordinator]
            session = self._done(lambda: fieldwork.create_session(
                study, _plan(session_type, host, members, invitees, days), coordinator, override=True))
            if session is not None:
                self.sessions[study.id].append(session)

        @precondition(lambda self: any(self.sessions.values()))
        @rule(pick=st.integers(0, 100), status=st.sampled_from(
            [SessionStatus.CONFIRMED, SessionStatus.POSTPONED, SessionStatus.CANCELLED]))
        def set_session_status(self, pick, status):
            session = self._pick(self.sessions, pick)
            self._done(lambda: fieldwork.set_status(session, status, coordinator, "проверка"))

        @precondition(lambda self: any(self.sessions.values()))
        @rule(pick=st.integers(0, 100))
        def complete_session(self, pick):
            session = self._pick(self.sessions, pick)
            marks = {link.participant_id: Attendance.NO_SHOW for link in session.attendees}
            self._done(lambda: fieldwork.complete_session(session, marks, "заметки", coordinator))

        @precondition(lambda self: any(self.sessions.values()))
        @rule(pick=st.integers(0, 100), session_type=st.sampled_from(list(SessionType)),
              org_pick=st.integers(0, 20), crew=st.integers(1, 3))
        def change_session(self, pick, session_type, org_pick, crew):
            session = self._pick(self.sessions, pick)
            orgs = self.orgs[session.study_id]
            host = orgs[org_pick % len(orgs)] if orgs and org_pick % 3 else None
            members = staff[3 - crew:] if session.study_id == studies[0].id else [coordinator]
            invitees = [link.participant for link in session.attendees]
            days = (session.starts_at - utcnow()).days
            self._done(lambda: fieldwork.update_session(
                session, _plan(session_type, host, members, invitees, days), coordinator, override=True))

        @rule(where=st.integers(0, 1))
        def change_then_roll_back(self, where):
            """A change that fails after it flushed leaves the counters as they were."""
            study = studies[where]
            recruitment.create_participant(study, coordinator, name="Откатываемый Участник")
            db.session.flush()
            db.session.rollback()

        def _pick(self, records, pick):
            everything = [r for rows in records.values() for r in rows]
            return everything[pick % len(everything)]

        @invariant()
        def counters_equal_a_full_count(self):
            for study in studies:
                assert counters.differences(study.id) == {}, study.id

        @invariant()
        def staff_rows_carry_their_sessions_study_and_end(self):
            """Issue 18: "My sessions" reads the sessions' study and end from the staff rows."""
            for study in studies:
                assert own.stale_copies(study.id) == 0, study.id

    run_state_machine_as_test(Changes, settings=settings(
        max_examples=12, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))


def test_dashboard_figures_come_from_the_counters(build):
    team = build.team()
    study = team["study"]
    la = build.organisation(study)
    for _ in range(3):
        build.participant(study, organisation=la, status=RecruitmentStatus.CONTACTED)
    build.participant(study)
    context = dashboard_context(study, team["coordinator"], Role.COORDINATOR)
    assert context["counts"]["participants"] == 4 and context["counts"]["organisations"] == 1
    contacted = {row["status"]: row["count"] for row in context["funnel"] if not row["out"]}
    assert contacted[RecruitmentStatus.CONTACTED] == 3 and contacted[RecruitmentStatus.IDENTIFIED] == 4


def test_recount_finds_and_repairs_drift(build, runner):
    team = build.team()
    study = team["study"]
    build.participant(study)
    db.session.execute(sa.update(StudyCounter).where(StudyCounter.study_id == study.id).values(value=40))
    db.session.commit()
    checked = runner.invoke(args=["dashboard", "recount", "--check"])
    assert checked.exit_code == 1 and "stored 40, counted 1" in checked.output
    assert db.session.scalar(sa.select(sa.func.sum(StudyCounter.value))
                             .where(StudyCounter.study_id == study.id)) == 40  # --check changed nothing
    repaired = runner.invoke(args=["dashboard", "recount"])
    assert repaired.exit_code == 0 and "1 needed repair" in repaired.output
    assert runner.invoke(args=["dashboard", "recount", "--check"]).exit_code == 0
    db.session.expire_all()
    assert dashboard_context(study, team["coordinator"], Role.COORDINATOR)["counts"]["participants"] == 1


def test_counters_ignore_rows_of_other_studies(build):
    team = build.team()
    build.participant(team["other_study"])
    assert counters.counts_of(team["study"].id) == {}
    assert sum(n for _p, n in counters.split(counters.counts_of(team["other_study"].id), "participants")) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 1


pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
