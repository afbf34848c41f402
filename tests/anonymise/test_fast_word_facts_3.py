"""``folded_lower`` folding a word itself (not through ``_fold_word``'s cache)
and ``places._may_be`` reading the word's fold through ``folded_lower`` answer
as their plain versions (``fold(word).lower()``) on words built from Kazakh,
Russian and Latin pieces, endings, case changes, hyphens, digits, punctuation
and line breaks.

All words are made up for these tests from pieces of the lexicons' shapes.
"""
from hypothesis import example, given, settings, strategies as st

from app.anonymise import normalise, places
from app.anonymise.normalise import folded_lower

_PIECES = [
    "Ер", "ер", "Бек", "Нұр", "Асқар", "Алмат", "Алматы", "Қарағанды", "қарағандыда", "Ақсу",
    "Шымкент", "Жаркент", "Кентау", "Түркістан", "Өскемен", "Ваня", "Лёша", "Гүл", "нар",
    "ұлы", "қызы", "ов", "ова", "жан", "ы", "і", "ға", "мен", "нің", "да", "дан", "тегі", "ым",
    "а", "ё", "Ё", "ә", "Ә", "ө", "Ө", "Ү", "Һ", "ІІ", "İ", "Σ", "ß", "x", "Zhosaly", "'s", "’",
    "'", "-", "\n", "2024", "7", "_", ".", "«",
]
_WORDS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join)
_ANY_CASE = st.one_of(_WORDS, _WORDS.map(str.capitalize), _WORDS.map(str.upper),
                      _WORDS.map(str.lower), _WORDS.map(str.swapcase))
_LONG = st.lists(_ANY_CASE, min_size=8, max_size=14).map(" ".join)  # past fold's cache (40 letters)


# --- plain versions, as they were before

def _plain_fold(text):
    if text.isascii():
        return text
    return text.translate(normalise._FOLD)


def _plain_folded_lower(word):
    return _plain_fold(word).lower()


def _plain_may_be(word, stems):
    whole = _plain_fold(word).lower()
    three, short, longest = places._heads(stems)
    if not (whole[:3] in three or whole[:2] in short):
        return False
    for k in range(1, min(len(whole), longest) + 1):
        if whole[:k] in stems:
            return True
    return False


@settings(max_examples=500)
@given(st.one_of(_ANY_CASE, _LONG))
@example("ӘЙГЕРІМ")
@example("Ёлка")
@example("İstanbul")
@example("John’s")
@example("")
def test_folded_lower_folds_as_fold_does(word):
    assert folded_lower.__wrapped__(word) == _plain_folded_lower(word)
    assert folded_lower(word) == _plain_folded_lower(word)


@settings(max_examples=500)
@given(_ANY_CASE, st.booleans())
@example("Қарағандыда", False)
@example("ҚАРАҒАНДЫ", False)
@example("Ақсуға", True)
@example("Өскеменнен", False)
@example("Ер", False)
def test_may_be_from_the_remembered_fold_is_the_plain_one(word, evidence):
    stems = places.place_stems(evidence)
    assert places._may_be(word, stems) == _plain_may_be(word, stems)
    assert places._may_be(word, normalise.candidates(word)) == \
        _plain_may_be(word, normalise.candidates(word))


def test_plain_examples():
    assert folded_lower.__wrapped__("Әлия") == "алия"
    assert folded_lower.__wrapped__("Ёлка") == "елка"
    assert folded_lower.__wrapped__("JOHN") == "john"
    assert places._may_be("Қарағандыда", places.place_stems(False))
    assert not places._may_be("Ерлан", places.place_stems(False))
