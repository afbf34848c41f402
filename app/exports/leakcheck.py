"""The last gate before a bundle leaves: search every file for the study's identities.

One pass per file, with automata built once per bundle (`LeakCheck`):

- names: every stem of every word of the key's names (the anonymisation engine's stems: Kazakh
  letters folded, case endings cut) in a set. A file's distinct words (runs of letters,
  hyphens and apostrophes, lower-cased) are each looked up once per check (the answers are
  kept for the bundle's next files): a word, or a part of it after a hyphen or an apostrophe,
  that is a stem followed perhaps by a final vowel, a case ending and "'s" is a candidate, so
  the cost does not grow with the key (the one trie expression it replaces tried the key's
  first letters at nearly every character: 1.4 ms a file with 300 people). Only the lines of
  the candidates are read further; there the engine's roster matcher (the same rules as when
  the transcript was anonymised: people by any of their name words, organisations and places
  by their words in sequence) decides. The stems are the names as written (Cyrillic);
  a person written in the other script ("Testova") or a letter or two off is found by the
  matcher's own word rule (`RosterMatcher.hits`: transliteration skeleton, then fuzzy),
  asked once per distinct capitalised word (its answers are cached). The matcher reads a
  candidate line (with the next) only when a word there could start a name
  (`RosterMatcher.could_start`: a person's word written with a capital, or an organisation's
  or place's first word) or initials stand there: most candidates are words in lower case with
  a person's stem, where it can find nothing. The whole detector (tokeniser, every pattern,
  every cue) never runs.
  A file's text is read once for all three questions (a stem, a word that could start a name,
  a capitalised word the matcher's word rule hits): split at white space into its distinct
  words (every chunk of letters lies within one), and what each word holds is learnt once per
  check, so a file of words already met costs a split and a set difference. The lines where a
  name could start come first: where there is none (most files) no candidate line is looked for.
- contacts: e-mail addresses in one trie expression, ignoring case, read on the lines with an
  "@" only; other literal contacts (rare) in one over the whole text;
  phone numbers as runs of digits (spaces, dots, dashes and brackets between them ignored),
  compared by their last ten digits.

Plain Python.
"""
from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from app.anonymise import Roster
from app.anonymise.normalise import ENDINGS, candidates, fold
from app.anonymise.roster_match import CAPITAL_DOT, INITIALS_ANYWHERE
from app.anonymise.tokens import tokenize

_DIGITS = re.compile(r"\d")
_AT = re.compile("@")
# no "+" before the first digit: the same digits on the same line, and an expression that
# starts with a digit lets the engine skip to the next digit (a file's phone search 290 -> 110 us)
_PHONE = re.compile(r"\d[\d\s().-]{5,}\d")
_LETTER_AFTER = r"(?![^\W\d_])"
_NEWLINE = re.compile("\n")
# What a form of a name can hold: letters, and the hyphens and apostrophes a stem may hold
# (tokens join letters by them), with the combining dot that lower() gives "İ". No letter
# stands before or after a run, so every form of a name the check looks for lies inside one.
_RUN_CHAR = r"(?:[^\W\d_]|[-'’\u0307])"
_RUN = re.compile(f"{_RUN_CHAR}+")
# The same with digits and "_" too: one character class, which the engine reads four times
# faster (a file's words 1.3 -> 0.3 ms); a chunk is split into runs when first looked up.
_CHUNK = re.compile(r"[\w'’\u0307-]+")
_CHUNK_ONE = re.compile(r"[\w'’\u0307-]")
_WORD_LETTER = re.compile(r"[^\W\d_]")
_VOWELS = frozenset("аяеоуюыиь")
_LONGEST_ENDING = max(map(len, ENDINGS))
CACHED_WORDS = 200_000  # the words a check remembers its answer for (then it starts afresh)
CACHED_WINDOWS = 2_000
# a hyphen at a line's end: the tokeniser joins the word with the next line's
_BROKEN_WORD = re.compile(r"-[ \t]*\n")
# A capitalised word, as the roster matcher reads people (title or upper case). No check of
# the letter before (twice as slow): a word caught inside another is only one more to ask about.
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-ÞЀ-ЯӘҒҚҢӨҰҮҺ][^\W\d_]+")
# the one character whose lower case is two ("İ": "i̇"; every character checked in
# tests/exports/test_leak_word_prefilter.py): a text that holds it is read by the names expression
_LONGER_IN_LOWER_CASE = "\u0130"
# Every letter the engine folds onto a letter (Kazakh ә onto а, ё onto е, ’ onto '): the
# expression matches the text as written, ignoring case, instead of a folded copy of it.
_UNFOLD: dict[str, set[str]] = {}
for _letter in "".join(chr(c) for c in range(0x400, 0x4FF)) + "’'":
    _UNFOLD.setdefault(fold(_letter).lower(), set()).add(_letter.lower())


