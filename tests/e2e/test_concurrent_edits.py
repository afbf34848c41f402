"""Two coordinators open one participant; the second save is refused, shows what changed and
keeps what they typed; after merging by hand their save goes through."""
import os

import pytest

from tests.e2e.journeys import log_in, open_study

pytestmark = pytest.mark.e2e


def _open_edit(browser, base_url, world):
    context = browser.new_context(base_url=base_url, locale="en-GB")
    page = context.new_page()
    log_in(page, world["coordinator"].email)
    open_study(page, world)
    page.get_by_role("navigation", name="Study").get_by_role("link", name="Participants").click()
    # each page loaded before its link is looked for: the page before may name the participant
    # too, and a click there as it unloads goes nowhere
    page.wait_for_url("**/participants")
    page.get_by_role("link", name=world["participant"].pseudonym, exact=True).click()
    page.wait_for_url(f"**/participants/{world['participant'].id}")
    page.get_by_role("link", name="Edit").first.click()
    return context, page


def test_second_coordinator_sees_what_changed_and_merges(browser, live_server, world):
    first_context, first = _open_edit(browser, live_server, world)
    second_context, second = _open_edit(browser, live_server, world)
    try:
        first.get_by_label("Position").fill("Главный специалист (вымышленный)")
        first.get_by_role("button", name="Save participant").click()
        first.get_by_text("saved.").wait_for()

        second.get_by_label("Position").fill("Руководитель отдела (вымышленный)")
        second.get_by_role("button", name="Save participant").click()
        notice = second.get_by_role("alert").filter(has_text="Someone else saved this record")
        notice.wait_for()
        table = second.locator("table.stale-changes")
        assert "Главный специалист (вымышленный)" in table.inner_text()
        assert second.get_by_label("Position").input_value() == "Руководитель отдела (вымышленный)"
        if os.environ.get("DALA_SCREENSHOTS"):
            second.screenshot(path=os.path.join(os.environ["DALA_SCREENSHOTS"], "stale-participant.png"),
                              full_page=True)
        second.get_by_role("button", name="Save participant").click()  # merged by hand: saved
        second.get_by_text("saved.").wait_for()
        assert "Руководитель отдела (вымышленный)" in second.content()
    finally:
        first_context.close()
        second_context.close()
