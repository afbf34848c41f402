"""The cheaper tests asked of a new word answer as the plain ones did:
``places._may_be`` with its stems looked up by their first letters and one
``startswith``, ``places.world_country_form`` passing over the words that
begin with no country, and ``rules.word_label`` asking the Russian short
names only of the words that begin like one, the international names only
of a capital up to "ɏ", and the patronymic and surname parts in one search
first.

All words are made up for these tests from pieces of the lexicons' shapes.
"""
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.anonymise import kk, latin_first, normalise, places, rules
from app.anonymise.normalise import KK_ENDINGS, candidates, fold, folded_lower
from app.anonymise.translit import latin_key

from .test_fast_word_facts_3 import _plain_may_be

_PIECES = [
    "Ер", "ер", "Бек", "Нұр", "Асқар", "Алмат", "Алматы", "Қарағанды", "қарағандыда", "Ақсу",
    "Шымкент", "Жаркент", "Кентау", "Түркістан", "Өскемен", "Іле", "Ил", "Шу", "Ваня", "Лёша",
    "Наташа", "Саша", "Гүл", "нар", "Таиланд", "Малайзия", "Вьетнам", "Өзбекстан", "Германия",
    "ұлы", "қызы", "ович", "евна", "ична", "ов", "ова", "ев", "ская", "цкий", "енко", "баев",
    "жан", "ы", "і", "ға", "қа", "мен", "нің", "ның", "да", "дан", "тегі", "дағы", "ым", "а",
    "я", "ё", "Ё", "ә", "Ә", "Ө", "Ү", "ІІ", "Zhosaly", "Nargiza", "Émile", "Ørjan", "Ȁb",
    "Ͱa", "DUNSTABLE", "NATO", "Smith", "John", "O'", "Malley", "ovich", "ovna", "uly", "kyzy",
    "ev", "ova", "enko", "Senator", "Dr", "'s", "’", "'", "-", "\n", "7", "_", ".", "x", "İ",
]
_WORDS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join)
_ANY_CASE = st.one_of(_WORDS, _WORDS.map(str.capitalize), _WORDS.map(str.upper),
                      _WORDS.map(str.lower), _WORDS.map(str.title))


# --- plain versions, as they were before

def _plain_is_place(word, evidence=False):
    stems = places.place_stems(evidence)
    return _plain_may_be(word, stems) and (not stems.isdisjoint(places._forms(word))
                                           or places._kazakh_form(word)) \
        or word[:1].isascii() and places._latin_form(word, evidence)


def _plain_world_country_form(word):
    if not word[:1].isupper() or word[:1].isascii():
        return False
    low = word.lower()
    names = places._cyrillic_countries()
    if low in names:
        return True
    folded = fold(low)
    return any(low[:-k] in names for k in places._KK_LENGTHS
               if len(low) - k >= 5 and folded[-k:] in KK_ENDINGS)


def _plain_word_label(word):
    R = rules
    if not word[0].isupper():
        return R.OTHER
    if shouted := "A" <= word[0] <= "Z" and R._SHOUTED.fullmatch(word) is not None:
        word = word.title()
    if not word[0].isupper() or len(word) < 2 or (word.isupper() and len(word) > 1):
        return R.OTHER
    stems = candidates(word)
    lower = word.lower()
    if not stems.isdisjoint(R.LABEL_STEMS) or R._title_in_lower_case(lower) \
            or lower in R.FUNCTION_WORDS:
        return R.OTHER
    low = folded_lower(word)
    if not stems.isdisjoint(R.FIRST_STEMS) or low in R.CENSUS_FIRST or (
            not word[0].isascii() and kk.ru_short_name(word)) or (
            word[0].isascii() and latin_key(word) in kk.first_name_keys()) \
            or not shouted and latin_first.is_first_name(word):
        return R.FIRST
    if "-" in word and all(part[:1].isupper() and _plain_word_label(part) == R.FIRST
                           for part in word.split("-")):
        return R.FIRST
    if R._PATR_PART.search(low) and any(R._PATR.search(s) for s in stems | {low}):
        return R.PATR
    if R._SURN_CYR_PART.search(low) and any(R._SURN_CYR.search(s) for s in stems) \
            or low[-1:] in R._SURN_LAT_LAST and R._SURN_LAT.search(low):
        return R.SURN
    return R.LAST if low in R.CENSUS_LAST or ("'" in low or "’" in low) and R._APOSTROPHE.sub(
        "", low) in R.CENSUS_LAST else R.CAP


def _plain_listed_first_name(word):
    return (not word[0].isascii() and kk.ru_short_name(word)) or (
        word[0].isascii() and latin_key(word) in kk.first_name_keys()) \
        or latin_first.is_first_name(word)


# --- places

