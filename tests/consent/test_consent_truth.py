"""One consent truth: the session's consent check shows every problem the ethics desk flags for
that session, with the same words, and refuses exactly what the desk says refuses.

For each kind of flag a history that raises it; then the desk and the check are read as the
reviewer and the coordinator read them (the pages), and the services are asked to complete.
A consent on a retired version is a warning (README, "Consent"): the session completes, the
check shows it before completion, the desk flags it after.
"""
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from app.consent import flags, services, standing
from app.consent.labels import FLAG_LABELS
from app.consent.models import ConsentMethod, WithdrawalScope
from app.core.extensions import db
from app.fieldwork import services as fieldwork
from app.fieldwork.models import Attendance, SessionStaff, SessionStatus, StaffRole
from app.studies import services as studies
from app.transcripts import services as transcripts
from app.transcripts.models import Decision
from tests.builders import day_at
from tests.builders import today

ROOT = Path(__file__).resolve().parents[2]


def _history(kind, build, cb, team):
    """A study where `kind` is raised for one session; returns (session, participant)."""
    study, coordinator, fieldworker = team["study"], team["coordinator"], team["fieldworker"]
    version = cb.version(study, coordinator)
    participant = cb.participant(study)
    day, audio = today() - timedelta(days=2), False
    if kind == "attended_without_consent":
        pass
    elif kind == "audio_without_consent":
        cb.consent(participant, version, fieldworker, no=("audio",))
        audio = True
    elif kind == "retired_version":
        cb.consent(participant, version, fieldworker)
        build.retire_consent_version(version, team["reviewer"], on=today() - timedelta(days=10))
    elif kind == "approval_expired":
        cb.consent(participant, version, fieldworker)
        studies.update_study(study, None, approval_valid_until=today() - timedelta(days=5))
        db.session.commit()
    elif kind == "missing_scan":
        cb.consent(participant, version, fieldworker, method=ConsentMethod.WRITTEN)
    elif kind == "withdrawn_data_in_transcript":
        cb.consent(participant, version, fieldworker)
    session = cb.session(study, day, attendees=[participant], audio=audio)
    if kind == "withdrawn_data_in_transcript":
        db.session.add(SessionStaff(session_id=session.id, user_id=coordinator.id, role=StaffRole.FACILITATOR))
        transcript = build.transcript(session, "Модератор: Начнём.\nУчастник: Я работаю в акимате.\n",
                                      by=coordinator, speakers={"Модератор": coordinator, "Участник": participant})
        build.decide_all(transcript, Decision.ACCEPTED, coordinator)
        transcripts.approve(transcript, coordinator)
        services.withdraw(participant, today(), WithdrawalScope.WITHDRAW_DATA, coordinator)
        db.session.commit()
    return session, participant


KINDS = ["attended_without_consent", "audio_without_consent", "retired_version", "approval_expired",
         "missing_scan", "withdrawn_data_in_transcript"]


def _desk_flags_for(study, session, participant):
    """The desk's flags about this session or its attendee."""
    return [f for f in flags.study_flags(study)
            if f.session_id == session.id or (f.session_id is None and f.participant_id == participant.id)
            or (f.kind == "approval_expired" and session.code in f.cause)]


@pytest.mark.parametrize("kind", KINDS)
def test_the_session_check_shows_every_flag_the_desk_raises_for_the_session(kind, build, cb, login):
    team = build.team()
    session, participant = _history(kind, build, cb, team)
    raised = _desk_flags_for(team["study"], session, participant)
    assert kind in {f.kind for f in raised}
    reviewer = login(team["reviewer"])
    desk = reviewer.get(f"/studies/{team['study'].id}/ethics").get_data(as_text=True)
    check = reviewer.get(f"/studies/{team['study'].id}/sessions/{session.id}/consent").get_data(as_text=True)
    for flag in raised:
        assert str(escape(flag.cause)) in desk
        assert f'data-flag="{flag.kind}"' in check and str(escape(FLAG_LABELS[flag.kind])) in check
        if flag.kind != "approval_expired":  # the desk lists the sessions; the check names this one
            assert str(escape(flag.cause)) in check, flag.kind


