"""Issue 15: people pickers that scale. Invitees and "referred by" are searched as one types
(pseudonym, name or organisation), the chosen shown as removable chips, all by keyboard; without
JavaScript the plain select still works."""
import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import log_in, type_in_picker, without_javascript

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [390, 800, 1280])
def test_invitees_are_picked_by_typing_and_removed_by_keyboard(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/sessions/new")
    assert page.locator("#participant_ids option").count() == 0, "no list of everyone in the page"
    maria, alia = world["maria"], world["alia"]
    type_in_picker(page, "Invited participants", maria.pseudonym, maria.name)
    page.keyboard.press("Enter")
    type_in_picker(page, "Invited participants", alia.name.split()[0], alia.name)
    page.keyboard.press("Enter")
    chips = page.locator(".ts-control .item")
    expect(chips).to_have_count(2)
    expect(chips.first).to_contain_text(maria.pseudonym)
    page.keyboard.press("Backspace")  # the text box is empty: the last chip goes
    expect(chips).to_have_count(1)
    organisation = world["organisations"][0].name  # search by organisation
    type_in_picker(page, "Invited participants", organisation.split()[0], organisation)
    assert page.locator(".ts-dropdown .option .picker-org").first.inner_text()
    page.keyboard.press("Escape")
    values = page.eval_on_selector("#participant_ids", "s => Array.from(s.selectedOptions).map(o => o.value)")
    assert values == [str(maria.id)]


def test_the_picker_only_offers_who_can_still_be_invited(page, world):
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/sessions/new")
    withdrawn = world["withdrawn"]
    type_in_picker(page, "Invited participants", withdrawn.pseudonym)
    assert page.locator(".ts-dropdown .option", has_text=withdrawn.name).count() == 0


def test_referred_by_is_one_person_picked_by_typing(page, world):
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/participants/new")
    page.get_by_label("Name", exact=True).fill("Тест Рефералов")
    type_in_picker(page, "Referred by", world["maria"].pseudonym, world["maria"].name)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Save participant").click()
    page.get_by_text("Тест Рефералов").first.wait_for()
    expect(page.get_by_role("link", name=world["maria"].pseudonym).first).to_be_visible()


def test_without_javascript_the_plain_select_works(browser, live_server, world):
    with without_javascript(browser, live_server, world["coordinator"].email) as page:
        page.goto(f"/studies/{world['study'].id}/sessions/new")
        select = page.get_by_label("Invited participants")
        assert select.evaluate("s => s.tagName") == "SELECT" and select.locator("option").count() > 5


def test_the_organisation_is_picked_by_typing_its_name(page, world):
    """Issue 18: the organisation select is a picker too (names found though sealed at rest)."""
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/participants/new")
    page.get_by_label("Name", exact=True).fill("Тест Организациев")
    organisation = world["organisations"][0]
    type_in_picker(page, "Organisation", organisation.name.split()[-1].strip("()«»"), organisation.pseudonym).click()
    expect(page.locator("#organisation_id")).to_have_value(str(organisation.id))
    page.get_by_role("button", name="Save participant").click()
    page.get_by_text("Тест Организациев").first.wait_for()
    expect(page.get_by_text(organisation.pseudonym).first).to_be_visible()
