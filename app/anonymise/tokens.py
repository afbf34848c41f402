"""Word tokens with their offsets (shared by the roster matcher and the rules)."""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from itertools import accumulate, compress, count, repeat
from operator import itemgetter
from typing import NamedTuple

# Letters joined by hyphens or apostrophes; the English possessive stays outside.
# A hyphen at a line end joins too ("Жаксы-\nбеков"): the token's text is the
# word without the break, its offsets cover both lines.
# (possessive repeats, "++" and "*+": nothing after a repeat can match what it
# gave back, so the matches are those of plain ones, found without trying)


def _word_pattern(letter: str) -> str:
    """``WORD`` with ``letter`` for the class of a letter."""
    return rf"{letter}++(?:-(?:[ \t]*\n[ \t]*)?{letter}++)*+(?:['’](?!s\b){letter}++)*+"


_LETTER = r"[^\W\d_]"
WORD = re.compile(_word_pattern(_LETTER))
_WORD_SPLIT = re.compile(f"({WORD.pattern})")  # (its one group: ``split`` keeps the words)
# The characters of most texts: ASCII, the Latin letters of Europe, Greek and
# Cyrillic (Kazakh's letters too), the punctuation and letter-like symbols
# ("—", "«", "№"). A letter is a character of ``_LETTER`` (a letter, no digit,
# no "_"), which Python's re tests by the Unicode tables, character after
# character; among these characters it is the class of the ones that are,
# listed, whose test is a few comparisons (the same words, in a quarter less time).
_KNOWN = ((0, 0x52F), (0x2000, 0x214F))


def _class_of(ranges) -> str:
    """A class of characters of the given ranges of code points (first, last)."""
    return "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


_ALL_KNOWN = re.compile(_class_of(_KNOWN) + "*+")


def only_known(text: str, start: int = 0, end: int | None = None) -> bool:
    """Every character of text[start:end] is one of ``_KNOWN``: a pattern
    written with ``known_class`` finds there what the class it lists does."""
    return _ALL_KNOWN.fullmatch(text, start, len(text) if end is None else end) is not None


def known_class(cls: str) -> str:
    """The characters of ``_KNOWN`` that the class ``cls`` (a pattern of one
    character: ``[^\\W\\d_]``, ``\\w``) matches, listed as ranges."""
    one, ranges = re.compile(cls), []
    for code in (c for a, b in _KNOWN for c in range(a, b + 1) if one.fullmatch(chr(c))):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return _class_of(ranges)