_STEM_SETS = st.frozensets(st.sampled_from(["", "x", "ил", "шу", "алм", "алматы", "кент", "x's",
                                            "ер", "е", "шым", "шымкент", "a", "ab", "abc"]))


@settings(max_examples=600, deadline=None)
@given(_ANY_CASE, st.booleans())
@example("x's", False)
@example("Ил", False)
@example("Іле", True)
@example("Қарағандыда", False)
@example("Ерлан", False)
def test_may_be_is_the_plain_one(word, evidence):
    for stems in (places.place_stems(evidence), places.country_stems(), candidates(word)):
        assert places._may_be(word, stems) == _plain_may_be(word, stems), (word, stems)
    assert places.is_place.__wrapped__(word, evidence) == _plain_is_place(word, evidence)


@settings(max_examples=400, deadline=None)
@given(_ANY_CASE, _STEM_SETS)
@example("x's", frozenset({"x"}))
@example("", frozenset({""}))
@example("e", frozenset({"е", ""}))
def test_may_be_with_any_stems_is_the_plain_one(word, stems):
    assert places._may_be(word, stems) == _plain_may_be(word, stems)


def test_every_listed_place_and_its_forms_is_the_plain_one():
    endings = ["", "да", "дан", "ға", "ның", "дағы", "тегі", "ы", "а", "ского", "'s"]
    for name in places.TOWNS + places.DISTRICTS + sorted(places.AMBIGUOUS):
        for ending in endings:
            word = name + ending
            for evidence in (False, True):
                assert places.is_place.__wrapped__(word, evidence) == \
                    _plain_is_place(word, evidence), (word, evidence)
                stems = places.place_stems(evidence)
                assert places._may_be(word, stems) == _plain_may_be(word, stems)


def test_every_country_and_its_forms_is_the_plain_one():
    endings = ["", "қа", "ға", "да", "дан", "дағы", "ның", "тағы", "мен", "а", "ы"]
    for country in sorted(places._cyrillic_countries() | places._COUNTRY_HOMONYMS):
        for ending in endings:
            for word in (country + ending, (country + ending).title(), (country + ending).upper()):
                assert places.world_country_form.__wrapped__(word) == \
                    _plain_world_country_form(word), word


@settings(max_examples=400, deadline=None)
@given(_ANY_CASE)
@example("Таиландқа")
@example("Малайзиядан")
@example("Өзбекстандағы")
def test_world_country_form_is_the_plain_one(word):
    assert places.world_country_form.__wrapped__(word) == _plain_world_country_form(word)


# --- word_label

@settings(max_examples=800, deadline=None)
@given(_ANY_CASE)
@example("Ваняға")
@example("Лёшамен")
@example("Émile")
@example("Ørjan")
@example("Ȁbc")
@example("Nargiza")
@example("NARGIZA")
@example("Иванович")
@example("Ахметова")
@example("Сәкенұлы")
@example("O'Malley")
@example("Zhanibekov")
@example("Jean-Luc")
@example("Ваня-Лёша")
def test_word_label_is_the_plain_one(word):
    if not word:
        return
    assert rules.word_label.__wrapped__(word) == _plain_word_label(word), word


def test_every_short_name_and_its_forms_is_asked_as_before():
    endings = ["", "ға", "ге", "ны", "ни", "да", "дан", "мен", "ның", "нің", "на", "а", "ов"]
    for name in sorted(kk.ru_short_names()):
        for ending in endings:
            for word in ((name + ending).title(), (name + ending).upper()):
                assert rules._listed_first_name(word, folded_lower(word), False) == \
                    bool(_plain_listed_first_name(word)), word
                assert rules.word_label.__wrapped__(word) == _plain_word_label(word), word


def test_every_international_name_of_a_capital_past_ascii_is_asked_as_before():
    words = [n.title() for n in latin_first.names() if not n[:1].isascii()]
    for word in words + ["Ȁbc", "Ɏa", "Ͱa", "Ωmega", "Ёлка"]:
        assert rules._listed_first_name(word, folded_lower(word), False) == \
            bool(_plain_listed_first_name(word)), word


@settings(max_examples=600, deadline=None)
@given(_WORDS.map(str.lower))
@example("иванович")
@example("ахметовна")
@example("сейтказиевна")
@example("жаксыбекулы")
def test_the_name_ending_parts_hold_both_patterns(low):
    if rules._PATR_PART.search(low) or rules._SURN_CYR_PART.search(low):
        assert rules._NAME_ENDING_PART.search(low)


def test_the_short_name_heads_begin_every_short_name():
    heads, shorter = rules._ru_short_name_heads()
    for name in kk.ru_short_names():
        for word in (name, name + "мен", name + "ға"):
            assert word[:4] in heads or word.startswith(shorter), word
    assert normalise.folded_lower("Ваня")[:4] in heads
