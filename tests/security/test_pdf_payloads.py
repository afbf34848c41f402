"""Every PDF prints stored markup as text, and WeasyPrint fetches nothing it names.

The world's free-text fields (tests/world.py) get a payload with a <script> and an <img> whose
URL points at a local HTTP server that counts requests; the consent form, ethics report, interview
guide and session protocol are rendered, their text must hold the literal `<script>`, and the
server must have seen no request.
"""
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from tests.e2e import test_stored_xss as stored
from tests.support.report import ask_report
from tests.world import PASSWORD
from tests.support.snapshot import snapshot_world


@pytest.fixture
def watched_server():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_every_pdf_prints_markup_as_text_and_fetches_nothing(ctx, login, watched_server, monkeypatch):
    url, hits = watched_server
    world = snapshot_world()
    monkeypatch.setattr(stored, "PAYLOAD", f'<script>window.__xss=1</script><img src="{url}/img" '
                                            f'onerror="window.__xss=1"><link rel="stylesheet" href="{url}/css">')
    stored.plant_payloads()
    # a participant with a consent record, the focus group, and the draft guide (drafts carry the payload)
    study, participant, session, version = (world[k] for k in ("study", "participant", "focus_group", "guide_draft"))
    client = login(world["coordinator"], PASSWORD)
    pdfs = {
        "consent form": f"/studies/{study.id}/participants/{participant.id}/consent/form.pdf?lang=en",
        "interview guide": f"/studies/{study.id}/instruments/versions/{version.id}/guide.pdf?lang=en",
        "session protocol": f"/studies/{study.id}/sessions/{session.id}/protocol.pdf?lang=en",
    }
    for name, path in pdfs.items():
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "application/pdf", (name, response.status)
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
        assert "<script>" in text.replace("\n", ""), f"{name}: the payload is not printed as text"
    # issue 18: the ethics report is printed by a background job, asked for with the desk's form
    report = ask_report(client, study.id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report)).pages)
    assert "<script>" in text.replace("\n", ""), "ethics report: the payload is not printed as text"
    assert hits == [], f"WeasyPrint fetched {hits}"
