"""The coordinator adds an organisation and a participant, schedules a focus group with six
participants and a fieldworker, and the fieldworker finds it on their page."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.builders import today
from tests.e2e.journeys import log_in, open_study, type_in_picker

pytestmark = pytest.mark.e2e


def _log_in(page, world, who):
    log_in(page, world[who].email)
    open_study(page, world)


def _next(codes, prefix: str, sep: str = "") -> str:
    """The pseudonym after the highest one the world handed out with this prefix."""
    numbers = [int(code.removeprefix(prefix + sep)) for code in codes if code.startswith(prefix + sep)]
    return f"{prefix}{sep}{max(numbers, default=0) + 1:02d}"


def test_coordinator_schedules_a_focus_group_the_fieldworker_sees(page, world):
    org = _next([o.pseudonym for o in world["organisations"]], "LA", "-")
    person = _next([p.pseudonym for p in world["participants"]], "P")
    focus_group = _next([s.code for s in world["sessions"]], "FG", "-")
    _log_in(page, world, "coordinator")
    page.get_by_role("navigation", name="Study").get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name="Add organisation").click()
    page.get_by_label("Name").fill("Акимат села Тестовое (вымышленный)")
    page.get_by_label("Sector").select_option("local_authority")
    page.get_by_role("button", name="Save organisation").click()
    page.get_by_text(f"Organisation {org} added.").wait_for()

    page.get_by_role("navigation", name="Study").get_by_role("link", name="Participants").click()
    page.get_by_role("link", name="Add participant").click()
    page.get_by_label("Name", exact=True).fill("Гаухар Тестовая")
    type_in_picker(page, "Organisation", "Тестовое", org).click()  # a picker: typed, then chosen (issue 18)
    page.get_by_label("E-mail").fill("gaukhar@example.org")
    page.get_by_role("button", name="Save participant").click()
    page.get_by_text(f"Participant {person} added.").wait_for()

    page.get_by_role("navigation", name="Study").get_by_role("link", name="Sessions", exact=True).click()
    page.get_by_role("link", name="Schedule a session").click()
    day = (today(world["study"]) + timedelta(days=2)).isoformat()  # the form's times are the study's
    page.get_by_label("Type").select_option("focus_group")
    page.get_by_label("Starts").fill(f"{day}T20:00")
    page.get_by_label("Ends").fill(f"{day}T21:30")
    page.get_by_label("Place").fill("Акимат, зал заседаний")
    type_in_picker(page, "Host organisation", "Тестовое", org).click()
    page.get_by_role("group", name="Facilitators").get_by_label(world["fieldworker"].name).check()
    others = [p.pseudonym for p in world["participants"] if p.status not in ("declined", "withdrawn", "unreachable")][-5:]
    for wanted in [person, *others]:  # the people picker (issue 15)
        type_in_picker(page, "Invited participants", wanted, f"{wanted} · ")
        page.keyboard.press("Enter")
    expect(page.locator(".ts-wrapper.multi .ts-control .item")).to_have_count(6)  # the chosen, as chips
    page.get_by_role("button", name="Save session").click()
    scheduled = page.get_by_text(f"Session {focus_group} scheduled.")
    conflicts = page.get_by_text("Conflicts found")
    conflicts.or_(scheduled).first.wait_for()  # the answer to the post, whichever it is
    if conflicts.is_visible():
        page.get_by_label("Save despite the warnings above").check()
        page.get_by_role("button", name="Save session").click()
    scheduled.wait_for()
    expect(page.locator("table.data tbody tr")).to_have_count(6)
    page.get_by_role("button", name="Log out").click()

    _log_in(page, world, "fieldworker")
    page.get_by_role("navigation", name="Study").get_by_role("link", name="My sessions").click()
    page.get_by_role("link", name=focus_group).click()
    page.get_by_text("Гаухар Тестовая").wait_for()
    assert page.get_by_text("gaukhar@example.org").count() == 0  # the session page lists no contacts
