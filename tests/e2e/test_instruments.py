"""A fieldworker fills in and saves a structured interview in the browser."""
import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.core.extensions import db
from app.fieldwork.models import FieldSession, SessionType
from app.instruments.models import AnswerSet, AnswerStatus, InstrumentVersion
from app.recruitment.models import Participant
from app.studies.models import Study
from tests.builders import Builder
from tests.e2e.journeys import log_in, open_study

pytestmark = pytest.mark.e2e


def _completed_interview(live_app, world) -> str:
    """A structured interview the fieldworker ran two days ago with one consenting participant,
    on the world's questionnaire, with no answers yet; returns its code."""
    with live_app.test_request_context():
        build, get = Builder(), db.session.get
        coordinator = get(User, world["coordinator"].id)
        session = build.completed_session(
            get(Study, world["study"].id), days_ago=2, type=SessionType.STRUCTURED_INTERVIEW,
            facilitators=[get(User, world["fieldworker"].id)], participants=[get(Participant, world["maria"].id)],
            actor=coordinator)
        build.use_instrument(session, get(InstrumentVersion, world["questionnaire"].id), coordinator)
        return session.code


def test_fieldworker_fills_and_saves_a_structured_interview(page, world, live_app):
    code, pseudonym = _completed_interview(live_app, world), world["maria"].pseudonym
    log_in(page, world["fieldworker"].email)
    open_study(page, world)
    page.get_by_role("link", name="Instruments").click()
    page.get_by_role("link", name="Sessions and answers").click()
    page.get_by_role("link", name=code).click()
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
    with live_app.app_context():
        answers = db.session.scalar(sa.select(AnswerSet).join(FieldSession).where(
            FieldSession.study_id == world["study"].id, FieldSession.code == code))
        assert answers.status == AnswerStatus.COMPLETE
        assert answers.values == {"years": 7, "uses_egov": "yes", "channels": ["portal", "messenger"],
                                  "main_barrier": "trust", "satisfaction": 4}
