"""The leak check's names prefilter reads a file's distinct words against a set of stems; it must
point at every line the trie expression it replaced pointed at (the roster matcher decides
there), whatever the key: a generated key, and texts of its names' forms with Kazakh and Russian
endings, hyphens, apostrophes, capitals, punctuation and line breaks."""
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import Roster, RosterEntry
from app.anonymise.normalise import ENDINGS
from app.exports.leakcheck import (
    _CHUNK,
    _CHUNK_ONE,
    LeakCheck,
    _letter_class,
    _letter_class_of,
    _Lines,
    _trie_first_letters_apart,
    trie_pattern,
)


def old_regex_prefilter_lines(check: LeakCheck, text: str) -> set[int]:
    """ORACLE: the names prefilter as it was before the word look-up (one trie expression over
    every stem, run over the lower-cased text), copied here to compare against."""
    vowel = _letter_class_of("аяеоуюыиь")
    endings = trie_pattern(ENDINGS, _letter_class)
    pattern = (f"(?:{_trie_first_letters_apart(check.stems)}){vowel}?(?:{endings})?"
               f"(?:['’]s)?(?![^\\W\\d_])")
    names, names_any_case = re.compile(pattern), re.compile(pattern, re.IGNORECASE)
    lowered = text.lower()
    found = names.finditer(lowered) if len(lowered) == len(text) else names_any_case.finditer(text)
    lines = _Lines(text)
    return {lines.index(m.start()) for m in found if m.start() == 0 or not text[m.start() - 1].isalpha()}


def new_prefilter_lines(check: LeakCheck, text: str) -> set[int]:
    return check._name_lines(text, set(_CHUNK.findall(text)), _Lines(text))


LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіё" + "abcdehiklmnorstuyz"
UNFOLD = {"а": "аә", "г": "гғ", "к": "кқ", "н": "нң", "о": "оө", "у": "уұү", "х": "хһ", "и": "иі", "е": "её"}
ENDING_LIST = sorted(ENDINGS)

syllable = st.text(alphabet=LETTERS, min_size=1, max_size=4)
name_word = st.builds(lambda parts, joins: "".join(p + j for p, j in zip(parts, joins)).strip("-'’").title()
                      or "Аа",
                      st.lists(syllable, min_size=1, max_size=3),
                      st.lists(st.sampled_from(["", "", "", "", "-", "'", "’"]), min_size=3, max_size=3))
person = st.lists(name_word, min_size=1, max_size=3).map(" ".join)
key = st.lists(st.tuples(st.sampled_from(["person", "person", "organisation", "place"]), person),
               min_size=1, max_size=6)


def _unfold(word: str, picks: list[int]) -> str:
    return "".join(UNFOLD.get(c, c)[p % len(UNFOLD.get(c, c))] for c, p in zip(word, picks + [0] * len(word)))


@st.composite
def form(draw, names: list[str]):
    """A form of a name word as a text may hold it, or a word of no name."""
    words = [w for name in names for w in re.split(r"\s+", name) if w]
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(alphabet=LETTERS + "-'’", min_size=1, max_size=8))
    word = draw(st.sampled_from(words))
    cut = draw(st.integers(0, 2))
    word = word[:len(word) - cut] if len(word) - cut >= 3 else word
    word += draw(st.sampled_from(["", "", "а", "ы", "е", "і", "ь"]))
    word += _unfold(draw(st.sampled_from(ENDING_LIST + [""] * 20)), draw(st.lists(st.integers(0, 2), max_size=8)))
    word = _unfold(word, draw(st.lists(st.integers(0, 2), max_size=20)))
    word += draw(st.sampled_from(["", "", "", "'s", "’s", "-ага", "-", "'", "’"]))
    word = draw(st.sampled_from(["", "", "", "", "анти", "a-", "қ'", "2", "_", "²"])) + word
    return draw(st.sampled_from([str.lower, str.upper, str.title, lambda w: w]))(word)


@st.composite
def key_and_text(draw):
    entries = draw(key)
    names = [name for _kind, name in entries]
    parts = draw(st.lists(st.tuples(form(names), st.sampled_from([" ", " ", ", ", ".\n", "\n", " «", "» ", "-", "—",
                                                                   "'", " (", "1", ":\t", "-\n", ". ", "А.Ж. "])), max_size=30))
    text = "".join(w + sep for w, sep in parts)
    roster = Roster.from_entries([RosterEntry(kind, name, f"X{n}") for n, (kind, name) in enumerate(entries)])
    return roster, text


@settings(max_examples=250, deadline=None)
@given(key_and_text())
def test_the_word_prefilter_points_at_every_line_the_trie_expression_did(sample):
    roster, text = sample
    check = LeakCheck(roster, [])
    assert old_regex_prefilter_lines(check, text) <= new_prefilter_lines(check, text)


@settings(max_examples=120, deadline=None)
@given(key_and_text(), key_and_text())
def test_answers_kept_from_one_file_change_nothing_for_the_next(first, second):
    roster, text = first
    check = LeakCheck(roster, [])
    new_prefilter_lines(check, second[1])  # another file first: its words' answers are kept
    assert new_prefilter_lines(check, text) == new_prefilter_lines(LeakCheck(roster, []), text)


def test_forms_of_a_name_and_only_their_lines():
    roster = Roster.from_entries([RosterEntry("person", "Айбек Нұрланұлы Жақсы-Беков", "P05"),
                                  RosterEntry("person", "Shane O’Brien", "P06")])
    check = LeakCheck(roster, [])
    text = ("портал и услуга\nмы говорили с Жақсы-Бековым\nАЙБЕККЕ айттық\nо'брienнің\n"
            "Shane's idea\nайбекше емес: бекет\nанти-Айбекке және Нұрланұлына")
    lines = new_prefilter_lines(check, text)
    assert lines == {1, 2, 4, 6}  # not the other script (line 3), nor "-ше" (no case ending)
    assert old_regex_prefilter_lines(check, text) <= lines


class EveryCandidateLineRead(LeakCheck):
    """ORACLE: the roster matcher asked about every candidate line's window, as before the
    check learnt to skip the windows where no word could start a name."""

    def _start_lines(self, text, chunks, lines) -> set[int]:
        return set(range(text.count("\n") + 2))


@settings(max_examples=250, deadline=None)
@given(key_and_text(), st.lists(st.sampled_from(["А.Б. ", "Ж. Н.", "-\n", " - \n", "\n"]), max_size=3))
def test_skipping_windows_changes_no_leak_found(sample, extras):
    roster, text = sample
    text = "".join(extras) + text + "".join(extras)
    assert LeakCheck(roster, []).scan("t.txt", text) == EveryCandidateLineRead(roster, []).scan("t.txt", text)


def test_a_chunk_in_lower_case_is_a_chunk_of_the_lower_cased_text():
    """What the word look-up relies on (it reads the text's chunks as written, in lower case):
    no character is in the chunks' class while its lower case is not, or the other way."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if len(lower) == 1:
            assert bool(_CHUNK_ONE.match(char)) == bool(_CHUNK_ONE.match(lower)), hex(code)
