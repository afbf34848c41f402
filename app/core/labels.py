"""One registry of the translated words shown for stored codes (sectors, statuses, roles...).

Each domain package lists its tables in `labels.py` as `LABELS = {kind: {code: lazy text}}`;
the app factory registers them here. Templates read them through `label(kind, code)` (and
`<kind>_label(code)`), forms through `choices(kind)`, CSV exports through `label()` too.
"""
from collections.abc import Mapping
from typing import Any

from flask_babel import get_domain
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
    words = _words(kind)
    found = words.get(code)
    if found is None:
        found = str(_registry[kind].get(code, code))
        if len(words) < _WORDS_KEPT:
            words[code] = found
    return found


class Words:
    """The words of one kind of code in the language of the moment, for a table that shows a
    label on every row: `words[code]` is `label(kind, code)`, with the catalogue found once
    (a template asks `label_words(kind)` before its loop) instead of at every row (issue 18)."""

    __slots__ = ("kind", "words")

    def __init__(self, kind: str):
        self.kind, self.words = kind, _words(kind)

    def __getitem__(self, code: Any) -> str:
        found = self.words.get(code)
        return found if found is not None else label(self.kind, code)


def words_of(kind: str) -> Words:
    return Words(kind)


_WORDS_KEPT = 512  # per kind and catalogue: the codes of a kind, and a bound for unknown ones


def _words(kind: str) -> dict:
    """The words of a kind already looked up in the catalogue of this moment's language, kept
    on the catalogue itself (a lazy label's `str` walks Flask-Babel's context to its domain
    and catalogue each time: 15 µs, and a list page shows a hundred labels; issue 18). The
    catalogue is the one the lazy labels read (the app's domain, per request and language)."""
    catalogue = get_domain().get_translations()
    try:
        tables = catalogue._dala_labels
    except AttributeError:
        tables = catalogue._dala_labels = {}
    found = tables.get(kind)
    if found is None:
        found = tables[kind] = {}
    return found


def choices(kind: str, blank: Any = None) -> list[SelectChoice]:
    """Select-field choices of a kind, optionally after a blank first choice."""
    pairs = list(_registry[kind].items())
    return formutils.choices([("", blank)] + pairs if blank is not None else pairs)
