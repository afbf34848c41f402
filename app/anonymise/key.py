"""The study's key: every real entity and its pseudonym, as plain data."""
from __future__ import annotations

import re
from collections.abc import Callable

from .normalise import candidates
from .spans import CONTACT, DATE, IDENTIFIER, ORGANISATION, OTHER, PERSON, PLACE
from .tokens import tokenize

PREFIX = {PERSON: "PERSON", ORGANISATION: "ORG", PLACE: "PLACE", CONTACT: "CONTACT",
          IDENTIFIER: "ID", DATE: "DATE", OTHER: "OTHER"}
_EXACT = (CONTACT, IDENTIFIER, DATE, OTHER)
_REALISTIC = (
    "Арман Сейткали", "Жанар Исаева", "Ерлан Мусин", "Алия Ибраева", "Марат Жунусов",
    "Гаухар Сагинова", "Нурлан Абенов", "Динара Кенжина", "Асхат Бекетов", "Сауле Ахметова",
    "Ержан Омаров", "Айнур Садыкова", "Руслан Тулеуов", "Камила Нурпеисова", "Даурен Байжанов",
    "Меруерт Алиева", "Санжар Утегенов", "Томирис Жакупова", "Бауыржан Каиров", "Ляззат Оспан")


def _words(name: str) -> list[frozenset[str]]:
    return [candidates(t.text) for t in tokenize(name) if len(t.text) > 1]


def _exact_form(category: str, name: str) -> str:
    value = re.sub(r"\s+", " ", name.strip().lower())
    if category in (CONTACT, IDENTIFIER) and sum(c.isdigit() for c in value) >= 7:
        return re.sub(r"\D", "", value)
    return value


class Key:
    """Entity -> pseudonym registry; ``to_dict``/``from_dict`` for storage.

    Entries are dicts ``{"category", "name", "pseudonym"}`` (plus
    ``"replacement"`` for a realistic name). Several entries can share one
    pseudonym (a roster name and its aliases). New entities get the next free
    code per category: PERSON-n, ORG-n, PLACE-n, CONTACT-n, ID-n, DATE-n.
    """

    def __init__(self, entries=(), realistic: bool = False):
        self.realistic = realistic
        self.entries: list[dict] = [dict(e) for e in entries]

    @classmethod
    def from_roster(cls, roster, realistic: bool = False) -> "Key":
        key = cls(realistic=realistic)
        key.add_roster(roster)
        return key

    def add_roster(self, roster) -> None:
        """Register every roster name and alias under the roster's pseudonym."""
        for entry in roster:
            for variant in entry.variants:
                if self._find_exact(entry.category, variant) is None:
                    self._add(entry.category, variant, entry.pseudonym)

    def to_dict(self) -> dict:
        return {"version": 1, "realistic": self.realistic,
                "entries": [dict(e) for e in self.entries]}

    @classmethod
    def from_dict(cls, data: dict) -> "Key":
        return cls(data.get("entries", ()), realistic=bool(data.get("realistic", False)))

    def pseudonym(self, category: str, name: str) -> str:
        """The pseudonym of the entity named ``name``, created if it is new."""
        entry = self.find(category, name)
        if entry is None:
            entry = self._add(category, name, self._next_code(category))
        return entry["pseudonym"]

    def replacement(self, category: str, name: str) -> str:
        """The text that replaces a mention: "[P07]" or a realistic name."""
        code = self.pseudonym(category, name)
        if self.realistic and category == PERSON:
            return self._realistic_name(code)
        return f"[{code}]"

    def is_replacement(self, text: str) -> bool:
        """True when ``text`` is something this key writes (applied twice: no change)."""
        value = text.strip()
        if value.startswith("[") and value.endswith("]"):
            return any(e["pseudonym"] == value[1:-1] for e in self.entries)
        return any(e.get("replacement") == value for e in self.entries)

    def find(self, category: str, name: str) -> dict | None:
        """The entry for this name: same words in any order and form, or the
        one entry whose name contains all of them ("Алии" -> "Алия Сулейменова")."""
        exact = self._find_exact(category, name)
        if exact is not None or category in _EXACT:
            return exact
        words = _words(name)
        if not words:
            return None
        found = {e["pseudonym"]: e for e in self._of(category) if _covers(_words(e["name"]), words)}
        return next(iter(found.values())) if len(found) == 1 else None

    def _find_exact(self, category, name):
        if category in _EXACT:
            form = _exact_form(category, name)
            return next((e for e in self._of(category)
                         if _exact_form(category, e["name"]) == form), None)
        words = _words(name)
        for e in self._of(category):
            other = _words(e["name"])
            if words and len(other) == len(words) and _covers(other, words) \
                    and _covers(words, other):
                return e
        return None

    def _of(self, category):
        return (e for e in self.entries if e["category"] == category)

    def _add(self, category, name, code) -> dict:
        entry = {"category": category, "name": name, "pseudonym": code}
        self.entries.append(entry)
        return entry

    def _next_code(self, category) -> str:
        prefix = PREFIX[category]
        pattern = re.compile(rf"{prefix}-0*(\d+)$")
        used = [int(m.group(1)) for e in self.entries if (m := pattern.match(e["pseudonym"]))]
        return f"{prefix}-{max(used, default=0) + 1}"

    def _realistic_name(self, code) -> str:
        for e in self.entries:
            if e["pseudonym"] == code and e.get("replacement"):
                return e["replacement"]
        taken = {e.get("replacement") for e in self.entries}
        pool = [n for n in _REALISTIC if n not in taken]
        name = pool[0] if pool else f"Person {code}"
        for e in self.entries:
            if e["pseudonym"] == code:
                e["replacement"] = name
        return name


def _covers(big: list[frozenset], small: list[frozenset]) -> bool:
    """Every word of ``small`` is a form of some word of ``big``."""
    return all(any(not w.isdisjoint(b) for b in big) for w in small)


def relabel(text: str, words: dict[str, str]) -> str:
    """``text`` with the category part of each code written as ``words`` says
    (``{"PERSON": "АДАМ", "STAFF": "ҚЫЗМЕТКЕР"}``: [PERSON-2] -> [АДАМ-2], STAFF-1 -> ҚЫЗМЕТКЕР-1).

    Codes whose prefix is not in ``words`` (a participant's P07, an organisation's LA-03) stay
    as they are. The words are the caller's: the engine knows no language of the interface.
    """
    return relabeller(words)(text)


def relabeller(words: dict[str, str]) -> Callable[[str], str]:
    """``relabel`` with these ``words`` as a function of the text, its expression built once
    (a transcript is written line by line); the text unchanged when no word differs."""
    prefixes = [p for p in sorted(words, key=len, reverse=True) if words[p] and words[p] != p]
    if not prefixes:
        return _unchanged
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, prefixes)) + r")-(\d+)(?![\w-])")
    return lambda text: pattern.sub(lambda m: f"{words[m.group(1)]}-{m.group(2)}", text)


def _unchanged(text: str) -> str:
    return text
