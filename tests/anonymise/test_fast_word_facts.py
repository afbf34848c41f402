"""The faster first sight of a word in the Kazakh CRF's word facts changes no
answer: each fast version answers as a copy of its plain (old) version on
words built from Kazakh, Russian and Latin pieces, head words, endings, case
changes, hyphens, digits, punctuation and line breaks.

All words are made up for these tests from pieces of the lexicons' shapes.
"""
import re

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


# --- the CRF's pass over a text: one pass over all its lines against the pass line by line

_SENT_END_CHAR = re.compile(r"[.!?…]")


def _plain_sentence_bounds(words, line=None):
    if line is not None and words and (
            _SENT_END_CHAR.search(line) is None
            or words[-1] in kk_crf._SENT_END and _SENT_END_CHAR.search(line, 0, len(line) - 1) is None):
        return [(0, len(words))]
    out, first = [], 0
    for k, w in enumerate(words):
        if w in kk_crf._SENT_END and k - first >= 3:
            out.append((first, k + 1))
            first = k + 1
    if first < len(words):
        out.append((first, len(words)))
    return out


def _plain_stretches(words):
    out = []
    n = len(words)
    triggers = [_plain_trigger(w) for w in words]
    if triggers and triggers[0] == kk_crf._ORDINARY_CAPITAL:
        triggers[0] = 0
    for i in range(n):
        if not triggers[i]:
            continue
        lo, hi = max(0, i - kk_crf.MARGIN), min(n, i + kk_crf.MARGIN + 1)
        if out and lo <= out[-1][1]:
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _plain_crf_spans(text, start=0, end=None):
    t = kk_crf.tagger()
    spans = []
    end = len(text) if end is None else end
    for line in re.compile(r"[^\n]+").finditer(text, start, end):
        every = kk_crf.TOKEN.findall(text, *line.span())
        found = None
        for a, b in _plain_sentence_bounds(every, line.group()):
            words = every[a:b]
            for lo, hi in _plain_stretches(words):
                labels = t.tag(kk_crf.features(words, lo, hi))
                if lo > 0 and labels[0] != "O" or hi < len(words) and labels[-1] != "O":
                    lo = 0 if labels[0] != "O" else lo
                    hi = len(words) if labels[-1] != "O" else hi
                    labels = t.tag(kk_crf.features(words, lo, hi))
                if labels.count("O") < len(labels):
                    if found is None:
                        found = [m.span() for m in kk_crf.TOKEN.finditer(text, *line.span())]
                    spans += kk_crf._decode(text, found[a + lo:a + hi], labels)
    return spans


_TEXT_PIECES = [
    "Нұрсұлу", "Бекмұратқызы", "Серікбол", "Жаманқұлов", "Алматыда", "Шалқар", "ауданының",
    "әкімдігі", "Мәдениет", "министрлігі", "«Ақжайық", "Тоқыма»", "ЖШС-нің", "қорының", "нөмірі",
    "учаскесі", "Кеше", "Оған", "ол", "жаңа", "кітапхана", "ашты", "келді", "мен", "және", "ата",
    "Айдана", "Сейітова", "ауылда", "Сондай-ақ", "Helen", "Marsh", "2024", "№14", "_", "x_y",
    "Ержан😀", "漢字", "٣٤", "Ǆ",  # (characters past ``tokens.only_known``'s: the other patterns)
    " ", " ", " ", " ", ".", ",", "!", "?", "…", "-", "—", ":", "\n", "\n", "\r\n", "\n\n", "  ",
]
_TEXTS = st.lists(st.sampled_from(_TEXT_PIECES), min_size=1, max_size=40).map(
    lambda pieces: "".join(p if p.isspace() or not i or pieces[i - 1].isspace() else " " + p
                           for i, p in enumerate(pieces)))


def _as_dicts(spans):
    return [s.to_dict() for s in spans]


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(0, 30), st.integers(0, 30))
@example("Кеше Нұрсұлу Бекмұратқызы келді. Оған Серікбол Жаманқұлов келді.\nМәдениет министрлігі ашты", 0, 0)
@example("Сондай-ақ Алматыда.\n\nШалқар ауданының әкімдігі! x_y Айдана Сейітова", 0, 0)
def test_crf_spans_as_line_by_line(text, cut_start, cut_end):
    assert _as_dicts(kk_crf.crf_spans(text)) == _as_dicts(_plain_crf_spans(text))
    start, end = min(cut_start, len(text)), max(0, len(text) - cut_end)
    if start <= end:
        assert _as_dicts(kk_crf.crf_spans(text, start, end)) == \
            _as_dicts(_plain_crf_spans(text, start, end))


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_sentences_as_line_by_line(text):
    every = kk_crf._TOKEN_OR_BREAK.findall(text)
    plain = []
    for line in re.compile(r"[^\n]+").finditer(text):
        words = kk_crf.TOKEN.findall(text, *line.span())
        first = len(kk_crf._TOKEN_OR_BREAK.findall(text, 0, line.start()))  # tokens and breaks before
        plain += [(first + a, first + b) for a, b in _plain_sentence_bounds(words, line.group())]
    assert kk_crf._sentences(every) == plain
    assert [w for w in every if w != "\n"] == kk_crf.TOKEN.findall(text)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
@example("Кеше Нұрсұлу келді. Оған Серікбол келді.\nМәдениет министрлігі ашты")
def test_stretches_of_each_sentence_as_line_by_line(text):
    every = kk_crf._TOKEN_OR_BREAK.findall(text)
    plain = [(a, b, _plain_stretches(every[a:b])) for a, b in kk_crf._sentences(every)]
    assert list(kk_crf._sentence_stretches(every)) == [(a, b, s) for a, b, s in plain if s]
    for a, b in kk_crf._sentences(every):
        assert kk_crf._stretches(every[a:b]) == _plain_stretches(every[a:b])


@settings(max_examples=1500, deadline=None)
@given(_ANY_CASE)
@example("министрлігінің")
@example("қорының")
@example("ко")
def test_org_head_by_the_prefixes_of_its_opening(word):
    """Each head prefix has two letters or more, so only those sharing the
    word's first two letters can begin it."""
    assert min(map(len, kk.ORG_HEAD_PREFIXES)) >= 2
    low = fold(word).lower()
    assert kk._org_head_folded(low) == (low in kk.ORG_HEAD_WORDS or low.startswith(kk.ORG_HEAD_PREFIXES))
    assert kk.org_head.__wrapped__(word) == kk._org_head_folded(low)
