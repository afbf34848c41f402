"""The consent journey in the browser: a version approved, attendance refused without consent,
consent renewed by a fieldworker, the reviewer's flag cleared and the record reviewed."""
import pytest
import sqlalchemy as sa

from app.consent import flags
from app.core.extensions import db
from app.fieldwork.models import FieldSession, SessionStaff, StaffRole
from app.recruitment.models import Participant
from app.studies.models import Study
from tests.e2e.journeys import log_in

pytestmark = pytest.mark.e2e


def _log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in to Dala").wait_for()


def _demo_facts(live_app) -> dict:
    """The demo's retired-version flag: whose, and which fieldworker ran that session."""
    with live_app.test_request_context():
        study = db.session.scalar(sa.select(Study))
        flag = next(f for f in flags.study_flags(study) if f.kind == "retired_version")
        participant = db.session.get(Participant, flag.participant_id)
        staff = db.session.scalar(sa.select(SessionStaff).where(
            SessionStaff.session_id == flag.session_id, SessionStaff.role == StaffRole.FACILITATOR))
        fg01 = db.session.scalar(sa.select(FieldSession).where(FieldSession.code == "FG-01"))
        return {"study": study.id, "pseudonym": participant.pseudonym, "participant": participant.id,
                "fieldworker": staff.user.email, "fg01": fg01.id}


def test_reviewer_approves_fieldworker_renews_consent_and_the_flag_clears(page, demo, live_app):
    facts = _demo_facts(live_app)
    sid, who = facts["study"], facts["pseudonym"]
    log_in(page, demo["coordinator"])
    page.goto(f"/studies/{sid}/consent/forms")
    page.get_by_role("link", name="Version 2").click()
    page.get_by_role("button", name="New version from this one").click()
    page.get_by_label("Text in English").fill("Version three: the same study, a clearer text.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit for ethics approval").click()
    page.get_by_text("Submitted to the ethics reviewer.").wait_for()
    _log_out(page)

    log_in(page, demo["reviewer"])
    page.get_by_role("link", name="Цифровое правительство").first.click()
    page.get_by_role("link", name="Ethics desk").click()
    assert page.get_by_text(f"{who} consented on Информированное согласие v1, retired").is_visible()
    page.get_by_role("link", name="Consent forms").click()
    page.get_by_role("link", name="Version 3").click()
    page.get_by_label("Approval note").fill("Approved at the committee meeting.")
    page.get_by_role("button", name="Approve this version").click()
    page.get_by_text("Version approved; it can no longer be changed.").wait_for()
    _log_out(page)

    log_in(page, facts["fieldworker"])
    page.goto(f"/studies/{sid}/sessions/{facts['fg01']}/consent")  # attendance refused without consent
    assert page.get_by_text("P03 cannot be marked attended: no consent record").is_visible()
    page.goto(f"/studies/{sid}/participants/{facts['participant']}/consent")
    page.get_by_role("link", name="Correct or renew consent").click()
    assert page.get_by_label("Form version").input_value() != ""
    for key in ("participation", "audio", "quotation", "archiving"):
        page.locator(f"input[name=item_{key}][value=yes]").check()
    page.get_by_label("Reason for the correction").fill("Renewed on version 3.")
    page.get_by_role("button", name="Save consent record").click()
    page.get_by_text(f"Consent of {who} recorded.").wait_for()
    assert page.get_by_text("Superseded").is_visible()
    _log_out(page)

    log_in(page, demo["reviewer"])
    page.goto(f"/studies/{sid}/ethics")
    assert page.get_by_text(f"{who} consented on Информированное согласие v1, retired").count() == 0
    page.get_by_role("row", name=who).get_by_role("link").nth(1).click()
    page.get_by_role("heading", name=f"Consent record of {who}").wait_for()
    assert page.get_by_text("Информированное согласие v3").is_visible()
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_text("Record marked reviewed.").wait_for()
