"""A fieldworker fills a questionnaire with skip logic and a constraint in the browser: question 3
appears only when question 2 is "yes", and an out-of-range number shows the constraint message."""
import pytest
from playwright.sync_api import expect

from app.auth.models import User
from app.core.extensions import db
from app.instruments import services
from app.instruments.models import InstrumentKind
from app.studies.models import Study
from tests.builders import Builder
from tests.e2e.journeys import log_in, open_answers, open_study, saved_answers, structured_interview

pytestmark = pytest.mark.e2e

QUESTIONS = [
    {"name": "q1", "type": "text", "text": {"en": "What is your role?"}},
    {"name": "q2", "type": "yes_no", "text": {"en": "Have you used the eGov portal?"}},
    {"name": "q3", "type": "text", "text": {"en": "What did you use the portal for?"},
     "relevant": "${q2} = 'yes'"},
    {"name": "age", "type": "integer", "text": {"en": "How old are you?"},
     "constraint": ". >= 18 and . <= 120", "constraint_message": {"en": "Age must be from 18 to 120."}},
]


def _interview(live_app, world) -> str:
    with live_app.test_request_context():
        get = db.session.get
        version = Builder().instrument(get(Study, world["study"].id), QUESTIONS, title="Portal use",
                                       approved_by=get(User, world["reviewer"].id))
        return structured_interview(world, version)


def test_question_3_appears_only_after_yes_and_an_out_of_range_age_is_refused(page, world, live_app):
    code, pseudonym = _interview(live_app, world), world["maria"].pseudonym
    log_in(page, world["fieldworker"].email)
    open_study(page, world)
    open_answers(page, code, pseudonym)
    q3 = page.get_by_label("What did you use the portal for?")
    page.get_by_label("Yes").wait_for()  # the answers page is there (an absent q3 would pass the next line)
    expect(q3).to_be_hidden()  # once the page's script has run (is_visible() raced it under load)
    page.get_by_label("Yes").check()
    q3.wait_for(state="visible")
    page.get_by_label("No", exact=True).check()
    q3.wait_for(state="hidden")
    page.get_by_label("Yes").check()
    q3.fill("Paying taxes")
    age = page.get_by_label("How old are you?")
    age.fill("130")
    message = page.get_by_text("Age must be from 18 to 120.")
    message.wait_for(state="visible")
    page.get_by_role("button", name="Save draft").click()  # the server refuses it too
    page.get_by_text("Please correct the fields marked below. Nothing was saved.").wait_for()
    expect(message).to_be_visible()
    page.get_by_label("How old are you?").fill("40")
    expect(page.get_by_text("Age must be from 18 to 120.")).to_be_hidden()  # the script hides it as one types
    page.get_by_role("button", name="Finish").click()
    page.get_by_text("Answers finished.").wait_for()
    assert saved_answers(live_app, world, code).values == {"q2": "yes", "q3": "Paying taxes", "age": 40}


def test_each_round_of_a_repeated_section_shows_its_own_follow_up(page, world, live_app):
    with live_app.test_request_context():
        get = db.session.get
        study = get(Study, world["study"].id)
        version = services.create_instrument(study, "Visits", InstrumentKind.STRUCTURED_INTERVIEW, None).versions[0]
        visits = services.add_section(version, {"en": "Visits"}, None, name="visits", kind="repeat")
        services.add_question(visits, {"name": "people", "type": "integer", "text": {"en": "People met?"}}, None)
        services.add_question(visits, {"name": "why", "type": "text", "text": {"en": "Why so many?"},
                                       "relevant": "${people} > 10"}, None)
        services.approve(version, get(User, world["reviewer"].id))
        code = structured_interview(world, version)
    log_in(page, world["fieldworker"].email)
    open_study(page, world)
    open_answers(page, code, world["maria"].pseudonym)
    page.get_by_label("People met?").fill("3")
    page.get_by_role("button", name="Add a round").click()
    page.get_by_text("Round 2").wait_for()
    page.locator("#a-people__r1").fill("30")
    page.locator("#a-why__r1").wait_for(state="visible")
    expect(page.locator("#a-why__r0")).to_be_hidden()
    page.locator("#a-why__r1").fill("A wedding")
    page.get_by_role("button", name="Finish").click()
    page.get_by_text("Answers finished.").wait_for()
    assert saved_answers(live_app, world, code).values == {"visits": [{"people": 3},
                                                                      {"people": 30, "why": "A wedding"}]}


def test_a_refused_age_corrected_before_the_script_has_run_loses_its_message(page, world, live_app):
    """The form comes back from the server with the constraint's message; the person corrects the
    age before the page's script has run (a slow line): once it runs, the message goes."""
    code, pseudonym = _interview(live_app, world), world["maria"].pseudonym
    log_in(page, world["fieldworker"].email)
    open_study(page, world)
    open_answers(page, code, pseudonym)
    page.get_by_label("Yes").check()
    page.get_by_label("What did you use the portal for?").fill("Paying taxes")
    page.get_by_label("How old are you?").fill("130")
    held = []
    page.route("**/js/answer_logic.js*", lambda route: held.append(route))  # the refused form's script waits
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Please correct the fields marked below. Nothing was saved.").wait_for()
    message = page.get_by_text("Age must be from 18 to 120.")
    expect(message).to_be_visible()
    page.get_by_label("How old are you?").fill("40")  # before the script
    page.wait_for_function("() => true")  # let the held request reach the handler
    assert held, "the script was held back"
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    expect(message).to_be_hidden()
