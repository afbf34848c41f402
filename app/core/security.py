"""Security headers on every response, and control characters taken out of every request's
form fields and query arguments (PostgreSQL refuses NUL in text; none belongs in a form)."""
import re

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
