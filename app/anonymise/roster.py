"""What the study knows: its participants, staff, organisations and places."""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field

from .spans import ORGANISATION, PERSON, PLACE

KINDS = {"person": PERSON, "organisation": ORGANISATION, "place": PLACE}


class RosterError(ValueError):
    """The roster file or entries cannot be read."""


@dataclass(frozen=True)
class RosterEntry:
    """One known entity: ``kind`` is person, organisation or place."""

    kind: str
    name: str
    pseudonym: str
    aliases: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if self.kind not in KINDS:
            raise RosterError(f"unknown roster kind {self.kind!r}")
        if not self.name.strip() or not self.pseudonym.strip():
            raise RosterError("a roster entry needs a name and a pseudonym")

    @property
    def category(self) -> str:
        return KINDS[self.kind]

    @property
    def variants(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


class Roster:
    """An ordered collection of roster entries."""

    def __init__(self, entries=()):
        self.entries: tuple[RosterEntry, ...] = tuple(entries)
        self._matcher = None

    def __len__(self):
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    @classmethod
    def from_entries(cls, entries) -> "Roster":
        """Build from RosterEntry objects or dicts with kind, name, pseudonym, aliases."""
        return cls(e if isinstance(e, RosterEntry) else _entry_from_row(e) for e in entries)

    @classmethod
    def from_csv(cls, source) -> "Roster":
        """Read ``kind,name,pseudonym,aliases`` (aliases separated by ``|``).

        ``source`` is a path or an open text file.
        """
        if isinstance(source, (str, os.PathLike)):
            with open(source, encoding="utf-8-sig", newline="") as fh:
                return cls.from_csv(fh)
        text = source.read()
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text))
        missing = {"kind", "name", "pseudonym"} - set(reader.fieldnames or ())
        if missing:
            raise RosterError(f"roster lacks the column(s) {', '.join(sorted(missing))}")
        return cls.from_entries(reader)

    @property
    def matcher(self):
        """The compiled index used by detection (built once, lazily)."""
        if self._matcher is None:
            from .roster_match import RosterMatcher

            self._matcher = RosterMatcher(self)
        return self._matcher


def _entry_from_row(row: dict) -> RosterEntry:
    aliases = row.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split("|")]
    return RosterEntry(
        kind=(row.get("kind") or "").strip(),
        name=(row.get("name") or "").strip(),
        pseudonym=(row.get("pseudonym") or "").strip(),
        aliases=tuple(a.strip() for a in aliases if a and a.strip()),
    )
