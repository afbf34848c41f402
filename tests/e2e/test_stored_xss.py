"""Script stored in any text field stays text on every page, with the CSP in force.

The world's free-text fields (tests/world.py) get a payload that would set window.__xss if it
ran; the coordinator then visits every page reachable from the study (two of each kind). On each
page: the payload is not in the HTML unescaped, no script set the marker, the CSP reported no
violation and the console no error (the fixture `page` fails on console errors).
"""
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.consent.models import ConsentForm, ConsentFormVersion, ConsentNote, ConsentWithdrawal
from app.core.extensions import db
from app.fieldwork.models import FieldSession
from app.instruments.models import Instrument, Question, Section
from app.recruitment.models import Organisation, Participant, StatusChange
from app.studies.models import Study
from app.transcripts.models import Transcript, Turn
from tests.e2e.journeys import log_in
from tests.security.hostile import study_start

pytestmark = pytest.mark.e2e

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
TEXT_FIELDS = {
    Study: ["title"], User: ["name"], Organisation: ["name", "region", "notes"],
    Participant: ["name", "position", "notes"], StatusChange: ["reason"],
    FieldSession: ["location", "field_notes"], ConsentForm: ["title"],
    ConsentWithdrawal: ["note"], ConsentNote: ["body"], Instrument: ["title"],
    Transcript: ["raw_text"], Turn: ["anonymised_text"],
}
JSON_TEXTS = {ConsentFormVersion: ["texts"], Section: ["title"], Question: ["text", "probes"]}
SHOWN = {  # pages that show the planted fields, among others
    "dashboard.index", "recruitment.participants", "recruitment.participant_detail",
    "recruitment.organisations", "recruitment.organisation_detail", "fieldwork.sessions",
    "fieldwork.session_detail", "consent.version", "consent.record",
    "consent.participant", "instruments.index", "instruments.version", "instruments.edit_question",
    "transcripts.index", "transcripts.detail", "studies.members", "audit.trail", "consent.desk",
    "instruments.session_answers", "fieldwork.calendar"}
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def plant_payloads() -> int:
    """The payload appended to every free-text field in the database; returns how many were set."""
    count = 0
    for model, names in TEXT_FIELDS.items():
        for obj in db.session.scalars(sa.select(model)):
            for name in names:
                setattr(obj, name, (getattr(obj, name) or "") + PAYLOAD)
                count += 1
    for model, names in JSON_TEXTS.items():
        for obj in db.session.scalars(sa.select(model)):
            owner = getattr(obj, "instrument_version", obj)
            if getattr(owner, "status", "draft") != "draft":
                continue  # approved versions are immutable; drafts carry the payload
            for name in names:
                setattr(obj, name, {lang: f"{text}{PAYLOAD}" for lang, text in
                                    ((getattr(obj, name) or {}) | {"en": ""}).items()})
                count += 1
    for version in db.session.scalars(sa.select(ConsentFormVersion).filter_by(status="draft")):
        version.items = [{**item, "labels": {lang: f"{text}{PAYLOAD}" for lang, text in item["labels"].items()}}
                         for item in version.items]
        count += len(version.items)
    db.session.commit()
    return count


def test_stored_script_is_inert_on_every_page(page, world, live_app):
    with live_app.app_context():
        assert plant_payloads() > 50
    page.add_init_script(WATCH)
    log_in(page, world["coordinator"].email)

    adapter = live_app.url_map.bind("localhost")
    with live_app.app_context():
        queue = study_start(world["study"].id)
    seen, per_endpoint, visited = set(), {}, []
    while queue and len(visited) < 120:
        path = queue.pop(0)
        try:
            endpoint = adapter.match(urlsplit(path).path)[0]
        except Exception:  # noqa: BLE001 - not a page of Dala
            continue
        if path in seen or per_endpoint.get(endpoint, 0) >= 2 or "logout" in path or "/admin" in path:
            continue
        seen.add(path)
        response = page.request.get(path)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        assert "<script>window.__xss" not in response.text(), f"unescaped payload in {path}"
        page.goto(path)
        visited.append(path)
        assert page.evaluate("window.__xss") is None, f"script ran on {path}"
        assert page.evaluate("window.__csp") == [], f"CSP violation on {path}"
        links = page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
        queue.extend(link for link in links if "?" not in link and link not in seen)
    assert SHOWN <= set(per_endpoint), SHOWN - set(per_endpoint)
