"""Small builders for recruitment and fieldwork tests; every name is fictional."""
from datetime import datetime, timedelta

from app.core.extensions import db
from app.fieldwork import services as fieldwork
from app.fieldwork.models import SessionType
from app.core.models_base import utcnow
from app.recruitment import services as recruitment
from app.recruitment.models import Sector
from tests.builders import Builder


def organisation(study, actor=None, name="Акимат района Тест (вымышленный)", sector=Sector.LOCAL_AUTHORITY):
    org = recruitment.create_organisation(study, actor, name=name, sector=sector, region="Тестовая область")
    db.session.commit()
    return org


def participant(study, actor=None, name="Айгерим Тестова", org=None, **fields):
    fields.setdefault("email", None)
    person = recruitment.create_participant(study, actor, name=name, organisation_id=org.id if org else None,
                                            languages=["ru"], **fields)
    db.session.commit()
    return person


def plan(starts: datetime | None = None, hours: int = 2, facilitators=(), note_taker=None,
         participants=(), type_=SessionType.FOCUS_GROUP, host=None) -> fieldwork.SessionPlan:
    starts = starts or (utcnow() + timedelta(days=3)).replace(microsecond=0)
    return fieldwork.SessionPlan(
        type=type_, starts_at=starts, ends_at=starts + timedelta(hours=hours), location="Переговорная 1",
        host_organisation_id=host.id if host else None,
        facilitator_ids=[u.id for u in facilitators], note_taker_id=note_taker.id if note_taker else None,
        participant_ids=[p.id for p in participants])


def session(study, actor, override=False, **kwargs):
    created = fieldwork.create_session(study, plan(**kwargs), actor, override=override)
    db.session.commit()
    return created


def consented(team, people) -> None:
    """Give these participants valid consent (yes to every item) on an approved form version."""
    build = Builder()
    version = build.consent_version(team["study"], team["coordinator"], team["reviewer"])
    for person in people:
        build.consent(person, version, team["fieldworker"])
