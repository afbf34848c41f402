"""The database keeps its own rules on SQLite as on PostgreSQL: foreign keys refuse rows that
point nowhere, `ondelete` rules cascade or empty the link, and no row points into another study."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.consent.models import ConsentRecord, ConsentWithdrawal
from app.core.extensions import db
from app.core.integrity import CrossStudyReference
from app.core.sqlite import foreign_keys_enabled
from app.fieldwork import services as fieldwork
from app.fieldwork.models import FieldSession, SessionParticipant, SessionStaff, SessionType
from app.recruitment import services as recruitment
from app.recruitment.models import Organisation, Participant, StatusChange
from app.studies.models import Membership, Role
from app.transcripts.models import Transcript, TranscriptSpeaker
from tests.builders import day_at, today


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_every_connection_enforces_foreign_keys(app, make_app, tmp_path):
    with app.app_context():
        with db.engine.connect() as connection:
            assert foreign_keys_enabled(connection)
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite3'}",
                     SQLALCHEMY_ENGINE_OPTIONS={})
    with other.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_row_pointing_at_a_study_that_does_not_exist_is_refused(build):
    team = build.team()
    study, outsider = team["study"], build.user()
    with pytest.raises(IntegrityError):  # memberships: no sealed column, so the database itself answers
        db.session.execute(sa.insert(Membership).values(study_id=study.id + 999, user_id=outsider.id,
                                                        role=Role.FIELDWORKER))
        db.session.flush()
    db.session.rollback()
    assert _count(Membership, Membership.user_id == outsider.id) == 0


def _world(build):
    """A participant of an organisation, consented, withdrawn, invited to a session with a
    transcript that names them as a speaker."""
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    organisation = build.organisation(study)
    participant = build.participant(study, organisation=organisation)
    version = build.consent_version(study, coordinator, team["reviewer"])
    build.consent(participant, version, team["fieldworker"], day=today() - timedelta(days=20))
    session = build.session(study, starts=day_at(-3), participants=[participant], host=organisation,
                            facilitators=[coordinator], actor=coordinator)
    build.complete(session, actor=coordinator)
    build.transcript(session, "Модератор: Начнём.\nУчастник: Да.\n", by=coordinator,
                     speakers={"Модератор": coordinator, "Участник": participant})
    build.withdrawal(participant, coordinator, on=today())
    db.session.commit()
    return team, organisation, participant, session


def test_deleting_an_organisation_empties_the_links_to_it(build):
    _team, organisation, participant, session = _world(build)
    db.session.execute(sa.delete(Organisation).where(Organisation.id == organisation.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Participant, participant.id).organisation_id is None  # SET NULL
    assert db.session.get(FieldSession, session.id).host_organisation_id is None  # SET NULL


def test_deleting_a_participant_takes_their_consent_and_attendance_and_unnames_their_turns(build):
    _team, _organisation, participant, session = _world(build)
    pid = participant.id
    assert _count(ConsentRecord, ConsentRecord.participant_id == pid) == 1
    db.session.execute(sa.delete(Participant).where(Participant.id == pid))
    db.session.commit()
    for model in (ConsentRecord, ConsentWithdrawal, SessionParticipant, StatusChange):  # CASCADE
        assert _count(model, model.participant_id == pid) == 0, model.__name__
    speakers = db.session.scalars(sa.select(TranscriptSpeaker)).all()
    assert len(speakers) == 2 and all(s.participant_id is None for s in speakers)  # SET NULL


def test_deleting_a_session_takes_its_attendance_staff_and_transcripts(build):
    _team, _organisation, participant, session = _world(build)
    db.session.execute(sa.delete(FieldSession).where(FieldSession.id == session.id))
    db.session.commit()
    for model in (SessionParticipant, SessionStaff, Transcript):
        assert _count(model, model.session_id == session.id) == 0, model.__name__
    assert db.session.get(Participant, participant.id) is not None


# --- no row points into another study ------------------------------------------------------

def test_an_attendee_from_another_study_is_refused_by_the_database_guard(build):
    team = build.team()
    session = build.session(team["study"], actor=team["coordinator"])
    stranger = build.participant(team["other_study"])
    session.attendees.append(SessionParticipant(participant_id=stranger.id))
    with pytest.raises(CrossStudyReference):
        db.session.flush()
    db.session.rollback()
    assert _count(SessionParticipant, SessionParticipant.participant_id == stranger.id) == 0


def test_a_consent_record_cannot_name_another_studys_participant(build):
    team = build.team()
    version = build.consent_version(team["study"], team["coordinator"], team["reviewer"])
    stranger = build.participant(team["other_study"])
    db.session.add(ConsentRecord(study_id=team["study"].id, participant_id=stranger.id, version_id=version.id,
                                 consent_date=today(), method="oral_recorded", obtained_by_id=team["coordinator"].id,
                                 answers={}))
    with pytest.raises(CrossStudyReference):
        db.session.flush()
    db.session.rollback()
    assert _count(ConsentRecord) == 0


def test_scheduling_refuses_another_studys_participants_and_host(build):
    team = build.team()
    stranger = build.participant(team["other_study"])
    foreign_host = build.organisation(team["other_study"])
    for extra in ({"participant_ids": [stranger.id]}, {"host_organisation_id": foreign_host.id}):
        plan = fieldwork.SessionPlan(type=SessionType.FOCUS_GROUP, starts_at=day_at(4), ends_at=day_at(4, 7),
                                     location="Зал", **extra)
        with pytest.raises(fieldwork.FieldworkError):
            fieldwork.create_session(team["study"], plan, team["coordinator"])
        db.session.rollback()
    assert _count(FieldSession) == 0


def test_a_participant_cannot_belong_to_or_be_referred_from_another_study(build):
    team = build.team()
    foreign = build.organisation(team["other_study"])
    referrer = build.participant(team["other_study"])
    with pytest.raises(recruitment.RecruitmentError):
        recruitment.create_participant(team["study"], team["coordinator"], name="Тест", organisation_id=foreign.id)
    db.session.rollback()
    own = build.participant(team["study"])
    with pytest.raises(recruitment.RecruitmentError):
        recruitment.update_participant(own, team["coordinator"], referred_by_id=referrer.id)
    db.session.rollback()
    assert db.session.get(Participant, own.id).referred_by_id is None
    assert _count(Participant, Participant.study_id == team["study"].id) == 1
