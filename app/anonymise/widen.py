"""Widen organisation and place spans to what the conventions mask with them."""
from __future__ import annotations

import re

from .kk import kind_outside, place_word_of_one
from .normalise import candidates

_LEGAL_FORM = re.compile(
    r"(?:\b(?:ОФ|ОО|ОЮЛ|ТОО|АО|ИП|РОО|ОБ|КФ|ЧУ|КГУ|ГУ|РГП|ГКП|НАО|ҚБ|ҚҚ|ЖШС|LLP|JSC)"
    r"|\b(?:[Оо]бщественн\w+ (?:фонд|объединени\w+)|[Фф]онд\w*))\s?$")
_OPEN, _CLOSE = "«“„\"", "»”\""

# Words naming a kind of place that the conventions mask with the name.
PLACE_BEFORE = frozenset(
    "село селе села поселок посёлок поселке посёлке город городе города г аул ауле "
    "ауыл район районе улица улице улицы ул проспект проспекте пр мкр микрорайон "
    "микрорайоне переулок бульвар площадь шоссе станция станции".split())
PLACE_AFTER_STEMS = frozenset().union(*(candidates(w) for w in (
    "ауданы ауылы ауылдық қаласы облысы өңірі көшесі даңғылы шағынауданы кенті өзені көлі "
    "район область округ district region city village street avenue town "
    "province oblast microdistrict micro-district").split()))


def place_after(word: str) -> bool:
    """A word naming a kind of place after a name ("ауданы", "көліне"); "қол"
    (hand: "қол қойды", signed) folds like "көл" (lake) and is none."""
    return not candidates(word).isdisjoint(PLACE_AFTER_STEMS) \
        and not word.lower().startswith("қол")


def widen_org(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in balanced quotes around the name and a legal form before it."""
    inner = text[start:end]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before and before in _OPEN and (after in _CLOSE or "»" in inner or "”" in inner):
        start -= 1
    if after and after in _CLOSE and (before in _OPEN or any(q in inner for q in "«“„")):
        end += 1
    m = _LEGAL_FORM.search(text, max(0, start - 40), start)
    if m:
        start = m.start()
    return start, end


_WORD_AFTER = re.compile(r"\s([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?\s$")


def widen_place(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in an adjacent place-kind word: "село Акбулак", "Мирный ауылында"."""
    m = _WORD_BEFORE.search(text, max(0, start - 14), start)
    if m and m.group(1).lower() in PLACE_BEFORE:
        start = m.start()
    m = _WORD_AFTER.match(text, end)
    if m and (place_after(m.group(1)) or place_word_of_one(m.group(1))) \
            and not kind_outside(m.group(1)):  # "ауылындағы": the locative adjective
        end = m.end()
    return start, end
