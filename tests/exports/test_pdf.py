"""The one PDF renderer: A4, Cyrillic and Kazakh letters, page numbers, nothing from the network."""
import http.server
import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.pdf import html_to_pdf
from app.core.pdf import render_pdf


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def watched_server():
    """A local HTTP server that counts every request it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_pdf_is_a4_with_kazakh_and_cyrillic_letters_and_page_numbers(app, ctx):
    html = ("<!doctype html><html><head><link rel='stylesheet' href='css/pdf.css'></head><body>"
            "<p>Қазақстан Республикасы: әділет, ғылым, өңір, құқық, үкімет, һәм, іс.</p>"
            "<p>Согласие на участие в исследовании.</p></body></html>")
    pdf = html_to_pdf(html, Path(app.static_folder))
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _text(pdf)
    assert "Қазақстан" in text and "ғылым" in text and "өңір" in text and "құқық" in text
    assert "Согласие на участие" in text
    assert "Page 1 of 1" in text


def test_external_urls_are_never_fetched_and_the_pdf_still_renders(app, watched_server):
    base, hits = watched_server
    html = (f"<html><head><link rel='stylesheet' href='{base}/evil.css'></head><body>"
            f"<img src='{base}/tracker.png'><img src='file:///etc/passwd'>"
            f"<p>Протокол сессии</p></body></html>")
    pdf = html_to_pdf(html, Path(app.static_folder))
    assert hits == []
    assert "Протокол сессии" in _text(pdf)


def test_templates_render_through_the_safe_renderer(app, ctx):
    pdf = render_pdf("pdf/base.html")
    assert pdf.startswith(b"%PDF")
