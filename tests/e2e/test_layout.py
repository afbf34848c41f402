"""Issue 15: the layout on a phone (390 px), a tablet (800 px) and a laptop (1280 px): the study
navigation in groups folding into a menu, tables as cards or with a marked scroll, focus and
borders at 3:1, filters that do not reload under the arrow keys."""
import os

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import log_in, open_study

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("DALA_SCREENSHOTS")  # a folder: the pages are saved there to be looked at


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css):
    return tuple(int(float(x)) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def _study(page, world, who="coordinator", width=1280):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world[who].email)
    open_study(page, world)
    return page.get_by_role("navigation", name="Study")


def test_phone_folds_the_navigation_into_a_menu(page, world):
    nav = _study(page, world, width=390)
    menu = nav.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()  # once the page's script has run (the menu button is its work)
    expect(nav.get_by_role("link", name="Participants")).to_be_hidden()
    box = nav.bounding_box()
    assert box["height"] < 900 / 4, "the closed navigation takes a small part of the screen"
    _shot(page, "nav-390-closed")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    for group in ("Recruitment", "Fieldwork", "Consent", "Data"):
        expect(nav.get_by_role("list", name=group)).to_be_visible()
    _shot(page, "nav-390-open")
    nav.get_by_role("link", name="Participants").click()
    page.get_by_role("heading", name="Participants", exact=True).wait_for()
    # under 600 px a table is a pile of cards, each value under its column's name
    row = page.locator("table.data tbody tr").first
    expect(row).to_have_css("display", "block")  # waits: the stylesheet may still be on its way
    labels = row.locator("td").evaluate_all("cells => cells.map(c => c.getAttribute('data-label'))")
    assert "Name" in labels and "Pseudonym" in labels, labels
    _shot(page, "participants-390")
    wide = page.evaluate("""Array.from(document.querySelectorAll('body *')).filter(e => !e.closest('thead') && e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)""")
    assert wide == [], "no sideways page scroll"


def test_laptop_shows_every_entry_in_groups(page, world):
    nav = _study(page, world, width=1280)
    # expect() waits: the page may be shown before its stylesheet (a 304 in flight) hides the button
    expect(nav.get_by_role("button", name="Menu")).to_be_hidden()
    for group, entry in (("Recruitment", "Participants"), ("Fieldwork", "Calendar"), ("Consent", "Ethics desk"),
                         ("Data", "Bundles")):
        expect(nav.get_by_role("list", name=group).get_by_role("link", name=entry, exact=True)).to_be_visible()
    # retention (issue 17) and the study search joined the bar: three short lines at most on a laptop
    assert nav.bounding_box()["height"] < 170, "groups fit in about three lines"
    _shot(page, "nav-1280")


def test_tablet_marks_a_table_that_scrolls(page, world):
    nav = _study(page, world, width=800)
    expect(nav.get_by_role("link", name="Participants")).to_be_visible()  # 800 px shows the whole navigation
    nav.get_by_role("link", name="Participants").click()
    page.wait_for_load_state("load")  # the deferred script marks the tables once the page is parsed
    box = page.locator(".table-wrap").first
    wide = box.evaluate("b => b.scrollWidth > b.clientWidth + 1")
    if wide:  # a scrolling table says so and takes keyboard focus
        expect(box).to_have_attribute("tabindex", "0")
        expect(page.get_by_text("Scroll sideways to see every column.")).to_be_visible()
    else:
        assert page.locator("table.data th").last.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    _shot(page, "participants-800")


def test_a_table_that_widens_after_loading_is_marked_too(page, world):
    nav = _study(page, world, width=800)
    nav.get_by_role("link", name="Participants").click()
    page.wait_for_load_state("load")
    box = page.locator(".table-wrap").first
    # a late web font or the reader's larger text widens the table without resizing the window
    box.evaluate("b => { b.querySelector('table').style.fontSize = '48px'; }")
    expect(box).to_have_attribute("tabindex", "0")
    expect(page.get_by_text("Scroll sideways to see every column.")).to_be_visible()
    box.evaluate("b => { b.querySelector('table').style.fontSize = '4px'; }")
    expect(box).not_to_have_attribute("tabindex", "0")


def test_focus_outline_and_borders_reach_three_to_one(page, world):
    _study(page, world, width=1280)
    page.get_by_role("navigation", name="Study").get_by_role("link", name="Participants").click()
    page.get_by_role("heading", name="Participants", exact=True).wait_for()
    page.wait_for_load_state("load")  # the stylesheet, before a computed colour is read
    search = page.get_by_label("Name or pseudonym")
    border = _rgb(search.evaluate("e => getComputedStyle(e).borderTopColor"))
    assert _contrast(border, (255, 255, 255)) >= 3
    search.focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert _contrast(_rgb(outline), (255, 255, 255)) >= 3
    assert _contrast(_rgb(outline), (246, 248, 247)) >= 3


def test_a_filter_select_does_not_reload_under_the_arrow_keys(page, world):
    _study(page, world, width=1280)
    page.get_by_role("navigation", name="Study").get_by_role("link", name="Participants").click()
    page.get_by_role("heading", name="Participants", exact=True).wait_for()
    page.wait_for_load_state("load")  # dala.js, whose autosubmit is what is checked here
    before = page.url
    status = page.get_by_label("Status", exact=True)
    status.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == before
    expect(status).to_be_focused()  # focus stays on the select
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**status=*")


def test_the_attendance_table_names_every_column(page, world):
    _study(page, world, who="fieldworker", width=1280)
    page.goto(f"/studies/{world['study'].id}/sessions/{world['awaiting'].id}/complete")
    heads = page.locator("table.data thead th").all_inner_texts()
    assert all(h.strip() for h in heads), heads


# Whatever sticks out past the right edge of the screen (a table's own marked scroll region and
# the visually hidden header of a table shown as cards excepted): a page that scrolls sideways.
STICKING_OUT = """Array.from(document.querySelectorAll('body *')).filter(e =>
    !e.closest('thead') && !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1
).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className)"""


def _daily_pages(world):
    study = f"/studies/{world['study'].id}"
    return {"coordinator": [f"{study}/", f"{study}/participants", f"{study}/participants/new",
                            f"{study}/sessions/new", f"{study}/search?q=P0", f"{study}/organisations",
                            f"{study}/consent/forms", f"{study}/bundles",
                            f"{study}/bundles/jobs/{world['bundle_job'].id}"],
            "fieldworker": [f"{study}/my-sessions", f"{study}/sessions/{world['awaiting'].id}/complete",
                            f"{study}/sessions/{world['coming'].id}"],
            "reviewer": [f"{study}/ethics", f"{study}/search?q=P0"]}


@pytest.mark.parametrize("who", ["coordinator", "fieldworker", "reviewer"])
def test_no_daily_page_scrolls_sideways_on_a_phone(page, world, who):
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, world[who].email)
    for url in _daily_pages(world)[who]:
        page.goto(url)
        assert page.evaluate(STICKING_OUT) == [], url
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url


def test_a_span_opened_for_editing_fits_a_phone(page, world):
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, world["fieldworker"].email)
    page.goto(f"/studies/{world['study'].id}/transcripts/{world['transcript'].id}")
    row = page.locator(".spans tbody tr").first
    row.locator("summary").click()
    category = row.get_by_label("Category")
    category.wait_for()
    assert category.bounding_box()["x"] + category.bounding_box()["width"] <= 390
    assert page.evaluate(STICKING_OUT) == []
    _shot(page, "span-edit-390")
