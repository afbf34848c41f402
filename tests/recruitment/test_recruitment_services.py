"""Organisations, participants, status history, lists and targets, without HTTP."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.fieldwork.models import SessionStatus, SessionType
from app.core.models_base import utcnow
from app.recruitment import services as recruitment
from app.recruitment.models import RecruitmentStatus, Sector, TargetKind
from app.dashboard.services import funnel, target_progress
from tests.recruitment import factories as make


def test_organisation_pseudonyms_follow_the_sector_and_are_never_reused(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    first = make.organisation(study, actor)
    second = make.organisation(study, actor, name="Акимат села Тест")
    ngo = make.organisation(study, actor, name="ОФ Тест", sector=Sector.CIVIL_SOCIETY)
    assert (first.pseudonym, second.pseudonym, ngo.pseudonym) == ("LA-01", "LA-02", "CSO-01")
    recruitment.update_organisation(second, actor, sector=Sector.CENTRAL_GOVERNMENT)
    assert second.pseudonym == "LA-02"
    db.session.delete(second)
    db.session.commit()
    assert make.organisation(study, actor, name="Ещё один").pseudonym == "LA-03"
    other = make.organisation(team["other_study"], actor)
    assert other.pseudonym == "LA-01"


def test_participant_gets_a_pseudonym_and_a_first_history_step(build):
    team = build.team()
    person = make.participant(team["study"], team["coordinator"])
    assert person.pseudonym == "P01" and person.status == RecruitmentStatus.IDENTIFIED
    assert make.participant(team["study"], team["coordinator"], name="Ержан Тестов").pseudonym == "P02"
    history = recruitment.history_of(person)
    assert [(h.from_status, h.to_status) for h in history] == [(None, RecruitmentStatus.IDENTIFIED)]


def test_status_change_records_who_when_and_why_and_is_audited(build):
    team = build.team()
    person = make.participant(team["study"], team["coordinator"])
    recruitment.change_status(person, RecruitmentStatus.CONTACTED, team["fieldworker"], "Позвонили")
    db.session.commit()
    latest = recruitment.history_of(person)[0]
    assert latest.from_status == RecruitmentStatus.IDENTIFIED and latest.to_status == RecruitmentStatus.CONTACTED
    assert latest.actor_id == team["fieldworker"].id and latest.reason == "Позвонили"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "participant.status"))
    assert event.after["reason"] != "Позвонили"  # may name people: sealed in the event
    assert audit.readable(event.after) == {"status": "contacted", "reason": "Позвонили"}
    with pytest.raises(recruitment.RecruitmentError):
        recruitment.change_status(person, RecruitmentStatus.CONTACTED, team["fieldworker"])


def test_participant_cannot_refer_themselves(build):
    team = build.team()
    person = make.participant(team["study"], team["coordinator"])
    with pytest.raises(recruitment.RecruitmentError):
        recruitment.update_participant(person, team["coordinator"], referred_by_id=person.id)


def _names(study, **filters):
    query = recruitment.participant_list(study, recruitment.ParticipantFilter(**filters), "name")
    return [p.name for p in db.session.scalars(query)]


def test_list_filters_by_status_sector_organisation_fieldworker_and_name(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    la = make.organisation(study, actor)
    cso = make.organisation(study, actor, name="ОФ Тест", sector=Sector.CIVIL_SOCIETY)
    anna = make.participant(study, actor, "Анна Тестова", org=la)
    bolat = make.participant(study, actor, "Болат Тестов", org=cso)
    make.participant(study, actor, "Вера Тестова")
    recruitment.change_status(bolat, RecruitmentStatus.AGREED, actor)
    make.session(study, actor, facilitators=[team["fieldworker"]], participants=[anna])
    assert _names(study, status="agreed") == ["Болат Тестов"]
    assert _names(study, sector="local_authority") == ["Анна Тестова"]
    assert _names(study, organisation_id=cso.id) == ["Болат Тестов"]
    assert _names(study, fieldworker_id=team["fieldworker"].id) == ["Анна Тестова"]
    assert _names(study, q="вера") == ["Вера Тестова"]
    assert _names(study, q="P02") == ["Болат Тестов"]


def test_stale_contacts_are_contacted_more_than_a_week_ago(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    old = make.participant(study, actor, "Давний Контакт")
    fresh = make.participant(study, actor, "Свежий Контакт")
    for person in (old, fresh):
        recruitment.change_status(person, RecruitmentStatus.CONTACTED, actor)
    old.status_changed_at = utcnow() - timedelta(days=8)
    db.session.commit()
    assert [p.name for p in recruitment.stale_contacts(study)] == ["Давний Контакт"]


def test_likely_duplicates_match_name_or_email(build):
    team = build.team()
    person = make.participant(team["study"], team["coordinator"], email="aigerim@example.org")
    assert recruitment.likely_duplicates(team["study"], "  айгерим   тестова", None) == [person]
    assert recruitment.likely_duplicates(team["study"], "Другое Имя", "AIGERIM@example.org") == [person]
    assert recruitment.likely_duplicates(team["other_study"], "Айгерим Тестова", None) == []


def test_target_progress_counts_planned_and_completed_by_sector(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    la = make.organisation(study, actor)
    recruitment.create_target(study, actor, kind=TargetKind.SESSIONS, sector=Sector.LOCAL_AUTHORITY,
                              session_type=SessionType.FOCUS_GROUP.value, target_count=2)
    recruitment.create_target(study, actor, kind=TargetKind.PARTICIPANTS, sector=None,
                              session_type=None, target_count=3)
    done = make.session(study, actor, host=la, starts=utcnow() - timedelta(days=2))
    done.status = SessionStatus.COMPLETED
    make.session(study, actor, host=la)
    person = make.participant(study, actor)
    recruitment.change_status(person, RecruitmentStatus.PARTICIPATED, actor)
    db.session.commit()
    people, sessions = sorted(target_progress(study), key=lambda p: p.target.kind)
    assert (sessions.planned, sessions.completed, sessions.completed_pct) == (2, 1, 50)
    assert (people.planned, people.completed) == (1, 1)


def test_session_target_needs_a_type(build):
    team = build.team()
    with pytest.raises(recruitment.RecruitmentError):
        recruitment.create_target(team["study"], None, kind=TargetKind.SESSIONS, sector=None,
                                  session_type=None, target_count=2)


def test_funnel_counts_everyone_who_reached_a_stage(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    a, b, _c = (make.participant(study, actor, name) for name in ("А Тест", "Б Тест", "В Тест"))
    recruitment.change_status(a, RecruitmentStatus.AGREED, actor)
    recruitment.change_status(b, RecruitmentStatus.DECLINED, actor)
    db.session.commit()
    rows = {row["status"]: row["count"] for row in funnel(study)}
    assert rows[RecruitmentStatus.IDENTIFIED] == 3
    assert rows[RecruitmentStatus.CONTACTED] == 1 and rows[RecruitmentStatus.AGREED] == 1
    assert rows[RecruitmentStatus.DECLINED] == 1 and rows[RecruitmentStatus.SCHEDULED] == 0
