"""Builders for instrument tests: a team, an instrument with one question of every type,
an approved version, and a completed structured interview with attendees."""
from datetime import timedelta

import pytest

from app.core.extensions import db
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.instruments.models import InstrumentKind, QuestionType
from app.core.models_base import utcnow
from app.recruitment.models import Participant
from tests.builders import Builder

EVERY_TYPE = [
    {"name": "intro", "type": QuestionType.NOTE, "text": {"en": "Thank you for joining."}},
    {"name": "role", "type": QuestionType.TEXT, "text": {"en": "Describe your role.", "ru": "Опишите вашу роль."},
     "probes": {"en": "Since when?\nWhich unit?"}, "required": True},
    {"name": "channel", "type": QuestionType.SINGLE, "text": {"en": "Main channel?", "ru": "Основной канал?"},
     "choices": [{"value": "portal", "label": {"en": "Portal", "ru": "Портал"}},
                 {"value": "office", "label": {"en": "Office", "ru": "Офис"}}], "required": True},
    {"name": "services", "type": QuestionType.MULTIPLE, "text": {"en": "Services used?"},
     "choices": [{"value": "tax", "label": {"en": "Tax"}}, {"value": "id", "label": {"en": "ID card"}},
                 {"value": "land", "label": {"en": "Land registry"}}]},
    {"name": "trust", "type": QuestionType.SCALE, "text": {"en": "How much do you trust it?"},
     "scale_min": 1, "scale_max": 5,
     "scale_labels": {"low": {"en": "Not at all"}, "high": {"en": "Completely"}}},
    {"name": "egov", "type": QuestionType.YES_NO, "text": {"en": "Have you used eGov?"}},
    {"name": "staff", "type": QuestionType.NUMBER, "text": {"en": "How many staff?"}},
]


def make_instrument(study, questions=EVERY_TYPE, kind=InstrumentKind.STRUCTURED_INTERVIEW,
                    title="Service survey"):
    return Builder().instrument(study, questions, kind=kind, title=title)


def approve(version, reviewer):
    return Builder().approve_instrument(version, reviewer)


def make_session(study, fieldworker, version=None, type=SessionType.STRUCTURED_INTERVIEW,
                 status=SessionStatus.COMPLETED, attendees=2, code="SI-01"):
    starts = utcnow() - timedelta(days=3)
    session = FieldSession(study_id=study.id, code=code, type=type, starts_at=starts,
                           ends_at=starts + timedelta(hours=1), status=status,
                           instrument_version=version)
    session.staff.append(SessionStaff(user=fieldworker, role=StaffRole.FACILITATOR))
    for n in range(attendees):
        participant = Participant(study_id=study.id, name=f"Fictional Person {code}-{n}",
                                  pseudonym=f"P{code[-2:]}{n}")
        session.attendees.append(SessionParticipant(participant=participant,
                                                    attendance=Attendance.ATTENDED))
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def team(build):
    return build.team()


@pytest.fixture
def approved(team):
    return approve(make_instrument(team["study"]), team["reviewer"])
