"""The Kazakh context finders' quick scans find what a plain scan of the
whole text finds: the kin words of a list (``_kin_plurals``) and the
patterns read only on the lines that hold their keys (``_in_lines``).

Texts are made of pieces of the patterns, fictional names and separators.
"""
import re

from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk_context as C

_PIECES = [
    "Балалары", "балалары", "ұлдары", "Қыздарым", "немерелері", "інілері", "ағалары", "апалары",
    "бауырлары", "шәкірттері", "жиендері", "Балалар", "балаларыңыз", "р", "ры", "рі", "ы",
    "Бақыт", "Әсел", "Нұрлан", "Жан-Ерлан", "Асқар", "және", "мен", "бен", "атын", "есімін",
    "деп", "қойды", "есімді", "есімдi", "атты", "қыз", "жігіт", "Қарағым", "айналайын",
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
]


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_patterns_read_by_lines_match_as_on_the_whole_text(text):
    for pattern, keys in _LINE_PATTERNS:
        assert _spans(C._in_lines(pattern, text, keys)) == _spans(pattern.finditer(text))


def test_every_word_of_a_pattern_holds_a_key():
    """The keys of a pattern read by lines are in each of its words, as written."""
    address = C._ADDRESS_BEFORE.pattern.split("(?:,)")[0]
    for words, keys in [(C._KIN_AFTER_WORDS, C._KIN_AFTER_KEYS), (address, C._ADDRESS_KEYS)]:
        for word in re.findall(r"[^\W\d_]{3,}", words):
            assert any(k in word for k in keys), word
