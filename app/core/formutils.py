"""Small helpers and forms shared by every area: choices, bounded dates and numbers, the
CSRF-only form of POST buttons, the language switcher."""
from collections.abc import Iterable
from typing import Any

import wtforms
from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

# Each language named in itself, so a user finds their own in any interface. The one table for
# the language picker, the consent-form and protocol language choices.
LANGUAGE_SELF_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


def self_name(code: str) -> str:
    """The language `code` in its own words; Babel's name for a catalogue added later."""
    return LANGUAGE_SELF_NAMES.get(code) or Locale.parse(code).get_display_name(code).capitalize()


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs; values become strings."""
    return [SelectChoice(str(value), label) for value, label in pairs]


# Dates a study can meaningfully hold. Outside them, converting between the study's time zone
# and UTC overflows (year 1, 9999) and such a value is a typing slip anyway.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _check_year(field, value) -> None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        # The value is kept (DataRequired would otherwise replace this message with its own);
        # the form does not validate, so no view uses it.
        raise ValueError(_l("Enter a date between the years %(low)s and %(high)s.", low=MIN_YEAR, high=MAX_YEAR))


class DateField(wtforms.DateField):
    """wtforms' DateField limited to the years MIN_YEAR..MAX_YEAR."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        _check_year(self, self.data)


class DateTimeLocalField(wtforms.DateTimeLocalField):
    """wtforms' DateTimeLocalField limited to the years MIN_YEAR..MAX_YEAR."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        _check_year(self, self.data)


# Identifiers and counters are 32-bit signed integers in the database (PostgreSQL refuses more).
MAX_DB_INT = 2**31 - 1


def db_int(value) -> int:
    """int(value) if the database can hold it, else ValueError: for request.args.get(type=db_int),
    which then answers the default, as for any other unreadable number."""
    number = int(value)
    if not -MAX_DB_INT - 1 <= number <= MAX_DB_INT:
        raise ValueError(f"{number} is out of range")
    return number


class CheckboxesField(wtforms.SelectMultipleField):
    """Several choices as a list of checkboxes: a phone or a tablet has no Ctrl-click, and a
    handful of choices (the staff of a session, a study's languages) are read at a glance."""

    widget = wtforms.widgets.ListWidget(prefix_label=False)
    option_widget = wtforms.widgets.CheckboxInput()


class EmptyForm(FlaskForm):
    """Carries the CSRF token for POST-only buttons."""

    submit = SubmitField(_l("Confirm"))


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"))
    submit = SubmitField(_l("Apply"))

    def __init__(self, languages: list[str], **kwargs):
        super().__init__(**kwargs)
        # Each language named in itself, so a user can find their own in any interface.
        self.locale.choices = choices((code, self_name(code)) for code in languages)


def use_picker(field, url: str, placeholder=None, none=None) -> None:
    """Issue 15: make a participant select a people picker (static/js/pickers.js): search as you
    type over `url` (a JSON endpoint), chosen people as chips; the plain select without JavaScript.
    Issue 18: `placeholder` and `none` (the words when nothing matches) for other pickers."""
    field.render_kw = {**(field.render_kw or {}), "data-picker": url,
                       "data-picker-placeholder": str(placeholder or _l("Type a pseudonym, name or organisation")),
                       "data-picker-none": str(none or _l("Nobody matches.")),
                       "data-picker-searching": str(_l("Searching…")),
                       "data-picker-remove": str(_l("Remove")),
                       "data-picker-hint": str(_l("Type a few letters and choose with Enter or a click; "
                                                  "Backspace removes the last one chosen."))}


def use_organisation_picker(field, url: str) -> None:
    """Issue 18: an organisation select as a picker over `url` (the organisation picker's endpoint)."""
    use_picker(field, url, placeholder=_l("Type a pseudonym or name"), none=_l("No organisation matches."))
