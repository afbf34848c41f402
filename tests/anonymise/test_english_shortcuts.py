"""The shortcuts of the English rules (issue 11) answer what the plain tests
answer: the first names in lower case read by set operations, a rules' span
checked once per stretch of text whatever its source, the items of a list in
lower case read until the first ordinary word, the runs of capitalised
words read from the words that are no OTHER alone, the mentions of a name
spelt out from the names, a name's unknown words and a word's place tests
asked once per word, the turns a speaker label opens counted once, the
searches of a span for a day or a full stop skipped where it holds none, a
Slavic surname's endings read first, and the spans a list item overlaps
looked up by their starts.

All texts are fictional, written for these tests.
"""
import re
from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import en, en_frames, en_places, en_words, kk, places, rules
from app.anonymise.census import COMMON_WORDS, FUNCTION_WORDS, census_names
from app.anonymise.normalise import candidates
from app.anonymise.spans import PERSON, Span
from app.anonymise.tokens import as_tokens, tokenize

# words of every kind lower_first_name tells apart: census first names, first
# names that are English words, ordinary and function words, Kazakh and
# Russian first names in Latin letters, made-up words
_WORDS = sorted(census_names()[0])[:200:7] + sorted(en_words._ORDINARY_LOWER)[:40] \
    + sorted(COMMON_WORDS)[:60:3] + ["aizhan", "marlen", "dilfuza", "yerlan", "saule", "kostya",
                                     "table", "running", "policies", "the", "and", "qwzx",
                                     "brackenfield", "ostrowe", "zhanserik", "gulbahor"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS),
                          st.text(alphabet="abcdeghiklmnorstuyz", min_size=1, max_size=9))))
def test_lower_first_names_are_the_words_lower_first_name_holds(words):
    assert en_words.lower_first_names(words) == {w for w in words if en_words.lower_first_name(w)}


def test_named_items_are_the_items_when_all_are_first_names():
    for words in ("maria, tom and kevin", "cats and dogs", "maria and dogs", "and, or and and",
                  "tom or maria", "aizhan, marlen, saule and yerlan"):
        items = [(m.start(), m.end()) for m in en_words._LOWER_WORD.finditer(words)
                 if m.group() not in ("and", "or")]
        plain = items if all(en_words.lower_first_name(words[s:e]) for s, e in items) else None
        assert en_words._named_items(words) == plain, words


_CHECK_TEXTS = [
    "Later Merkel spoke to Quillon. She moved to Paris, then lived in Aksu with Dana Ostrowe.\n"
    "I'm Vegan, said Marat. Does Aigerim know? The NASA Administrator met Senator Rick Ostrander.\n",
    "Hey Frank, the Hewlett Foundation wrote. Formica fusca. my M.Sc. studies; in St. Louis;\n"
    "Governor of Virginia Saturday; Quarnby Springs; Mount Ostrel; Jordan Smith; Kenya Vision.\n",
]
_SOURCES = ["rules:person", "rules:en", "rules:cue", en.OFFICE, "rules:frame"]


def test_a_span_checked_once_is_checked_as_for_each_source():
    for text in _CHECK_TEXTS:
        tokens = tokenize(text)
        lower = en.lower_words(tokens)
        checked = {}
        capitalised = [t for t in tokens if t.text[0].isupper()]
        stretches = [(a.start, b.end) for a, b in zip(capitalised, capitalised[1:])
                     if b.end - a.start < 30] + [(t.start, t.end) for t in capitalised]
        for start, end in stretches:
            for source in _SOURCES:
                span = Span(start, end, PERSON, source, text=text[start:end])
                assert en._checked_once(text, span, lower, checked) == en._checked(text, span, lower)
        assert len(checked) < len(stretches) * len(_SOURCES)  # some answers read again


def test_place_evidence_read_once_answers_as_asked_twice():
    text = "She moved to Tarrowby, lived in Aksu, talked to Paris and came from the Satpayev.\n"
    for tok in tokenize(text):
        plain = en_places.place_evidence(text, tok.start, True) and (
            en_places.place_evidence(text, tok.start)
            or en_places._known_place(tok.text, evidence=True))
        assert en_places._cued_place(text, tok) == plain, tok


_FRAME_TEXT = ("GULBAHOR: hi. Dana Ostrowe said ostrowe and OSTROWE came; Anna, ANNA, anna, Bolat\n"
               "BOLAT: bolat and Marlen Oskarov, oskarov, OSKAROV, Oskarov; McDonald Mcdonald")


def test_mention_forms_are_the_words_mentioned_holds():
    words = as_tokens(tokenize(_FRAME_TEXT)).long_ascii
    for people in (set(), {"ostrowe", "anna", "oskarov"}, {"bolat", "ſome", "mcdonald", "o'brien"}):
        for framed in (set(), {"gulbahor", "anna"}, {"bolat", "mcdonald", "ıvan"}):
            assert en_frames._mentioned_forms(people, framed).intersection(words) \
                == {w for w in words if en_frames._mentioned(w, people, framed)}


def test_unknown_words_of_a_name_are_those_of_its_words():
    for name in ("Dana Ostrowe", "NASA Administrator", "Mr Table", "Zhanar O'Brien-Sadykova", "ab Cd"):
        plain = {w.lower() for w in re.findall(r"[A-Za-z]+", name)
                 if len(w) > 3 and not w.islower() and en_frames._unknown_word(w.lower())}
        assert en_frames._unknown_words(name) == plain


