"""The one PDF renderer: HTML in, PDF bytes out, nothing fetched from the network.

Only files inside the static folder (and inline data: URLs) may be loaded; any other
URL, http(s) or file, is refused and the document renders without it. `html_to_pdf` is plain
Python; `render_pdf` and the response helpers below it render a template of the app.
"""
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, make_response, render_template
from flask_babel import gettext as _
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.core.locales import in_locale


class BlockedURL(ValueError):
    """A PDF asked for something outside the static folder."""


class StaticOnlyFetcher(URLFetcher):
    """Serves data: URLs and files under `static_folder`; refuses everything else."""

    def __init__(self, static_folder: Path):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self._root = static_folder.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(self._root) or not path.is_file():
            self.refused.append(url)
            raise BlockedURL(f"PDF resource refused: {url[:200]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def html_to_pdf(html: str, static_folder: Path) -> bytes:
    """Render HTML whose relative URLs point into `static_folder` to PDF bytes."""
    fetcher = StaticOnlyFetcher(static_folder)
    document = HTML(string=html, base_url=static_folder.resolve().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf()


def page_counter() -> Markup:
    """The CSS `content` of the page footer ("Бет 1 / 3"), from the catalogue of the current locale."""
    text = _("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    parts = []
    for i, part in enumerate(text.split("\x00")):
        if i % 2:
            parts.append(f"counter({'pages' if part == 'pages' else 'page'})")
        elif part:
            parts.append('"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("<", "") + '"')
    return Markup(" ".join(parts))


def render_pdf(template: str, locale: str | None = None, **context) -> bytes:
    """Render a template to PDF; with `locale`, every fixed word and date is in that language."""
    if locale is None:
        return html_to_pdf(render_template(template, page_counter=page_counter(), **context),
                           Path(current_app.static_folder))
    with in_locale(locale):
        return render_pdf(template, **context)


def pdf_response(template: str, filename: str, locale: str | None = None, **context):
    """A PDF download of a template; the filename should carry codes, never names."""
    return pdf_download(render_pdf(template, locale=locale, **context), filename)


def pdf_download(pdf: bytes, filename: str):
    """PDF bytes as an attachment that no cache keeps."""
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
