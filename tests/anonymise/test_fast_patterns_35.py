"""The faster scans and loops of the pattern and rule finders find what the
plain ones find: the runs of digits looked for by their first digit, the
words and the names written together read with possessive repeats, the name
runs grown only from the words a name may start at, and the world's cities
looked for only at the words that may begin one.

All texts are fictional, written for these tests.
"""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import en, rules, scan, tokens
from app.anonymise.rules import _STARTING, OTHER
from app.anonymise.tokens import (
    as_tokens,
    has_initials,
    initials_before,
    name_gap,
    tokenize,
)

from .test_fast_rules_2 import _plain_world_cities

# The patterns as they were written before (the plain versions).
PLAIN_DIGITS = re.compile(r"\d+")
_LETTER = r"[^\W\d_]"
PLAIN_WORD = re.compile(rf"{_LETTER}+(?:-(?:[ \t]*\n[ \t]*)?{_LETTER}+)*(?:['’](?!s\b){_LETTER}+)*")
PLAIN_WORD_SPLIT = re.compile(f"({PLAIN_WORD.pattern})")
PLAIN_CAMEL = re.compile(r"([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ](?<![\w'’-][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])[a-zа-яёәғқңөұүһі]+"
                         r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]+){1,3})"
                         r"(?: (\d{1,3}|KZ|Kz|UZ|KG|TJ|TM|RU|Qazaqstan))?(?![\w'’-]|[.,]\d)")

TEXTS = [
    ("Ержан Сәкенов 1985 жылы 12 наурызда Алматыда туған. Телефоны 8 701 555 12 34.\n"
     "Жаксы-\nбеков, Бухар-\nЖырау, O'Neil's dog, d’Artagnan; мкр. Аксай-3, ٣٤ and ２０２４.\n"),
    ("KazAgroFinance 24, TechOrda KZ, -GreenSteppe KZ, x'AbCd, AbCdEfGhIj. КазТрансОйл 5.3\n"
     "ҚазМұнайГаз 1234, АгроТехСервис, AbcDef. AbcDef,5 AbcDef 12a GreenSteppe Qazaqstan\n"),
    ("Е.С. Тулегенов, А. Бекова and Zh. Omarova met in New York, then in Geneva and\n"
     "Saint Petersburg; New Delhi? new york. Sydney Marat, Paris Hilton, Los  Angeles.\n"),
]

# Pieces that the patterns care about: letters of both scripts and cases,
# hyphens, apostrophes, line breaks, digits of several scripts, spaces.
# (characters beyond the known ones too: a text that holds one is split by
# the plain class; and the known ones that are letters to ``\w`` but no
# ordinary letters: "²", "ª", "ⁿ", "ℕ")
PIECES = ["a", "B", "ә", "Қ", "ж", "Е", "-", "'", "’", "s", " ", "\t", "\n", "\u00a0", "_", "1",
          "23", "٣", "２", "Ab", "Cd", "КазТранс", "Ойл", " 24", " KZ", "Qazaqstan", ".", ",", "5",
          "x", "Агро", "²", "ª", "ⁿ", "ℕ", "Σς", "é", "\u0301", "—", "«", "№", "漢", "😀", "ا", "\u0530"]


def _spans(pattern, text):
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _plain_tokens(text):
    return [(m.start(), m.end(), tokens.joined(m.group())) for m in PLAIN_WORD.finditer(text)]


def _check_scans(text):
    scan.digit_runs.cache_clear()
    assert list(scan.digit_runs(text)) == [m.span() for m in PLAIN_DIGITS.finditer(text)]
    assert _spans(tokens.WORD, text) == _spans(PLAIN_WORD, text)
    assert tokens._WORD_SPLIT.split(text) == PLAIN_WORD_SPLIT.split(text)
    assert [tuple(t) for t in tokenize(text)] == _plain_tokens(text)
    assert _spans(en._CAMEL, text) == _spans(PLAIN_CAMEL, text)


@pytest.mark.parametrize("cls", [r"[^\W\d_]", r"[^\W_]", r"[^\w\s]"])
def test_a_known_class_is_its_class_among_the_known_characters(cls):
    plain = re.compile(cls)
    known = re.compile(tokens.known_class(cls))
    for first, last in tokens._KNOWN:
        for code in range(first, last + 1):
            char = chr(code)
            assert (known.match(char) is None) == (plain.match(char) is None), hex(code)
            assert tokens.only_known(char)
    for char in ("\u0530", "\u1fff", "\u2150", "漢", "😀"):
        assert not tokens.only_known("a" + char)
        assert tokens.only_known("a" + char + "b", 0, 1) and not tokens.only_known("a" + char + "b", 1)


def test_fast_scans_find_what_the_plain_patterns_find():
    for text in TEXTS + ["", "1", "a", "Ab", "AbCd", "AbCd 1234", "a-\n b", "a'"]:
        _check_scans(text)
    assert en.camel_bodies(TEXTS[1])  # the texts have names written together to find


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fast_scans_agree_on_any_text(text):
    _check_scans(text)


# ``_runs_with_a_start`` grown from every capitalised word, as it was written before.
def _plain_runs(text, tokens, labels):
    done = -1
    initials = has_initials(text)
    for i in [i for i, kind in enumerate(labels) if kind != OTHER]:
        if i <= done or labels[i] not in _STARTING and not (
                initials and initials_before(text, tokens[i].start) < tokens[i].start):
            continue
        first = last = i
        while first and labels[first - 1] != OTHER \
                and name_gap(text, tokens[first - 1], tokens[first]):
            first -= 1
        while last + 1 < len(labels) and labels[last + 1] != OTHER \
                and name_gap(text, tokens[last], tokens[last + 1]):
            last += 1
        done = last
        yield list(range(first, last + 1))


# ``_world_cities`` with every capitalised word looked at, as it was written before.
def _check_rules(text):
    toks = tokenize(text)
    labels = rules.labels_of(toks)
    assert list(rules._runs_with_a_start(text, toks, labels)) == list(_plain_runs(text, toks, labels))
    capitalised = as_tokens(toks).capitalised
    assert rules._world_cities(text, toks, capitalised) == _plain_world_cities(text, toks, capitalised)
    # a plain list of tokens (a test's, a slice) reads the same
    assert rules._world_cities(text, list(toks), capitalised) == _plain_world_cities(text, toks, capitalised)


def test_rules_find_what_the_plain_loops_find():
    for text in TEXTS + ["", "Марат", "А. Бекова", "New York New York", "in Geneva."]:
        _check_rules(text)
    assert list(rules._runs_with_a_start(TEXTS[0], tokenize(TEXTS[0]), rules.labels_of(tokenize(TEXTS[0]))))
    assert [s.text for s in rules._world_cities(TEXTS[2], tokenize(TEXTS[2]), as_tokens(
        tokenize(TEXTS[2])).capitalised)] == ["Saint Petersburg", "Delhi", "Los  Angeles"]


WORDS = ["Ержан", "Сәкенов", "Е.", "С.", "А.", "Тулегенов", "Бекова", "New", "York", "Geneva",
         "Saint", "Petersburg", "Sydney", "Marat", "Paris", "San", "Francisco", "the", "және",
         "мен", "Алматы", "Omarova", "Zh.", "Los", "Angeles", "Delhi", "Астана", "туған"]
GAPS = [" ", "  ", "\n", ", ", ". ", " - ", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=14))
def test_rules_agree_on_any_text(pairs):
    _check_rules("".join(word + gap for word, gap in pairs))
