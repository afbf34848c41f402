"""A fieldworker fills in and saves a structured interview in the browser."""
import pytest
from playwright.sync_api import expect

from app.core.extensions import db
from app.instruments.models import AnswerStatus, InstrumentVersion
from tests.e2e.journeys import log_in, open_answers, open_study, saved_answers, structured_interview

pytestmark = pytest.mark.e2e


def test_fieldworker_fills_and_saves_a_structured_interview(page, world, live_app):
    with live_app.test_request_context():
        code = structured_interview(world, db.session.get(InstrumentVersion, world["questionnaire"].id))
    pseudonym = world["maria"].pseudonym
    log_in(page, world["fieldworker"].email)
    open_study(page, world)
    open_answers(page, code, pseudonym)
    page.get_by_label("How many years have you worked in this organisation?").fill("many")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Enter a number, such as 12 or 3.5.").wait_for()  # the form comes back with the error
    page.get_by_label("How many years have you worked in this organisation?").fill("7")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved; you can finish it later.").wait_for()
    page.get_by_role("link", name=f"Fill in answers for {pseudonym}").click()
    expect(page.get_by_label("How many years have you worked in this organisation?")).to_have_value("7")
    page.get_by_label("Yes").check()
    page.get_by_label("Portal").check()
    page.get_by_label("Messengers").check()
    page.get_by_label("Lack of trust").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Finish").click()
    page.get_by_text("Answers finished.").wait_for()
    expect(page.get_by_text("1 of 1 form finished")).to_be_visible()
    answers = saved_answers(live_app, world, code)
    assert answers.status == AnswerStatus.COMPLETE
    assert answers.values == {"years": 7, "uses_egov": "yes", "channels": ["portal", "messenger"],
                              "main_barrier": "trust", "satisfaction": 4}
