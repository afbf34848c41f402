"""The shortcuts of the Kazakh rules and context finders (round 35, second
part) change no answer: each is checked against the plain code it stands for.

Texts are made up from pieces of the patterns, fictional names and odd
characters; spans of every category and family are laid on them.
"""
import sys
from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.anonymise import kk, places
from app.anonymise import kk_context as C
from app.anonymise import kk_rules as R
from app.anonymise.normalise import candidates, fold
from app.anonymise.spans import ORGANISATION, PERSON, PLACE, Span
from app.anonymise.tokens import Token, tokenize, words_of

_PIECES = ["Шығыс", "шығыс", "ШЫҒЫС", "Батыс", "Солтүстік", "Оңтүстік", "Оңтүстик", "Қазақстан",
           "облысының", "Абай", "Әуезов", "Мұхтар", "Әуезовтің", "Жамбыл", "Жамбылдың", "жырлары",
           "айтты", "ауданы", "кітабы", "Асқар", "Шу", "Ақжар", "Т.", "Қ.", "Азия", "чемпионатына",
           "Лёша", "Бекежанов", "Телефонмен", "Сапарова", "Керімсал", "Құдай", "«", "»", "ыс", "қ",
           "с", "Ә", "İ", "Σ", "1", "_"]
_GAPS = ["", " ", " ", " ", "  ", "\t", " \t", ". ", ", ", "\n", " \n", "-\n", " — "]


@st.composite
def _texts(draw):
    words = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10))
    gaps = draw(st.lists(st.sampled_from(_GAPS), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps))


_SOURCES = ["ner:crf", "ner:natasha", "rules:place", "rules:person", "rules:org", "roster", "ner"]


@st.composite
def _text_and_spans(draw):
    """A text and spans over its words (a word or two, sometimes a stretch
    of characters anywhere), of any category and source."""
    text = draw(_texts())
    tokens = tokenize(text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        if tokens and draw(st.booleans()):
            i = draw(st.integers(0, len(tokens) - 1))
            j = min(len(tokens) - 1, i + draw(st.integers(0, 1)))
            start, end = tokens[i].start, tokens[j].end
        else:
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, len(text)))
        category = draw(st.sampled_from([PERSON, PLACE, ORGANISATION]))
        spans.append(Span(start, end, category, draw(st.sampled_from(_SOURCES)),
                          text=text[start:end]))
    return text, spans


# --- the compass word before a place: the pattern only where it may match


def _plain_with_compass(text, span):
    """``_with_compass`` as it was: the pattern searched before every place."""
    if span.category != PLACE:
        return span
    m = R._WORD_BEFORE.search(text, max(0, span.start - 16), span.start)
    if m is None or not m.group(1)[:1].isupper() \
            or fold(m.group(1)).lower() not in R._COMPASS_WORDS:
        return span
    return replace(span, start=m.start(1), text=text[m.start(1):span.end])


def test_every_letter_ending_a_compass_word_is_listed():
    """A word whose fold in lower case is a compass word ends in a letter
    that folds and lowers to "с" or "к" (or one whose lower case ends so):
    each such character is one of ``_COMPASS_LAST``."""
    ends = {w[-1] for w in R._COMPASS_WORDS}
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if fold(ch).lower()[-1:] in ends:
            assert ch in R._COMPASS_LAST, ch


@settings(max_examples=1500, deadline=None)
@given(_text_and_spans())
@example(("Шығыс Қазақстан облысының", [Span(6, 15, PLACE, "ner:crf", text="Қазақстан")]))
@example(("Шығыс \nҚазақстан", [Span(7, 16, PLACE, "ner:crf", text="Қазақстан")]))
@example(("Шығыс\t \n", [Span(8, 8, PLACE, "ner:crf", text="")]))
@example(("Шығыс\n\n", [Span(7, 7, PLACE, "ner:crf", text="")]))
@example(("xxxxxxxxxxxxxБатыс Қазақстан", [Span(19, 28, PLACE, "ner:crf", text="Қазақстан")]))
def test_with_compass_as_the_plain_search(case):
    text, spans = case
    for span in spans:
        assert R._with_compass(text, span) == _plain_with_compass(text, span)
    for start in range(len(text) + 1):
        span = Span(start, len(text), PLACE, "ner:crf", text=text[start:])
        assert R._with_compass(text, span) == _plain_with_compass(text, span), start


