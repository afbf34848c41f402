"""The one PDF renderer: HTML in, PDF bytes out, nothing fetched from the network.

Only files inside the static folder (and inline data: URLs) may be loaded; any other
URL, http(s) or file, is refused and the document renders without it. `html_to_pdf` is plain
Python; `render_pdf` and the response helpers below it render a template of the app.
"""
import html as html_text
import io
import mimetypes
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from flask import current_app, make_response, render_template
from flask_babel import gettext as _
from markupsafe import Markup
from pypdf import PdfReader, PdfWriter
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


# The footer's `content` for a document printed in parts (numbered_pdf numbers the whole).
NO_PAGE_COUNTER = Markup("none")
STAMP_PAGES = 200  # page numbers rendered at a time


def _stamps_html(first: int, last: int, total: int) -> str:
    """Pages first..last (1-based) of `total` with nothing on them but the footer's "Page x of
    y", in the current locale, placed where css/pdf.css puts it."""
    pages = "".join(
        '<div class="n">' + html_text.escape(_("Page %(page)s of %(pages)s", page=n, pages=total)) + "</div>"
        for n in range(first, last + 1))
    return ('<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="css/pdf.css">'
            "<style>@page { @top-left { content: none; } @top-right { content: none; }"
            " @bottom-center { content: string(page-number); } }"
            " .n { string-set: page-number content(); height: 0; overflow: hidden; visibility: hidden;"
            " break-after: page; } .n:last-child { break-after: auto; }</style>"
            f"</head><body>{pages}</body></html>")


def numbered_pdf(documents: Iterable[str], out: BinaryIO) -> int:
    """Render HTML documents (one report printed in parts, each rendered with
    page_counter=NO_PAGE_COUNTER) one at a time, join them in order into `out` and number the
    pages of the whole ("Page x of y" where a single document would print it). WeasyPrint
    holds one document at a time; the rendered parts wait on disk. Returns the page count.

    A report of thousands of rows in one WeasyPrint document takes time and memory that grow
    faster than its pages (issue 18); in parts of a few hundred rows both stay those of a part."""
    static = Path(current_app.static_folder)
    with tempfile.TemporaryDirectory(prefix="dala-pdf-") as folder:
        paths = []
        for n, html in enumerate(documents):
            path = Path(folder) / f"{n:06d}.pdf"
            path.write_bytes(html_to_pdf(html, static))
            paths.append(path)
        writer = PdfWriter()
        for path in paths:
            writer.append(str(path))
        if paths:
            info = PdfReader(str(paths[0])).metadata
            if info:
                writer.add_metadata({key: str(value) for key, value in info.items()})
        total = len(writer.pages)
        for first in range(1, total + 1, STAMP_PAGES):
            last = min(total, first + STAMP_PAGES - 1)
            stamps = PdfReader(io.BytesIO(html_to_pdf(_stamps_html(first, last, total), static)))
            for offset, stamp in enumerate(stamps.pages):
                page = writer.pages[first - 1 + offset]
                page.merge_page(stamp)
                page.compress_content_streams()  # merging leaves the page's stream uncompressed
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
        writer.write(out)
    return total


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
