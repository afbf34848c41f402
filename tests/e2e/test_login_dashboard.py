"""A coordinator logs in through the browser and sees the study dashboard."""
import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import log_in, open_study

pytestmark = pytest.mark.e2e


def test_coordinator_logs_in_and_sees_the_dashboard(page, world):
    log_in(page, world["coordinator"].email)
    page.get_by_role("heading", name="My studies").wait_for()
    open_study(page, world)
    expect(page.get_by_role("navigation", name="Study")).to_be_visible()
    expect(page.get_by_role("link", name="Members")).to_be_visible()
    expect(page.locator(".stat").first).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in to Dala").wait_for()


def test_wrong_password_is_told_without_revealing_the_account(page, world):
    page.goto("/login")
    page.get_by_label("E-mail").fill(world["coordinator"].email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    # expect() waits for the answer to the post (is_visible() would read the form still on screen)
    expect(page.get_by_text("The e-mail or password is not correct.")).to_be_visible()


def test_interface_switches_to_russian(page, world):
    log_in(page, world["fieldworker"].email)
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="Мои исследования").wait_for()
