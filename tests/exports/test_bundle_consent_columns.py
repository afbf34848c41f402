"""A bundle asks who shares their words for archiving (rule 2) by reading the consent's columns
(`standing.sharing`), not by building every participant's standing: the answer is the one
`consents_on(...).shares("archiving")` gives, whatever has happened to the consent."""
from datetime import timedelta

from app.consent import services, standing
from app.consent.models import WithdrawalScope
from app.core.extensions import db
from app.exports.selection import BundleFilters, archiving_consenters, select_transcripts
from app.recruitment.models import Participant, RecruitmentStatus
from tests.builders import today


def _participant(study, n):
    person = Participant(study_id=study.id, name=f"Тестовый Участник{n}", pseudonym=f"P{n:02d}",
                         status=RecruitmentStatus.AGREED)
    db.session.add(person)
    db.session.commit()
    return person


def test_sharing_for_archiving_is_what_each_standing_says(build):
    team = build.team()
    study, staff = team["study"], team["fieldworker"]
    version = build.consent_version(study, team["coordinator"], None, approve=True, title="v1")
    renewal = build.consent_version(study, team["coordinator"], None, approve=True, title="v2")
    people = [_participant(study, n) for n in range(1, 9)]
    yes, no, no_record, corrected_to_no, corrected_to_yes, stopped, took_data_back, renewed = people
    build.consent(yes, version, staff)
    build.consent(no, version, staff, no=("archiving",))
    first = build.consent(corrected_to_no, version, staff)
    build.consent(corrected_to_no, version, staff, no=("archiving",), supersedes=first, reason="misheard")
    first = build.consent(corrected_to_yes, version, staff, no=("archiving",))
    build.consent(corrected_to_yes, version, staff, supersedes=first, reason="misheard")
    build.consent(stopped, version, staff)
    services.withdraw(stopped, today() - timedelta(days=1), WithdrawalScope.STOP, staff)
    build.consent(took_data_back, version, staff)
    services.withdraw(took_data_back, today(), WithdrawalScope.WITHDRAW_DATA, staff)
    first = build.consent(renewed, version, staff, day=today() - timedelta(days=30), no=("archiving",))
    build.consent(renewed, renewal, staff, day=today() - timedelta(days=5), supersedes=first, reason="renewed")
    db.session.commit()

    ids = {p.id for p in people}
    standings = standing.consents_on(ids, today())
    assert archiving_consenters(ids) == {pid for pid, found in standings.items() if found.shares("archiving")}
    assert archiving_consenters(ids) == {yes.id, corrected_to_yes.id, stopped.id, renewed.id}
    assert archiving_consenters(set()) == set()


def test_a_bundle_leaves_out_a_transcript_whose_only_speaker_took_the_data_back(world):
    study = world["study"]
    before = select_transcripts(study, BundleFilters())
    assert before.transcript_ids
    speakers = set(before.consenting)
    for participant in db.session.scalars(db.select(Participant).where(Participant.id.in_(speakers))):
        services.withdraw(participant, today(), WithdrawalScope.WITHDRAW_DATA, world["coordinator"])
    db.session.commit()
    after = select_transcripts(study, BundleFilters())
    assert after.transcript_ids == [] and after.consenting == set()
    assert {item["reason"] for item in after.left_out} == {"no_consent"}
