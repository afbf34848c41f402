"""Transcript anonymisation engine: plain Python, no Flask, no database.

Detect, review, apply::

    from app.anonymise import Roster, Key, detect, apply

    roster = Roster.from_csv("roster.csv")          # or Roster.from_entries([...])
    key = Key.from_roster(roster)                   # or Key.from_dict(stored)
    spans = detect(text, roster=roster, lang="auto", ner=True)
    # ... a person accepts, rejects, edits or adds spans ...
    new_text, replacements = apply(text, spans, key)
    stored = key.to_dict()                          # persist; same pseudonyms next time

Public API
----------
``Span(start, end, category, source="user", entity=None, text=None)``
    Frozen dataclass; offsets are Python string indices, end exclusive.
    ``to_dict()`` / ``Span.from_dict(d)``.
Categories: ``PERSON``, ``ORGANISATION``, ``PLACE``, ``CONTACT``, ``IDENTIFIER``,
    ``DATE``, ``OTHER`` (strings "person", "organisation", ...; ``CATEGORIES``).
``RosterEntry(kind, name, pseudonym, aliases=())``, ``Roster.from_csv(path_or_file)``,
    ``Roster.from_entries(entries)``: kind is person, organisation or place.
``detect(text, roster=None, lang="auto", ner=True) -> list[Span]``
    Roster names in any inflected form, in the other script or a letter or two
    off, patterns (e-mail, phone, IIN/BIN and other numbers, URL, handle,
    street address, date of birth, numbered office) and, with ``ner``, named
    entities: natasha for Russian sentences only, a small Kazakh CRF with
    Kazakh lexicons and rules (``kk_crf``, ``kk``, ``kk_rules``; data in
    ``data/``, built from KazNERD by ``bench/train_kk_crf.py``), spaCy for
    English if installed, else rules; places of Kazakhstan and the world
    (``places``) are never people. ``lang="auto"`` decides per sentence.
    Spans come back sorted and non-overlapping (merge priority in spans.py).
``Key(entries=(), realistic=False)``, ``Key.from_roster(roster)``,
    ``key.to_dict()`` / ``Key.from_dict(d)``: the study's entity -> pseudonym
    registry; roster entities keep their pseudonyms, others get PERSON-n,
    ORG-n, PLACE-n ... (``PREFIX``: category -> code word).
``relabel(text, {"PERSON": "АДАМ", ...})``: the codes' category words in
    another language ([PERSON-2] -> [АДАМ-2]); the caller gives the words.
``apply(text, spans, key) -> (new_text, list[Replacement])``
    Spans may be Span objects or dicts (possibly edited by a person).
    Applying twice changes nothing more. ``Pseudonymiser(key, roster)`` wraps it.
``propose(text, names, spans=()) -> list[Span]``
    Propagation: every other mention of names already found, accepted or on
    the key (first name or surname alone, inflected, other script, a letter
    or two off), not overlapping ``spans``; source ``propagated``.
``detect_lang(text) -> "ru" | "kk" | "en" | "mixed"``; ``iin_valid(number)``.
CLI: ``anonymise_cli`` in ``app.anonymise.cli`` (``flask anonymise detect|apply``).
"""
from .detect import detect
from .key import PREFIX, Key, relabel, relabeller
from .lang import detect_lang
from .patterns import iin_valid
from .propagate import propose
from .pseudonymise import Pseudonymiser, Replacement, apply
from .roster import Roster, RosterEntry, RosterError
from .spans import (
                    CATEGORIES,
                    CONTACT,
                    DATE,
                    IDENTIFIER,
                    ORGANISATION,
                    OTHER,
                    PERSON,
                    PLACE,
                    Span,
)

__all__ = [
    "CATEGORIES", "CONTACT", "DATE", "IDENTIFIER", "ORGANISATION", "OTHER", "PERSON",
    "PLACE", "PREFIX", "Key", "Pseudonymiser", "Replacement", "Roster", "RosterEntry", "RosterError",
    "Span", "apply", "detect", "detect_lang", "iin_valid", "propose", "relabel", "relabeller",
]
