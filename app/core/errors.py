"""Error pages that show no stack trace and no personal data."""
import traceback

from flask import Flask, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from app.core.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("Your role in this study does not give access to this page.")),
    404: (_l("Not found"), _l("There is no such page, or it is not yours to see.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("File too large"), _l("The upload is larger than this site accepts.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("The error has been logged. Nothing you entered was half-saved.")),
    503: (_l("Temporarily unavailable"), _l("The database cannot be reached. Try again in a minute.")),
}


def render_error(code: int):
    """The error page; if drawing it needs the database (the signed-in user) and that is down, a 503."""
    title, text = MESSAGES.get(code, MESSAGES[500])
    try:
        return render_template("errors/error.html", code=code, title=title, text=text), code
    except OperationalError as error:
        return database_unavailable(error)


def _forget_session() -> None:
    try:
        db.session.rollback()
    except OperationalError:  # the connection is gone: nothing to roll back
        db.session.close()


def database_unavailable(error: OperationalError):
    """A 503 page drawn without the database: an anonymous layout, no study navigation."""
    _forget_session()
    g._login_user = current_app.login_manager.anonymous_user()
    g.pop("membership", None)
    current_app.logger.error("database unavailable at %s: %s", request.endpoint,
                             type(getattr(error, "orig", None) or error).__name__)
    title, text = MESSAGES[503]
    return render_template("errors/error.html", code=503, title=title, text=text), 503


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    app.register_error_handler(OperationalError, database_unavailable)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        _forget_session()
        # The frames only: exception messages (e.g. SQL parameters) may carry personal data.
        frames = "".join(traceback.format_tb(error.__traceback__))
        app.logger.error("unhandled %s at %s\n%s", type(error).__name__, request.endpoint, frames)
        return render_error(500)
