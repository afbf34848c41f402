"""A fieldworker uploads a transcript, maps its speakers, rejects a span, adds one by selecting
words, accepts the rest from the keyboard, and approves it."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import log_in, open_study, open_upload

pytestmark = pytest.mark.e2e

TEXT = ("Модератор: Здравствуйте! Расскажите о проекте в Сарыбеле.\n"
        "Участник: Проект ведёт Бауыржан Тестов, его почта b.testov@example.kz, "
        "телефон +7 701 999 88 77. Встречались в кафе Жулдыз.\n")


def _select_words(page, words):
    """Select `words` in the transcript text as a person would with the mouse."""
    page.evaluate("""(words) => {
        const root = document.getElementById('transcript-text');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const nodes = []; let all = '', node;
        while ((node = walker.nextNode())) { nodes.push([node, all.length]); all += node.textContent; }
        const at = all.indexOf(words);
        if (at < 0) { throw new Error('words not found'); }
        const place = (offset) => {
            for (let i = nodes.length - 1; i >= 0; i--) {
                if (nodes[i][1] <= offset) { return [nodes[i][0], offset - nodes[i][1]]; }
            }
        };
        const range = document.createRange();
        range.setStart(...place(at)); range.setEnd(...place(at + words.length));
        const selection = window.getSelection();
        selection.removeAllRanges(); selection.addRange(range);
        root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", words)


def _pending(page) -> int:
    page.locator("#transcript-text[data-ready]").wait_for(state="attached")  # review.js has run
    return page.locator("#transcript-text mark.is-pending").count()


def test_fieldworker_uploads_maps_reviews_and_approves(page, world, tmp_path):
    code = world["focus_group"].code  # a session the fieldworker facilitated
    log_in(page, world["fieldworker"].email)
    open_study(page, world)
    open_upload(page, code)
    path = tmp_path / f"{code}.txt"
    path.write_bytes(TEXT.encode("cp1251"))
    page.get_by_label("Transcript file").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("heading", name="Check the transcript before it is stored").wait_for()
    page.get_by_role("button", name="Store the transcript").click()  # speakers mapped below instead
    page.get_by_text("Transcript uploaded: 2 turns.").wait_for()

    for label, pick in (("Модератор", world["fieldworker"].name), ("Участник", re.compile(r"^P\d+ · "))):
        select = page.get_by_label(label, exact=True)
        option = select.locator("option", has_text=pick).first.get_attribute("value")
        select.select_option(option)
    page.get_by_role("button", name="Save speakers").click()
    page.get_by_text("spans found for review").wait_for()

    phone = page.locator("#transcript-text mark", has_text="+7 701 999 88 77")
    row = page.locator("#row-" + phone.get_attribute("data-span"))
    row.get_by_role("button", name="Reject").click()
    page.locator(".spans tr.is-rejected").first.wait_for()

    page.locator("#transcript-text[data-ready]").wait_for(state="attached")
    _select_words(page, "кафе Жулдыз")
    expect(page.get_by_label("Exact text")).to_have_value("кафе Жулдыз")
    page.get_by_label("Category", exact=True).last.select_option("place")
    page.get_by_role("button", name="Add span").click()
    page.get_by_text("1 span added.").wait_for()

    for _ in range(100):  # j moves to a span, a accepts it in place and selects the next one
        left = _pending(page)
        if not left:
            break
        if page.locator("mark.is-current.is-pending").count() == 0:
            page.keyboard.press("j")
            continue
        page.keyboard.press("a")
        page.wait_for_function("n => document.querySelectorAll('#transcript-text mark.is-pending').length < n", arg=left)
    assert _pending(page) == 0

    page.get_by_role("button", name="Approve transcript").click()
    page.get_by_text("Transcript approved").wait_for()
    anonymised = page.locator(".transcript-text.anonymised").inner_text()
    assert "+7 701 999 88 77" in anonymised  # rejected: kept
    assert "Бауыржан Тестов" not in anonymised and "b.testov@example.kz" not in anonymised
    assert "Жулдыз" not in anonymised and re.search(r"\[PLACE-\d+\]", anonymised)
