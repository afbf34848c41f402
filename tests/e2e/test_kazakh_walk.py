"""A walk through the main pages as each role with the interface in Kazakh: no English word left.

The user picks Қазақша in the language menu on the login page, logs in with the Kazakh form
and opens the dashboard, the lists, a session, consent, the ethics desk, transcripts, bundles and
the audit trail. Every word with Latin letters on the page must be content (a word stored in
the database: names, e-mail addresses, codes, what people typed) or on a short list of codes
and product names; anything else is an interface word left in English. Titles, placeholders
and labels for screen readers are read as well as the visible text. With DALA_SCREENSHOTS set
to a folder, each page is saved there for a person to look at.
"""
import json
import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core.extensions import db
from tests.builders import DEFAULT_PASSWORD

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("DALA_SCREENSHOTS")  # a folder: the pages are saved there to be looked at
# Product, format and standard names, and the language menu's own names, written the same in Kazakh.
ALLOWED = {"Dala", "CSV", "PDF", "ZIP", "REFI", "QDA", "qdpx", "NVivo", "ATLAS", "ti", "MAXQDA", "QualCoder",
           "Excel", "UTF", "BOM", "RFC", "R", "Python", "XLSForm", "English", "README", "SHA", "docx", "txt",
           "vtt", "srt", "xlsx", "ODK", "KoboToolbox", "eGov", "iCal", "ics", "Asia", "Almaty", "QR",
           "PERSON", "CONTACT", "STAFF", "P", "e", "mail",
           "ru", "kk", "en",  # language codes in the trail's values
           "Ctrl", "Cmd", "Windows",  # keys and an encoding's name
           # the column names a CSV file to import has, named as the file must write them
           "name", "sector", "region", "notes", "organisation", "position", "gender", "languages", "email", "phone",
           "referred_by"}
HEX = re.compile(r"[0-9a-f]{12,}")  # a checksum
CODE = re.compile(r"^[A-Z]{1,5}(-[A-Z0-9]+)*-?\d*$")  # P07, FG-01, IRB-TEST-E2E, LA-03, STAFF-2
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")

PAGES = {
    "dashboard": "/studies/{sid}/",
    "studies": "/studies/",
    "participants": "/studies/{sid}/participants",
    "participant": "/studies/{sid}/participants/{participant}",
    "organisations": "/studies/{sid}/organisations",
    "sessions": "/studies/{sid}/sessions",
    "session": "/studies/{sid}/sessions/{session}",
    "calendar": "/studies/{sid}/calendar",
    "consent": "/studies/{sid}/consent",
    "consent_forms": "/studies/{sid}/consent/forms",
    "consent_record": "/studies/{sid}/consent/records/{record}",
    "desk": "/studies/{sid}/ethics",
    "instruments": "/studies/{sid}/instruments/",
    "transcripts": "/studies/{sid}/transcripts/",
    "transcript": "/studies/{sid}/transcripts/{transcript}",
    "bundles": "/studies/{sid}/bundles",
    "audit": "/studies/{sid}/audit",
    "settings": "/studies/{sid}/edit",
    "targets": "/studies/{sid}/targets",
    "my_sessions": "/studies/{sid}/my-sessions",
    "instrument_version": "/studies/{sid}/instruments/versions/{version}",
    "answers": "/studies/{sid}/sessions/{session}/answers",
    "protocols": "/studies/{sid}/protocols",
    "bundle": "/studies/{sid}/bundles/{bundle}",
    "key": "/studies/{sid}/transcripts/key",
    "import": "/studies/{sid}/import",
    "consent_participant": "/studies/{sid}/participants/{participant}/consent",
    "session_check": "/studies/{sid}/sessions/{session}/consent",
}
ROLES = ("coordinator", "fieldworker", "reviewer")


def _content_words(app) -> set[str]:
    """Every Latin word stored in the database (text and JSON columns): content, not interface."""
    words: set[str] = set()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                for value in row:
                    if isinstance(value, (dict, list)):
                        value = json.dumps(value, ensure_ascii=False)
                    if isinstance(value, str):
                        words.update(LATIN_WORD.findall(value))
    return {w for w in words if len(w) > 1}  # a stray "v" in a note would hide "v1" in a label


def _english_left(text: str, content: set[str]) -> dict[str, str]:
    """Each Latin word that is not content or a code, with the words around it."""
    left = {}
    for match in re.finditer(r"[\w'’.@/-]+", text):
        token = match.group(0)
        if "@" in token or "/" in token or "_" in token or HEX.fullmatch(token):  # addresses, codes
            continue
        for word in LATIN_WORD.findall(token):
            if word in content or word in ALLOWED or CODE.match(word):
                continue
            left.setdefault(word, " ".join(text[max(0, match.start() - 40):match.end() + 40].split()))
    return left


def _kazakh_login(page, email: str) -> None:
    page.goto("/login")
    page.locator("select[name=locale]").select_option("kk")
    page.locator("select[name=locale]").locator("xpath=ancestor::form").locator("button").click()
    page.get_by_label("Электрондық пошта").fill(email)
    page.get_by_label("Құпиясөз").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/studies/")


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_in_kazakh_has_no_english_word(page, world, live_app, role):
    content = _content_words(live_app)
    ids = {"sid": world["study"].id, "participant": world["participant"].id, "session": world["session"].id,
           "record": world["consent_record"].id, "transcript": world["approved"].id,
           "version": world["questionnaire"].id, "bundle": world["bundle"].id}
    _kazakh_login(page, world[role].email)
    visited, refused, found = [], [], {}
    for name, pattern in PAGES.items():
        url = pattern.format(**ids)
        if page.request.get(url).status in (403, 404):  # not this role's page: no console error either
            refused.append(name)
            continue
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        assert page.locator("html").get_attribute("lang") == "kk", name
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"kk-{role}-{name}.png"), full_page=True)
        attributes = page.eval_on_selector_all(
            "[title], [placeholder], [aria-label], input[type=submit], img[alt]",
            "els => els.map(e => [e.title, e.placeholder, e.getAttribute('aria-label'), e.alt,"
            " e.type === 'submit' ? e.value : ''].filter(Boolean).join(' '))")
        left = _english_left(page.inner_text("body") + "\n" + "\n".join(attributes), content)
        if left:
            found[name] = left
        visited.append(name)
    assert {"dashboard", "sessions", "session", "transcripts", "audit"} & set(visited), (visited, refused)
    assert not found, f"English words on Kazakh pages for the {role}: {found}"
