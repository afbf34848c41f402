"""A coordinator logs in through the browser and sees the study dashboard."""
import pytest

from tests.e2e.journeys import log_in, open_study

pytestmark = pytest.mark.e2e


def test_coordinator_logs_in_and_sees_the_dashboard(page, world):
    log_in(page, world["coordinator"].email)
    page.get_by_role("heading", name="My studies").wait_for()
    open_study(page, world)
    assert page.get_by_role("navigation", name="Study").is_visible()
    assert page.get_by_role("link", name="Members").is_visible()
    assert page.locator(".stat").first.is_visible()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in to Dala").wait_for()


def test_wrong_password_is_told_without_revealing_the_account(page, world):
    page.goto("/login")
    page.get_by_label("E-mail").fill(world["coordinator"].email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("The e-mail or password is not correct.").is_visible()


def test_interface_switches_to_russian(page, world):
    log_in(page, world["fieldworker"].email)
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="Мои исследования").wait_for()
