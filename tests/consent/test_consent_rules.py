"""Rule 3 through the fieldwork check registry: attendance and completion are refused."""
from datetime import timedelta

from app.consent import services
from app.consent.models import WithdrawalScope
from app.fieldwork.checks import attendance_refusals, completion_refusals

from tests.builders import today


def test_attendance_without_any_consent_is_refused_with_what_is_missing(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    session = cb.session(team["study"], today() - timedelta(days=1))
    refusals = attendance_refusals(session, participant)
    assert len(refusals) == 1
    assert participant.pseudonym in refusals[0] and "no consent record" in refusals[0]
    assert "Record consent first" in refusals[0]


def test_attendance_with_consent_given_after_the_session_day_is_refused(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"],
               day=today() - timedelta(days=1))
    session = cb.session(team["study"], today() - timedelta(days=5))
    assert "consent was given only on" in attendance_refusals(session, participant)[0]


def test_attendance_with_valid_consent_is_allowed(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    session = cb.session(team["study"], today() - timedelta(days=1))
    assert attendance_refusals(session, participant) == []


def test_attendance_after_withdrawal_is_refused(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    services.withdraw(participant, today() - timedelta(days=3), WithdrawalScope.STOP, team["coordinator"])
    session = cb.session(team["study"], today() - timedelta(days=1))
    assert "withdrew on" in attendance_refusals(session, participant)[0]


def test_completing_a_recorded_session_with_a_no_to_recording_is_refused(build, cb):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    yes, no = cb.participant(team["study"]), cb.participant(team["study"])
    cb.consent(yes, version, team["fieldworker"])
    cb.consent(no, version, team["fieldworker"], no=("audio",))
    session = cb.session(team["study"], today() - timedelta(days=1), attendees=[yes, no])
    refusals = completion_refusals(session)
    assert len(refusals) == 1 and no.pseudonym in refusals[0] and "audio recording" in refusals[0]


def test_an_unrecorded_session_completes_whatever_the_recording_answer(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"], no=("audio",))
    session = cb.session(team["study"], today() - timedelta(days=1), attendees=[participant], audio=False)
    assert completion_refusals(session) == []
