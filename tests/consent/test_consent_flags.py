"""Each ethics flag appears when its cause is in the data and clears itself when it is gone."""
from datetime import timedelta

from app.consent import flags, services, versions
from app.consent.models import ConsentMethod
from app.consent.uploads import StoredScan
from app.core.extensions import db
from app.studies import services as studies

from tests.builders import today


def _kinds(study):
    return [flag.kind for flag in flags.study_flags(study)]


def test_attended_without_consent_appears_and_clears_when_consent_is_recorded(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.session(team["study"], today() - timedelta(days=2), attendees=[participant], audio=False)
    found = flags.study_flags(team["study"])
    assert [f.kind for f in found] == ["attended_without_consent"]
    assert participant.pseudonym in found[0].cause and found[0].participant_id == participant.id
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    assert _kinds(team["study"]) == []


def test_no_show_and_invited_participants_raise_no_flag(build, cb):
    from app.fieldwork.models import Attendance

    team = build.team()
    participant = cb.participant(team["study"])
    cb.session(team["study"], today() - timedelta(days=2), attendees=[participant],
               attendance=Attendance.NO_SHOW)
    assert _kinds(team["study"]) == []


def test_audio_without_recording_consent_appears_and_clears_after_a_correction(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    record = cb.consent(participant, version, team["fieldworker"], no=("audio",))
    cb.session(team["study"], today() - timedelta(days=2), attendees=[participant], audio=True)
    assert _kinds(team["study"]) == ["audio_without_consent"]
    cb.consent(participant, version, team["coordinator"], supersedes=record, reason="said yes on tape")
    assert _kinds(team["study"]) == []


def test_consent_on_a_version_retired_before_a_later_session_appears_and_clears(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    old = cb.version(team["study"], team["coordinator"])
    record = cb.consent(participant, old, team["fieldworker"])
    versions.retire(old, team["reviewer"], today() - timedelta(days=10))
    cb.session(team["study"], today() - timedelta(days=20), attendees=[participant], audio=False)
    assert _kinds(team["study"]) == []  # the session came before the retirement
    cb.session(team["study"], today() - timedelta(days=2), attendees=[participant], audio=False)
    assert _kinds(team["study"]) == ["retired_version"]
    new = cb.version(team["study"], team["coordinator"], title="Согласие v2")
    cb.consent(participant, new, team["coordinator"], supersedes=record, reason="re-consent",
               day=today() - timedelta(days=25))
    assert _kinds(team["study"]) == []


def test_ethics_approval_expiring_within_30_days(build, cb):
    team = build.team()
    studies.update_study(team["study"], None, approval_valid_until=today() + timedelta(days=12))
    assert _kinds(team["study"]) == ["approval_expiring"]
    studies.update_study(team["study"], None, approval_valid_until=today() + timedelta(days=90))
    assert _kinds(team["study"]) == []


def test_ethics_approval_expired_with_sessions_after_it(build, cb):
    team = build.team()
    studies.update_study(team["study"], None, approval_valid_until=today() - timedelta(days=5))
    assert _kinds(team["study"]) == []
    session = cb.session(team["study"], today() + timedelta(days=3), code="FG-09")
    found = flags.study_flags(team["study"])
    assert [f.kind for f in found] == ["approval_expired"] and "FG-09" in found[0].cause
    studies.update_study(team["study"], None, approval_valid_until=today() + timedelta(days=365))
    assert _kinds(team["study"]) == []
    assert session.id


def test_written_consent_without_a_scan_appears_and_clears_when_a_scan_comes(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    record = cb.consent(participant, version, team["fieldworker"], method=ConsentMethod.WRITTEN)
    assert _kinds(team["study"]) == ["missing_scan"]
    scan = StoredScan("a" * 64, "application/pdf", 1000)
    cb.consent(participant, version, team["coordinator"], method=ConsentMethod.WRITTEN, scan=scan,
               supersedes=record, reason="scan attached")
    assert _kinds(team["study"]) == []


def test_other_areas_plug_in_their_own_flag_provider(build, cb, monkeypatch):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    services.withdraw(participant, today(), "withdraw_data", team["coordinator"])
    db.session.commit()

    def transcripts_provider(data):
        return [flags.Flag("withdrawn_data_in_transcript", "still in T-01", pid)
                for pid, ws in data.withdrawals.items() if any(w.scope == "withdraw_data" for w in ws)]

    monkeypatch.setattr(flags, "FLAG_PROVIDERS", flags.FLAG_PROVIDERS + [transcripts_provider])
    assert _kinds(team["study"]) == ["withdrawn_data_in_transcript"]


def test_flags_of_another_study_are_not_shown(build, cb):
    team = build.team()
    participant = cb.participant(team["other_study"])
    cb.session(team["other_study"], today() - timedelta(days=2), attendees=[participant])
    assert _kinds(team["study"]) == []
