"""Stored files as HTTP responses, streamed chunk by chunk from whichever backend holds them."""
from collections.abc import Iterable, Iterator

from flask import Flask, Response, current_app

from app.core.storage import current


def send_stored(area: str, key: str, *, mimetype: str, download_name: str, as_attachment: bool = True,
                size: int | None = None) -> Response:
    """The file as a download (or inline), never cached; FileMissing when it is not stored."""
    chunks = current().open(area, key)
    response = Response(_each_in_app_context(current_app._get_current_object(), chunks), mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment" if as_attachment else "inline",
                         filename=download_name)
    if size is not None:
        response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    return response


def _each_in_app_context(app: Flask, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks, each read in an application context of its own: the server sends them after
    the request's context has ended, and a slow download holds no database connection between two."""
    iterator = iter(chunks)
    try:
        while True:
            with app.app_context():
                chunk = next(iterator, None)
            if chunk is None:
                return
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