BLOCKING = {"attended_without_consent", "audio_without_consent"}


@pytest.mark.parametrize("kind", KINDS)
def test_completion_refuses_exactly_what_the_check_marks_as_refusing(kind, build, cb, login):
    """The same history, but the session still open: completing it is refused for the kinds the
    check marks "refuses", and goes through (the desk then flags it) for the warnings."""
    team = build.team()
    session, participant = _history(kind, build, cb, team)
    session.status = SessionStatus.CONFIRMED
    session.attendees[0].attendance = Attendance.INVITED
    db.session.commit()
    check = login(team["coordinator"]).get(
        f"/studies/{team['study'].id}/sessions/{session.id}/consent").get_data(as_text=True)
    row = check.split(f'data-flag="{kind}"')[1].split("</p>")[0]
    assert ("refuses" in row) == (kind in BLOCKING)
    if kind in BLOCKING:
        with pytest.raises(fieldwork.AttendanceRefused):
            fieldwork.complete_session(session, {participant.id: Attendance.ATTENDED}, None, team["coordinator"])
        db.session.rollback()
        assert db.session.get(type(session), session.id).status == SessionStatus.CONFIRMED
    else:
        fieldwork.complete_session(session, {participant.id: Attendance.ATTENDED}, None, team["coordinator"])
        db.session.commit()
        assert session.status == SessionStatus.COMPLETED
        assert kind in {f.kind for f in _desk_flags_for(team["study"], session, participant)}


def test_a_retired_version_is_a_warning_on_the_check_before_the_session_and_a_flag_after(build, cb, login):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    participant = build.participant(team["study"])
    cb.consent(participant, version, team["fieldworker"], day=today() - timedelta(days=40))
    build.retire_consent_version(version, team["reviewer"], on=today() - timedelta(days=20))
    session = build.session(team["study"], starts=day_at(-1), participants=[participant],
                            actor=team["coordinator"])
    assert standing.consent_on(participant, today()).valid and standing.consent_on(participant, today()).retired_before
    coordinator = login(team["coordinator"])
    check = coordinator.get(f"/studies/{team['study'].id}/sessions/{session.id}/consent").get_data(as_text=True)
    assert "Consent on a retired version" in check and "warning" in check
    assert "Nothing in the consent records stops this session from being completed." in check
    build.complete(session, actor=team["coordinator"])
    assert [f.kind for f in flags.study_flags(team["study"])] == ["retired_version"]


def test_a_session_completed_through_the_service_alone_enforces_consent(tmp_path):
    """Rule 3 does not depend on which modules happen to be imported: a process that creates the
    app and imports only the fieldwork service is refused completion without consent."""
    script = textwrap.dedent("""
        import sys
        from datetime import timedelta
        from app import create_app
        from app.core.models_base import utcnow
        from app.fieldwork import services as fieldwork
        from config import TestingConfig

        app = create_app(type("Alone", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://",
                                                          "UPLOAD_FOLDER": sys.argv[1]}))
        with app.test_request_context():
            from app.core.extensions import db
            db.create_all()
            models = db.Model.registry._class_registry
            Study, User, Participant = models["Study"], models["User"], models["Participant"]
            study = Study(title="Alone")
            user = User(email="c@test.example", name="C", password_hash="x")
            db.session.add_all([study, user])
            db.session.flush()
            participant = Participant(study_id=study.id, name="Тест", pseudonym="P01")
            db.session.add(participant)
            db.session.flush()
            plan = fieldwork.SessionPlan(type="semi_structured_interview", starts_at=utcnow() - timedelta(hours=2),
                                         ends_at=utcnow() - timedelta(hours=1), location="Room",
                                         participant_ids=[participant.id])
            session = fieldwork.create_session(study, plan, user)
            try:
                fieldwork.complete_session(session, {participant.id: "attended"}, None, user)
            except fieldwork.AttendanceRefused as refused:
                print("REFUSED", refused.participant_ids == [participant.id])
            else:
                print("COMPLETED")
    """)
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "REFUSED True"
