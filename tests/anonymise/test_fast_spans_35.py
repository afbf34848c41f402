"""The faster per-span steps of ``detect`` (issue 11: speed on Kazakh text)
give exactly what the plain versions they replace gave: on texts and spans
generated to hit the edge cases (the pieces of ``test_fast_core``: Kazakh,
Russian and Latin letters, endings, initials, punctuation, line breaks) and
on fixed examples. Each plain version is a copy of the code as it was.

All texts are fictional, written for these tests.
"""
import importlib
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import en, en_frames, en_places, kk, rules
from app.anonymise.census import COMMON_WORDS
from app.anonymise.cues import SOURCE as CUE
from app.anonymise.en_words import _ORDINARY_LOWER
from app.anonymise.normalise import candidates, fold
from app.anonymise.spans import CATEGORIES, PERSON, Span
from app.anonymise.tokens import as_tokens, initials_before, tokenize

from .test_fast_core import PIECES, SOURCES, _spans_of

detect = importlib.import_module("app.anonymise.detect")  # (the package's ``detect`` is the function)

# the pieces, and names and sources that ``propagate`` reads
_PIECES = PIECES + ["Азамат", "Жолдасов", "азамат", "K. ", "Ashdown", "ashdown", "aizhan",
                    "Aizhan", "Nurlanovna", "nurlanovna", "Quillon", "bill", "Bill", "Quarrie"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
_SOURCES = SOURCES + [CUE, en.OFFICE]
kinds = st.tuples(st.sampled_from(CATEGORIES[:3] + (PERSON, PERSON)), st.sampled_from(_SOURCES))
cuts = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3)), max_size=12)

EXAMPLES = [
    "Азамат Жолдасов келді. Азамат өз ойын айтты. Жолдасовқа рахмет.",
    "Бүгін Астанада Әсем Бекова сөйледі. Бекованың баяндамасы ұзақ болды.",
    "K. Ashdown wrote. Later Ashdown said; ashdown agreed. Dana Ostrowe and the ostrowe.",
    "we met aizhan nurlanovna. Aizhan Nurlanovna came; my water bill beside Bill Quarrie.",
    "Серікқызы Айгерім. Айгерім Серікқызы келді, Серікқызына хат жаздым.",
]


# --- propagate ----------------------------------------------------------------

def plain_propagate(text, tokens, spans):
    stems, strong, opening, noun_like = set(), set(), set(), set()
    for span in spans:
        if span.category != PERSON or span.source == en.OFFICE:
            continue
        words = detect._name_words(text[span.start:span.end])
        kinds = [rules.word_label(tok.text) for tok in words]
        initialled = len(words) == 1 and initials_before(text, span.start + words[0].start) \
            < span.start + words[0].start
        full_name = len(words) > 1 and rules.FIRST in kinds or initialled
        for tok, kind in zip(words, kinds):
            if kind in (rules.FIRST, rules.PATR, rules.SURN) or (
                    (len(words) > 1 or span.source == CUE or initialled)
                    and kind in (rules.LAST, rules.CAP)):
                stems |= candidates(tok.text)
                latin_word = tok.text.isascii() and en.dictionary_word(tok.text)
                if full_name and len(tok.text) > 3 and kind == rules.CAP \
                        and tok.text.isascii() and not latin_word:
                    noun_like.add(tok.text.lower())
                if full_name and len(tok.text) > 3 and kind != rules.CAP \
                        or kind in (rules.SURN, rules.PATR) and len(tok.text) > 5 \
                        and not latin_word \
                        or kind == rules.FIRST and len(tok.text) > 3 and tok.text.isascii() \
                        and not latin_word:
                    strong.add(tok.text.lower())
        if len(words) > 1 and (kinds[0] == rules.FIRST or kk.word_cue(words[0].text) == "F"):
            opening.add(fold(words[0].text).lower())
    if not stems:
        return []
    found = []
    noun_like -= strong
    tokens = as_tokens(tokens)
    texts = tokens.texts
    named = {w for w in map(texts.__getitem__, tokens.capitalised) if len(w) > 2
             and not stems.isdisjoint(candidates(w))}
    tokens = [tokens[i] for i in tokens.where(named | (strong | noun_like) & tokens.words)]
    for tok in [t for t in tokens if t.text[0].isupper() or t.text in strong
                or t.text in noun_like and en_frames.person_position(text, t)]:
        word = tok.text
        if len(word) < 3:
            continue
        if word.islower() and word in noun_like:
            if word in COMMON_WORDS or kk.ordinary(word):
                continue
            word = word.title()
        elif word.islower():
            if word not in strong or word in COMMON_WORDS or kk.ordinary(word) \
                    or word in _ORDINARY_LOWER:
                continue
            word = word.title()
        if word[0].isupper() and not stems.isdisjoint(candidates(word)) \
                and not (rules.sentence_start(text, tok.start) and (
                    kk.ordinary(word) or detect._lower_elsewhere(text, tok))
                    and opening.isdisjoint(candidates(word))):
            found.append(Span(tok.start, tok.end, PERSON, "rules:person", text=tok.text))
    return found


