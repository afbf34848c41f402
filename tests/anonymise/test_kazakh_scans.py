"""The Kazakh context finders' quick scans find what a plain scan of the
whole text finds: the kin words of a list (``_kin_plurals``) and the
patterns read only on the lines that hold their keys (``scan.lines_holding``).

Texts are made of pieces of the patterns, fictional names and separators.
"""
import re

from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk, kk_context as C, kk_rules as R
from app.anonymise.scan import lines_holding

_PIECES = [
    "Балалары", "балалары", "ұлдары", "Қыздарым", "немерелері", "інілері", "ағалары", "апалары",
    "бауырлары", "шәкірттері", "жиендері", "Балалар", "балаларыңыз", "р", "ры", "рі", "ы",
    "Бақыт", "Әсел", "Нұрлан", "Жан-Ерлан", "Асқар", "және", "мен", "бен", "атын", "есімін",
    "деп", "қойды", "қой", "Атын", "Сәлем", "сәлем", "Мен", "сіз", "Бақытпын", "Асқармын", "есімді", "есімдi", "атты", "қыз", "жігіт", "Қарағым", "айналайын",
    "балам", "Жаным", "қымбаттым", "құда", "құдағи", "келіншек", "апатай", "ағатай", "досым",
    "жеңген", "інім", "Нөмірім", "телефоны", "өмірі", "сегіз", "жеті", "бір", "5", "12",
    " Бақыт, Әсел", " Нұрлан және Асқар", ", Жан-Ерлан", " ", " ", " ", "\t", "\n", ",", ", ", ".", "-", "«", "»", "\"", "!", "?", "а", "Ә", "_",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _plain_kin_plurals(text):
    """The scan ``_kin_plurals`` stands for: every match, those opening a word kept."""
    return [m for m in C._KIN_PLURAL.finditer(text)
            if m.start() == 0 or not text[m.start() - 1].isalpha()]


def _spans(matches):
    return [(m.span(), m.groups()) for m in matches]


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("Немерелері Бақыт, Әсел және Нұрлан келді. 5ұлдары Асқар мен Әсел,\tбалаларыңыз Бақыт, Әсел")
@example("Балалары\tЖан-Ерлан, Бақыт; ағаларым Асқар, Нұрлан; Қызбалалары Әсел, Бақыт")
def test_kin_plurals_before_a_list_are_the_plain_scans(text):
    quick = {m.span() for m in C._kin_plurals(text)}
    for m in _plain_kin_plurals(text):
        listed = C._LIST.match(text, m.end())
        if listed and len(re.findall(C._NAME, listed.group(1))) > 1:
            assert m.span() in quick  # every match that may start a list
    assert quick <= {m.span() for m in _plain_kin_plurals(text)}


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("Немерелері Бақыт, Әсел және Нұрлан келді. 5ұлдары Асқар мен Әсел,\tбалаларыңыз Бақыт, Әсел")
@example("Балалары\tЖан-Ерлан, Бақыт; ағаларым Асқар, Нұрлан; Қызбалалары Әсел, Бақыт")
def test_kin_lists_as_with_the_plain_scan(text):
    plain = []
    for m in _plain_kin_plurals(text):
        listed = C._LIST.match(text, m.end())
        names = list(re.finditer(C._NAME, listed.group(1))) if listed else ()
        if len(names) > 1:
            plain += [(listed.start(1) + n.start(), listed.start(1) + n.end())
                      for n in names if not C.kk.ordinary(n.group())]
    assert [(s.start, s.end) for s in C._kin_lists(text)] == plain


_LINE_PATTERNS = [
    (C._NAMING, ("атын", "есімін")),
    (C._NAMED_AS, ("есімд", "атты")),
    (C._ADDRESS_BEFORE, C._ADDRESS_KEYS),
    (C._KIN_AFTER_AT, C._KIN_AFTER_KEYS),
    (C._PHONE_CUE, ("өмір", "елефон")),
    (C._NAME_LIST, C._NAME_LIST_KEY),
    (C._PHONE_THEN_NAME, ("(",)),
]


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_patterns_read_by_lines_match_as_on_the_whole_text(text):
    for pattern, keys in _LINE_PATTERNS:
        assert _spans(lines_holding(pattern, text, keys)) == _spans(pattern.finditer(text))


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("Айбарша, 8 701 555 12 34; 8 701 555 12 34 (Әсел), Бақыт, +7 (701) 555-12-34")
@example("Айбарша, 8 7 0 1 5 5 5 1 2 3 4")
def test_names_beside_phones_as_without_the_quick_test(text):
    plain = [m for m in C._NAME_THEN_PHONE.finditer(text) if not C._letter_before(text, m.start())]
    plain += [m for m in C._PHONE_THEN_NAME.finditer(text)
              if C._PHONE_END.search(text, max(0, m.start() - 20), m.start() + 1)]
    plain = [m.span(1) for m in plain if not m.group(1).isupper() and not m.group(1).isascii()
             and C._may_name(m.group(1))] if re.search(r"\d{3}", text) else []  # (as it was)
    assert [(s.start, s.end) for s in C._beside_phones(text)] == plain


def test_no_name_beside_a_phone_without_three_digits_running():
    assert C._beside_phones("Айбарша, 8 7 0 1 5 5 5 1 2 3 4 (Әсел)") == []


def _plain_framed(text):
    """``_framed`` as it was: each pattern over the whole text, after a test
    of the text."""
    out = []
    patterns = [C._NAMING] if "атын" in text or "есімін" in text else []
    if "Сәлем" in text or "Армы" in text or "Қайырлы" in text:
        patterns.append(C._GREETED_BEFORE)
    if "есімді" in text or "атты" in text:
        patterns.append(C._NAMED_AS)
    if "ағым" in text or "айналайын" in text.lower() or "алам" in text or "аным" in text \
            or "ымбаттым" in text:
        patterns.append(C._ADDRESS_BEFORE)
    for pattern in patterns:
        out += [m.span(1) for m in pattern.finditer(text) if C._may_name(m.group(1))]
    if "сәлем" in text or "армысы" in text or "қалайсы" in text:
        for m in C._GREETING_AFTER.finditer(text):
            name = C._NAME_LAST.search(text, max(0, m.start() - 40), m.start())
            if name and C._at_sentence_start(text, name.start()) and C._may_name(name.group(1)):
                out.append(name.span(1))
    for m in C._I_AM.finditer(text):
        if text[m.start():m.start() + 3].lower() not in C._PRONOUNS or C._letter_before(text, m.start()):
            continue
        word = m.group(1)
        end = C._PREDICATE_END.search(word)
        stem = word[:end.start()] if end else ""
        if len(stem) >= 3 and not C._NOT_NAME_STEM.search(stem) and C._may_name(stem) \
                and C._may_name(word) and not C.kk.nationality(word):
            out.append(m.span(1))
    for m in C._KIN_AFTER_AT.finditer(text):
        name = C._NAME_BEFORE.search(text, max(0, m.start() - 50), m.start())
        if name and C._KIN_AFTER.fullmatch(m.group()) and not text[name.start() - 1:name.start()].isalpha() \
                and C._may_name(name.group(1)):
            out.append(name.span(1))
    return out


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("Қарағым Бақыт, АЙНАЛАЙЫН Әсел! Бақыт есімдi қыз. Атын Асқар деп қойды, атын Нұрлан қойды.")
@example("Бақыт есімдi қыз, Әсел атты қыз. Сәлем, Асқар! Асқар құда, Нұрлан досым келді.")
def test_framed_names_as_with_the_whole_text_read(text):
    assert [(s.start, s.end) for s in C._framed(text)] == _plain_framed(text)


def test_every_word_of_a_pattern_holds_a_key():
    """The keys of a pattern read by lines are in each of its words, as written."""
    address = C._ADDRESS_BEFORE.pattern.split("(?:,)")[0]
    for words, keys in [(C._KIN_AFTER_WORDS, C._KIN_AFTER_KEYS), (address, C._ADDRESS_KEYS)]:
        for word in re.findall(r"[^\W\d_]{3,}", words):
            assert any(k in word for k in keys), word


def test_no_other_letter_lowers_to_a_head_words_opening():
    """What lets ``_ORG_END_OPENINGS`` hold the two openings of a head word in
    either case alone: every character whose lower case holds one of their
    letters is that letter or its capital."""
    letters = set("".join(R._HEAD_OPENINGS))
    for code in range(0x110000):
        char = chr(code)
        low = char.lower()
        if not letters.isdisjoint(low):
            assert len(low) == 1 and char in (low, low.upper()), hex(code)


_HEAD_PIECES = sorted({w[:n] for w in list(R._MORE_HEADS) + list(kk.ORG_HEAD_PREFIXES)
                       for n in (2, 3, len(w))} | set(R._LEGAL_FORMS)) + [
    "ы", "ін", "ның", "-нің", "ға", "А", "Қ", "ә", "ё", "Ё", "İ", "Σ", "-", "министрлігі"]
_HEAD_LIKE = st.lists(st.sampled_from(_HEAD_PIECES), min_size=1, max_size=4).map("".join)


_KAZAKH_LETTERS = str.maketrans("агкноуихе", "әғқңөұіһё")  # (each folds back)


@settings(max_examples=800, deadline=None)
@given(st.one_of(_HEAD_LIKE, _HEAD_LIKE.map(str.capitalize), _HEAD_LIKE.map(str.upper),
                 _HEAD_LIKE.map(lambda w: w.translate(_KAZAKH_LETTERS))))
def test_every_head_word_begins_as_the_quick_test_says(word):
    if R._org_head_form(word):
        assert word[:2] in R._ORG_END_OPENINGS
