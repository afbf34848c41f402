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
