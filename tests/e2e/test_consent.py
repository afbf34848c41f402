"""The consent journey in the browser: a version approved, consent recorded, a flag cleared."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.consent.services import local_day
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.fieldwork.models import FieldSession
from app.recruitment.models import Participant
from app.studies.models import Study

pytestmark = pytest.mark.e2e


def _log_in(page, email):
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My studies").wait_for()


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


def _demo_ids(live_app):
    with live_app.app_context():
        study = db.session.scalar(sa.select(Study))
        p03 = db.session.scalar(sa.select(Participant).where(Participant.pseudonym == "P03"))
        fg01 = db.session.scalar(sa.select(FieldSession).where(FieldSession.code == "FG-01"))
        return study.id, p03.id, fg01.id, local_day(fg01.starts_at, study.timezone)


def test_reviewer_approves_fieldworker_records_consent_and_the_flag_clears(page, demo, live_app):
    sid, p03, fg01, day = _demo_ids(live_app)
    _log_in(page, demo["coordinator"])
    page.goto(f"/studies/{sid}/consent/forms")
    page.get_by_role("link", name="Version 2").click()
    page.get_by_role("button", name="New version from this one").click()
    page.get_by_label("Text in English").fill("Version three: the same study, a clearer text.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit for ethics approval").click()
    page.get_by_text("Submitted to the ethics reviewer.").wait_for()
    _log_out(page)

    _log_in(page, demo["reviewer"])
    page.get_by_role("link", name="Цифровое правительство").first.click()
    page.get_by_role("link", name="Ethics desk").click()
    assert page.get_by_text("P03 attended FG-01").is_visible()
    page.get_by_role("link", name="Consent forms").click()
    page.get_by_role("link", name="Version 3").click()
    page.get_by_label("Approval note").fill("Approved at the committee meeting.")
    page.get_by_role("button", name="Approve this version").click()
    page.get_by_text("Version approved; it can no longer be changed.").wait_for()
    _log_out(page)

    _log_in(page, demo["fieldworker"])
    page.goto(f"/studies/{sid}/sessions/{fg01}/consent")
    assert page.get_by_text("P03 cannot be marked attended: no consent record").is_visible()
    page.get_by_role("row", name="P03").get_by_role("link", name="Record consent").click()
    page.get_by_label("Date consent was given").fill((day - timedelta(days=1)).isoformat())
    for key in ("participation", "audio", "quotation", "archiving"):
        page.locator(f"input[name=item_{key}][value=yes]").check()
    page.get_by_role("button", name="Save consent record").click()
    page.get_by_text("Consent of P03 recorded.").wait_for()
    page.goto(f"/studies/{sid}/sessions/{fg01}/consent")
    assert page.get_by_text("P03 cannot be marked attended").count() == 0
    _log_out(page)

    _log_in(page, demo["reviewer"])
    page.goto(f"/studies/{sid}/ethics")
    assert page.get_by_text("P03 attended FG-01").count() == 0
    page.get_by_role("row", name="P03").get_by_role("link", name=day.strftime("%b")).click()
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_text("Record marked reviewed.").wait_for()
    assert page.get_by_role("heading", name="Consent record of P03").is_visible()
    assert page.get_by_text("Информированное согласие v3").is_visible()
    assert page.url.endswith(tuple("0123456789")) and f"/participants/{p03}/" not in page.url
