"""Scheduling, conflicts, status changes, attendance and completion, without HTTP."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.fieldwork import checks
from app.fieldwork import own
from app.fieldwork import services as fieldwork
from app.fieldwork.models import Attendance, SessionStatus, StaffRole
from app.core.models_base import utcnow
from app.recruitment.models import RecruitmentStatus
from tests.recruitment import factories as make


@pytest.fixture
def team(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    team["people"] = [make.participant(study, actor, f"Участник {n} Тестовый") for n in range(3)]
    make.consented(team, team["people"])
    return team


def _actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_scheduling_gives_a_code_staff_and_invitees_and_schedules_them(team):
    session = make.session(team["study"], team["coordinator"], facilitators=[team["fieldworker"]],
                           note_taker=team["coordinator"], participants=team["people"][:2])
    assert session.code == "FG-01" and session.status == SessionStatus.PLANNED
    assert {(s.user_id, s.role) for s in session.staff} == {
        (team["fieldworker"].id, StaffRole.FACILITATOR), (team["coordinator"].id, StaffRole.NOTE_TAKER)}
    assert [p.status for p in team["people"]] == [RecruitmentStatus.SCHEDULED] * 2 + [RecruitmentStatus.IDENTIFIED]
    assert "session.create" in _actions()


def test_double_booked_facilitator_is_a_warning_naming_the_other_session(team):
    study, actor = team["study"], team["coordinator"]
    first = make.session(study, actor, facilitators=[team["fieldworker"]])
    with pytest.raises(fieldwork.ConflictWarning) as caught:
        make.session(study, actor, starts=first.starts_at + timedelta(hours=1), facilitators=[team["fieldworker"]])
    assert "FG-01" in caught.value.warnings[0] and team["fieldworker"].name in caught.value.warnings[0]


def test_double_booked_participant_is_a_warning_with_the_pseudonym(team):
    study, actor = team["study"], team["coordinator"]
    first = make.session(study, actor, participants=team["people"][:1])
    with pytest.raises(fieldwork.ConflictWarning) as caught:
        make.session(study, actor, starts=first.starts_at, participants=team["people"][:1])
    assert "P01" in caught.value.warnings[0] and "Участник" not in caught.value.warnings[0]


def test_back_to_back_sessions_do_not_clash(team):
    study, actor = team["study"], team["coordinator"]
    first = make.session(study, actor, facilitators=[team["fieldworker"]])
    second = make.session(study, actor, starts=first.ends_at, facilitators=[team["fieldworker"]])
    assert second.code == "FG-02"


def test_session_after_the_ethics_approval_is_a_warning(team):
    study = team["study"]
    study.approval_valid_until = date.today() + timedelta(days=1)
    db.session.commit()
    with pytest.raises(fieldwork.ConflictWarning) as caught:
        make.session(study, team["coordinator"], starts=utcnow() + timedelta(days=5))
    assert "ethics approval" in caught.value.warnings[0]


def test_override_saves_and_the_choice_is_audited(team):
    study, actor = team["study"], team["coordinator"]
    first = make.session(study, actor, facilitators=[team["fieldworker"]])
    second = make.session(study, actor, override=True, starts=first.starts_at, facilitators=[team["fieldworker"]])
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "session.conflict_override"))
    assert event.entity_id == str(second.id) and "FG-01" in event.after["warnings"][0]


def test_editing_a_session_ignores_its_own_booking(team):
    study, actor = team["study"], team["coordinator"]
    session = make.session(study, actor, facilitators=[team["fieldworker"]])
    plan = make.plan(starts=session.starts_at + timedelta(minutes=30), facilitators=[team["fieldworker"]],
                     participants=team["people"][2:])
    fieldwork.update_session(session, plan, actor)
    db.session.commit()
    assert [a.participant_id for a in session.attendees] == [team["people"][2].id]
    assert "session.update" in _actions()


def test_impossible_plans_are_refused(team):
    study, actor = team["study"], team["coordinator"]
    bad = make.plan()
    bad.ends_at = bad.starts_at
    with pytest.raises(fieldwork.FieldworkError):
        fieldwork.create_session(study, bad, actor)
    with pytest.raises(fieldwork.FieldworkError):
        fieldwork.create_session(study, make.plan(facilitators=[team["reviewer"]]), actor)


def test_status_changes_follow_the_allowed_paths(team):
    session = make.session(team["study"], team["coordinator"])
    fieldwork.set_status(session, SessionStatus.CONFIRMED, team["coordinator"])
    fieldwork.set_status(session, SessionStatus.POSTPONED, team["coordinator"], "Болезнь")
    fieldwork.set_status(session, SessionStatus.CANCELLED, team["coordinator"])
    with pytest.raises(fieldwork.FieldworkError):
        fieldwork.set_status(session, SessionStatus.CONFIRMED, team["coordinator"])
    with pytest.raises(fieldwork.FieldworkError):
        fieldwork.update_session(session, make.plan(), team["coordinator"])
    assert _actions()[-3:] == ["session.confirm", "session.postpone", "session.cancel"]


def _past_session(team, participants):
    return make.session(team["study"], team["coordinator"], starts=utcnow() - timedelta(hours=3),
                        facilitators=[team["fieldworker"]], participants=participants)


def test_completion_records_attendance_notes_and_participation(team):
    a, b = team["people"][:2]
    session = _past_session(team, [a, b])
    fieldwork.complete_session(session, {a.id: Attendance.ATTENDED, b.id: Attendance.NO_SHOW},
                               "Заметки", team["fieldworker"])
    db.session.commit()
    assert session.status == SessionStatus.COMPLETED and session.field_notes == "Заметки"
    assert {att.participant_id: att.attendance for att in session.attendees} == {
        a.id: Attendance.ATTENDED, b.id: Attendance.NO_SHOW}
    assert a.status == RecruitmentStatus.PARTICIPATED and b.status == RecruitmentStatus.SCHEDULED


def test_completion_needs_everyone_marked_and_a_started_session(team):
    a, b = team["people"][:2]
    session = _past_session(team, [a, b])
    with pytest.raises(fieldwork.FieldworkError):
        fieldwork.complete_session(session, {a.id: Attendance.ATTENDED}, None, team["coordinator"])
    future = make.session(team["study"], team["coordinator"])
    with pytest.raises(fieldwork.FieldworkError):
        fieldwork.complete_session(future, {}, None, team["coordinator"])


@pytest.fixture
def no_consent(monkeypatch):
    """A stand-in for the consent rule: nobody may be marked attended."""
    seen = []

    def refuse(session, participant):
        seen.append((session.id, participant.id))
        return f"{participant.pseudonym} has no valid consent."

    monkeypatch.setattr(checks, "ATTENDANCE_CHECKS", [refuse])
    return seen


def test_attendance_check_refusal_saves_nothing(team, no_consent):
    a, b = team["people"][:2]
    session = _past_session(team, [a, b])
    with pytest.raises(fieldwork.AttendanceRefused) as caught:
        fieldwork.complete_session(session, {a.id: Attendance.ATTENDED, b.id: Attendance.NO_SHOW},
                                   "x", team["coordinator"])
    assert caught.value.messages == ["P01 has no valid consent."] and caught.value.participant_ids == [a.id]
    assert no_consent == [(session.id, a.id)]
    assert session.status == SessionStatus.PLANNED
    assert all(att.attendance == Attendance.INVITED for att in session.attendees)
    with pytest.raises(fieldwork.AttendanceRefused):
        fieldwork.record_attendance(session, a, Attendance.ATTENDED, team["coordinator"])
    fieldwork.record_attendance(session, b, Attendance.NO_SHOW, team["coordinator"])


def test_completion_check_sees_the_attendance_being_recorded(team, monkeypatch):
    a = team["people"][0]
    session = _past_session(team, [a])
    seen = []

    def audio_needs_consent(s):
        seen.append([att.attendance for att in s.attendees])
        return ["Audio consent missing."]

    monkeypatch.setattr(checks, "COMPLETION_CHECKS", [audio_needs_consent])
    with pytest.raises(fieldwork.AttendanceRefused) as caught:
        fieldwork.complete_session(session, {a.id: Attendance.ATTENDED}, None, team["coordinator"])
    assert caught.value.messages == ["Audio consent missing."] and seen == [[Attendance.ATTENDED]]
    assert session.attendees[0].attendance == Attendance.INVITED


def test_own_sessions_are_the_ones_a_user_facilitates_or_takes_notes_in(team):
    study, actor = team["study"], team["coordinator"]
    facilitated = make.session(study, actor, facilitators=[team["fieldworker"]])
    noted = make.session(study, actor, starts=utcnow() + timedelta(days=9), note_taker=team["fieldworker"])
    other = make.session(study, actor, starts=utcnow() + timedelta(days=12), facilitators=[actor])
    mine = set(db.session.scalars(own.own_sessions(study, team["fieldworker"])))
    assert mine == {facilitated, noted}
    assert own.is_own_session(noted, team["fieldworker"]) and not own.is_own_session(other, team["fieldworker"])


def test_postponed_session_frees_its_slot_and_is_planned_again_when_moved(team):
    study, actor = team["study"], team["coordinator"]
    session = make.session(study, actor, facilitators=[team["fieldworker"]])
    fieldwork.set_status(session, SessionStatus.POSTPONED, actor)
    make.session(study, actor, starts=session.starts_at, facilitators=[team["fieldworker"]])
    later = make.plan(starts=session.starts_at + timedelta(days=7), facilitators=[team["fieldworker"]])
    fieldwork.update_session(session, later, actor)
    assert session.status == SessionStatus.PLANNED


def test_completion_without_consent_is_refused_by_the_consent_rule(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    nobody = make.participant(study, actor, "Без Согласия")
    session = make.session(study, actor, starts=utcnow() - timedelta(hours=3),
                           facilitators=[team["fieldworker"]], participants=[nobody])
    with pytest.raises(fieldwork.AttendanceRefused) as caught:
        fieldwork.complete_session(session, {nobody.id: Attendance.ATTENDED}, None, actor)
    assert nobody.pseudonym in caught.value.messages[0]
    assert session.status != SessionStatus.COMPLETED