def test_place_word_answers_the_tests_of_find_places():
    for word in ("Almaty", "Aksu", "NASA", "The", "Бірлік", "Сондай-ақ", "Мен", "Shymkent", "Table",
                 "Қарабел", "Жаңаталап", "Астана", "Oral"):
        facts = rules._place_word(word)
        if word.isupper() or word.lower() in FUNCTION_WORDS:
            assert facts is None
        else:
            assert facts == (kk.ordinary(word), not candidates(word).isdisjoint(rules.PLACE_STEMS)
                             or places.is_place(word))


def test_turns_a_label_opens_are_counted_as_the_plain_search_counts():
    text = "IYA: hello\n  IYA: again\nIYA : no\n\tIYA:x\nXIYA: no\nIYA IYA: two words\nBo: a: b\n"
    turns = Counter(m.group(1) for m in rules._SPEAKER.finditer(text))
    for label in turns:
        assert turns[label] == len(re.findall(rf"(?m)^[ \t]*{re.escape(label)}:", text)), label
    assert turns["IYA"] == 3


# the patterns as written before the look-behinds moved after the first letter
_PLAIN_CAMEL = re.compile(r"(?<![\w'’-])((?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]+){2,4})"
                          r"(?: (\d{1,3}|KZ|Kz|UZ|KG|TJ|TM|RU|Qazaqstan))?(?![\w'’-]|[.,]\d)")
_PLAIN_COUNTED = re.compile(r"(?<![\w'’])(?:a|an|A|An|the|The) ((?:[A-Z][a-z]+ )?[A-Z][a-z]+)"
                            r"(?=['’\"”]?[.,;:!?]| which\b)")
_PATTERN_TEXTS = [
    "KazAgroFinance 24, TechOrda KZ, -GreenSteppe KZ, x'AbCd, AbCdEfGhIj. КазТрансОйл 5.3\n"
    "It's a Yack Pack. the Sauvignon Blanc which; bathe An Apple, an Owl! The Red Fox; "
    "Santa The Foo. a A Foo. theThe Bar, 'a Baz.' ’the Qux? an\nOwl.",
]
_PATTERN_ALPHABET = "aAnthTeKzKZbBcC ,.'’-5\nxyАаҚқ"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_PATTERN_ALPHABET, max_size=40))
def test_patterns_with_the_look_behind_after_the_first_letter_find_the_same(text):
    for fast, plain in ((en._CAMEL, _PLAIN_CAMEL), (en._COUNTED, _PLAIN_COUNTED)):
        for sample in [text] + _PATTERN_TEXTS:
            assert [(m.span(), m.groups()) for m in fast.finditer(sample)] \
                == [(m.span(), m.groups()) for m in plain.finditer(sample)]


def test_lone_initials_and_countries_found_past_their_first_tests():
    text = "ACTION: D.M. to send. G.Zh. and the treasurer, in Eugene, Oregon and Tarrowby, England."
    assert [s.text for s in en.lone_initials(text)] == ["D.M.", "G.Zh."]
    assert en.lone_initials("No initials. Here.") == []
    starts = [text.index(w) + len(w) for w in ("Eugene", "Tarrowby", "ACTION")]
    assert [en_places._before_its_country(text, end) for end in starts] == [True, True, False]


def _plain_without_calendar(text, span):
    m = en._CALENDAR.search(text, span.start, span.end)
    if m is None:
        return span
    return replace(span, end=m.start(), text=text[span.start:m.start()]) \
        if m.start() > span.start else None


def _plain_before_full_stop(text, span):
    for m in en._FULL_STOP.finditer(text, span.start, span.end):
        if m.group(1) not in en._ABBREVIATIONS and m.end() < span.end:
            return replace(span, end=m.end(1), text=text[span.start:m.end(1)])
    return span


def test_calendar_and_full_stop_cut_as_the_plain_searches():
    text = ("Governor of Virginia Saturday. Robert Quarrel. Image by Mr. Dana Ostrowe Monday\n"
            "March April, Zhanar May June\nSunday Dr. Bolat. St. Louis October")
    for start in range(len(text)):
        for end in range(start, min(len(text), start + 40) + 1):
            span = Span(start, end, PERSON, "rules:person", text=text[start:end])
            assert en._without_calendar(text, span) == _plain_without_calendar(text, span)
            assert en._before_full_stop(text, span) == _plain_before_full_stop(text, span)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aeiyonsklvchdgztb\n", max_size=12))
def test_slavic_surname_endings_read_first_answer_as_the_search(low):
    for word in (low, low + "in", low + "skaya\n", "putin", "kalinin", "serotonin", "dostoyevsky"):
        assert en._slavic_surname(word) == (en._SLAVIC_SURNAME.search(word) is not None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12),
       st.integers(0, 80), st.integers(0, 20))
def test_covered_stretches_overlap_as_the_walk_over_every_span(stretches, start, length):
    spans = [Span(a, a + n, PERSON, "rules:en") for a, n in stretches]
    end = start + length
    assert en._Covered(spans).overlaps(start, end) \
        == any(s.start < end and start < s.end for s in spans)
