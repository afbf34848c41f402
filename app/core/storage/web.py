"""Stored files as HTTP responses, streamed chunk by chunk from whichever backend holds them."""
from flask import Response, stream_with_context

from app.core.storage import current


def send_stored(area: str, key: str, *, mimetype: str, download_name: str, as_attachment: bool = True,
                size: int | None = None) -> Response:
    """The file as a download (or inline), never cached; FileMissing when it is not stored."""
    chunks = current().open(area, key)
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment" if as_attachment else "inline",
                         filename=download_name)
    if size is not None:
        response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    return response
