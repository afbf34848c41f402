"""The leak check reads a file's distinct words between white space (str.split) and learns once
per check which of them hold a candidate, instead of reading the text's chunks with an
expression and asking about each on every file; and it looks for the lines of candidates only
when a window could start a name. Every leak it found before is still found: the names pass as
it was (chunks read from the whole text, each asked about afresh, capitalised words read from
the whole text, initials found by a look-ahead at every character) is copied here as the oracle."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import Roster, RosterEntry
from app.anonymise.roster_match import INITIALS_ANYWHERE
from app.anonymise.tokens import tokenize
from app.exports.leakcheck import (
    _BROKEN_WORD,
    _CAPITALISED,
    _CHUNK,
    _RUN,
    Leak,
    LeakCheck,
    _Lines,
    _whole_lines,
)
from tests.exports.test_leak_word_prefilter import key_and_text

_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
OLD_INITIALS = re.compile(rf"(?=[{_CAP}]\.\s?[{_CAP}]\.)")


def old_names(check: LeakCheck, name: str, text: str) -> list[Leak]:
    """ORACLE: LeakCheck._names before the words between white space, nothing kept between files."""
    if not check.stems:
        return []
    lines = _Lines(text)
    chunks = set(_CHUNK.findall(text))
    matcher = check.roster.matcher
    if len(text.lower()) != len(text) or "" in check.stems:
        found = {lines.index(m.start()) for m in check._names_expression.finditer(text)
                 if m.start() == 0 or not text[m.start() - 1].isalpha()}
    else:
        found = set()
        for chunk in chunks:
            if any(check._holds_name(run) for run in _RUN.findall(chunk.lower())):
                found |= _whole_lines(text, chunk, lines)
    named = [w for w in set(_CAPITALISED.findall(text)) if matcher.hits(w)]
    if named:
        where = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, named))})(?![^\W\d_])")
        found |= {lines.index(m.start()) for m in where.finditer(text)}
    starts = old_start_lines(check, text)
    leaks = []
    for number in sorted(found):
        if number not in starts and number + 1 not in starts:
            continue
        window = text[lines.start(number):lines.end(number + 1)]
        line_length = lines.end(number) - lines.start(number)
        leaks += [Leak(name, number + 1, span.category) for span in matcher.find(window) if span.start <= line_length]
    return sorted(set(leaks), key=lambda leak: (leak.file, leak.line, leak.what))


def old_start_lines(check: LeakCheck, text: str) -> set[int]:
    """ORACLE: LeakCheck._start_lines before, over the text's chunks, initials at every character."""
    lines = _Lines(text)
    starts = {lines.index(m.start()) for m in _BROKEN_WORD.finditer(text)}
    starts |= {lines.index(m.start()) for m in OLD_INITIALS.finditer(text)}
    for chunk in set(_CHUNK.findall(text)):
        if any(check.roster.matcher.could_start(tok.text) for tok in tokenize(chunk)):
            starts |= _whole_lines(text, chunk, lines)
    return starts


def new_names(check: LeakCheck, name: str, text: str) -> list[Leak]:
    return sorted(set(check._names(name, text, _Lines(text))), key=lambda leak: (leak.file, leak.line, leak.what))


# white space of every kind (str.split splits on each), initials, capitals inside a word, "İ"
SPACES = [" ", "\n", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "\r\n", " - \n", "-\n"]
EXTRAS = ["А.Б. ", "Ж.\nН. ", "Ж. Н.", "abc", "1", "İ", "_", "«", "P001"]


@st.composite
def spaced(draw):
    roster, text = draw(key_and_text())
    pieces = re.split(r"( )", text)
    out = "".join(draw(st.sampled_from(SPACES)) if piece == " " else piece for piece in pieces)
    extras = draw(st.lists(st.tuples(st.integers(0, max(len(out), 1)), st.sampled_from(EXTRAS)), max_size=3))
    for at, extra in sorted(extras, reverse=True):
        out = out[:at] + extra + out[at:]
    return roster, out


@settings(max_examples=300, deadline=None)
@given(spaced(), spaced())
def test_the_names_pass_finds_what_it_found_before(sample, other):
    roster, text = sample
    check = LeakCheck(roster, [])
    check._names("other.txt", other[1], _Lines(other[1]))  # another file first: its words' answers are kept
    assert new_names(check, "t.txt", text) == old_names(LeakCheck(roster, []), "t.txt", text)
    assert new_names(check, "t.txt", text) == new_names(LeakCheck(roster, []), "t.txt", text)
    assert check._start_lines(text, set(text.split()), _Lines(text)) == old_start_lines(check, text)


def test_a_name_in_the_other_script_after_a_non_breaking_space_is_found():
    roster = Roster.from_entries([RosterEntry("person", "Айгерим Омарова", "P01")])
    check = LeakCheck(roster, [])
    text = "портал услуга\nмы говорили\u00a0с\u00a0Aigerim\u00a0Omarova вчера\nконец"
    assert [leak.line for leak in check.scan("t.txt", text)] == [2]
    assert check.scan("t.txt", text) == old_names(LeakCheck(roster, []), "t.txt", text)


def test_words_learnt_in_one_file_are_found_again_in_the_next():
    roster = Roster.from_entries([RosterEntry("person", "Айгерим Омарова", "P01")])
    check = LeakCheck(roster, [])
    assert check.scan("a.txt", "ничего\nздесь") == []
    assert [leak.line for leak in check.scan("b.txt", "ничего\nОмаровой сказали")] == [2]
    assert [leak.line for leak in check.scan("c.txt", "Омаровой сказали\nничего")] == [1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="АБЖНабA. \n\t\u00a0.", max_size=40))
def test_initials_are_found_where_the_look_ahead_found_them(text):
    assert [m.start() for m in INITIALS_ANYWHERE.finditer(text)] == [m.start() for m in OLD_INITIALS.finditer(text)]