# --- the first steps of ``refine``: the model's steps only for the model's spans


def _plain_first_steps(text, span):
    """``_first_steps`` as it was: every step called for each span."""
    if span.category not in (PERSON, PLACE):
        if span.category == ORGANISATION:
            span = R._initials_off(text, span)
        return [] if span is None else [span]
    if span.category == PLACE:
        span = R._initials_off(text, span)
        if span is None:
            return []
    if R._common_noun(text, span) or kk.nationality(span.text):
        return []
    if span.category == PERSON:
        span = R._contest_off(text, span)
        return [] if span is None else [span]
    out = []
    for s in R._surname_not_place(text, _plain_with_compass(text, span)):
        s = R._contest_off(text, R._short_name_not_place(text, s))
        if s is not None:
            out.append(s)
    return out


@settings(max_examples=1500, deadline=None)
@given(_text_and_spans())
@example(("Бекежанов Азия чемпионатына", [Span(0, 14, PLACE, "ner:crf", text="Бекежанов Азия")]))
@example(("Хатқа Т. Қ. Сапарова", [Span(0, 10, PLACE, "ner:crf", text="Хатқа Т. Қ")]))
@example(("Лёша келді", [Span(0, 4, PLACE, "ner:crf", text="Лёша")]))
@example(("Лёша келді", [Span(0, 4, PLACE, "rules:place", text="Лёша")]))
@example(("Телефонмен", [Span(0, 10, PERSON, "ner:crf", text="Телефонмен")]))
@example(("Азия чемпионатына", [Span(0, 4, PLACE, "rules:place", text="Азия")]))
def test_first_steps_as_with_every_step(case):
    text, spans = case
    for span in spans:
        assert R._first_steps(text, span) == _plain_first_steps(text, span)


# --- an eponym read of the span's words once


def _plain_eponym_as_person(text, span):
    words = words_of(text[span.start:span.end])
    if not words or len(words) > 2:
        return False
    last = words[-1].text
    stems = candidates(last) | {last}
    if stems.isdisjoint(R._EPONYM_STEMS):
        return False
    if len(words) == 2 and R.name_cue(Token(span.start + words[0].start,
                                            span.start + words[0].end, words[0].text)) != "F":
        return False
    if R._GENITIVE.search(last.lower()):
        return R._WORKS_AFTER.match(text, span.end) is not None
    return R._SPEAKING_AFTER.match(text, span.end) is not None or len(words) == 2 \
        and not R._PLACE_WORD_NEXT.match(text, span.end)


_EPONYMS = sorted(places.EPONYMS)[:6]


@settings(max_examples=1000, deadline=None)
@given(_text_and_spans(), st.sampled_from(_EPONYMS), st.sampled_from(["", "тың", "тің", "қа", "да"]),
       st.sampled_from(["", "Мұхтар ", "Асқар ", "Шу "]),
       st.sampled_from(["", " айтты", " жырлары", " ауданы", " кітабы", ".", " облысы"]))
@example(("", []), "Әуезов", "тің", "Мұхтар ", " кітабы")
@example(("", []), "Жамбыл", "", "", " айтты")
def test_eponym_as_person_as_the_plain_reading(case, eponym, ending, before, after):
    text, spans = case
    for span in spans:
        assert R.eponym_as_person(text, span) == _plain_eponym_as_person(text, span)
    name = before + eponym + ending
    text = text + " " + name + after
    span = Span(len(text) - len(after) - len(name), len(text) - len(after), PLACE, "ner:crf",
                text=name)
    assert R.eponym_as_person(text, span) == _plain_eponym_as_person(text, span)


# --- kk_context: long capitalised words first; a name's tests remembered


