"""Security headers on every response, and control characters taken out of every request's
form fields and query arguments (PostgreSQL refuses NUL in text; none belongs in a form); a line
break in a query argument is refused outright (400), and a redirect target is judged as a
browser will read it."""
import re
from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.datastructures import ImmutableMultiDict

from app.core.formutils import MAX_DB_INT

# C0 controls and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(values: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any(CONTROL_CHARACTERS.search(k + v) for k, v in values.items(multi=True)):
        return values
    return ImmutableMultiDict([(CONTROL_CHARACTERS.sub("", k), CONTROL_CHARACTERS.sub("", v))
                               for k, v in values.items(multi=True)])


LINE_BREAKS = re.compile(r"[\r\n]")


def is_safe_redirect(target: str | None) -> bool:
    """A path on this site, judged after the normalisation a browser applies: any control
    character or backslash (browsers drop tabs and line breaks and read \\ as /), a scheme or
    a host (`//host`, `https:/host`) makes it unsafe."""
    if not target or not target.startswith("/"):
        return False
    if any(ord(c) < 32 or ord(c) == 127 for c in target) or "\\" in target:
        return False
    parts = urlsplit(target)
    return not target.startswith("//") and not parts.scheme and not parts.netloc


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def register_security_headers(app: Flask) -> None:
    @app.before_request
    def clean_input():
        if any(isinstance(v, int) and abs(v) > MAX_DB_INT for v in (request.view_args or {}).values()):
            abort(404)  # no record has such an id; the database would refuse to look
        if any(LINE_BREAKS.search(k + v) for k, v in request.args.items(multi=True)):
            abort(400)  # a header split or a log forged through a parameter: never a valid value
        request.args = without_control_characters(request.args)
        if request.method in ("POST", "PUT", "PATCH"):
            request.form = without_control_characters(request.form)

    @app.after_request
    def add_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
