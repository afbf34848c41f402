"""Template filters and globals: local times, labels, the policy, the navigation, the language switcher."""
from datetime import date, datetime, time

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask.globals import _cv_request
from markupsafe import Markup
from flask_babel import format_number, get_locale
from flask_login import current_user

from app.core import labels, policy, reasons, timezones
from app.core.formutils import LanguageForm
from app.core.navigation import study_nav_groups_for

# Kept for the templates and modules that read times in the study's zone by this name.
to_study_time = timezones.to_local

# One date format per language: Babel's medium, except that none may end with a full stop
# ("12 апр. 2026 г." closing a sentence gave "2026 г.."): Russian drops the "г.", Kazakh
# spells the month out.
DATE_PATTERNS = {"ru": "d MMM y", "kk": "y 'ж'. d MMMM"}


def display_locale() -> Locale:
    """The locale dates and numbers are written in: the interface language, and for English
    the region the browser names first (en-GB: 12 Apr 2026, en-US: Apr 12, 2026). Found once
    per request and language (a list page writes hundreds of dates), like the catalogue
    (app/core/locales.py: RequestDomain)."""
    return _writer().locale


def _writer() -> "_Writer":
    """The date writer of the display locale, found once per request and language."""
    if not has_request_context():
        return _writer_of(_display_locale())
    state = g._get_current_object()
    language = getattr(state.__dict__.get("_flask_babel"), "babel_locale", None)
    memo = state.__dict__.get("_dala_display_locale")
    if memo is not None and language is not None and memo[0] is language:
        return memo[1]
    found = _writer_of(_display_locale())
    state._dala_display_locale = (getattr(state.__dict__.get("_flask_babel"), "babel_locale", None), found)
    return found


def _display_locale() -> Locale:
    locale = get_locale() or Locale.parse("en")
    if locale.language != "en" or locale.territory:
        return locale
    if has_request_context():
        for value, _quality in request.accept_languages:
            tag = value.replace("-", "_")
            if tag.lower().startswith("en_"):
                try:
                    return Locale.parse(tag)
                except (ValueError, UnknownLocaleError):
                    continue
    return locale


def date_pattern(locale: Locale) -> str:
    return DATE_PATTERNS.get(locale.language) or locale.date_formats["medium"].pattern


def _as_day(value, tz_name: str | None) -> date:
    if isinstance(value, str):  # a day kept as ISO 8601 text (a bundle's filters)
        return date.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # already in the study's zone
            return value.date()
        return timezones.local_day(value, tz_name)  # naive UTC from the database
    return value


def local_date(value, tz_name: str | None = None, pattern: str | None = None) -> str:
    """A day in the one date format ("12 апр. 2026", "2026 ж. 12 сәуір", "12 Apr 2026");
    a stored timestamp is first moved to the study's zone. `pattern` only for calendars."""
    if value is None or value == "":
        return ""
    writer = _writer()
    if isinstance(value, datetime) and value.tzinfo is None:  # a stored timestamp: kept by its zone
        key = (value, tz_name, pattern)
        found = writer.stamps.get(key)
        if found is None:
            found = writer.keep(writer.stamps, key, writer.day(timezones.local_day(value, tz_name), pattern))
        return found
    return writer.day(_as_day(value, tz_name), pattern)


def local_time(value: datetime | None, tz_name: str | None = None) -> str:
    """The time of day of a naive UTC timestamp in the study's zone, without seconds (`14:30`)."""
    if value is None:
        return ""
    moment = value.replace(tzinfo=None) if value.tzinfo else timezones.to_local_naive(value, tz_name)
    return _writer().time_of_day(moment.time())


def local_datetime(value: datetime | None, tz_name: str | None = None) -> str:
    """A stored timestamp as the study's local date and time: "12 апр. 2026, 14:30"."""
    if value is None:
        return ""
    writer = _writer()
    if value.tzinfo is not None:  # already in the study's zone
        return writer.date_and_time(value.replace(tzinfo=None))
    key = (value, tz_name)  # naive UTC from the database: its words kept by its zone
    found = writer.moments.get(key)
    if found is None:
        found = writer.keep(writer.moments, key, writer.date_and_time(timezones.to_local_naive(value, tz_name)))
    return found


