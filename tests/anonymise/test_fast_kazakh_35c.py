"""The round-35c shortcuts of the Kazakh rules change no answer.

- ``kk_rules._ORG_END_OPENINGS3``: every word ``_org_head_form`` takes
  begins with one of its three-letter openings (the organisation memo asks
  them first), and ``find`` finds what it finds with every word asked;
- ``kk.possessed_trade`` turns words away by their first three letters and
  "ш" as its plain version (below) answers;
- ``kk_rules._name_like_word`` with its set tests joined answers as the
  plain one;
- ``kk.name_shaped`` reading a capitalised word's place from its cue answers
  as the plain one reading ``kk._place``;
- ``kk._patronymic``'s plain searches before its pattern, and
  ``normalise.word_stems`` reading the fold it has, answer as the plain ones.

All words are made up for these tests from pieces of Kazakh names, endings,
trade and head words and odd characters.
"""
import re

from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk, kk_rules as R, names, places
from app.anonymise.census import FUNCTION_WORDS
from app.anonymise.normalise import _canonical_of, _folded, candidates, canonical, cuts, folded_lower, word_stems
from app.anonymise.rules import LABEL_STEMS, TITLE_WORDS
from app.anonymise.tokens import tokenize


# --- the organisation heads' openings

def test_no_other_letter_lowers_to_a_letter_of_a_head_opening():
    """What lets ``_ORG_END_OPENINGS3`` hold the openings of ``kk.org_head``'s
    words with their second and third letters in either case alone: every
    character whose lower case holds one of their letters is that letter or
    its capital."""
    letters = set("".join(o[1:] for o in R._ORG_END_OPENINGS3))
    for code in range(0x110000):
        char = chr(code)
        low = char.lower()
        if not letters.isdisjoint(low):
            assert len(low) == 1 and char in (low, low.upper()), hex(code)


_HEAD_PIECES = sorted({w[:n] for w in list(R._MORE_HEADS) + list(kk.ORG_HEAD_PREFIXES)
                       + list(kk.ORG_HEAD_WORDS) for n in (2, 3, 4, len(w))} | set(R._LEGAL_FORMS)) + [
    "ы", "ін", "ның", "-нің", "ға", "А", "Қ", "ә", "ё", "Ё", "İ", "Σ", "-", "министрлігі", "қоры"]
_HEAD_LIKE = st.lists(st.sampled_from(_HEAD_PIECES), min_size=1, max_size=4).map("".join)
_KAZAKH_LETTERS = str.maketrans("агкноуихе", "әғқңөұіһё")  # (each folds back)


def _swapped_from_the_second(word: str) -> str:
    return word[:1] + word[1:].swapcase()


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_HEAD_LIKE, _HEAD_LIKE.map(str.capitalize), _HEAD_LIKE.map(str.upper),
                 _HEAD_LIKE.map(_swapped_from_the_second),
                 _HEAD_LIKE.map(lambda w: w.translate(_KAZAKH_LETTERS)),
                 _HEAD_LIKE.map(lambda w: _swapped_from_the_second(w.translate(_KAZAKH_LETTERS)))))
@example("АҚ")
@example("АҚ-тың")
@example("ЖШС-нің")
@example("мИнистрлігі")
@example("қорына")
@example("клубы")
def test_every_head_word_begins_as_the_three_letters_say(word):
    if R._org_head_form(word):
        assert word[:3] in R._ORG_END_OPENINGS3


def test_every_listed_head_begins_as_the_three_letters_say():
    words = list(R._MORE_HEADS) + list(kk.ORG_HEAD_PREFIXES) + list(kk.ORG_HEAD_WORDS) \
        + [f + e for f in R._LEGAL_FORMS for e in ("", "-нің", "-ы")]
    for word in words + [w.translate(_KAZAKH_LETTERS) for w in words]:
        if R._org_head_form(word):
            assert word[:3] in R._ORG_END_OPENINGS3, word


class _Plain:
    """A memo's plain version: the test asked of every word, every time."""

    def __init__(self, test):
        self.test = test

    def among(self, words):
        return {w for w in words if self.test(w)}


