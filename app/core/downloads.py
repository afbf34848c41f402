"""CSV downloads: the flavour the user chose (?csv=excel|plain) in the interface language."""
from collections.abc import Iterable

from flask import Response, request, stream_with_context
from flask_babel import get_locale

from app.core.spreadsheets import EXCEL, FLAVOURS, PLAIN, csv_bytes


def chosen_flavour() -> str:
    value = request.args.get("csv")
    return value if value in FLAVOURS else EXCEL


def interface_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def csv_of(rows) -> bytes:
    """Rows as the CSV the user asked for: Excel's separator for the interface language, or plain."""
    return csv_bytes(rows, chosen_flavour(), interface_language())


def csv_response(data: bytes | Iterable[bytes], filename: str, *, no_store: bool = False) -> Response:
    """A CSV attachment; plain CSV says it has a header row (RFC 4180's optional parameter).
    `data` is the file, or its pieces in order: then it is streamed, the pieces made while the
    request's context (its database session, the user's language) is kept for them."""
    mimetype = "text/csv; charset=utf-8" + ("; header=present" if chosen_flavour() == PLAIN else "")
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if no_store:
        headers["Cache-Control"] = "no-store"
    body = data if isinstance(data, bytes) else stream_with_context(data)
    return Response(body, mimetype=mimetype, headers=headers)
