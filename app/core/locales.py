"""Words in a chosen language, also where no request is (the command line, a bundle built there)."""
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_request_context
from flask_babel import force_locale


@contextmanager
def in_locale(locale: str) -> Iterator[None]:
    """flask_babel.force_locale, which changes nothing outside a request: there, a request of
    its own is opened around it (same app context, same database session)."""
    if has_request_context():
        with force_locale(locale):
            yield
        return
    with current_app.test_request_context(), force_locale(locale):
        yield