def _check_propagate(text, spans):
    tokens = tokenize(text)
    expected = plain_propagate(text, tokens, spans)
    assert detect.propagate(text, tokens, spans) == expected
    detect._name_facts.cache_clear()  # (and each name's facts read afresh)
    assert detect.propagate(text, tokenize(text), spans) == expected


def _all_person_spans(text):
    """Every run of one to three words as a person span of each source."""
    toks = tokenize(text)
    return [Span(a.start, b.end, PERSON, source, text=text[a.start:b.end])
            for i, a in enumerate(toks) for b in toks[i:i + 3] for source in _SOURCES]


def test_propagate_as_it_was():
    for text in EXAMPLES:
        spans = _all_person_spans(text)
        _check_propagate(text, spans)
        for k in range(0, len(spans), 7):  # a few spans at a time as well
            _check_propagate(text, spans[k:k + 7])


@settings(max_examples=300, deadline=None)
@given(texts, cuts, st.lists(kinds, max_size=12))
def test_propagate_agrees_on_any_text(text, cuts, kinds):
    _check_propagate(text, _spans_of(text, cuts, kinds))


# --- is_place_here in a text without a Latin letter ----------------------------

def test_latin_letters_are_what_re_i_takes_for_one():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert set(en_places._LATIN_LETTER.findall(every)) == set(re.findall("[a-z]", every, re.I))
    # no other character is a Latin letter in lower case either (``_last_word``'s cue ends)
    assert not [c for c in every if c.lower() != c and not en_places._LATIN_LETTER.match(c)
                and re.search("[a-z]", c.lower())]


# Kazakh and Russian words, countries among them (one a first name too: Индия),
# Cyrillic look-alikes of the English cues ("іn", "tо"), the Latin characters
# ``re.I`` reads as Latin letters, and English place cues
_PLACE_PIECES = ["Чехия", "Азия", "Индия", "Перу", "Қазақстан", "Германиядан", "Алматы", "Ақсу",
                 "Әсем", "Индия Бекова", "іn", "іп", "tо", "ат", "’с", "'с", "«", "»", " ", " ",
                 ", ", " және ", " и ", "\n", ". ", "Бекова", "моved tо", "İn", "ın", "ſ", "\u212a",
                 "in", "moved to", "the", "Paris", "Kenya", ", England", "'s", "Jordan", "псевдо-bidi"]
place_texts = st.lists(st.sampled_from(_PLACE_PIECES), max_size=25).map("".join)


def _check_place_test(text):
    spans = _all_person_spans(text)
    first_words = frozenset(s.text.split()[0].lower() for s in spans if s.text.split())
    for named in (frozenset(), first_words):
        for s in spans:
            assert en_places.place_test(text)(text, s, named) == en.is_place_here(text, s, named)


def test_place_test_as_it_was():
    for text in EXAMPLES + ["Индия Бекова келді. Индия әдемі ел, Чехия да.",
                            "Біз Германиядан ұштық. Азия, Перу; іn Чехия, tо Азия."]:
        _check_place_test(text)


@settings(max_examples=300, deadline=None)
@given(place_texts)
def test_place_test_agrees_on_any_text(text):
    _check_place_test(text)