_TEXT_PIECES = ["Асқар", "Ақтөбе", "Дала", "Құрылыс", "ЖШС", "АҚ", "-нің", "министрлігі",
                "қоры", "қорына", "клубы", "университеті", "әкімдігі", "ауданының", "облыстық",
                "білім", "бөлімі", "«", "»", "ға", "ы"]


@st.composite
def _texts(draw):
    pieces = st.lists(st.sampled_from(_TEXT_PIECES), min_size=1, max_size=3).map("".join)
    words = draw(st.lists(st.one_of(pieces, pieces.map(str.capitalize)), min_size=1, max_size=10))
    gaps = draw(st.lists(st.sampled_from([" ", " ", ", ", ". ", " «", "» "]),
                         min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps))


@settings(max_examples=300, deadline=None)
@given(_texts())
@example("«Дала Құрылыс» ЖШС-нің директоры келді.")
@example("Ақтөбе облыстық білім бөлімі мен Асқар қорына")
def test_find_as_with_every_word_asked(text):
    import pytest
    with pytest.MonkeyPatch.context() as m:
        m.setattr(R, "_ORG_ENDS", _Plain(R._org_head_form))
        plain = R.find(text, tokenize(text))
    assert R.find(text, tokenize(text)) == plain


# --- possessed_trade

def _plain_possessed_trade(word: str) -> bool:
    low = folded_lower(word)
    if low[-1:] not in "змныи\n":
        return False
    m = kk._POSSESSIVE.search(low)
    if m is None or m.start() < 3:
        return False
    stem = low[:m.start()]
    if stem in kk._TRADE_STEMS or low[:m.start() + 1] in kk._TRADE_STEMS \
            or stem + "ы" in kk._TRADE_STEMS or stem + "и" in kk._TRADE_STEMS:
        return True
    lower = word.lower()
    agent = kk._AGENT_POSSESSED.match(lower) if "ш" in lower else None
    return agent is not None and kk.role_word(agent.group(1))


_TRADES = sorted(kk._TRADE_STEMS) + ["мұғалім", "дәрігер", "жетекші", "фельдшер", "оқушы",
                                     "көрші", "жүргізуші", "мұға", "дәр", "ата"]
_POSSESSIVES = ["", "ымыз", "іміз", "мыз", "міз", "ыңыз", "ңыз", "ым", "ім", "м", "ы", "і",
                "сы", "сі", "н", "ын", "ін", "на", "ның", "\n"]
_TRADE_LIKE = st.builds(lambda a, b, c: a + b + c, st.sampled_from(_TRADES),
                        st.sampled_from(_POSSESSIVES), st.sampled_from(_POSSESSIVES))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_TRADE_LIKE, _TRADE_LIKE.map(str.capitalize), _TRADE_LIKE.map(str.upper),
                 _TRADE_LIKE.map(lambda w: w.translate(_KAZAKH_LETTERS)), st.text(min_size=1, max_size=8)))
@example("мұғаліміміз")
@example("Директорымыз")
@example("оқушымыз")
@example("фельдшері")
def test_possessed_trade_as_plain(word):
    assert kk.possessed_trade.__wrapped__(word) == _plain_possessed_trade(word)


# --- _name_like_word and name_shaped

def _plain_name_like_word(word: str) -> bool:
    if len(word) < 2 or word.isupper():
        return False
    stems, low = candidates(word), word.lower()
    return stems.isdisjoint(LABEL_STEMS) and low not in FUNCTION_WORDS and low not in TITLE_WORDS \
        and not (R._role_shaped(low) and kk.role_word(word)) and stems.isdisjoint(R._TITLE_STEMS) \
        and stems.isdisjoint(R._STATE_STEMS) and low not in R._TRADES


def _plain_name_shaped(word: str) -> bool:
    if not word[:1].isupper() or kk._place(word) or kk.ordinary(word):
        return False
    if kk.word_cue(word) == "F" or "сұлу" in word.lower()[2:8]:
        return True
    if "хана" in word.lower() or "ия" in word.lower() or not candidates(word).isdisjoint(kk._PEOPLES):
        return False
    if kk._flower_name(word) or kk.affectionate(word):
        return True
    return any(len(s) >= 5 and s.endswith(kk._NAME_ENDS) and 2 <= len(s) - max(
        len(e) for e in kk._NAME_ENDS if s.endswith(e)) <= 6 for s in candidates(word))


