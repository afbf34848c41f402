"""Issue 15: people pickers that scale. Invitees and "referred by" are searched as one types
(pseudonym, name or organisation), the chosen shown as removable chips, all by keyboard; without
JavaScript the plain select still works."""
import pytest

from tests.builders import DEFAULT_PASSWORD
from tests.e2e.journeys import log_in

pytestmark = pytest.mark.e2e


def _combobox(page, label):
    return page.get_by_role("combobox", name=label)


@pytest.mark.parametrize("width", [390, 800, 1280])
def test_invitees_are_picked_by_typing_and_removed_by_keyboard(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/sessions/new")
    box = _combobox(page, "Invited participants")
    assert page.locator("#participant_ids option").count() == 0, "no list of everyone in the page"
    maria, alia = world["maria"], world["alia"]
    box.fill(maria.pseudonym)
    page.locator(".ts-dropdown .option", has_text=maria.name).wait_for()
    page.keyboard.press("Enter")
    box.fill(alia.name.split()[0])
    page.locator(".ts-dropdown .option", has_text=alia.name).wait_for()
    page.keyboard.press("Enter")
    chips = page.locator(".ts-control .item")
    assert chips.count() == 2 and maria.pseudonym in chips.first.inner_text()
    page.keyboard.press("Backspace")  # the text box is empty: the last chip goes
    assert chips.count() == 1
    organisation = world["organisations"][0].name  # search by organisation
    box.fill(organisation.split()[0])
    page.locator(".ts-dropdown .option").first.wait_for()
    assert page.locator(".ts-dropdown .option .picker-org").first.inner_text()
    page.keyboard.press("Escape")
    values = page.eval_on_selector("#participant_ids", "s => Array.from(s.selectedOptions).map(o => o.value)")
    assert values == [str(maria.id)]


def test_the_picker_only_offers_who_can_still_be_invited(page, world):
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/sessions/new")
    withdrawn = world["withdrawn"]
    _combobox(page, "Invited participants").fill(withdrawn.pseudonym)
    page.locator(".ts-dropdown .no-results, .ts-dropdown .option").first.wait_for()
    assert page.locator(".ts-dropdown .option", has_text=withdrawn.name).count() == 0


def test_referred_by_is_one_person_picked_by_typing(page, world):
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/participants/new")
    page.get_by_label("Name", exact=True).fill("Тест Рефералов")
    box = _combobox(page, "Referred by")
    box.fill(world["maria"].pseudonym)
    page.locator(".ts-dropdown .option", has_text=world["maria"].name).wait_for()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Save participant").click()
    page.get_by_text("Тест Рефералов").first.wait_for()
    assert page.get_by_role("link", name=world["maria"].pseudonym).first.is_visible()


def test_without_javascript_the_plain_select_works(browser, live_server, world):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto("/login")
        page.get_by_label("E-mail").fill(world["coordinator"].email)
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"/studies/{world['study'].id}/sessions/new")
        select = page.get_by_label("Invited participants")
        assert select.evaluate("s => s.tagName") == "SELECT" and select.locator("option").count() > 5
    finally:
        context.close()


def test_the_organisation_is_picked_by_typing_its_name(page, world):
    """Issue 18: the organisation select is a picker too (names found though sealed at rest)."""
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/participants/new")
    page.get_by_label("Name", exact=True).fill("Тест Организациев")
    organisation = world["organisations"][0]
    box = _combobox(page, "Organisation")
    box.fill(organisation.name.split()[-1].strip("()«»"))
    page.locator(".ts-dropdown .option", has_text=organisation.pseudonym).first.wait_for()
    page.locator(".ts-dropdown .option", has_text=organisation.pseudonym).first.click()
    value = page.eval_on_selector("#organisation_id", "s => s.value")
    assert value == str(organisation.id)
    page.get_by_role("button", name="Save participant").click()
    page.get_by_text("Тест Организациев").first.wait_for()
    assert page.get_by_text(organisation.pseudonym).first.is_visible()
