"""Merge overlapping spans by priority (see ``spans.rank``).

The higher-ranked span keeps its offsets, category and entity. Of a
lower-ranked span only what sticks out beyond it survives, and only if that
part still holds a capital letter or a digit (a model's "Абишевой некогда"
against the roster's "Абишевой" leaves nothing). Person spans one space apart
are then joined into one name, but for a first name and a first name in an
object case ("Әсем Маржанмен": two people, see ``kk.two_people``).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from .kk import surname_then_other, two_people
from .spans import PERSON, Span, rank

_EDGE = " \t\n\r,.;:!?-–—()"


def merge(spans, text: str | None = None) -> list[Span]:
    """Non-overlapping spans in text order."""
    # the accepted spans in text order (ties in the order accepted: what a
    # stable sort of them by their starts gives, the answer), their starts,
    # and the longest one's length: the overlaps of a span are read from there
    in_order: list[Span] = []
    starts: list[int] = []
    longest = 0
    # the offsets of the accepted spans: a span of the same offsets as one
    # (several finders propose the same name) is covered whole, nothing of it
    # left over, and needs no reading of its overlaps
    taken: set[tuple[int, int]] = set()
    for span in sorted(spans, key=rank):
        if span.start == span.end or (span.start, span.end) in taken:
            continue
        over = _overlapping(span, in_order, starts, longest)
        new = _leftovers(span, over, text) if over else [span]
        for piece in new:
            k = bisect_right(starts, piece.start)
            starts.insert(k, piece.start)
            in_order.insert(k, piece)
            longest = max(longest, piece.end - piece.start)
            taken.add((piece.start, piece.end))
    return _join_names(in_order, text) if text is not None else in_order


def _overlapping(span: Span, in_order: list[Span], starts: list[int], longest: int) -> list[Span]:
    """The accepted spans (``in_order``, text order) that overlap ``span``, in
    text order: only those that start before its end, and less than the
    longest one's length before its start, can."""
    first = bisect_right(starts, span.start - longest)
    last = bisect_left(starts, span.end)
    return [a for a in in_order[first:last] if span.start < a.end]


def _leftovers(span: Span, over: list[Span], text: str | None) -> list[Span]:
    pieces, pos = [], span.start
    for other in over:
        if other.start > pos:
            pieces.append((pos, other.start))
        pos = max(pos, other.end)
    if pos < span.end:
        pieces.append((pos, span.end))
    out = []
    for start, end in pieces:
        if text is not None:
            start, end = _strip(text, start, end)
            if not _capital_or_digit(text[start:end]):
                continue
            if span.category == PERSON and text[end:end + 1] == "." and text[end - 1].isupper() \
                    and (end - 1 == start or not text[end - 2].isalpha()):
                end += 1  # an initial keeps its full stop ("Damir" + "U.")
        out.append(replace(span, start=start, end=end,
                           text=text[start:end] if text is not None else None))
    return out


def _capital_or_digit(piece: str) -> bool:
    """Some character of the piece is a capital letter or a digit (each test
    read over the characters by ``map``, no Python loop per character)."""
    return any(map(str.isupper, piece)) or any(map(str.isdigit, piece))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _two(text: str, first: str, second: str) -> bool:
    """Two people side by side ("Әсем Маржанмен", "Ескендірова Мирасқа")."""
    return two_people(first, second) or " " not in first and " " not in second \
        and surname_then_other(text, first, second)


def _join_names(spans: list[Span], text: str) -> list[Span]:
    """Join person spans one space apart ("Айжан" "Толеуовна"); a roster
    entity survives only if both parts carry it ("Руслан" + roster "Оспанов"
    is someone else)."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev and prev.category == span.category == PERSON \
                and text[prev.end:span.start] == " " \
                and not _two(text, text[prev.start:prev.end], text[span.start:span.end]):
            best = min(prev, span, key=rank)
            entity = prev.entity if prev.entity == span.entity else None
            source = best.source if entity or best.family != "roster" else span.source \
                if best is prev else prev.source
            out[-1] = replace(best, start=prev.start, end=span.end, entity=entity,
                              source=source, text=text[prev.start:span.end])
            continue
        out.append(span)
    return out
