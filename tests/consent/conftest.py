"""Builders for consent tests: participants, approved versions, sessions, records."""
import itertools
from datetime import date, datetime, timedelta

import pytest

from app.consent import services, versions
from app.consent.models import ConsentMethod
from app.core.extensions import db
from app.fieldwork.models import Attendance, FieldSession, SessionParticipant, SessionStatus, SessionType
from app.recruitment.models import Participant, RecruitmentStatus

_numbers = itertools.count(1)
TODAY = date.today()


class ConsentBuilder:
    def __init__(self, build):
        self.build = build

    def participant(self, study, name="Айгерим Тестова", **fields):
        n = next(_numbers)
        participant = Participant(study_id=study.id, name=name, pseudonym=f"P{n:02d}",
                                  email=f"p{n}@contact.example", phone=f"+7 700 555 {n:04d}",
                                  status=RecruitmentStatus.AGREED, **fields)
        db.session.add(participant)
        db.session.commit()
        return participant

    def version(self, study, actor, approve=True, title="Информированное согласие", reviewer=None):
        version = versions.create_form(study, title, actor)
        versions.update_draft(version, actor, {"en": "You are invited to take part.",
                                               "ru": "Приглашаем вас принять участие.",
                                               "kk": "Сізді зерттеуге қатысуға шақырамыз."},
                              version.items)
        if approve:
            versions.submit(version, actor)
            versions.approve(version, reviewer or actor, TODAY - timedelta(days=60), "OK")
        db.session.commit()
        return version

    def consent(self, participant, version, actor, day=None, method=ConsentMethod.ORAL_RECORDED,
                no=(), scan=None, supersedes=None, reason=None):
        answers = {key: key not in no for key in version.item_keys}
        record = services.record_consent(participant, version, day or TODAY - timedelta(days=30), method,
                                         actor, answers, actor, scan=scan, supersedes=supersedes,
                                         reason=reason)
        db.session.commit()
        return record

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
