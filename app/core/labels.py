"""One registry of the translated words shown for stored codes (sectors, statuses, roles...).

Each domain package lists its tables in `labels.py` as `LABELS = {kind: {code: lazy text}}`;
the app factory registers them here. Templates read them through `label(kind, code)` (and
`<kind>_label(code)`), forms through `choices(kind)`, CSV exports through `label()` too.
"""
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from app.core import formutils

LANGUAGE_LABELS = {"ru": _l("Russian"), "kk": _l("Kazakh"), "en": _l("English")}

_registry: dict[str, Mapping[Any, Any]] = {"language": LANGUAGE_LABELS}


def register(tables: Mapping[str, Mapping[Any, Any]]) -> None:
    """Add a package's tables; registering the same table twice is harmless, two for one kind is not."""
    for kind, table in tables.items():
        if _registry.get(kind, table) is not table:
            raise ValueError(f"two label tables for {kind!r}")
        _registry[kind] = table


def table(kind: str) -> Mapping[Any, Any]:
    return _registry[kind]


def kinds() -> list[str]:
    return sorted(_registry)


def label(kind: str, code: Any) -> str:
    """The word for a code ('' for none); an unknown code is shown as it is."""
    if code is None or code == "":
        return ""
    return str(_registry[kind].get(code, code))


def choices(kind: str, blank: Any = None) -> list[SelectChoice]:
    """Select-field choices of a kind, optionally after a blank first choice."""
    pairs = list(_registry[kind].items())
    return formutils.choices([("", blank)] + pairs if blank is not None else pairs)
