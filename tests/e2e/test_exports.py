"""The coordinator builds a bundle and downloads it; a fieldworker prints a protocol."""
import io
import zipfile

import pytest
from pypdf import PdfReader

from tests.e2e.journeys import log_in

pytestmark = pytest.mark.e2e


def test_coordinator_builds_and_downloads_a_bundle(page, demo, tmp_path):
    log_in(page, demo["coordinator"])
    page.goto("/studies/1/bundles")
    page.get_by_role("button", name="Build bundle").click()
    page.get_by_role("heading", name="Bundle 1").wait_for()
    assert page.get_by_role("heading", name="Left out").is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    path = tmp_path / "bundle.zip"
    info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "MANIFEST-SHA256.txt" in names and any(n.startswith("transcripts/") for n in names)


def test_fieldworker_prints_a_protocol_from_the_session_page(page, demo, tmp_path):
    log_in(page, demo["fieldworker"])
    page.goto("/studies/1/sessions")
    page.get_by_role("link", name="FG-01").first.click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Русский").click()
    path = tmp_path / "protocol.pdf"
    info.value.save_as(path)
    text = PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
    assert "Протокол сессии FG-01" in text
