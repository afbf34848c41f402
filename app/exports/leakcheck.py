"""The last gate before a bundle leaves: search every file for the study's identities.

Names are found in their inflected forms (the anonymisation engine's roster matcher);
contacts and key entries as plain text, ignoring case, spaces and punctuation in numbers.
Plain Python.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.anonymise import Roster, detect

_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Leak:
    file: str
    line: int
    what: str  # a category label, never the identity itself: the report may be shown widely


def _phone_key(value: str) -> str | None:
    digits = "".join(_DIGITS.findall(value))
    return digits[-10:] if len(digits) >= 7 else None


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _roster_leaks(name: str, text: str, roster: Roster) -> list[Leak]:
    return [Leak(name, _line_of(text, span.start), span.category)
            for span in detect(text, roster=roster, lang="auto", ner=False)
            if span.source == "roster"]


def _literal_leaks(name: str, text: str, literals: list[str], phones: set[str]) -> list[Leak]:
    leaks = []
    lowered = text.lower()
    for value in literals:
        position = lowered.find(value)
        if position >= 0:
            leaks.append(Leak(name, _line_of(text, position), "contact"))
    for match in re.finditer(r"\+?\d[\d\s().-]{5,}\d", text):
        if _phone_key(match.group()) in phones:
            leaks.append(Leak(name, _line_of(text, match.start()), "phone"))
    return leaks


def find_leaks(files: Iterable[tuple[str, str]], roster: Roster, contacts: Iterable[str]) -> list[Leak]:
    """Every place where a roster identity or a contact appears in the (name, text) files."""
    contacts = [c.strip() for c in contacts if c and c.strip()]
    phones = {key for c in contacts if (key := _phone_key(c)) and "@" not in c}
    literals = [c.lower() for c in contacts if "@" in c or not _phone_key(c)]
    leaks: list[Leak] = []
    for name, text in files:
        leaks += _roster_leaks(name, text, roster)
        leaks += _literal_leaks(name, text, literals, phones)
    return sorted(set(leaks), key=lambda leak: (leak.file, leak.line, leak.what))