def _letter_class(char: str) -> str:
    letters = sorted(_UNFOLD.get(char, set()) | {char})
    return re.escape(char) if len(letters) == 1 else "[" + "".join(re.escape(c) for c in letters) + "]"


@dataclass(frozen=True)
class Leak:
    file: str
    line: int
    what: str  # a category label, never the identity itself: the report may be shown widely


def _phone_key(value: str) -> str | None:
    digits = "".join(_DIGITS.findall(value))
    return digits[-10:] if len(digits) >= 7 else None


def trie_pattern(words: Iterable[str], letter=re.escape) -> str:
    """A regular expression matching exactly these strings, shaped as a trie (shared prefixes
    written once), so the engine tries one branch per character instead of every word.
    `letter` writes one character (by default: itself)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(root, letter)


def _trie_first_letters_apart(words: Iterable[str]) -> str:
    """trie_pattern(words, _letter_class), the same strings matched, with the first letter of
    each branch a single letter (a branch for each letter its class holds): an expression
    whose every branch starts with a literal lets the regex engine skip to the next place one
    of those letters stands instead of trying the trie at every character (the names search
    over a bundle's texts 12 -> 6 ms at 100 transcripts of 2,000 words)."""
    words = set(words)
    if "" in words:  # the empty string too: no first letter to set apart
        return trie_pattern(words, _letter_class)
    rests: dict[str, set[str]] = {}
    for word in words:
        rests.setdefault(word[0], set()).add(word[1:])
    branches = []
    for first, after in sorted(rests.items()):
        rest = trie_pattern(after, _letter_class)
        for letter in sorted(_UNFOLD.get(first, set()) | {first}):
            branches.append(re.escape(letter) + (f"(?:{rest})" if rest else ""))
    return "|".join(branches)


def names_pattern(stems: Iterable[str]) -> str:
    """A stem, perhaps a final vowel, perhaps a case ending, perhaps "'s", then no letter."""
    vowel = _letter_class_of("аяеоуюыиь")
    endings = trie_pattern(ENDINGS, _letter_class)
    return f"(?:{_trie_first_letters_apart(stems)}){vowel}?(?:{endings})?(?:['’]s)?{_LETTER_AFTER}"


def _emit(node: dict, letter) -> str:
    ends = "" in node
    branches = [letter(char) + _emit(child, letter) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


class _Marks(NamedTuple):
    """What a word between white space holds (or the words of a file, together)."""

    naming: frozenset[str]  # its chunks that hold a form of a name
    starting: frozenset[str]  # its chunks where the matcher could start a name
    named: frozenset[str]  # its capitalised words (`_CAPITALISED`) the matcher's word rule hits
    dotted: bool  # it holds a capital and a full stop (initials could stand there)


_NO_MARKS = _Marks(frozenset(), frozenset(), frozenset(), False)


def _remembered(known: dict, key, bound: int, compute):
    """``known[key]``, computed once (``compute()``); ``known`` emptied when it holds more than ``bound``."""
    value = known.get(key)
    if value is None:
        if len(known) > bound:
            known.clear()
        value = known[key] = compute()
    return value


class LeakCheck:
    """The study's identities compiled once; `scan` a file's text for any of them."""

    def __init__(self, roster: Roster, contacts: Iterable[str]):
        self.roster = roster
        contacts = [c.strip() for c in contacts if c and c.strip()]
        self.phones = {key for c in contacts if (key := _phone_key(c)) and "@" not in c}
        literals = sorted({c.lower() for c in contacts if "@" in c or not _phone_key(c)})
        # e-mail addresses (an "@", on one line) are looked for only on the lines with an "@":
        # the one expression of them all tried the addresses' first letters at nearly every
        # character (0.8 ms a file with 100 addresses)
        emails = [c for c in literals if "@" in c and "\n" not in c]
        others = [c for c in literals if c not in set(emails)]
        self.emails = re.compile(trie_pattern(emails), re.IGNORECASE) if emails else None
        self.literals = re.compile(trie_pattern(others), re.IGNORECASE) if others else None
        stems = set()
        for entry in roster.entries:
            for variant in entry.variants:
                for token in tokenize(variant):
                    stems |= candidates(token.text)
        self.stems = frozenset(stems)
        self._starts: dict[str, bool] = {}  # a chunk of text as written -> whether a word of it could start a name
        self._windows: dict[tuple[str, int], tuple[str, ...]] = {}  # (window, first line's length) -> categories found
        self._words: dict[str, bool] = {}  # a chunk of text as written -> whether it holds a form of a name
        # words between white space: those that hold nothing (most), and what the others hold
        self._plain: set[str] = set()
        self._marked: dict[str, _Marks] = {}

    def scan(self, name: str, text: str) -> list[Leak]:
        lines = _Lines(text)
        leaks = self._names(name, text, lines) + self._contacts(name, text, lines)
        return sorted(set(leaks), key=lambda leak: (leak.file, leak.line, leak.what))

    def _names(self, name: str, text: str, lines: "_Lines") -> list[Leak]:
        if not self.stems:
            return []
        words = set(text.split())  # the file's distinct words between white space, read once: each chunk lies within one
        # the lines where the matcher could start a name first: with none (most files), no
        # window is read, so the lines of the candidates are not looked for
        starts = self._start_lines(text, words, lines)
        if not starts:
            return []
        lines_found = self._name_lines(text, words, lines) | self._named_lines(text, words, lines)
        leaks = []
        for number in sorted(lines_found):
            # the line and the next: a name broken over two lines is still one name
            if number not in starts and number + 1 not in starts:
                continue  # the matcher can find nothing in this window (see _start_lines)
            window = text[lines.start(number):lines.end(number + 1)]
            line_length = lines.end(number) - lines.start(number)
            leaks += [Leak(name, number + 1, category) for category in self._found(window, line_length)]
        return leaks

    def _named_lines(self, text: str, words: set[str], lines: "_Lines") -> set[int]:
        """The lines of a person in the other script or misspelled: the matcher's word rule
        (`RosterMatcher.hits`) asked once per capitalised word (`_CAPITALISED`, which reads
        letters only: each of its words lies within one word between white space, so a word's
        are found once per check); lines only for those that hit."""
        named = self._marks_of(words).named
        if not named:
            return set()
        where = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, sorted(named)))})(?![^\W\d_])")
        return {lines.index(m.start()) for m in where.finditer(text)}

    def _start_lines(self, text: str, words: set[str], lines: "_Lines") -> set[int]:
        """The lines where the roster matcher could start a name: a word that
        `RosterMatcher.could_start` one (its words asked once per check), initials, or a word
        broken over the line's end with a hyphen. A window (a line and the next) with none of
        them on either line gives the matcher nothing: each word of it lies within one chunk of
        the text (nothing outside a chunk is part of a word, but for a hyphen at a line's end),
        and initials are read where they could stand (`INITIALS_ANYWHERE`, no look-around).
        `words`: the text's distinct words between white space (`str.split`)."""
        found = {lines.index(m.start()) for m in _BROKEN_WORD.finditer(text)}
        marks = self._marks_of(words)
        if marks.dotted:  # else no initials stand anywhere
            found |= {lines.index(m.start()) for m in INITIALS_ANYWHERE.finditer(text)}
        for chunk in marks.starting:
            found |= _whole_lines(text, chunk, lines)
        return found

    def _marks_of(self, words: set[str]) -> _Marks:
        """What these words hold together, each word learnt once per check (`_learn`): the
        words known to hold nothing are put aside by one set difference."""
        if len(self._plain) + len(self._marked) > CACHED_WORDS:
            self._plain.clear()
            self._marked.clear()
        found = []
        for word in words - self._plain:
            marks = self._marked.get(word)
            if marks is None:
                marks = self._learn(word)
                if marks == _NO_MARKS:
                    self._plain.add(word)
                    continue
                self._marked[word] = marks
            found.append(marks)
        if not found:
            return _NO_MARKS
        return _Marks(*(frozenset().union(*parts) for parts in zip(*(m[:3] for m in found))),
                      any(m.dotted for m in found))

    def _learn(self, word: str) -> _Marks:
        chunks = _CHUNK.findall(word)
        hits = self.roster.matcher.hits
        return _Marks(frozenset(c for c in chunks if self._holds_form(c)),
                      frozenset(c for c in chunks if self._could_start(c)),
                      frozenset(w for w in _CAPITALISED.findall(word) if hits(w)),
                      bool(CAPITAL_DOT.search(word)))

    def _could_start(self, chunk: str) -> bool:
        return _remembered(self._starts, chunk, CACHED_WORDS, lambda: any(
            self.roster.matcher.could_start(tok.text) for tok in tokenize(chunk)))

    def _found(self, window: str, line_length: int) -> tuple[str, ...]:
        """The categories of what the roster matcher finds starting on the window's first line;
        asked once per window and check (a QDPX bundle holds each text twice)."""
        # only windows with a possible name: few, and short-lived
        return _remembered(self._windows, (window, line_length), CACHED_WINDOWS, lambda: tuple(
            span.category for span in self.roster.matcher.find(window) if span.start <= line_length))

    def _name_lines(self, text: str, words: set[str], lines: "_Lines") -> set[int]:
        """The lines where a word could be a form of a name (its stem in the key's). The
        text's chunks (`_CHUNK`) in lower case are the lower-cased text's: no character's
        lower case (of one character) is in the chunks' class when it is not (every character
        checked in tests/exports/test_leak_word_prefilter.py). `words`: the text's distinct words
        between white space, or its chunks (`_CHUNK`): any strings every chunk lies within."""
        if _LONGER_IN_LOWER_CASE in text or "" in self.stems:  # "İ" (two letters in lower case), or no stem to read
            found = self._names_expression.finditer(text)
            return {lines.index(m.start()) for m in found if m.start() == 0 or not _is_letter(text[m.start() - 1])}
        found = set()
        for chunk in self._marks_of(words).naming:
            found |= _whole_lines(text, chunk, lines)
        return found

    def _holds_form(self, chunk: str) -> bool:
        return _remembered(self._words, chunk, CACHED_WORDS, lambda: any(
            self._holds_name(run) for run in _RUN.findall(chunk.lower())))

    def _holds_name(self, run: str) -> bool:
        """Whether the run, or a part of it that starts after no letter and ends before none
        (after and before a hyphen or an apostrophe), is a stem followed perhaps by a final
        vowel, a case ending and "'s": what the names expression matched (`_names_expression`)."""
        starts = [0] + [i for i in range(1, len(run)) if not run[i - 1].isalpha()]
        ends = [i for i in range(1, len(run)) if not _WORD_LETTER.match(run, i)] + [len(run)]
        folded = fold(run)
        return any(self._is_form(folded[start:end]) for start in starts for end in ends if end > start)

    def _is_form(self, word: str) -> bool:
        stems = self.stems
        for bare in (word, word[:-2]) if word.endswith("'s") else (word,):
            for rest in (bare, *[bare[:-k] for k in range(1, min(_LONGEST_ENDING, len(bare)) + 1)
                                 if bare[-k:] in ENDINGS]):
                if rest in stems or rest and rest[-1] in _VOWELS and rest[:-1] in stems:
                    return True
        return False

    @cached_property
    def _names_expression(self) -> re.Pattern:
        """One expression, ignoring case, shaped as a trie over every stem, for the texts whose
        lower case is longer than they are ("İ"); the rest are read word by word (`_holds_name`)."""
        return re.compile(names_pattern(self.stems), re.IGNORECASE)

    def _contacts(self, name: str, text: str, lines: "_Lines") -> list[Leak]:
        leaks = []
        numbers = set()
        if self.emails is not None:
            for line in {lines.index(m.start()) for m in _AT.finditer(text)}:
                if self.emails.search(text, lines.start(line), lines.end(line)):
                    numbers.add(line)
        if self.literals is not None:
            numbers |= {lines.index(m.start()) for m in self.literals.finditer(text)}
        leaks += [Leak(name, n + 1, "contact") for n in numbers]
        if self.phones:
            for match in _PHONE.finditer(text):
                if _phone_key(match.group()) in self.phones:
                    leaks.append(Leak(name, lines.index(match.start()) + 1, "phone"))
        return leaks


