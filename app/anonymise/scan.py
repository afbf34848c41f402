"""Faster whole-text scans with the same matches.

Python's regular expressions try a pattern at every position of the text;
a pattern that begins with a literal or a class of characters is looked for
by that first character, but one that begins with a choice of words that
start with classes ("[Tt]hanks|[Hh]i|...") is tried in full at every
position. ``quick(pattern)`` is the same pattern behind a look-ahead for the
characters any match must begin with (read from the pattern itself, so it
follows any change of the pattern): the same matches, the same groups, in
about half the time on such patterns (issue 11). A pattern whose first
characters cannot be read so (flags, an optional start, a negated class ...)
is returned as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser of the ``re`` module (Python 3.11+)
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - another Python: no speed-up, same matches
    _c = _parser = None

# no look-ahead when a match may begin with more characters than this
_MAX_FIRST = 64


@lru_cache(maxsize=256)
def quick(pattern: re.Pattern) -> re.Pattern:
    """``pattern``, or a faster one with exactly the same matches (see above)."""
    if _parser is None or pattern.flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE) \
            or not isinstance(pattern.pattern, str):
        return pattern
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags).data)
        if _prefixed(items):
            return pattern  # looked for by its first character already
        first = _first_chars(items)
    except Exception:  # noqa: BLE001 - the parser's internals: no speed-up, same matches
        return pattern
    if not first or len(first) > _MAX_FIRST:
        return pattern
    head = "".join(re.escape(ch) for ch in sorted(first))
    try:
        return re.compile(f"(?=[{head}])(?:{pattern.pattern})", pattern.flags)
    except re.error:  # e.g. inline flags, which must open the pattern
        return pattern


def on_lines(pattern: re.Pattern, need: re.Pattern, text: str) -> list[re.Match]:
    """``pattern.finditer(text)`` for a pattern none of whose matches crosses
    a line end and each of whose matches holds, on its line, a match of
    ``need`` (a plain search, cheaper than the pattern's): only the lines
    that hold one are searched. A search bounded at a line end reads ``$``
    and ``\\b`` there as ``re.M`` reads them before the newline; look-behinds
    and ``^`` read the text before the line as they do."""
    found, done = [], -1
    for n in need.finditer(text):
        if n.start() < done:
            continue  # on a line searched already
        start = text.rfind("\n", 0, n.start()) + 1
        done = text.find("\n", n.end())
        done = len(text) if done < 0 else done
        found += pattern.finditer(text, start, done)
    return found


def lines_holding(pattern: re.Pattern, text: str, keys):
    """``pattern.finditer(text)``, read only on the lines that hold one of
    ``keys`` (strings, each found by a plain search, or a pattern): the same
    matches for a pattern of which every match holds a key and none a line
    break, and with no ``$`` or ``\\Z`` (a line searched alone ends there).
    Each line is read from its start as the whole text would be (no match
    runs over from the line before), a look-behind sees the text before it
    and a look-ahead its line break; the lines without a key hold no match.
    (``on_lines`` stops before the line break instead.)"""
    for start in _starts_of_lines(text, keys):
        end = text.find("\n", start)
        yield from pattern.finditer(text, start, len(text) if end < 0 else end + 1)


def _starts_of_lines(text, keys) -> list[int]:
    """Where each line holding one of ``keys`` starts, in order (a plain
    search for each key, one hit a line; a pattern's search, one a line)."""
    if isinstance(keys, re.Pattern):
        return _starts_of_lines_matching(text, keys)
    starts = set()
    for key in keys:
        i = text.find(key)
        while i >= 0:
            starts.add(text.rfind("\n", 0, i) + 1)
            end = text.find("\n", i)
            i = text.find(key, end) if end >= 0 else -1
    return sorted(starts)


def _starts_of_lines_matching(text, key) -> list[int]:
    starts = []
    m = key.search(text)
    while m:
        starts.append(text.rfind("\n", 0, m.start()) + 1)
        end = text.find("\n", m.end())
        m = key.search(text, end) if end >= 0 else None
    return starts


# (``\d\d*``, not ``\d+``: a pattern that begins with a class is looked for
# by it, one that begins with a repeat is tried in full at every position)
_DIGITS = re.compile(r"\d\d*")


@lru_cache(maxsize=4)
def digit_runs(text: str) -> tuple[tuple[int, int], ...]:
    """Where each run of digits (``\\d``: of any script) begins and ends, in
    order: read once per text for the finders of numbers and of dates."""
    return tuple(m.span() for m in _DIGITS.finditer(text))


_WORD_CHAR = re.compile(r"\w")


def starts_a_word(text: str, i: int) -> bool:
    """No word character (``\\w``: a letter, digit or "_") stands right before
    position ``i``: the text's start, or after a space, mark or line end."""
    return i == 0 or _WORD_CHAR.match(text, i - 1) is None


def holds(text: str, key: str) -> bool:
    """``key in text``, its first character looked for first: a search for
    one character is many times quicker than one for several (most keys'
    first letters are missing from most texts: Latin ones from Kazakh text)."""
    return key[:1] in text and key in text


def occurrences(text: str, key: str):
    """Every position where ``key`` stands in ``text``, in order (a plain
    search each, overlapping ones too)."""
    i = text.find(key)
    while i >= 0:
        yield i
        i = text.find(key, i + 1)


def matches_from(pattern: re.Pattern, text: str, starts):
    """``pattern.finditer(text)`` for a pattern none of whose matches is empty
    and each of which begins at one of ``starts`` (positions in increasing
    order): the pattern is tried at those alone, left to right, none inside
    the match before (what ``finditer`` finds, without trying the pattern at
    every other position). A look-behind reads the text before a start as
    ``finditer`` does."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m:
                end = m.end()
                yield m


def _first_chars(items) -> set[str] | None:
    """The characters a match of the parsed items can begin with; None when
    that cannot be told (any character, an empty match, flags)."""
    if not items:
        return None
    op, av = items[0]
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        out = set()
        for kind, arg in av:
            if kind is _c.LITERAL:
                out.add(chr(arg))
            elif kind is _c.RANGE and arg[1] - arg[0] < _MAX_FIRST:
                out.update(map(chr, range(arg[0], arg[1] + 1)))
            else:  # a negated class, a category (\w), a wide range
                return None
        return out
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _first_chars(list(sub.data))
    if op is _c.BRANCH:
        out = set()
        for alternative in av[1]:
            found = _first_chars(list(alternative.data))
            if found is None:
                return None
            out |= found
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _first_chars(list(av[2].data))
    return None


def _prefixed(items) -> bool:
    """True when the ``re`` module itself looks for the pattern by its first
    character: it begins (inside groups) with a literal, a class, or a choice
    whose every branch begins with a literal (``re._compiler._compile_info``)."""
    while items and items[0][0] is _c.SUBPATTERN:
        items = list(items[0][1][3].data)
    if not items:
        return False
    op, av = items[0]
    if op in (_c.LITERAL, _c.IN):
        return True
    return op is _c.BRANCH and all(alternative.data and alternative.data[0][0] is _c.LITERAL
                                   for alternative in av[1])
