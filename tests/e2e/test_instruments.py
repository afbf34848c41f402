"""A fieldworker fills in and saves a structured interview in the browser."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.demo import DEMO_PASSWORD
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
from app.instruments.models import AnswerSet, AnswerStatus, Instrument, InstrumentKind
from app.core.models_base import utcnow
from app.recruitment.models import Participant

pytestmark = pytest.mark.e2e


def _completed_interview(live_app, fieldworker_email: str) -> str:
    """A completed structured interview run by the fieldworker, using the demo questionnaire."""
    with live_app.app_context():
        fieldworker = db.session.scalar(sa.select(User).where(User.email == fieldworker_email))
        instrument = db.session.scalar(sa.select(Instrument).where(
            Instrument.kind == InstrumentKind.STRUCTURED_INTERVIEW))
        participant = db.session.scalar(sa.select(Participant).order_by(Participant.id))
        starts = utcnow() - timedelta(days=2)
        session = FieldSession(study_id=instrument.study_id, code="SI-90", type=SessionType.STRUCTURED_INTERVIEW,
                               starts_at=starts, ends_at=starts + timedelta(hours=1),
                               status=SessionStatus.COMPLETED, instrument_version=instrument.versions[0])
        session.staff.append(SessionStaff(user=fieldworker, role=StaffRole.FACILITATOR))
        session.attendees.append(SessionParticipant(participant=participant, attendance=Attendance.ATTENDED))
        db.session.add(session)
        db.session.commit()
        return participant.pseudonym


def test_fieldworker_fills_and_saves_a_structured_interview(page, demo, live_app):
    pseudonym = _completed_interview(live_app, demo["fieldworker"])
    page.goto("/login")
    page.get_by_label("E-mail").fill(demo["fieldworker"])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Цифровое правительство").first.click()
    page.get_by_role("link", name="Instruments").click()
    page.get_by_role("link", name="Sessions and answers").click()
    page.get_by_role("link", name="SI-90").click()
    page.get_by_role("link", name=f"Fill in answers for {pseudonym}").click()
    page.get_by_label("How many years have you worked in this organisation?").fill("many")
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("Enter a number, such as 12 or 3.5.").is_visible()
    page.get_by_label("How many years have you worked in this organisation?").fill("7")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved; you can finish it later.").wait_for()
    page.get_by_role("link", name=f"Fill in answers for {pseudonym}").click()
    assert page.get_by_label("How many years have you worked in this organisation?").input_value() == "7"
    page.get_by_label("Yes").check()
    page.get_by_label("Portal").check()
    page.get_by_label("Messengers").check()
    page.get_by_label("Lack of trust").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Finish").click()
    page.get_by_text("Answers finished.").wait_for()
    assert page.get_by_text("1 of 1 form finished").is_visible()
    page.screenshot(path="/tmp/wt5_answers.png", full_page=True)
    with live_app.app_context():
        answers = db.session.scalar(sa.select(AnswerSet).join(FieldSession).where(FieldSession.code == "SI-90"))
        assert answers.status == AnswerStatus.COMPLETE
        assert answers.values == {"years": 7, "uses_egov": "yes", "channels": ["portal", "messenger"],
                                  "main_barrier": "trust", "satisfaction": 4}
