"""The Kazakh word facts that read a word's fold in lower case through the
remembered ``folded_lower`` answer as their plain versions (``fold(word).lower()``
computed in place) on words built from Kazakh, Russian and Latin pieces,
endings, case changes, hyphens, digits, punctuation and line breaks.

All words are made up for these tests from pieces of the lexicons' shapes.
"""
from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk, kk_crf, normalise
from app.anonymise.normalise import candidates, cuts, fold, folded_lower

from .test_fast_word_facts import _plain_trigger

_PIECES = [
    "Ер", "ер", "Бек", "Нұр", "Асқар", "Алмат", "Алматы", "Ваня", "Наташа", "Лёша", "Гүл", "гүл",
    "нар", "министрлі", "министрлігі", "қоры", "Қоры", "нөмір", "учаске", "мұғалім", "дәрігер",
    "директор", "оқушы", "ұлы", "қызы", "ов", "ова", "екең", "еке", "жан", "сұлу",
    "ы", "і", "ға", "мен", "нің", "да", "ым", "іміз", "мыз", "сы", "ның", "н",
    "а", "ё", "Ё", "ә", "Ә", "ө", "Ө", "Ү", "Һ", "İ", "Σ", "ß", "x", "John", "'s", "’", "'", "-",
    "\n", "2024", "7", "_", ".", "«", "МИ", "қО",
]
_WORDS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join)
_ANY_CASE = st.one_of(_WORDS, _WORDS.map(str.capitalize), _WORDS.map(str.upper),
                      _WORDS.map(str.lower), _WORDS.map(str.swapcase))
_LONG = st.lists(_ANY_CASE, min_size=8, max_size=14).map(" ".join)  # past fold's cache (40 letters)


# --- plain versions of the callers, as they were before ``folded_lower``

def _plain_folded(word):
    w = fold(word).lower()
    return normalise._POSSESSIVE.sub("", w) if "'" in w else w


def _plain_word_stems(word):
    low = fold(word).lower()
    w = _plain_folded(word)
    cut = cuts(w)
    return low, normalise._candidates_of(w, cut), normalise._canonical_of(w, cut)


@settings(max_examples=300)
@given(_ANY_CASE)
@example("John's")
@example("Ер’s")
@example("Нұрсұлуға")
def test_stems_from_the_remembered_fold_are_the_plain_ones(word):
    assert normalise._folded(word) == _plain_folded(word)
    assert normalise.word_stems(word) == _plain_word_stems(word)
    assert candidates(word) == _plain_word_stems(word)[1]
    assert kk_crf._word_attribute(word) == "w=" + fold(word).lower()


def _plain_org_head(word):
    low = fold(word).lower()
    return low in kk.ORG_HEAD_WORDS or low.startswith(kk.ORG_HEAD_PREFIXES)


def _plain_ru_short_name(word):
    low = fold(word).lower()
    if low in kk.ru_short_names():
        return True
    m = kk._AFTER_VOWEL.search(low)
    return m is not None and low[:m.start()] in kk.ru_short_names()


def _plain_flower_name(word):
    low = fold(word).lower()
    if not low.startswith("гул") or low.startswith(kk._FLOWER_WORDS):
        return False
    return any(s.startswith("гул") and len(s) >= 6 for s in candidates(word))


@settings(max_examples=300)
@given(_ANY_CASE)
@example("Министрлігінің")
@example("Лёшамен")
@example("Ваняға")
@example("Гүлнар")
@example("гүлдер")
@example("Ереке")
@example("Сенің")
def test_kazakh_word_tests_answer_as_their_plain_versions(word):
    assert kk.org_head(word) == _plain_org_head(word)
    assert kk.ru_short_name(word) == _plain_ru_short_name(word)
    assert kk._flower_name(word) == _plain_flower_name(word)
    assert kk_crf._trigger(word) == _plain_trigger(word)


def _plain_possessed_trade(word):
    low = fold(word).lower()
    m = kk._POSSESSIVE.search(low)
    if m is None or m.start() < 3:
        return False
    stem = low[:m.start()]
    if stem in kk._TRADE_STEMS or low[:m.start() + 1] in kk._TRADE_STEMS \
            or stem + "ы" in kk._TRADE_STEMS or stem + "и" in kk._TRADE_STEMS:
        return True
    agent = kk._AGENT_POSSESSED.match(word.lower())
    return agent is not None and kk.role_word(agent.group(1))


def _plain_affectionate(word):
    low = fold(word).lower()
    if not word[:1].isupper() or low.startswith(kk._AFFECTIONATE_WORDS) or low in kk.first_names():
        return False
    lower = word.lower()
    if not any(low[k - 1] not in "аеиоуыэюяё" and lower[k:] in kk._AFFECTIONATE_ENDS and any(
            n.startswith(low[:k]) and len(n) > k + 1 for n in kk.first_names() if n.startswith(low[:2]))
            for k in range(2, min(6, len(lower) - 1))):
        return False
    common = kk.common_words()
    return not any(lower[:j] in common or lower[:j] in kk.NEVER_NAMES for j in range(4, len(lower) + 1))


@settings(max_examples=300)
@given(_ANY_CASE)
@example("мұғаліміміз")
@example("Директорымыз")
@example("оқушымыз")
@example("Ерекеңмен")
@example("Нұрекең")
def test_possessives_and_short_forms_answer_as_their_plain_versions(word):
    assert kk.possessed_trade(word) == _plain_possessed_trade(word)
    assert kk.affectionate(word) == _plain_affectionate(word)


def test_plain_examples():
    assert folded_lower("ҚАЗАҚСТАН") == "казакстан"
    assert kk.org_head("Министрлігінің")
    assert kk.ru_short_name("Лёшамен")
    assert kk.possessed_trade("мұғаліміміз")
    assert kk_crf._word_attribute("Әкімдігі") == "w=акимдиги"
