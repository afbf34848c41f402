"""Small helpers shared by the forms of every area."""
from collections.abc import Iterable
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs; values become strings."""
    return [SelectChoice(str(value), label) for value, label in pairs]


# Dates a study can meaningfully hold. Outside them, converting between the study's time zone
# and UTC overflows (year 1, 9999) and such a value is a typing slip anyway.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _check_year(field, value) -> None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        field.data = None
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
