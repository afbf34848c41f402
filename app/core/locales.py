"""Words in a chosen language, also where no request is (the command line, a bundle built there)."""
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g, has_request_context
from flask_babel import Domain, force_locale


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


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the translations of the request's language looked up
    once per request instead of at every word: each `_()` in a template and each lazy label
    otherwise walks flask.g (a context-local proxy) eight or nine times to find the same
    catalogue, about a tenth of a page's CPU time (profiled, issue 18). The memo is kept on the
    request's `g` with the Locale object it was found for, so force_locale (which swaps that
    object in and back out) is followed."""

    def get_translations(self):
        try:
            state = g._get_current_object()
        except RuntimeError:  # no app context: flask_babel answers with NullTranslations
            return super().get_translations()
        babel_state = state.__dict__.get("_flask_babel")
        locale = getattr(babel_state, "babel_locale", None)
        memo = state.__dict__.get("_dala_translations")
        if memo is not None and locale is not None and memo[0] is locale and memo[1] is self:
            return memo[2]
        found = super().get_translations()
        state._dala_translations = (getattr(state.__dict__.get("_flask_babel"), "babel_locale", None), self, found)
        return found
