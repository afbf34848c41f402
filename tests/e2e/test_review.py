"""Issue 15: transcript review without reloads. Accept and reject go by fetch and update the page
in place; focus moves to the next span not reviewed; j,a,j,a never skips one; every span takes
focus in reading order; decisions are announced; the single-key shortcuts can be switched off;
the text carries its language; without JavaScript the forms post as before."""
import re

import pytest
from playwright.sync_api import expect

from app.auth.models import User
from app.core.extensions import db
from app.fieldwork.models import FieldSession
from app.recruitment.models import Participant
from tests.builders import Builder
from tests.e2e.journeys import log_in, without_javascript

pytestmark = pytest.mark.e2e

TEXT = ("Модератор: Здравствуйте! Расскажите о проекте в Сарыбеле.\n"
        "Участник: Проект ведёт Бауыржан Тестов, его почта b.testov@example.kz, "
        "телефон +7 701 999 88 77. Встречались в кафе Жулдыз.\n")


@pytest.fixture
def transcript_id(live_app, world):
    """A transcript in review with several spans, of a session the fieldworker facilitated."""
    with live_app.test_request_context():
        session = db.session.get(FieldSession, world["session"].id)
        transcript = Builder().transcript(session, TEXT, by=db.session.get(User, world["fieldworker"].id),
                                          filename="review.txt", speakers={
                                              "Модератор": db.session.get(User, world["fieldworker"].id),
                                              "Участник": db.session.get(Participant, world["participant"].id)})
        return transcript.id


def _open(page, world, width=1280):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world["fieldworker"].email)
    page.goto(f"/studies/{world['study'].id}/transcripts/{world['transcript_id']}")
    page.locator("#transcript-text[data-ready]").wait_for(state="attached")


def _states(page):
    return page.eval_on_selector_all("#transcript-text mark.span", "ms => ms.map(m => m.className)")


def _pending(page):
    return page.locator("#transcript-text mark.is-pending").count()


@pytest.mark.parametrize("width", [390, 1280])
def test_j_a_j_a_decides_two_spans_in_a_row_without_a_reload(page, world, transcript_id, width):
    world = {**world, "transcript_id": transcript_id}
    _open(page, world, width)
    assert page.locator("#transcript-text").get_attribute("lang") == "ru"
    before = _states(page)
    assert len(before) >= 3 and all("is-pending" in c for c in before[:3])
    page.evaluate("window.stillHere = true")
    for key in ("j", "a", "j", "a"):
        left = _pending(page)
        page.keyboard.press(key)
        if key == "a":
            page.wait_for_function("n => document.querySelectorAll('#transcript-text mark.is-pending').length < n",
                                   arg=left)
    after = _states(page)
    assert "is-accepted" in after[0] and "is-accepted" in after[1], after[:3]
    assert "is-pending" in after[2], "the third span is next, nothing skipped"
    assert page.evaluate("window.stillHere === true"), "the page did not reload"
    expect(page.locator("#transcript-text mark.span").nth(2)).to_be_focused()
    page.locator("#review-status", has_text="Accepted:").wait_for()
    first = page.locator("#transcript-text mark.span").first.get_attribute("data-span")
    expect(page.locator(f"#row-{first} .decision")).to_have_text("Accepted")


def test_every_span_takes_focus_in_reading_order(page, world, transcript_id):
    world = {**world, "transcript_id": transcript_id}
    _open(page, world)
    marks = page.locator("#transcript-text mark.span")
    marks.first.focus()
    page.keyboard.press("Tab")
    expect(marks.nth(1)).to_be_focused()
    expect(page.locator("mark.is-current")).to_have_id(marks.nth(1).get_attribute("id"))


def test_a_rejection_from_the_list_updates_the_row_and_a_later_decision_is_not_stale(page, world, transcript_id):
    world = {**world, "transcript_id": transcript_id}
    _open(page, world)
    row = page.locator(".spans tbody tr").first
    row.get_by_role("button", name="Reject").click()
    page.locator(".spans tbody tr").first.locator(".decision", has_text="Rejected").wait_for()
    row.get_by_role("button", name="Accept").click()  # the row's version was updated in place
    page.locator(".spans tbody tr").first.locator(".decision", has_text="Accepted").wait_for()
    status = page.locator("#review-status")
    expect(status).to_contain_text("Accepted:")  # the answer to the second decision is announced
    expect(status).not_to_contain_text("Someone else")


def test_shortcuts_switched_off_in_the_account_do_nothing(page, world, transcript_id):
    log_in(page, world["fieldworker"].email)
    page.goto("/account")
    box = page.get_by_label("Single-key shortcuts on the transcript review page (j, k, a, r)")
    assert box.is_checked()
    box.uncheck()
    page.get_by_role("button", name="Save preferences").click()
    page.get_by_text("Your preferences are saved.").wait_for()
    page.goto(f"/studies/{world['study'].id}/transcripts/{transcript_id}")
    page.locator("#transcript-text[data-ready]").wait_for(state="attached")
    left = _pending(page)
    page.locator("#transcript-text mark.span").first.focus()
    page.keyboard.press("a")
    page.keyboard.press("j")
    page.wait_for_timeout(400)
    assert _pending(page) == left
    assert page.locator("mark.is-current").get_attribute("id") == page.locator("#transcript-text mark.span").first.get_attribute("id")


def test_without_javascript_the_forms_post_as_before(browser, live_server, world, transcript_id):
    with without_javascript(browser, live_server, world["fieldworker"].email) as page:
        page.goto(f"/studies/{world['study'].id}/transcripts/{transcript_id}")
        first = page.locator(".spans tbody tr").first
        row_id = first.get_attribute("id")
        first.get_by_role("button", name="Accept").click()
        # expect() waits for the posted form's answer (a load-state wait could see the page before)
        expect(page.locator(f"#{row_id}")).to_have_class(re.compile(r"\bis-accepted\b"))


def test_a_span_is_edited_in_place(page, world, transcript_id):
    world = {**world, "transcript_id": transcript_id}
    _open(page, world, 390)
    page.evaluate("window.stillHere = true")
    row = page.locator(".spans tbody tr").first
    span_id = row.get_attribute("id").removeprefix("row-")
    row.locator("summary").click()
    row.get_by_label("Category").select_option("place")
    row.get_by_role("button", name="Save and accept").click()
    page.locator(f"#span-{span_id}.cat-place.is-accepted").wait_for()
    page.locator("#review-status", has_text="Span changed and accepted.").wait_for()
    assert page.evaluate("window.stillHere === true"), "the page did not reload"
    expect(page.locator(f"#span-{span_id}")).to_be_focused()
    expect(page.locator(f"#row-{span_id} .decision")).to_have_text("Accepted")
