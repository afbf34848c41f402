"""Words in a chosen language, also where no request is (the command line, a bundle built there)."""
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g, has_request_context
from flask_babel import Domain, force_locale
from jinja2 import pass_eval_context
from markupsafe import Markup


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
