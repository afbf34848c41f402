"""The coordinator builds a bundle and downloads it; a fieldworker prints a protocol."""
import io
import re
import zipfile

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa
from pypdf import PdfReader

from app.exports.models import Bundle
from app.core.extensions import db
from tests.e2e.journeys import log_in

pytestmark = pytest.mark.e2e


def test_coordinator_builds_and_downloads_a_bundle(page, world, live_app, tmp_path):
    study = world["study"]
    with live_app.app_context():  # the world holds bundles of its own (one built by a job)
        before = set(db.session.scalars(sa.select(Bundle.id).where(Bundle.study_id == study.id)))
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{study.id}/bundles")
    page.get_by_role("button", name="Build bundle").click()
    # the build runs as a background job; its page offers the bundle when done (issue 18)
    page.get_by_role("link", name=re.compile(r"^Open the bundle")).click()
    page.get_by_role("heading", name=re.compile(r"^Bundle \d+$")).wait_for()
    with live_app.app_context():
        made = db.session.scalars(sa.select(Bundle.id).where(Bundle.study_id == study.id,
                                                             Bundle.id.not_in(before))).all()
    assert len(made) == 1
    expect(page.get_by_role("heading", name=f"Bundle {made[0]}")).to_be_visible()
    expect(page.get_by_role("heading", name="Left out")).to_be_visible()
    expect(page.get_by_text(f"{world['interview'].code}:")).to_be_visible()  # the withdrawn participant's interview
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    path = tmp_path / "bundle.zip"
    info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "MANIFEST-SHA256.txt" in names and f"transcripts/{world['focus_group'].code}.txt" in names


def test_fieldworker_prints_a_protocol_from_the_session_page(page, world, tmp_path):
    code = world["focus_group"].code
    log_in(page, world["fieldworker"].email)
    page.goto(f"/studies/{world['study'].id}/sessions")
    page.get_by_role("link", name=code).first.click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Русский").click()
    path = tmp_path / "protocol.pdf"
    info.value.save_as(path)
    text = PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
    assert f"Протокол сессии {code}" in text
