"""Issue 15, in the browser at 390, 800 and 1280 px: consent recorded from the completion form
comes back to it with what was typed; a coming session offers Confirm and Postpone; an overdue
session leads "My sessions"; bulk status change and the study search on a phone."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.auth.models import User
from app.core.extensions import db
from app.studies.models import Study
from tests.builders import Builder, day_at, today
from tests.e2e.journeys import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def late(live_app, world):
    """A session held yesterday by the fieldworker, one invitee without any consent."""
    with live_app.test_request_context():
        build = Builder()
        study = db.session.get(Study, world["study"].id)
        coordinator = db.session.get(User, world["coordinator"].id)
        newcomer = build.participant(study, "Новенький Безсогласиев", actor=coordinator)
        session = build.session(study, starts=day_at(-1, 6), facilitators=[db.session.get(User, world["fieldworker"].id)],
                                participants=[newcomer], location="Кабинет 3", actor=coordinator)
        return {"session_id": session.id, "code": session.code, "pseudonym": newcomer.pseudonym}


def _menu(page, width, link):
    nav = page.get_by_role("navigation", name="Study")
    if width < 800:
        nav.get_by_role("button", name="Menu").click()
    nav.get_by_role("link", name=link, exact=True).click()


@pytest.mark.parametrize("width", [390, 800, 1280])
def test_consent_from_the_completion_form_comes_back_with_what_was_typed(page, world, late, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world["fieldworker"].email)
    page.goto(f"/studies/{world['study'].id}/")
    _menu(page, width, "My sessions")
    page.get_by_role("heading", name="My sessions").wait_for()  # not the dashboard's tables
    row = page.get_by_role("row").filter(has_text=late["code"])
    expect(row).to_contain_text("Attendance due")  # the overdue session is marked
    expect(page.locator("table.data tbody tr").first).to_contain_text("Attendance due")  # and comes first
    row.get_by_role("link", name=late["code"]).click()
    page.get_by_role("link", name="Record attendance and complete").click()
    page.get_by_label(f"Attended {late['pseudonym']}").check()
    page.get_by_label("Field notes").fill("Говорили о записи в ЦОН через портал.")
    page.get_by_role("button", name="Complete session").click()
    page.get_by_text("nothing was saved").wait_for()
    page.get_by_role("button", name=f"Record consent {late['pseudonym']}").click()
    page.get_by_label("Date consent was given").fill((today() - timedelta(days=2)).isoformat())
    for radio in page.get_by_role("radio", name="Yes").all():
        radio.check()
    page.get_by_role("button", name="Save consent record").click()
    page.get_by_text("were kept").wait_for()
    expect(page.get_by_label("Field notes")).to_have_value("Говорили о записи в ЦОН через портал.")
    expect(page.get_by_label(f"Attended {late['pseudonym']}")).to_be_checked()
    page.get_by_role("button", name="Complete session").click()
    page.get_by_text(f"Session {late['code']} completed.").wait_for()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_coming_session_offers_confirm_and_postpone(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/sessions/{world['coming'].id}")
    actions = page.locator(".page-head .actions")
    expect(actions.get_by_role("button", name="Confirm")).to_be_visible()
    expect(actions.get_by_role("button", name="Postpone")).to_be_visible()
    expect(page.get_by_role("link", name="Record attendance and complete")).to_have_count(0)
    actions.get_by_role("button", name="Confirm").click()
    page.get_by_text("is now Confirmed").wait_for()


def test_bulk_status_change_and_search_on_a_phone(page, world):
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/participants?sector=local_authority")
    boxes = page.locator("input[name=ids]")
    assert boxes.count() >= 2
    chosen = [boxes.nth(i).get_attribute("aria-label").removeprefix("Choose ") for i in range(2)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_label("New status").select_option("agreed")
    page.get_by_label("Why (optional, one reason for all)").fill("Ответили на письмо")
    page.get_by_role("button", name="Change status").click()
    page.get_by_text("2 participants are now").wait_for()
    assert "sector=local_authority" in page.url, "back to the same filtered list"
    search = page.get_by_role("searchbox", name="Search this study")
    search.fill(chosen[0])
    search.press("Enter")
    page.locator("#found-participants").wait_for()
    expect(page.get_by_role("link", name=f"{chosen[0]} · ").first).to_be_visible()
