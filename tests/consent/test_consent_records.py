"""Consent records: approved versions only, immutable, corrections supersede, withdrawals."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.consent import services, standing, versions
from app.consent.models import ConsentRecord, WithdrawalScope
from app.core.extensions import db
from app.recruitment.models import RecruitmentStatus, StatusChange

from tests.builders import today


def test_consent_is_recorded_on_an_approved_version_and_audited(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    record = cb.consent(participant, version, team["fieldworker"], no=("quotation",))
    assert services.current_consent(participant) == record
    now = standing.consent_on(participant, today())
    assert now.shares("archiving") and not now.shares("quotation")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "consent.record"))
    assert event.entity_id == str(record.id) and event.after["answers"]["quotation"] is False


def test_a_draft_or_submitted_version_cannot_carry_consent(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"], approve=False)
    with pytest.raises(versions.ConsentError, match="approved"):
        cb.consent(participant, version, team["fieldworker"])


def test_every_item_must_be_answered(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    with pytest.raises(versions.ConsentError):
        services.record_consent(participant, version, today(), "written", team["fieldworker"],
                                {"participation": True}, team["fieldworker"])


def test_a_record_is_never_edited(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    record = cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    record.answers = {"participation": False}
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_a_correction_supersedes_the_old_record_which_stays_in_history(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    old = cb.consent(participant, version, team["fieldworker"], no=("audio",))
    new = cb.consent(participant, version, team["coordinator"], supersedes=old, reason="Audio ticked on paper")
    assert services.current_consent(participant) == new
    assert services.records_of(participant) == [new, old]
    assert standing.consent_on(participant, today()).shares("audio")
    with pytest.raises(versions.ConsentError):  # only the current record can be corrected
        cb.consent(participant, version, team["coordinator"], supersedes=old, reason="again")


def test_a_correction_needs_a_reason(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    old = cb.consent(participant, version, team["fieldworker"])
    with pytest.raises(versions.ConsentError, match="why"):
        cb.consent(participant, version, team["coordinator"], supersedes=old, reason=" ")


def test_valid_consent_depends_on_the_day(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    assert not standing.consent_on(participant, today()).valid
    cb.consent(participant, version, team["fieldworker"], day=today() - timedelta(days=10))
    assert standing.consent_on(participant, today() - timedelta(days=10)).valid
    assert not standing.consent_on(participant, today() - timedelta(days=11)).valid


def test_consent_cannot_be_dated_in_the_future(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    with pytest.raises(versions.ConsentError, match="future"):
        cb.consent(participant, version, team["fieldworker"], day=today() + timedelta(days=3))


def test_stopping_keeps_data_but_ends_valid_consent_and_marks_the_participant_withdrawn(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    services.withdraw(participant, today() - timedelta(days=2), WithdrawalScope.STOP, team["coordinator"])
    db.session.commit()
    assert participant.status == RecruitmentStatus.WITHDRAWN
    change = db.session.scalar(sa.select(StatusChange).where(StatusChange.participant_id == participant.id))
    assert change.to_status == RecruitmentStatus.WITHDRAWN and change.actor_id == team["coordinator"].id
    assert not standing.consent_on(participant, today()).valid
    assert standing.consent_on(participant, today() - timedelta(days=3)).valid
    assert not standing.consent_on(participant, today()).withdrew_data
    assert standing.consent_on(participant, today()).shares("archiving")
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"consent.withdraw", "participant.status"} <= actions


def test_withdrawing_data_ends_every_yes_for_bundles(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    cb.consent(participant, version, team["fieldworker"])
    services.withdraw(participant, today(), WithdrawalScope.WITHDRAW_DATA, team["fieldworker"])
    assert standing.consent_on(participant, today()).withdrew_data
    assert not standing.consent_on(participant, today()).shares("archiving")
    with pytest.raises(versions.ConsentError, match="withdrawn"):
        cb.consent(participant, version, team["fieldworker"])


def test_current_consent_of_many_participants_in_one_query(build, cb):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    first, second = cb.participant(team["study"]), cb.participant(team["study"])
    old = cb.consent(first, version, team["fieldworker"])
    new = cb.consent(first, version, team["fieldworker"], supersedes=old, reason="typo")
    current = standing.current_records([first.id, second.id])
    assert current == {first.id: new}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord)) == 2


def test_renewal_on_a_new_version_keeps_earlier_days_covered_but_a_correction_does_not(build, cb):
    team = build.team()
    first, second = cb.participant(team["study"]), cb.participant(team["study"])
    old_version = cb.version(team["study"], team["coordinator"])
    new_version = cb.version(team["study"], team["coordinator"], title="Согласие v2")
    renewed = cb.consent(first, old_version, team["fieldworker"], day=today() - timedelta(days=30))
    cb.consent(first, new_version, team["fieldworker"], day=today() - timedelta(days=5),
               supersedes=renewed, reason="renewed on version 2")
    assert standing.consent_on(first, today() - timedelta(days=20)).valid
    assert not standing.consent_on(first, today() - timedelta(days=31)).valid
    corrected = cb.consent(second, old_version, team["fieldworker"], day=today() - timedelta(days=30))
    cb.consent(second, old_version, team["fieldworker"], day=today() - timedelta(days=5),
               supersedes=corrected, reason="the date was wrong")
    assert not standing.consent_on(second, today() - timedelta(days=20)).valid


def test_consent_cannot_be_dated_before_the_version_was_approved(build, cb):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    with pytest.raises(versions.ConsentError, match="approved only on"):
        cb.consent(participant, version, team["fieldworker"], day=version.approved_on - timedelta(days=1))


def test_two_simultaneous_corrections_of_one_record_keep_only_the_first(build, cb, monkeypatch):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    old = cb.consent(participant, version, team["fieldworker"])
    cb.consent(participant, version, team["coordinator"], supersedes=old, reason="first")
    monkeypatch.setattr(services, "current_consent", lambda p: old)  # the second writer read it earlier
    with pytest.raises(versions.ConsentError, match="meanwhile"):
        cb.consent(participant, version, team["fieldworker"], supersedes=old, reason="second")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord)) == 2
