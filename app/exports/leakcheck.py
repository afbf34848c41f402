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
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from app.anonymise import Roster
from app.anonymise.normalise import ENDINGS, candidates, fold
from app.anonymise.tokens import tokenize

_DIGITS = re.compile(r"\d")
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
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
        newlines = [m.start() for m in _NEWLINE.finditer(text)]
        leaks = self._names(name, text, newlines) + self._contacts(name, text, newlines)
        return sorted(set(leaks), key=lambda leak: (leak.file, leak.line, leak.what))

    def _names(self, name: str, text: str, newlines: list[int]) -> list[Leak]:
        if self.names is None:
            return []
        # a word starts where no letter precedes (checked here: the expression then starts
        # with its trie, which the engine scans for quickly)
        lowered = text.lower()
        found = self.names.finditer(lowered) if len(lowered) == len(text) else self.names_any_case.finditer(text)
        lines_found = {bisect_right(newlines, m.start()) for m in found
                       if m.start() == 0 or not _is_letter(text[m.start() - 1])}
        # a person in the other script or misspelled: the matcher's word rule, once per word
        # (the distinct words first, collected by the regex engine; lines only for those that hit)
        hits = self.roster.matcher.hits
        named = [w for w in set(_CAPITALISED.findall(text)) if hits(w)]
        if named:
            where = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, named))})(?![^\W\d_])")
            lines_found |= {bisect_right(newlines, m.start()) for m in where.finditer(text)}
        candidate_lines = sorted(lines_found)
        if not candidate_lines:
            return []
        starts = [0] + [n + 1 for n in newlines]
        lines = text.split("\n")
        leaks = []
        for number in candidate_lines:
            # the line and the next: a name broken over two lines is still one name
            window_start = starts[number]
            window_end = starts[number + 2] - 1 if number + 2 < len(starts) else len(text)
            window = text[window_start:window_end]
            for span in self.roster.matcher.find(window):
                if span.start < len(lines[number]) + 1:
                    leaks.append(Leak(name, number + 1, span.category))
        return leaks

    def _contacts(self, name: str, text: str, newlines: list[int]) -> list[Leak]:
        leaks = []
        if self.literals is not None:
            lines = {bisect_right(newlines, m.start()) for m in self.literals.finditer(text)}
            leaks += [Leak(name, n + 1, "contact") for n in lines]
        if self.phones:
            for match in _PHONE.finditer(text):
                if _phone_key(match.group()) in self.phones:
                    leaks.append(Leak(name, bisect_right(newlines, match.start()) + 1, "phone"))
        return leaks


def _is_letter(char: str) -> bool:
    return char.isalpha()


def _letter_class_of(letters: str) -> str:
    chosen = set()
    for char in letters:
        chosen |= _UNFOLD.get(char, set()) | {char}
    return "[" + "".join(re.escape(c) for c in sorted(chosen)) + "]"


def find_leaks(files: Iterable[tuple[str, str]], roster: Roster, contacts: Iterable[str]) -> list[Leak]:
    """Every place where a roster identity or a contact appears in the (name, text) files."""
    check = LeakCheck(roster, contacts)
    leaks: list[Leak] = []
    for name, text in files:
        leaks += check.scan(name, text)
    return sorted(set(leaks), key=lambda leak: (leak.file, leak.line, leak.what))