class _Writer:
    """Dates and times in one display locale. Its patterns are read from Babel's locale data
    once (each `locale.datetime_formats[...]` resolves Babel's aliases again: half of a
    `local_datetime`, issue 18), and Babel writes a date field by field in Python (~20 µs
    each) while a list page writes a hundred dates and times, most of them the same few days
    and hours: the words for a day or a time of day in a pattern never change, so they are
    kept (bounded) for the process. So are those of a stored timestamp (naive UTC) in a zone,
    as a date (`stamps`) and as a date and time (`moments`): a list page writes one a row."""

    KEPT = 8192

    def __init__(self, locale: Locale):
        self.locale = locale
        self.date = date_pattern(locale)
        self.time = locale.time_formats["short"].pattern
        self.datetime = locale.datetime_formats["medium"]
        self.days: dict = {}
        self.times: dict[time, str] = {}
        self.stamps: dict[tuple, str] = {}
        self.moments: dict[tuple, str] = {}

    def keep(self, kept: dict, key, words: str) -> str:
        if len(kept) >= self.KEPT:
            kept.clear()
        kept[key] = words
        return words

    def date_and_time(self, moment: datetime) -> str:
        """A local wall-clock time in the locale's medium date and time pattern."""
        return self.datetime.replace("{1}", self.day(moment.date())).replace("{0}", self.time_of_day(moment.time()))

    def day(self, day: date, pattern: str | None = None) -> str:
        key = (day, pattern) if pattern else day
        found = self.days.get(key)
        if found is None:
            if len(self.days) >= self.KEPT:
                self.days.clear()
            found = self.days[key] = babel_dates.format_date(day, pattern or self.date, locale=self.locale)
        return found

    def time_of_day(self, moment: time) -> str:
        found = self.times.get(moment)
        if found is None:
            if len(self.times) >= self.KEPT:
                self.times.clear()
            found = self.times[moment] = babel_dates.format_time(moment, self.time, locale=self.locale)
        return found


def _writer_of(locale: Locale) -> _Writer:
    key = str(locale)
    found = _WRITERS.get(key)
    if found is None:
        found = _WRITERS[key] = _Writer(locale)
    return found


_WRITERS: dict[str, _Writer] = {}


def iso_date(value) -> str:
    """A day for CSV files (ISO 8601)."""
    return value.isoformat() if value else ""


def current_role() -> policy.Role | None:
    membership = g.get("membership")
    return membership.role if membership else None


def can(action: str, record=None) -> bool:
    """May the signed-in member do this here (on this record)? For showing buttons and columns."""
    user = current_user if has_request_context() else None
    return policy.allows(current_role(), action, user, record)


def language_select(languages: tuple[str, ...], chosen: str) -> Markup:
    """The footer's language label and select (LanguageForm's own markup), in the chosen
    language. Built by WTForms once per language and process, not on every page: the form's
    construction and rendering were a tenth of the layout's CPU time (issue 18). The form's
    CSRF token is the page's (`csrf_token()` in base.html), as the form's own field gave."""
    key = (languages, chosen)
    found = _LANGUAGE_SELECTS.get(key)
    if found is None:
        form = LanguageForm(list(languages), formdata=None, locale=chosen, meta={"csrf": False})
        found = _LANGUAGE_SELECTS[key] = Markup(f"{form.locale.label} {form.locale()}")
    return found


_LANGUAGE_SELECTS: dict[tuple[tuple[str, ...], str], Markup] = {}


def study_nav_html(role: policy.Role, study_id: int) -> Markup:
    """The study navigation's groups and links (templates/_study_nav.html) for this language,
    role, study and current page, rendered once and kept for the process: its fifteen-odd
    url_for calls and translated labels were a fifth of the layout's CPU time on every study
    page (issue 18). What it shows depends on nothing else (the policy and the entries are
    fixed when the app starts); the key holds the script root the links begin with."""
    key = (str(get_locale() or "en"), role, study_id, request.endpoint, request.script_root)
    found = _STUDY_NAVS.get(key)
    if found is None:
        if len(_STUDY_NAVS) >= _STUDY_NAVS_KEPT:
            _STUDY_NAVS.clear()  # a bound on a long-lived worker's memory; refilled as pages are asked
        template = current_app.jinja_env.get_template("_study_nav.html")
        found = _STUDY_NAVS[key] = Markup(template.render(study_nav_groups=study_nav_groups_for(role),
                                                          study_id=study_id, endpoint=request.endpoint))
    return found


_STUDY_NAVS: dict[tuple, Markup] = {}
_STUDY_NAVS_KEPT = 4096


def kept_render(name: str, key: tuple, **context) -> Markup:
    """The template `name` rendered with `context`, once per process for `key` and kept
    (bounded), like the study navigation: for a fragment a list page shows at every request
    while its data seldom changes (the bulk form's hundred sessions to invite to: a sixth of
    the participant list's CPU time, issue 18). `key` is the caller's word for everything the
    fragment shows (plain values: the rows themselves, not objects whose text could change);
    the language, the display locale (dates) and the script root the links begin with are
    added here. The fragment sees the template globals and filters, not the request's
    context processors."""
    full = (name, str(get_locale() or "en"), str(display_locale()), request.script_root, key)
    found = _FRAGMENTS.get(full)
    if found is None:
        if len(_FRAGMENTS) >= _FRAGMENTS_KEPT:
            _FRAGMENTS.clear()  # a bound on a long-lived worker's memory
        found = _FRAGMENTS[full] = Markup(current_app.jinja_env.get_template(name).render(**context))
    return found


