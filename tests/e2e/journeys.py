"""Steps the browser journeys share."""
from contextlib import contextmanager

import sqlalchemy as sa

from app.auth.models import User
from app.core.extensions import db
from app.fieldwork.models import FieldSession, SessionType
from app.instruments.models import AnswerSet
from app.recruitment.models import Participant
from app.studies.models import Study
from tests.builders import DEFAULT_PASSWORD, Builder


def log_in(page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Log in through the form and wait for the study list."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My studies").wait_for()


def open_study(page, world: dict) -> None:
    """From the study list, open the world's study by its title."""
    page.get_by_role("link", name=world["study"].title, exact=True).click()
    page.get_by_role("navigation", name="Study").wait_for()
    page.wait_for_load_state()  # its stylesheet and script too, before anything is measured


@contextmanager
def without_javascript(browser, live_server: str, email: str):
    """A page of a browser with JavaScript switched off, logged in as `email` (closed after)."""
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, email)
        yield page
    finally:
        context.close()


# --- pickers (Tom Select over a JSON endpoint) --------------------------------------------------

def picker(page, label: str):
    """The text box of the picker labelled `label` (Tom Select's input: until its script has run,
    the plain select answers to the same role and name, and cannot be typed into)."""
    return page.locator("input[role=combobox]").and_(page.get_by_role("combobox", name=label))


def type_in_picker(page, label: str, typed: str, offered: str | None = None):
    """Type into a picker and wait for its answer: the first option showing `offered` (when
    given), else the first option or the "no results" line. Returns that option's locator."""
    picker(page, label).fill(typed)
    if offered is None:
        option = page.locator(".ts-dropdown .option, .ts-dropdown .no-results").first
    else:
        option = page.locator(".ts-dropdown .option", has_text=offered).first
    option.wait_for()
    return option


# --- transcripts --------------------------------------------------------------------------------
def open_upload(page, code: str) -> None:
    """From the study's pages, the transcript upload form with the session `code` chosen."""
    page.get_by_role("link", name="Transcripts").click()
    page.get_by_role("link", name="Upload a transcript").click()
    session = page.get_by_label("Session")
    session.select_option(session.locator("option", has_text=code).get_attribute("value"))


# --- instruments: a session's answers ------------------------------------------------------------

def structured_interview(world: dict, version) -> str:
    """Inside the live app's request context: a structured interview the fieldworker ran two days
    ago with Maria (consenting), on `version` of an instrument, with no answers yet; its code."""
    build, get = Builder(), db.session.get
    coordinator = get(User, world["coordinator"].id)
    session = build.completed_session(
        get(Study, world["study"].id), days_ago=2, type=SessionType.STRUCTURED_INTERVIEW,
        facilitators=[get(User, world["fieldworker"].id)], participants=[get(Participant, world["maria"].id)],
        actor=coordinator)
    build.use_instrument(session, version, coordinator)
    return session.code


def open_answers(page, code: str, pseudonym: str) -> None:
    """From a page of the study: Instruments, Sessions and answers, the session, and its answers
    form for the participant with `pseudonym`."""
    page.get_by_role("link", name="Instruments").click()
    page.get_by_role("link", name="Sessions and answers").click()
    page.get_by_role("link", name=code).click()
    page.get_by_role("link", name=f"Fill in answers for {pseudonym}").click()


def saved_answers(live_app, world: dict, code: str) -> AnswerSet:
    """The answers stored for the session `code` of the world's study."""
    with live_app.app_context():
        answers = db.session.scalar(sa.select(AnswerSet).join(FieldSession).where(
            FieldSession.study_id == world["study"].id, FieldSession.code == code))
        db.session.expunge(answers)
        return answers