_NAME_PIECES = ["Асқар", "Нұр", "сұлу", "Гүл", "нар", "бек", "Ақ", "төбе", "Алматы", "Астана",
                "Қарағанды", "Шу", "ауыл", "облыс", "министр", "президент", "жолдау", "Ереке",
                "Бекең", "хана", "ия", "Өзбек", "ға", "ның", "дан", "мен", "ы", "і", "-", "Ж",
                "Тараз", "Ұлы", "Түркия", "Ресей", "ата", "кер", "шы", "ов", "ин", "А", "İ"]
_NAME_LIKE = st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=4).map("".join)
_WORDS_IN_THE_TEXTS = sorted(set(re.findall(
    r"\w[\w-]*", " ".join(_NAME_PIECES) + " Алматыда Астанадан Асқарға Нұрсұлуды Таңсұлуға Гүлнар")))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_NAME_LIKE, _NAME_LIKE.map(str.capitalize), _NAME_LIKE.map(str.upper),
                 _NAME_LIKE.map(str.lower), st.text(min_size=1, max_size=6)))
@example("Алматыда")
@example("Нұрсұлуды")
@example("Ереке")
@example("Министрге")
@example("Бәйдібек")
@example("Үржарда")
def test_name_like_and_name_shaped_as_plain(word):
    assert R._name_like_word.__wrapped__(word) == _plain_name_like_word(word)
    assert kk.name_shaped.__wrapped__(word) == _plain_name_shaped(word)


def test_name_like_and_name_shaped_as_plain_on_listed_words():
    words = _WORDS_IN_THE_TEXTS + sorted(kk.first_names())[:3000:7] + list(R._TRADES) \
        + [p + e for p in list(names.KZ_PLACES) + list(places.TOWNS) + list(places.DISTRICTS)
           for e in ("", "да", "ның")] \
        + sorted(TITLE_WORDS) + sorted(FUNCTION_WORDS)[:300]
    for word in words + [w.capitalize() for w in words]:
        assert R._name_like_word.__wrapped__(word) == _plain_name_like_word(word), word
        assert kk.name_shaped.__wrapped__(word) == _plain_name_shaped(word), word


# --- _patronymic and word_stems

def _plain_patronymic(low: str, stems) -> bool:
    m = kk._PATRONYMIC_FORM.search(low) if "улы" in low or "кызы" in low else None
    if m and m.start() >= 3:
        return True
    if kk._PATRONYMIC_ANY.search(low) is None:
        return False
    return any(len(s) >= len(e) + 3 for s in stems if s.endswith(kk._PATRONYMIC_ENDS)
               for e in kk._PATRONYMIC_ENDS if s.endswith(e))


_STEM_PIECES = ["Ерлан", "Серік", "Асқар", "Иван", "Петр", "ұлы", "қызы", "улы", "кызы", "ович",
                "евич", "овна", "евна", "ична", "уулу", "уул", "ов", "ев", "ич", "ын", "на", "ның",
                "мен", "ға", "'s", "’s", "'", "а", "ы", "і", "İ", "x"]
_STEM_LIKE = st.lists(st.sampled_from(_STEM_PIECES), min_size=1, max_size=4).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_STEM_LIKE, _STEM_LIKE.map(str.upper), _STEM_LIKE.map(str.lower),
                 st.text(min_size=1, max_size=8)))
@example("Ерланұлына")
@example("Ивановича")
@example("Петровна")
@example("Асқар's")
@example("Ильинична")
@example("Маматуулу")
def test_patronymic_and_word_stems_as_plain(word):
    low = folded_lower(word)
    assert kk._patronymic(low, candidates(word)) == _plain_patronymic(low, candidates(word))
    w = _folded(word)
    assert word_stems(word) == (low, candidates(word), _canonical_of(w, cuts(w))) \
        == (low, candidates(word), canonical(word))
