"""Replace reviewed spans with the study's pseudonyms."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .key import Key
from .merge import merge
from .spans import Span
from .tokens import tokenize


@dataclass(frozen=True)
class Replacement:
    """One replaced span: offsets in the original and in the new text."""

    start: int
    end: int
    new_start: int
    new_end: int
    category: str
    pseudonym: str

    def to_dict(self) -> dict:
        return asdict(self)


class Pseudonymiser:
    """Applies spans to texts with one key, so pseudonyms agree across transcripts."""

    def __init__(self, key: Key | None = None, roster=None, realistic: bool = False):
        self.key = key if key is not None else Key(realistic=realistic)
        if roster is not None:
            self.key.add_roster(roster)

    def apply(self, text: str, spans) -> tuple[str, list[Replacement]]:
        return apply(text, spans, self.key)


def apply(text: str, spans, key: Key) -> tuple[str, list[Replacement]]:
    """``text`` with every span replaced by its pseudonym; the key grows.

    ``spans`` may be Span objects or dicts (start, end, category, optional
    entity), possibly edited by a person; overlaps are merged first. A span
    whose text is already a pseudonym is left alone, so applying twice
    changes nothing more.
    """
    spans = merge([s if isinstance(s, Span) else Span.from_dict(s) for s in spans], text)
    spans = [s for s in spans if s.end <= len(text) and not key.is_replacement(text[s.start:s.end])]
    # Longer names first, so "Алия Сулейменова" is registered before "Алии".
    chosen = {}
    for span in sorted(spans, key=lambda s: -len(tokenize(text[s.start:s.end]))):
        chosen[span] = key.replacement(span.category, span.entity or text[span.start:span.end])
    parts, replacements, pos, shift = [], [], 0, 0
    for span in spans:
        new = chosen[span]
        parts += [text[pos:span.start], new]
        new_start = span.start + shift
        replacements.append(Replacement(span.start, span.end, new_start, new_start + len(new),
                                        span.category, new.strip("[]")))
        shift += len(new) - (span.end - span.start)
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts), replacements
