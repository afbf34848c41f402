"""Builders for consent tests: participants, approved versions, sessions, records.

Versions and records come from tests.builders (the consent services). Participants and sessions
are made here directly as rows, on purpose: the flag and desk tests need attendance the
services would refuse (no consent, consent dated after the session).
"""
import itertools
from datetime import datetime, timedelta

import pytest

from app.consent.models import ConsentMethod
from app.core.extensions import db
from app.fieldwork.models import Attendance, FieldSession, SessionParticipant, SessionStatus, SessionType
from app.recruitment.models import Participant, RecruitmentStatus
from tests.builders import Builder

_numbers = itertools.count(1)


class ConsentBuilder:
    def __init__(self, build: Builder | None = None):
        self.build = build or Builder()

    def participant(self, study, name="Айгерим Тестова", **fields):
        n = next(_numbers)
        participant = Participant(study_id=study.id, name=name, pseudonym=f"P{n:02d}",
                                  email=f"p{n}@contact.example", phone=f"+7 700 555 {n:04d}",
                                  status=RecruitmentStatus.AGREED, **fields)
        db.session.add(participant)
        db.session.commit()
        return participant

    def version(self, study, actor, approve=True, title="Информированное согласие", reviewer=None):
        return self.build.consent_version(study, actor, reviewer, approve=approve, title=title)

    def consent(self, participant, version, actor, day=None, method=ConsentMethod.ORAL_RECORDED,
                no=(), scan=None, supersedes=None, reason=None):
        return self.build.consent(participant, version, actor, day=day, method=method, no=no, scan=scan,
                                  supersedes=supersedes, reason=reason)

    def session(self, study, day, attendees=(), audio=True, code=None, attendance=Attendance.ATTENDED):
        starts = datetime(day.year, day.month, day.day, 5, 0)  # 10:00 or 11:00 in Almaty
        session = FieldSession(study_id=study.id, code=code or f"SSI-{next(_numbers):02d}",
                               type=SessionType.SEMI_STRUCTURED_INTERVIEW, starts_at=starts,
                               ends_at=starts + timedelta(hours=1), audio_recorded=audio,
                               status=SessionStatus.COMPLETED)
        for participant in attendees:
            session.attendees.append(SessionParticipant(participant=participant, attendance=attendance))
        db.session.add(session)
        db.session.commit()
        return session


@pytest.fixture
def cb(build):
    return ConsentBuilder(build)
