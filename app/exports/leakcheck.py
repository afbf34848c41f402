"""The last gate before a bundle leaves: search every file for the study's identities.

One pass per file, with automata built once per bundle (`LeakCheck`):

- names: one regular expression compiled as a trie over every stem of every word of the key's
  names (the anonymisation engine's stems: Kazakh letters folded, case endings cut), followed
  by any case ending, run over the folded, lower-cased text. It only points at lines where a
  word could be a form of a name; there the engine's roster matcher (the same rules as when
  the transcript was anonymised: people by any of their name words, organisations and places
  by their words in sequence) decides. The trie holds the names as written (Cyrillic stems);
  a person written in the other script ("Testova") or a letter or two off is found by the
  matcher's own word rule (`RosterMatcher.hits`: transliteration skeleton, then fuzzy),
  asked once per distinct capitalised word (its answers are cached). The whole detector
  (tokeniser, every pattern, every cue) never runs.
- contacts: e-mail addresses and other literal contacts in one trie expression, ignoring case;
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

from app.anonymise import Roster
from app.anonymise.normalise import ENDINGS, candidates, fold
from app.anonymise.tokens import tokenize

_DIGITS = re.compile(r"\d")
# no "+" before the first digit: the same digits on the same line, and an expression that
# starts with a digit lets the engine skip to the next digit (a file's phone search 290 -> 110 us)
_PHONE = re.compile(r"\d[\d\s().-]{5,}\d")
_LETTER_AFTER = r"(?![^\W\d_])"
_NEWLINE = re.compile("\n")
# A capitalised word, as the roster matcher reads people (title or upper case). No check of
# the letter before (twice as slow): a word caught inside another is only one more to ask about.
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-ÞЀ-ЯӘҒҚҢӨҰҮҺ][^\W\d_]+")
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


def _emit(node: dict, letter) -> str:
    ends = "" in node
    branches = [letter(char) + _emit(child, letter) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


class LeakCheck:
    """The study's identities compiled once; `scan` a file's text for any of them."""

    def __init__(self, roster: Roster, contacts: Iterable[str]):
        self.roster = roster
        contacts = [c.strip() for c in contacts if c and c.strip()]
        self.phones = {key for c in contacts if (key := _phone_key(c)) and "@" not in c}
        literals = sorted({c.lower() for c in contacts if "@" in c or not _phone_key(c)})
        self.literals = re.compile(trie_pattern(literals), re.IGNORECASE) if literals else None
        stems = set()
        for entry in roster.entries:
            for variant in entry.variants:
                for token in tokenize(variant):
                    stems |= candidates(token.text)
        self.names = None
        if stems:  # a stem, perhaps a final vowel, perhaps a case ending, then no letter
            vowel = _letter_class_of("аяеоуюыиь")
            endings = trie_pattern(ENDINGS, _letter_class)
            pattern = (f"(?:{_trie_first_letters_apart(stems)}){vowel}?(?:{endings})?"
                       f"(?:['’]s)?{_LETTER_AFTER}")
            self.names = re.compile(pattern)  # over the lower-cased text: faster than ignoring case
            self.names_any_case = re.compile(pattern, re.IGNORECASE)

    def scan(self, name: str, text: str) -> list[Leak]:
        lines = _Lines(text)
        leaks = self._names(name, text, lines) + self._contacts(name, text, lines)
        return sorted(set(leaks), key=lambda leak: (leak.file, leak.line, leak.what))

    def _names(self, name: str, text: str, lines: "_Lines") -> list[Leak]:
        if self.names is None:
            return []
        # a word starts where no letter precedes (checked here: the expression then starts
        # with its trie, which the engine scans for quickly)
        lowered = text.lower()
        found = self.names.finditer(lowered) if len(lowered) == len(text) else self.names_any_case.finditer(text)
        lines_found = {lines.index(m.start()) for m in found
                       if m.start() == 0 or not _is_letter(text[m.start() - 1])}
        # a person in the other script or misspelled: the matcher's word rule, once per word
        # (the distinct words first, collected by the regex engine; lines only for those that hit)
        hits = self.roster.matcher.hits
        named = [w for w in set(_CAPITALISED.findall(text)) if hits(w)]
        if named:
            where = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, named))})(?![^\W\d_])")
            lines_found |= {lines.index(m.start()) for m in where.finditer(text)}
        leaks = []
        for number in sorted(lines_found):
            # the line and the next: a name broken over two lines is still one name
            window = text[lines.start(number):lines.end(number + 1)]
            line_length = lines.end(number) - lines.start(number)
            for span in self.roster.matcher.find(window):
                if span.start <= line_length:
                    leaks.append(Leak(name, number + 1, span.category))
        return leaks

    def _contacts(self, name: str, text: str, lines: "_Lines") -> list[Leak]:
        leaks = []
        if self.literals is not None:
            numbers = {lines.index(m.start()) for m in self.literals.finditer(text)}
            leaks += [Leak(name, n + 1, "contact") for n in numbers]
        if self.phones:
            for match in _PHONE.finditer(text):
                if _phone_key(match.group()) in self.phones:
                    leaks.append(Leak(name, lines.index(match.start()) + 1, "phone"))
        return leaks


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
