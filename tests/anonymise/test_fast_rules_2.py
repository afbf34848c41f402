"""The shortcuts of round 2 in the rules change no answer.

``rules._world_cities`` reads a lone word's lower case against the world's
cities itself (no ``places.world_place`` call): the same spans as the plain
version, which asks ``world_place`` of each word.

The texts are made up from pieces of city names (Latin and Cyrillic, with
several words, hyphens and odd cases), Kazakh words, endings and odd characters.
"""
from hypothesis import example, given, settings, strategies as st

from app.anonymise import places, rules as R
from app.anonymise.spans import PLACE, Span
from app.anonymise.tokens import as_tokens, name_gap, tokenize

_CITY_PIECES = ["Geneva", "GENEVA", "geneva", "Boston", "Sydney", "Amman", "Dawson", "Creek",
                "New", "York", "San", "Francisco", "Buenos", "Aires", "Blanc", "-Sablon",
                "Helsinki", "Astrakhan", "Florence", "Алматы", "Астана", "Мәскеу", "Москва",
                "Нью", "-Йорк", "Қарағанды", "Дания", "İstanbul", "Σ", "Бостон", "Tell", "City"]
_OTHER_PIECES = ["ауылы", "қаласы", "дан", "ға", "ның", "Ер", "Бек", "Асқар", "және", "мен",
                 "the", "in", "x", "1", "’s", "'", "-"]
_WORDS = st.lists(st.sampled_from(_CITY_PIECES + _OTHER_PIECES), min_size=1, max_size=3).map("".join)
_GAPS = st.sampled_from([" ", " ", "  ", ", ", ". ", "\n", " — ", "\u00a0", "-\n", "4 "])


@st.composite
def _texts(draw):
    words = draw(st.lists(st.one_of(st.sampled_from(_CITY_PIECES), _WORDS, _WORDS.map(str.capitalize),
                                    _WORDS.map(str.upper)), min_size=1, max_size=14))
    gaps = draw(st.lists(_GAPS, min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps))


def _plain_world_cities(text, tokens, capitalised):
    """``rules._world_cities`` as it was: ``world_place`` asked of each lone word."""
    spans, after = [], 0
    heads = R._place_heads()
    for i in capitalised:
        if i < after:
            continue
        tok = tokens[i]
        if tok.text.lower() not in heads:
            if places.world_place(tok.text) == "city" and R.label(tok) != R.FIRST:
                spans.append(Span(tok.start, tok.end, PLACE, "rules:place", text=text[tok.start:tok.end]))
                after = i + 1
            continue
        for n in (3, 2, 1):
            run = tokens[i:i + n]
            if len(run) < n or not all(t.is_title for t in run) or not all(
                    name_gap(text, a, b) for a, b in zip(run, run[1:])):
                continue
            if places.world_place(" ".join(t.text for t in run)) == "city" and not (
                    n == 1 and R.label(run[0]) == R.FIRST):
                start, end = run[0].start, run[-1].end
                spans.append(Span(start, end, PLACE, "rules:place", text=text[start:end]))
                after = i + n
                break
    return spans


def _world_cities_both_ways(text):
    tokens = tokenize(text)
    capitalised = as_tokens(tokens).capitalised
    return R._world_cities(text, tokens, capitalised), _plain_world_cities(text, tokens, capitalised)


@given(_texts())
@settings(max_examples=400, deadline=None)
@example("Geneva and Boston, New York. Sydney Dawson Creek")
@example("GENEVA Helsinki-\nAmman Blanc-Sablon")
@example("Мәскеу мен Алматы, Нью-Йорк")
def test_world_cities_as_with_world_place_asked(text):
    fast, plain = _world_cities_both_ways(text)
    assert fast == plain


def test_world_cities_finds_the_lone_cities():
    fast, plain = _world_cities_both_ways("He went to Amman, then to Helsinki and Buenos Aires.")
    assert fast == plain
    assert [s.text for s in fast] == ["Amman", "Helsinki", "Buenos Aires"]


def test_no_token_holds_whitespace_nor_any_city_a_country():
    """What the shortcut relies on: ``world_place`` of a word without
    whitespace is "city" exactly when its lower case is among the cities."""
    countries, cities = places.world()
    assert not countries & cities
    text = "Жаксы-\nбеков  Geneva\u00a0Boston\u2003x\u2028Бухар-\n Жырау"
    assert all(t.text.split() == [t.text] for t in tokenize(text))