_WORD_SPLIT_KNOWN = re.compile(f"({_word_pattern(known_class(_LETTER))})")
_BREAK_LOWER = re.compile(r"-[ \t]*\n[ \t]*(?=[^\W\d_])(?=\w)(?![A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
_BREAK = re.compile(r"-[ \t]*\n[ \t]*")
# An initial: one letter, or the two Latin letters of one Cyrillic letter
# ("Zh. Omarova", "Kh.", "Ye.").
_INITIAL = r"(?:[^\W\d_]|(?<![\w.])(?:[ZKSC]h|Ts|Y[eauo]))"
INITIALS_BEFORE = re.compile(rf"(?:\b{_INITIAL}\.\s?){{1,2}}\s?$")
# The full stop after an initial: ``_INITIAL`` and its full stop, read back from
# the full stop (looked for by that one character; ``\b`` first would be tried
# at every position).
_INITIAL_STOP = re.compile(r"\.(?:(?<=\b[^\W\d_]\.)|(?<=(?<![\w.])(?:[ZKSC]h|Ts|Y[eauo])\.))")
INITIALS_AFTER = re.compile(rf"\s(?:{_INITIAL}\.\s?){{0,1}}{_INITIAL}\.")
GAP_NAME = re.compile(r"[ \t\u00a0]{1,3}|\s?\n?\s?")
GAP_ORG = re.compile(r"[\s«»\"“”„,\-–]{1,5}")


class Token(NamedTuple):
    start: int
    end: int
    text: str

    @property
    def is_title(self) -> bool:
        return self.text[0].isupper()


_new = tuple.__new__  # a Token without the Python-level __new__ of NamedTuple: tokenising is hot


class Tokens(list):
    """The tokens of one text (``tokenize``), with views of them that several
    finders share, each computed once, on first use: the distinct words, the
    words in lower case, the indices of the words in lower case and of those
    that start with a capital. Read-only once made: no finder changes the
    list (a slice or copy is a plain list, without the views)."""

    @cached_property
    def texts(self) -> list[str]:
        """The words, in order."""
        return [t.text for t in self]

    @cached_property
    def words(self) -> frozenset[str]:
        """The distinct words."""
        return frozenset(self.texts)

    @cached_property
    def lower(self) -> frozenset[str]:
        """The distinct words written in lower case (``str.islower``)."""
        return frozenset([w for w in self.words if w.islower()])

    @cached_property
    def long_ascii(self) -> list[str]:
        """The distinct words of four ASCII letters or more."""
        return [w for w in self.words if len(w) > 3 and w.isascii() and w.isalpha()]

    def where(self, words) -> list[int]:
        """Indices of the tokens whose word is one of ``words`` (some of the
        text's distinct words), in order: a finder whose first tests read the
        word alone asks each distinct word once, then looks only at the
        tokens of the words that passed (mostly none)."""
        if not words:
            return []
        words = words if isinstance(words, (set, frozenset)) else set(words)
        return true_indices(map(words.__contains__, self.texts))

    @cached_property
    def capitalised(self) -> list[int]:
        """Indices of the words that start with a capital letter."""
        return true_indices(map(str.isupper, map(itemgetter(0), self.texts)))


def true_indices(flags) -> list[int]:
    """The indices of the true ones of ``flags`` (read with ``map``: no Python loop per word)."""
    return list(compress(count(), flags))


def as_tokens(tokens) -> Tokens:
    """``tokenize``'s list as it is; any other list of tokens (a copy, a
    slice, a test's list) wrapped, so that every finder reads the views."""
    return tokens if isinstance(tokens, Tokens) else Tokens(tokens)


def tokenize(text: str) -> Tokens:
    """The words of a text with their offsets, and the views of them (``Tokens``)."""
    # The text split at its words: the stretches between the words and the
    # words in turn (``WORD``'s matches, left to right), whose lengths added
    # up give where each piece begins: the tokens made without a Python loop.
    # (a text of known characters alone is split by their class of letters,
    # which says of each of them what ``_LETTER`` says: the same pieces)
    split = _WORD_SPLIT_KNOWN.split if only_known(text) else _WORD_SPLIT.split
    pieces = split(text)
    offsets = list(accumulate(map(len, pieces), initial=0))
    words = pieces[1::2]
    if "\n" in text and _BREAK.search(text) is not None:  # a word may run across a line end
        words = [w if "\n" not in w else joined(w) for w in words]
    tokens = Tokens(map(_new, repeat(Token), zip(offsets[1::2], offsets[2::2], words)))
    tokens.__dict__["texts"] = words  # the words, in order: the ``texts`` view already
    return tokens


@lru_cache(maxsize=1 << 14)
def words_of(name: str) -> tuple[Token, ...]:
    """``tokenize`` of a short text (a span's text), cached: the same names
    are looked at word by word by several steps, and again in every text."""
    # (made one by one: on a few words cheaper than ``tokenize``'s maps and views)
    if "\n" not in name or _BREAK.search(name) is None:
        return tuple([_new(Token, (m.start(), m.end(), m.group())) for m in WORD.finditer(name)])
    return tuple(_new(Token, (m.start(), m.end(), joined(m.group()))) for m in WORD.finditer(name))


def joined(word: str) -> str:
    """The word with a hyphenated line break undone: "Жаксы-\nбеков" is
    "Жаксыбеков", "Бухар-\nЖырау" keeps its hyphen."""
    if "\n" not in word:
        return word
    return _BREAK.sub("-", _BREAK_LOWER.sub("", word))


def name_gap(text: str, left: Token, right: Token) -> bool:
    """True when only a little whitespace separates two words."""
    gap = text[left.end:right.start]
    return 0 < len(gap) <= 3 and gap.isspace()


def org_gap(text: str, left: Token, right: Token) -> bool:
    """True when only spaces, quotes, commas or dashes separate two words."""
    gap = text[left.end:right.start]
    return GAP_ORG.fullmatch(gap) is not None


def initials_before(text: str, start: int) -> int:
    """Start of initials ("Е. ", "Е.С. ") written right before ``start``."""
    if "." not in text[max(0, start - 4):start]:
        return start  # (a match ends in a full stop and at most three spaces or line ends)
    m = INITIALS_BEFORE.search(text, max(0, start - 8), start)
    if m and text[m.start()].isupper():
        return m.start()
    return start


def has_initials(text: str) -> bool:
    """Some initial with its full stop stands in the text: else ``initials_before``
    finds none anywhere in it (each match of ``INITIALS_BEFORE`` holds one)."""
    return _INITIAL_STOP.search(text) is not None


def initials_after(text: str, end: int) -> int:
    """End of initials written right after a surname ("Тулегенов Е.С.")."""
    m = INITIALS_AFTER.match(text, end)
    if m and m.group().strip()[0].isupper():
        return m.end()
    return end


# What may come before the first word of a sentence or a turn (spaces aside).
_SENTENCE_END = frozenset(".!?:;\n\"“”«»—–-(")


def sentence_start(text: str, pos: int) -> bool:
    """True when only punctuation of a sentence or turn start precedes ``pos``."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END