def _plain_surname_endings(text, tokens):
    out = []
    for tok in (tokens[i] for i in tokens.capitalised):
        if len(tok.text) < 8:
            continue
        shape = C._surname_with_ending(tok.text)
        if shape == "surname" or shape == "family" and C._FAMILY_WORD.match(text, tok.end) \
                or C._FAMILY_WORD.match(text, tok.end) and C._family_plural(tok.text):
            out.append(C._person(text, tok.start, tok.end))
    return out


_SURNAME_PIECES = ["Бисеновпін", "Бисеновтер", "Машиналар", "Керімсалдар", "отбасы", "әулеті",
                   "Сейітовтерді", "Украинмын", "Ахметовтар", "Жүнісовсыз", "Асқар", "Бақыт",
                   "Құдай", "Асқарлар", "Бақыттар"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_SURNAME_PIECES + _PIECES), max_size=10),
       st.lists(st.sampled_from(_GAPS), min_size=10, max_size=10))
@example(["Асқарлар", "отбасы"], [" "] * 10)
@example(["Бисеновпін"], [" "] * 10)
def test_surname_endings_as_over_every_word(words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps))
    tokens = tokenize(text)
    assert C._surname_endings(text, tokens) == _plain_surname_endings(text, tokens)


def _plain_may_name(word):
    return not places.is_place(word) and not kk.ordinary(word) \
        and fold(word).lower() not in C._NO_ONE and kk.word_cue(word) not in ("O", "G", "L") \
        and not places.is_country(word)


@given(st.sampled_from(_SURNAME_PIECES + _PIECES))
def test_may_name_remembered_as_asked(word):
    assert C._may_name(word) == _plain_may_name(word)
    assert C._may_name(word) == _plain_may_name(word)  # (the answer remembered)


def _plain_inflected_mentions(text, tokens, spans):
    """``_inflected_mentions`` as it was: every capitalised word in the loop."""
    people = [s for s in spans if s.category == PERSON and s.end - s.start >= 4
              and text[s.start].isupper() and " " not in text[s.start:s.end]]
    if not people:
        return []
    taken = [s for s in spans if s.category in (PLACE, ORGANISATION)]
    bases = {text[s.start:s.end].lower() for s in people
             if not text[s.start:s.end].isascii() and C._may_name(text[s.start:s.end])
             and not any(t.start < s.end and s.start < t.end for t in taken)}
    if not bases:
        return []
    heads = {b[:4] for b in bases}
    out = []
    for i in tokens.capitalised:
        low = tokens[i].text.lower()
        if low[:4] not in heads:
            continue
        tok = tokens[i]
        for cut in range(4, len(low) + 1):
            if low[:cut] in bases and C._ENDING.fullmatch(low[cut:]):
                if cut < len(low) or not kk.written_lower(text, tok.text, whole=True) \
                        and not C._at_sentence_start(text, tok.start):
                    out.append(C._person(text, tok.start, tok.end))
                break
    return out


_MENTION_PIECES = ["Керімсал", "Керімсалға", "Керімсалдың", "керімсал", "Айбарша", "Айбаршамен",
                   "АЙБАРША", "İrem", "İremге", "Асқар", "Асқарға", "Құдай"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_MENTION_PIECES + _PIECES), min_size=1, max_size=10),
       st.lists(st.sampled_from(_GAPS), min_size=10, max_size=10), st.data())
@example(["Керімсал", "келді", "Керімсалға"], [" ", " ", " "] + [""] * 7, None)
@example(["İrem", "келді", "İremге"], [" ", " ", " "] + [""] * 7, None)
def test_inflected_mentions_as_over_every_word(words, gaps, data):
    text = "".join(w + g for w, g in zip(words, gaps))
    tokens = tokenize(text)
    if data is None or not tokens:
        chosen = tokens[:1]
    else:
        chosen = data.draw(st.lists(st.sampled_from(tokens), max_size=4))
    spans = [Span(t.start, t.end, PERSON, "ner:crf", text=t.text) for t in chosen]
    assert C._inflected_mentions(text, tokens, spans) == _plain_inflected_mentions(text, tokens, spans)
