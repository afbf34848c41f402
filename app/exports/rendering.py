"""PDF responses from templates, through the one safe renderer."""
from pathlib import Path

from flask import current_app, make_response, render_template

from app.exports.pdf import html_to_pdf


def render_pdf(template: str, **context) -> bytes:
    html = render_template(template, **context)
    return html_to_pdf(html, Path(current_app.static_folder))


def pdf_response(template: str, filename: str, **context):
    """A PDF download of a template; the filename should carry codes, never names."""
    return pdf_download(render_pdf(template, **context), filename)


def pdf_download(pdf: bytes, filename: str):
    """PDF bytes as an attachment that no cache keeps."""
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
