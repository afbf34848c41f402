"""A fieldworker reopens an approved transcript of their session for review: the button asks
why, a blank reason is refused on the page, and after it the transcript is in review again."""
import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import log_in

pytestmark = pytest.mark.e2e


def test_fieldworker_reopens_an_approved_transcript_for_review(page, world):
    study, transcript = world["study"], world["approved"]
    log_in(page, world["fieldworker"].email)
    page.goto(f"/studies/{study.id}/transcripts/{transcript.id}")
    expect(page.locator("h1 .badge")).to_have_text("Approved")
    reason = page.get_by_label("Why is it reopened?")
    button = page.get_by_role("button", name="Reopen for review")

    reason.fill("   ")  # only spaces: the browser lets it through, Dala says why not
    button.click()
    expect(page.locator("#reopen-reason-error")).to_have_text("Say why the transcript is reopened for review.")
    expect(page.locator("h1 .badge")).to_have_text("Approved")

    page.get_by_label("Why is it reopened?").fill("Участник отозвал согласие вместе с данными.")
    page.get_by_role("button", name="Reopen for review").click()
    page.get_by_text("Transcript reopened for review").wait_for()
    expect(page.locator("h1 .badge")).to_have_text("In review")
    expect(page.get_by_role("button", name="Approve transcript")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen for review")).to_have_count(0)
    expect(page.locator(".transcript-text.anonymised")).to_have_count(0)


def test_coordinator_follows_the_desks_flag_to_the_reopen_button(page, world):
    """The withdrawn participant's words are still in an approved transcript: the ethics desk's
    flag says where to act, and clicking it lands on that transcript's reopen button; once
    reopened, the flag is gone from the desk."""
    study, transcript, code = world["study"], world["interview_transcript"], world["interview"].code
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{study.id}/ethics")
    flag = page.locator("li[data-flag='withdrawn_data_in_transcript']")
    expect(flag).to_contain_text(world["withdrawn"].pseudonym)
    flag.get_by_role("link", name=f"Reopen the transcript of {code} for review").click()
    page.wait_for_url(f"**/studies/{study.id}/transcripts/{transcript.id}#reopen")
    reason = page.get_by_label("Why is it reopened?")
    expect(reason).to_be_in_viewport()  # the page opened at the button, not at its top
    reason.fill("Участник отозвал согласие вместе с данными.")
    page.get_by_role("button", name="Reopen for review").click()
    page.get_by_text("Transcript reopened for review").wait_for()
    page.goto(f"/studies/{study.id}/ethics")
    expect(page.locator("h1")).to_have_text("Ethics desk")
    expect(page.locator("li[data-flag='withdrawn_data_in_transcript']")).to_have_count(0)
