"""The faster first sight of a word in the Kazakh CRF's word facts changes no
answer: each fast version answers as a copy of its plain (old) version on
words built from Kazakh, Russian and Latin pieces, head words, endings, case
changes, hyphens, digits, punctuation and line breaks.

All words are made up for these tests from pieces of the lexicons' shapes.
"""
from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk, kk_crf
from app.anonymise.normalise import candidates, canonical, cuts, fold, word_stems

_PIECES = [
    "Ер", "ер", "Бек", "Нұр", "Асқар", "Алмат", "Алматы", "Шалқар", "Ваня", "Наташа", "Айгерим",
    "министрлі", "министрлігі", "әкімдіг", "комитет", "қоры", "қорын", "Қоры", "мектеб", "колледж",
    "нөмір", "учаске", "бөлімше", "Нөмір", "ауданы", "облысы", "ауыл", "көшесі", "ұлы", "қызы",
    "ович", "овна", "ов", "ова", "ин", "бай", "бек", "жан", "сұлу", "кітап", "мұғалім", "жаңа",
    "ы", "і", "ға", "ге", "мен", "нің", "ның", "дан", "да", "нда", "ында", "дағы", "сы", "мыз",
    "а", "е", "о", "ь", "ё", "Ё", "ә", "Ә", "ө", "Ө", "İ", "Σ", "x", "John", "'s", "’", "'", "-",
    "\n", "2024", "7", "_", ".", "«", "МИ", "мИ", "Ко", "қО",
]
_WORDS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join)
_ANY_CASE = st.one_of(_WORDS, _WORDS.map(str.capitalize), _WORDS.map(str.upper),
                      _WORDS.map(str.lower), _WORDS.map(str.swapcase))


# --- plain versions, as they were before the shortcuts

def _plain_trigger(word):
    if word[0].isupper():
        if kk.ordinary(word) and fold(word).lower() not in kk.first_names():
            return kk_crf._ORDINARY_CAPITAL
        return 1
    return int(len(word) >= 5 and (kk.org_head(word) or word.lower().startswith(kk_crf._NUMBERED)))


def _plain_place(word):
    stem = canonical(word)
    return len(stem) > 3 and stem in kk._places() or kk.places.is_place(word)


def _plain_word_cue(word):
    stems = candidates(word)
    low = fold(word).lower()
    if low in kk.ORG_HEAD_WORDS and word.islower():
        return "O"
    if _plain_place(word):
        return "L"
    first = kk.first_names()
    if low in first or not stems.isdisjoint(first) or not first.isdisjoint(cuts(low)):
        return "F"
    if kk._patronymic(low, stems):
        return "P"
    if low in kk.ORG_HEAD_WORDS or low.startswith(kk.ORG_HEAD_PREFIXES):
        return "O"
    if not stems.isdisjoint(kk.PLACE_HEAD_STEMS):
        return "G"
    if word[:1].isupper() and (canonical(word) in kk.surnames() or not kk.ordinary(word) and any(
            len(s) > 4 and word.lower()[:len(s)].endswith(kk._SURNAME_ENDS) for s in stems)):
        return "S"
    return ""


def _plain_word_parts(word):
    """The parts as the loop over the attributes made them, from the lists by
    prefix (``_KNOWN``)."""
    own = kk_crf._word_features(word)
    known = kk_crf._KNOWN
    encoded = [(p, a) for p in ("", "-2", "-1", "1", "2") for a in own]
    mine = tuple(known[""][a] for a in own if a in known[""])
    before = tuple(known["-1"][a] for a in own if a[0] in "wscx" and a in known["-1"])
    after = tuple(known["1"][a] for a in own if a[0] in "wscx" and a in known["1"])
    assert encoded  # (every attribute asked under every prefix)
    two_before = (known["-2"][own[0]],) if own[0] in known["-2"] else ()
    two_after = (known["2"][own[0]],) if own[0] in known["2"] else ()
    return mine, two_before, before, after, two_after


# --- the fast versions against them

@settings(max_examples=2000, deadline=None)
@given(_ANY_CASE)
@example("министрлігінің")
@example("мИнистрлігі")
@example("қорының")
@example("нөмірі")
@example("Нөмірі")
@example("учаскесі")
@example("бөлімшесі")
@example("колледжі")
@example("İстанбул")
def test_trigger_answers_as_its_plain_version(word):
    assert kk_crf._trigger.__wrapped__(word) == _plain_trigger(word)


@settings(max_examples=2000, deadline=None)
@given(_ANY_CASE)
@example("Алматыда")
@example("Нұрсұлу")
@example("Асқарұлы")
@example("Бекова")
@example("John's")
@example("Ер's")
@example("ер's\n")
@example("ауданы")
@example("қоры")
def test_word_cue_answers_as_its_plain_version(word):
    assert kk.word_cue.__wrapped__(word) == _plain_word_cue(word)
    assert kk._place(word) == _plain_place(word)


@settings(max_examples=2000, deadline=None)
@given(_ANY_CASE)
@example("John's")
@example("Ер’s")
@example("ер's\n")
@example("Ыа")
def test_word_stems_are_the_fold_the_candidates_and_the_canonical_stem(word):
    assert word_stems(word) == (fold(word).lower(), candidates.__wrapped__(word),
                                canonical.__wrapped__(word))


@settings(max_examples=1000, deadline=None)
@given(_ANY_CASE)
@example("Нұрсұлу")
@example("ауылында")
@example("2024")
@example("+")
@example("Ақжайық-Тоқыма")
def test_word_parts_as_the_attribute_loop_made_them(word):
    kk_crf.tagger()
    assert kk_crf._KNOWN  # the model's attribute list is there
    assert kk_crf._word_parts.__wrapped__(word) == _plain_word_parts(word)


def test_no_other_character_lowers_or_folds_to_a_trigger_opening():
    """What lets ``_TRIGGER_OPENINGS`` hold, for each opening, the spellings
    that fold to it and their capitals alone: every pair of characters whose
    fold in lower case is a head word's opening (``kk.org_head``), or whose
    lower case is a number word's, is among them, and no character lowers to
    more than one character, one of them a letter of an opening."""
    heads = {w[:2] for w in kk.ORG_HEAD_PREFIXES + tuple(kk.ORG_HEAD_WORDS)}
    numbers = {w[:2] for w in kk_crf._NUMBERED}
    letters = set("".join(heads | numbers))
    folds_to = {letter: set() for letter in letters}  # the characters whose fold in lower case is the letter
    lowers_to = {letter: set() for letter in letters}
    for code in range(0x110000):
        char = chr(code)
        for image, into in ((fold(char).lower(), folds_to), (char.lower(), lowers_to)):
            if image in into:
                into[image].add(char)
            elif not letters.isdisjoint(image):
                assert False, hex(code)
    for openings, into in ((heads, folds_to), (numbers, lowers_to)):
        for x, y in openings:
            for a in into[x]:
                for b in into[y]:
                    assert a + b in kk_crf._TRIGGER_OPENINGS, (a, b)
