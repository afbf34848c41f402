"""Words in a chosen language, also where no request is (the command line, a bundle built there)."""
from collections.abc import Iterator
from contextlib import contextmanager

from babel import support
from flask import current_app, g, has_request_context, request
from flask_babel import Domain, force_locale, get_locale
from jinja2 import pass_eval_context
from markupsafe import Markup
from wtforms.i18n import messages_path


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


def install_template_gettext(app, domain: Domain) -> None:
    """`_()`, `gettext`, `ngettext`, `pgettext` and `npgettext` in templates (and `{% trans %}`),
    reading the request's catalogue from the domain directly. Jinja's newstyle callables, as
    Flask-Babel installs them, go through three context calls and flask_babel's context lookup
    for every word (`_` resolves `gettext`, which calls the catalogue function); these are the
    same functions in one step: the translation, marked safe where the template autoescapes,
    then always formatted with the named variables (so `%%` stays a literal %, as before)."""

    def shown(eval_ctx, found: str, variables: dict):
        return (Markup(found) if eval_ctx.autoescape else found) % variables

    @pass_eval_context
    def gettext(eval_ctx, string: str, **variables):
        return shown(eval_ctx, domain.get_translations().ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, num: int, **variables):
        variables.setdefault("num", num)
        return shown(eval_ctx, domain.get_translations().ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext(eval_ctx, context: str, string: str, **variables):
        variables.setdefault("context", context)
        return shown(eval_ctx, domain.get_translations().upgettext(context, string), variables)

    @pass_eval_context
    def npgettext(eval_ctx, context: str, singular: str, plural: str, num: int, **variables):
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        return shown(eval_ctx, domain.get_translations().unpgettext(context, singular, plural, num), variables)

    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext,
                                 npgettext=npgettext)


class WTFormsWords:
    """WTForms' own messages ("This field is required.") in the language of the moment, each
    language's catalogue read from its file once per process. Flask-WTF reads the catalogue
    from disk (babel.support.Translations.load) at the first form of every request and keeps
    it on the request as `wtforms_translations`, where it looks first: every page with a form
    (the participant list's bulk form, a participant's status form) paid for a file read and
    parse (issue 18). Put there before each request (`install_wtforms_words`), this answers in
    the locale Flask-Babel gives at the moment of asking, from the same files."""

    def __init__(self):
        self.catalogues: dict[str, support.NullTranslations] = {}

    def _catalogue(self) -> support.NullTranslations:
        locale = get_locale()
        key = str(locale)
        found = self.catalogues.get(key)
        if found is None:
            found = self.catalogues[key] = support.Translations.load(messages_path(), [locale], domain="wtforms")
        return found

    def ugettext(self, string: str) -> str:
        return self._catalogue().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue().ungettext(singular, plural, n)


WTFORMS_WORDS = WTFormsWords()


def install_wtforms_words(app) -> None:
    @app.before_request
    def wtforms_words() -> None:
        request.wtforms_translations = WTFORMS_WORDS