_FRAGMENTS: dict[tuple, Markup] = {}
_FRAGMENTS_KEPT = 256


def kept_url_for(endpoint: str, **values) -> str:
    """url_for for templates, each address built once per process and kept (bounded): Flask's
    url_for walks the request context, the URL defaults and werkzeug's rule builder each time
    (about 20 µs; the dashboard asks for some ninety addresses, a list page for one a row, most
    of them the same at every request; issue 18). An address depends only on the endpoint, the
    values (`_anchor`, `_external`... included) and the URL adapter the request bound (its map,
    server, script root, subdomain and scheme), which the key holds, the values with their
    types (True is not 1 in an address). The app has no url_defaults callbacks (they could add
    values from the request): `install_kept_url_for` checks. Relative endpoints (".name", of
    the request's blueprint), values of other types than plain numbers, strings and None (a
    list, an object whose text could change) and use outside a request go to url_for."""
    ctx = _cv_request.get(None)
    adapter = ctx.url_adapter if ctx is not None else None
    if adapter is None or endpoint[:1] == ".":
        return url_for(endpoint, **values)
    types = tuple(map(type, values.values()))
    if not _PLAIN.issuperset(types):  # a list of query values, an object (its text could change)
        return url_for(endpoint, **values)
    key = (endpoint, adapter.map, adapter.server_name, adapter.script_name, adapter.subdomain, adapter.url_scheme,
           tuple(values.items()), types)
    found = _URLS.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if len(_URLS) >= _URLS_KEPT:
            _URLS.clear()  # a bound on a long-lived worker's memory (a row's address each)
        _URLS[key] = found
    return found


_URLS: dict[tuple, str] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})
_URLS_KEPT = 16384


def url_stem(endpoint: str, last: str, **values) -> str:
    """The address of `endpoint` without the value of `last`, the variable that ends it, for a
    table whose rows each fill in their own: `url_stem("x.detail", "item_id", study_id=1) ~
    row.id` is `url_for("x.detail", study_id=1, item_id=row.id)`, built once a table rather
    than once a row (issue 18: a list page asked for one address a row)."""
    address = kept_url_for(endpoint, **values, **{last: _STEM_VALUE})
    stem, found, rest = address.rpartition(str(_STEM_VALUE))
    if not found or rest:
        raise ValueError(f"{endpoint}: {last} does not end its address ({address})")
    return stem


_STEM_VALUE = 987654321  # any id: what the address ends with is cut off


ROW_SLOT = "\x00"  # no message holds it, and escaping leaves it as it is


def around_slot(text: str) -> tuple[str, str]:
    """The words of a translated message before and after the row's value, translated once a
    table rather than once a row (issue 18): `{% set before, after = _("Choose %(who)s",
    who=row_slot)|around_slot %}`, then `{{ before }}{{ p.pseudonym }}{{ after }}` in the row,
    the value escaped where it is written, as `_()` escapes its variables."""
    before, found, after = text.partition(ROW_SLOT)
    if not found:
        raise ValueError(f"no row slot in {text!r}")
    return before, after


def install_kept_url_for(app: Flask) -> None:
    """Templates build addresses with kept_url_for, unless the app has url_defaults callbacks
    (whose values may come from the request): then Flask's own url_for stays. Called once the
    blueprints are registered."""
    if not any(app.url_default_functions.values()):
        app.jinja_env.globals["url_for"] = kept_url_for


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_global(get_locale, "get_locale")
    app.add_template_filter(format_number, "format_number")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(to_study_time, "study_time")
    app.add_template_filter(reasons.shown, "reason")  # a coded reason in the reader's language
    app.add_template_global(local_time, "local_time")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(iso_date, "iso_date")
    app.add_template_global(labels.label, "label")
    app.add_template_global(labels.words_of, "label_words")
    app.add_template_global(can, "can")
    app.add_template_global(study_nav_html, "study_nav_html")
    app.add_template_global(url_stem, "url_stem")
    app.add_template_global(ROW_SLOT, "row_slot")
    app.add_template_filter(around_slot, "around_slot")
    for kind in labels.kinds():
        app.add_template_global(lambda code, kind=kind: labels.label(kind, code), f"{kind}_label")

    @app.context_processor
    def layout_context() -> dict:
        if not has_request_context():  # a PDF rendered from the command line
            return {}
        membership = g.get("membership")
        role = membership.role if membership else None
        return {
            "current_membership": membership,
            "language_select": language_select(tuple(app.config["LANGUAGES"]), str(get_locale() or "en")),
            # the language form's CSRF field, when forms carry one (Flask-WTF's own default)
            "language_csrf": app.config.get("WTF_CSRF_ENABLED", True),
            "current_path": request.full_path.rstrip("?"),
            "sees_contacts": policy.allows(role, "contacts.view"),
            "is_coordinator": role == policy.Role.COORDINATOR,
            "is_staff": role in (policy.Role.COORDINATOR, policy.Role.FIELDWORKER),
        }
