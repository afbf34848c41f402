"""The span: one detected (or human-added) stretch of identifying text."""
from __future__ import annotations

from dataclasses import asdict, dataclass

PERSON = "person"
ORGANISATION = "organisation"
PLACE = "place"
CONTACT = "contact"
IDENTIFIER = "identifier"
DATE = "date"
OTHER = "other"

CATEGORIES = (PERSON, ORGANISATION, PLACE, CONTACT, IDENTIFIER, DATE, OTHER)

# Merge priority, highest first: a span from an earlier source family wins an
# overlap (patterns are exact, the roster is what the study knows, then the
# statistical model, then the rules); within a family the longer span wins,
# then the category order below.
SOURCE_PRIORITY = ("user", "pattern", "roster", "ner", "rules")
CATEGORY_PRIORITY = (IDENTIFIER, CONTACT, DATE, PERSON, ORGANISATION, PLACE, OTHER)


@dataclass(frozen=True, order=True, init=False)
class Span:
    """Characters ``text[start:end]`` (Python string offsets) that identify someone.

    ``source`` says which detector found it (``roster``, ``pattern:phone``,
    ``ner:natasha``, ``rules:person``, ``user`` ...); ``entity`` optionally names
    the entity the span refers to (the roster name for roster matches) so that
    all its mentions share one pseudonym; ``text`` is the covered text.
    """

    start: int
    end: int
    category: str
    source: str = "user"
    entity: str | None = None
    text: str | None = None

    def __init__(self, start: int, end: int, category: str, source: str = "user",
                 entity: str | None = None, text: str | None = None):
        if not 0 <= start <= end:
            raise ValueError(f"bad span offsets {start}..{end}")
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        # the fields written at once: the generated frozen __init__ sets each one
        # through ``object.__setattr__``, twice the cost, and the finders make
        # spans by the thousand
        self.__dict__.update(start=start, end=end, category=category, source=source,
                             entity=entity, text=text)

    @property
    def family(self) -> str:
        return self.source.partition(":")[0]

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict) -> "Span":
        return cls(
            start=int(data["start"]), end=int(data["end"]), category=data["category"],
            source=data.get("source", "user"), entity=data.get("entity"),
            text=data.get("text"),
        )


# Each family's and category's place in the orders above, looked up once (a
# family of no place there comes after them all).
_SOURCE_RANK = {family: i for i, family in enumerate(SOURCE_PRIORITY)}
_CATEGORY_RANK = {category: i for i, category in enumerate(CATEGORY_PRIORITY)}


def rank(span: Span) -> tuple:
    """Sort key for merging: smaller ranks win overlaps."""
    src = _SOURCE_RANK.get(span.family, len(SOURCE_PRIORITY))
    return (src, span.start - span.end, _CATEGORY_RANK[span.category], span.start)
