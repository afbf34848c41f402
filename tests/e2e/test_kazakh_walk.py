"""A walk through the main pages as each role with the interface in Kazakh: no English word left.

The user picks Қазақша in the language menu on the login page, logs in with the Kazakh form
and opens the dashboard, the lists, a session, consent, the ethics desk, transcripts, bundles and
the audit trail. Every word with Latin letters on the page must be content (a word stored in
the database: names, e-mail addresses, codes, what people typed) or on a short list of codes
and product names; anything else is an interface word left in English. Screenshots go to
/tmp/i14shots for a person to look at.
"""
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core.extensions import db
from tests.builders import DEFAULT_PASSWORD

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/i14shots")
# Product, format and standard names, and the language menu's own names, written the same in Kazakh.
ALLOWED = {"Dala", "CSV", "PDF", "ZIP", "REFI", "QDA", "qdpx", "NVivo", "ATLAS", "ti", "MAXQDA", "QualCoder",
           "Excel", "UTF", "BOM", "RFC", "R", "Python", "XLSForm", "English", "README", "SHA", "docx", "txt",
           "vtt", "srt", "xlsx", "ODK", "KoboToolbox", "eGov", "iCal", "ics", "Asia", "Almaty", "QR",
           "PERSON", "CONTACT", "STAFF", "P", "e", "mail",
           "ru", "kk", "en"}  # language codes in the trail's values
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
}
ROLES = ("coordinator", "fieldworker", "reviewer")


def _content_words(app) -> set[str]:
    """Every Latin word stored in the database's text columns: content, not interface."""
    words: set[str] = set()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text, sa.JSON))]
            if not columns:
                continue
            for row in db.session.execute(sa.select(*columns)):
                for value in row:
                    words.update(LATIN_WORD.findall(str(value)) if value is not None else ())
    return {w for w in words if len(w) > 2}  # "v" or "of" in a note would hide an interface word


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
    SHOTS.mkdir(exist_ok=True)
    content = _content_words(live_app)
    ids = {"sid": world["study"].id, "participant": world["participant"].id, "session": world["session"].id,
           "record": world["consent_record"].id, "transcript": world["approved"].id}
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
        page.screenshot(path=str(SHOTS / f"{role}-{name}.png"), full_page=True)
        left = _english_left(page.inner_text("body"), content)
        if left:
            found[name] = left
        visited.append(name)
    assert {"dashboard", "sessions", "session", "transcripts", "audit"} & set(visited), (visited, refused)
    assert not found, f"English words on Kazakh pages for the {role}: {found}"
