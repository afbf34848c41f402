"""Propagation: from names already found, accepted or on the study's key, every
other mention in a text.

``propose(text, names, spans)`` returns spans for each mention of the names
that no given span covers yet: the whole name, its first name or surname
alone, inflected (Russian and Kazakh endings), in the other script
("Yerlan" for "Ерлан"), one or two letters off, with initials, or broken by
a hyphen at a line end. It reuses the roster matcher: the names are simply a
roster of their own. Pure: the caller stores the proposals for review.
"""
from __future__ import annotations

from dataclasses import replace

from .roster import Roster, RosterEntry
from .spans import ORGANISATION, PERSON, PLACE, Span
from .tokens import tokenize

SOURCE = "propagated"
_KINDS = {PERSON: "person", ORGANISATION: "organisation", PLACE: "place"}


def propose(text: str, names, spans=()) -> list[Span]:
    """Spans for the other mentions of ``names`` in ``text``.

    ``names``: strings (persons) or ``(name, category)`` pairs, category one of
    person, organisation, place. ``spans``: what is already marked (Span
    objects or dicts with start and end); proposals never overlap them.
    Each proposal carries ``entity`` = the name it was derived from.
    """
    entries = []
    seen = set()
    for item in names:
        name, category = (item, PERSON) if isinstance(item, str) else item
        name = " ".join((name or "").split())
        if category not in _KINDS or (name, category) in seen or not _usable(name):
            continue
        seen.add((name, category))
        entries.append(RosterEntry(_KINDS[category], name, f"X{len(entries) + 1}"))
    if not entries or not text:
        return []
    taken = sorted((_offsets(s) for s in spans), key=lambda p: p[0])
    found = Roster(entries).matcher.find(text)
    out = []
    for span in sorted(found, key=lambda s: (s.start, -s.end)):
        if any(a < span.end and span.start < b for a, b in taken):
            continue
        out.append(replace(span, source=SOURCE))
        taken.append((span.start, span.end))
    return sorted(out, key=lambda s: s.start)


def _offsets(span) -> tuple[int, int]:
    if isinstance(span, dict):
        return int(span["start"]), int(span["end"])
    return span.start, span.end


def _usable(name: str) -> bool:
    """A name with at least one word of two letters that starts with a capital."""
    return any(len(t.text) > 1 and t.text[0].isupper() for t in tokenize(name))