def _whole_lines(text: str, chunk: str, lines: "_Lines") -> set[int]:
    """The lines where the chunk stands whole (str.find: no expression to compile per file)."""
    found = set()
    at = text.find(chunk)
    while at >= 0:
        end = at + len(chunk)
        if (at == 0 or not _CHUNK_ONE.match(text, at - 1)) and not _CHUNK_ONE.match(text, end):
            found.add(lines.index(at))
        at = text.find(chunk, at + 1)
    return found


class _Lines:
    """Where a text's lines lie, found when first asked (most files have no match at all)."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in _NEWLINE.finditer(self.text)]

    def index(self, offset: int) -> int:
        """The line (from 0) the offset lies on."""
        return bisect_right(self._newlines, offset)

    def start(self, number: int) -> int:
        return self._newlines[number - 1] + 1 if number else 0

    def end(self, number: int) -> int:
        """Where the line ends (its newline, or the text's end; past the last line too)."""
        return self._newlines[number] if number < len(self._newlines) else len(self.text)


def _is_letter(char: str) -> bool:
    return char.isalpha()


def _letter_class_of(letters: str) -> str:
    chosen = set()
    for char in letters:
        chosen |= _UNFOLD.get(char, set()) | {char}
    return "[" + "".join(re.escape(c) for c in sorted(chosen)) + "]"


CACHED_CHECKS = 4  # a few studies' at a time: what one holds is bounded (see RosterMatcher.hits)
_checks: OrderedDict[tuple, LeakCheck] = OrderedDict()
_checks_lock = threading.Lock()


def leak_check(roster: Roster, contacts: Iterable[str]) -> LeakCheck:
    """LeakCheck(roster, contacts), built once for the same identities: a study's bundles share
    its compiled automata and the roster matcher's answers. Kept by the identities themselves
    (every entry of the key as it is now, every contact), never by a version or an id, so a
    name or contact added, changed or removed since makes a new check: a stale one would be
    a leak. (Python's own cache of compiled expressions already held the names.)"""
    key = (roster.entries, tuple(contacts))
    with _checks_lock:
        check = _checks.get(key)
        if check is not None:
            _checks.move_to_end(key)
            return check
    check = LeakCheck(roster, key[1])  # built outside the lock: two builds at once may both build it
    with _checks_lock:
        _checks[key] = check
        while len(_checks) > CACHED_CHECKS:
            _checks.popitem(last=False)
    return check


def find_leaks(files: Iterable[tuple[str, str]], roster: Roster, contacts: Iterable[str]) -> list[Leak]:
    """Every place where a roster identity or a contact appears in the (name, text) files."""
    check = LeakCheck(roster, contacts)
    leaks: list[Leak] = []
    for name, text in files:
        leaks += check.scan(name, text)
    return sorted(set(leaks), key=lambda leak: (leak.file, leak.line, leak.what))
