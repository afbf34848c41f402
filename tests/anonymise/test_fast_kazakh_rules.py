"""The shortcuts of the Kazakh rules change no answer.

``kk_rules.WordMemo`` answers what its test answers of each word, whatever
words came before (and past its limit); the finders that read their words
through one (organisation heads, honorifics) find what they find with the
plain filter of every word of the text; ``refine`` reads the joined places
``find`` found on the same text and tokens as it would find them again.

All texts are made up for these tests from pieces of Kazakh names, endings,
head words and odd characters.
"""
from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk_rules as R
from app.anonymise.spans import PERSON, PLACE, Span
from app.anonymise.tokens import tokenize

_WORD_PIECES = ["Ер", "ер", "Бек", "Нұр", "Асқар", "ата", "апай", "аға", "ағай", "ағайын", "ақсақал",
                "ханым", "мырза", "әже", "ымыз", "ға", "ның", "мен", "ЖШС", "АҚ", "-нің", "министрлігі",
                "қоры", "клубы", "университеті", "әкімдігі", "ауылдарына", "қалаларында", "Ақ",
                "жар", "А", "Ә", "İ", "Σ", "x", "1", "-", "’"]
_WORDS = st.lists(st.sampled_from(_WORD_PIECES), min_size=1, max_size=4).map("".join)
_GAPS = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "\n", " — ", " «", "» ", " мен ", " және "])


@st.composite
def _texts(draw):
    words = draw(st.lists(st.one_of(_WORDS, _WORDS.map(str.capitalize), _WORDS.map(str.upper)),
                          min_size=1, max_size=12))
    gaps = draw(st.lists(_GAPS, min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps))


class _Plain:
    """A memo's plain version: the test asked of every word, every time."""

    def __init__(self, test):
        self.test = test

    def among(self, words):
        return {w for w in words if self.test(w)}


# --- WordMemo

def _test(word):
    return len(word) % 3 == 0 or word[:1].isupper()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.frozensets(_WORDS | _WORDS.map(str.capitalize), max_size=12), max_size=8),
       st.integers(min_value=0, max_value=20))
def test_a_memo_answers_as_its_test_whatever_came_before(texts, limit):
    memo = R.WordMemo(_test, limit=limit)
    for words in texts:
        assert memo.among(words) == {w for w in words if _test(w)}
        assert memo.among(words) == {w for w in words if _test(w)}  # (asked again: remembered)


def test_a_memo_forgets():
    memo = R.WordMemo(_test)
    memo.among(frozenset({"Асқар", "ақ"}))
    assert len(memo) == 2
    memo.forget()
    assert len(memo) == 0
    assert memo.among(frozenset({"Асқар", "ақ"})) == {"Асқар"}


# --- the finders through their memos

def _find_plain(text, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(R, "_ORG_ENDS", _Plain(lambda w: w[:2] in R._ORG_END_OPENINGS and R._org_head_form(w)))
        m.setattr(R, "_HONORIFICS", _Plain(
            lambda w: w[:2] in R._HONORIFIC_OPENINGS and R._HONORIFIC.fullmatch(w) is not None))
        return R.find(text, tokenize(text))


@settings(max_examples=400, deadline=None)
@given(_texts())
@example("«Дала Құрылыс» ЖШС-нің директоры Асқар ағайға хат жазды.")
@example("Оразбай ақсақал мен Күләш апай Шу ауданының әкімдігіне барды.")
@example("Ақ ағайын келді. Ауыл шаруашылығы министрлігінің Бек ата")
def test_find_as_with_every_word_asked(text):
    import pytest
    with pytest.MonkeyPatch.context() as monkeypatch:
        plain = _find_plain(text, monkeypatch)
    assert R.find(text, tokenize(text)) == plain


# --- refine: the joined places of the text find saw

@settings(max_examples=300, deadline=None)
@given(_texts(), _texts())
@example("Көктерек пен Жаңатілек ауылдарына бардық. Асқар келді.", "Бек ата")
def test_refine_reads_the_joined_places_as_found_again(text, other):
    tokens = tokenize(text)
    spans = [Span(t.start, t.end, cat, "rules:person", text=t.text)
             for t, cat in zip(tokens, [PERSON, PLACE] * len(tokens)) if t.text[:1].isupper()]
    fresh = R.refine(text, spans)  # its own tokens: found anew
    R.find(other, tokenize(other))  # another text's places remembered
    assert R.refine(text, spans, tokens) == fresh
    R.find(text, tokens)  # this text's, on these tokens
    assert R.refine(text, spans, tokens) == fresh
    assert R.refine(text, spans, tokenize(text)) == fresh  # other tokens of the same text


def test_the_joined_places_of_the_same_text_and_tokens_are_remembered():
    text = "Көктерек пен Жаңатілек ауылдарына бардық."
    tokens = tokenize(text)
    first = R._joined_places(text, tokens)
    assert [s.text for s in first] == ["Жаңатілек", "Көктерек"]
    assert R._joined_places(text, tokens) == first
    assert R._joined_places(text + " ", tokenize(text + " ")) == first
    assert R._joined_places("Бардық.", tokenize("Бардық.")) == []
