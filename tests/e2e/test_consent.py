"""The consent journey in the browser: a version approved, attendance refused without consent,
consent renewed by a fieldworker, the reviewer's flag cleared and the record reviewed."""
import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import log_in, open_study

pytestmark = pytest.mark.e2e


def _log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in to Dala").wait_for()


def test_reviewer_approves_fieldworker_renews_consent_and_the_flag_clears(page, world):
    # The world's renewer consented on version 1, retired before the focus group they attended;
    # the fieldworker facilitated it; Алия is invited to the coming one and has no consent yet.
    sid, who = world["study"].id, world["renewer"].pseudonym
    retired_flag = f"{who} consented on Информированное согласие, version 1, retired"
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{sid}/consent/forms")
    page.get_by_role("link", name="Version 2").click()
    page.get_by_role("button", name="New version from this one").click()
    page.get_by_label("Text in English").fill("Version three: the same study, a clearer text.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit for ethics approval").click()
    page.get_by_text("Submitted to the ethics reviewer.").wait_for()
    _log_out(page)

    log_in(page, world["reviewer"].email)
    open_study(page, world)
    page.get_by_role("link", name="Ethics desk").click()
    expect(page.get_by_text(retired_flag)).to_be_visible()  # waits for the desk, not the page before
    page.get_by_role("link", name="Consent forms").click()
    page.get_by_role("link", name="Version 3").click()
    page.get_by_label("Approval note").fill("Approved at the committee meeting.")
    page.get_by_role("button", name="Approve this version").click()
    page.get_by_text("Version approved; it can no longer be changed.").wait_for()
    _log_out(page)

    log_in(page, world["fieldworker"].email)
    page.goto(f"/studies/{sid}/sessions/{world['coming'].id}/consent")  # attendance refused without consent
    expect(page.get_by_text(f"{world['alia'].pseudonym} cannot be marked attended: no consent record")).to_be_visible()
    page.goto(f"/studies/{sid}/participants/{world['renewer'].id}/consent")
    page.get_by_role("link", name="Correct or renew consent").click()
    expect(page.get_by_label("Form version")).not_to_have_value("")
    for key in ("participation", "audio", "quotation", "archiving"):
        page.locator(f"input[name=item_{key}][value=yes]").check()
    page.get_by_label("Reason for the correction").fill("Renewed on version 3.")
    page.get_by_role("button", name="Save consent record").click()
    page.get_by_text(f"Consent of {who} recorded.").wait_for()
    expect(page.get_by_text("Superseded")).to_be_visible()
    _log_out(page)

    log_in(page, world["reviewer"].email)
    page.goto(f"/studies/{sid}/ethics")
    page.get_by_role("heading", name="Ethics desk").wait_for()
    expect(page.get_by_text(retired_flag)).to_have_count(0)
    page.get_by_role("row", name=who).get_by_role("link").nth(1).click()
    page.get_by_role("heading", name=f"Consent record of {who}").wait_for()
    expect(page.get_by_text("Информированное согласие, version 3")).to_be_visible()
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_text("Record marked reviewed.").wait_for()
