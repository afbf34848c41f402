"""The quick tests in front of the Kazakh word tests change no answer: each
function answers as its plain version (the pattern asked of every word) on
words made of Kazakh stems, endings and odd letters.

All words are made up for these tests from pieces of the lexicons' shapes.
"""
import re

from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk, kk_context, kk_rules
from app.anonymise.normalise import candidates, canonical, cuts, fold

_PIECES = [
    "Ер", "ер", "Бек", "Нұр", "Асқар", "Ваня", "Лёша", "Наташа", "мұғалім", "дәрігер", "директор",
    "оқу", "көр", "жүргізу", "ш", "шы", "ші", "кер", "гер", "ер", "ім", "ым", "іміз", "ымыз",
    "мыз", "ңыз", "сы", "сі", "м", "н", "ы", "і", "и", "з", "еке", "екең", "аке", "акең", "кең",
    "ең", "аң", "ге", "ке", "ға", "мен", "нің", "ның", "дан", "ден", "на", "не", "ны", "ни", "да",
    "ұлы", "қызы", "ович", "овна", "ов", "ова", "ин", "бай", "министрлі", "әкімдіг", "қоры",
    "ауданы", "облысы", "Алмат", "ы", "\n", "-", "’", "А", "Ә", "İ", "Σ", "x",
]
_WORDS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join)


def _plain_ru_short_name(word):
    low = fold(word).lower()
    names_ = kk.ru_short_names()
    if low in names_:
        return True
    m = kk._AFTER_VOWEL.search(low)
    return m is not None and low[:m.start()] in names_


def _plain_role_word(word):
    low = word.lower()
    if low in kk._ROLE_WORDS:
        return True
    f = fold(low)
    return len(f) > 3 and kk._ROLE.search(f) is not None and f not in kk.first_names() \
        and kk.word_cue(word) != "F"


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
    return agent is not None and _plain_role_word(agent.group(1))


_AFFECTIONATE = re.compile(
    r"(?:[еа]кең|[еа]ке|кең|ең|аң)"
    r"(?:ге|ке|ні|ді|ты|ті|нің|дің|мен|бен|пен|нен|ден|тен|де|те|ға|ды|ны|ның|дың|е|а)?")


def _plain_affectionate(word):
    low = fold(word).lower()
    if not word[:1].isupper() or low.startswith(kk._AFFECTIONATE_WORDS) or low in kk.first_names():
        return False
    lower = word.lower()
    if not any(low[k - 1] not in "аеиоуыэюяё" and _AFFECTIONATE.fullmatch(lower, k) and any(
            n.startswith(low[:k]) and len(n) > k + 1 for n in kk._first_prefixes(low[:2]))
            for k in range(2, min(6, len(lower) - 1))):
        return False
    common = kk.common_words()
    return not any(lower[:j] in common or lower[:j] in kk.NEVER_NAMES for j in range(4, len(lower) + 1))


def _plain_word_cue(word):
    stems = candidates(word)
    low = fold(word).lower()
    if low in kk.ORG_HEAD_WORDS and word.islower():
        return "O"
    if kk._place(word):
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


def _plain_org_head(word):
    low = fold(word).lower()
    return low in kk.ORG_HEAD_WORDS or low.startswith(kk.ORG_HEAD_PREFIXES)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_WORDS, _WORDS.map(str.capitalize)))
@example("Ваняға")
@example("Наташаның\n")
@example("Ереке")
@example("Бекеңмен")
@example("оқушымыз")
@example("мұғаліміміз")
@example("жүргізушісі")
@example("Министрлігі")
@example("Асқарұлы")
def test_each_word_test_answers_as_its_plain_version(word):
    assert kk.ru_short_name.__wrapped__(word) == _plain_ru_short_name(word)
    assert kk.role_word.__wrapped__(word) == _plain_role_word(word)
    assert kk.possessed_trade.__wrapped__(word) == _plain_possessed_trade(word)
    assert kk.affectionate.__wrapped__(word) == _plain_affectionate(word)
    assert kk.word_cue.__wrapped__(word) == _plain_word_cue(word)
    assert kk.org_head.__wrapped__(word) == _plain_org_head(word)
    assert kk.ordinary(word) == kk.ordinary.__wrapped__(word)


_AFFECTIONATE_PIECES = ["е", "а", "к", "ке", "кең", "ең", "аң", "ге", "ні", "ді", "ты", "ті", "нің",
                        "дің", "мен", "бен", "пен", "нен", "ден", "тен", "де", "те", "ға", "ды",
                        "ны", "ның", "дың", "ң", "ы"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_AFFECTIONATE_PIECES), max_size=4).map("".join))
@example("екеңнің")
@example("аңа")
def test_the_affectionate_endings_are_the_patterns_words(end):
    assert (end in kk._AFFECTIONATE_ENDS) == (_AFFECTIONATE.fullmatch(end) is not None)


def _plain_framed_person(text, start, end):
    word = text[start:end]
    if not word[:1].isupper() or word.isupper() or " " in word or "-" in word \
            or kk_rules.sentence_start(text, start):
        return False
    low = word.lower()
    found = next(((c, m) for c, rx in kk_rules._FRAME_CASE for m in [rx.search(low)] if m), None)
    if found is None:
        return False
    case, m = found
    bare = word[:m.start()]
    if not kk_rules._nominative_may_name(bare):
        return False
    pos, verbs = end, kk_rules._FRAME_VERBS[case]
    for _ in range(3):
        m = kk_rules._CLAUSE_WORDS.match(text, pos)
        if m is None:
            return False
        nxt = m.group(1)
        if nxt.startswith(verbs) or case == "acc" and f"{nxt} {kk_rules._next_word(text, m.end())}" \
                .startswith(verbs):
            return True
        pos = m.end()
    return False


@settings(max_examples=1000, deadline=None)
@given(_WORDS.map(str.capitalize), st.sampled_from(
    [" хабарластым", " бірге", " сұрадым", " қарсы алдық", " келді", "\n", ""]))
@example("Асқарға", " хабарластым")
@example("Асқарға\n", " хабарластым")
def test_framed_person_as_without_its_quick_test(word, after):
    text = "Кеше " + word + after
    for end in (5 + len(word), len(text)):
        assert kk_rules.framed_person(text, 5, end) == _plain_framed_person(text, 5, end)


def _plain_surname_with_ending(word):
    if kk.ordinary(word) or kk.nationality(word):
        return ""
    low = fold(word).lower()
    m = kk_context._PREDICATE.fullmatch(low)
    family = None if m else kk_context._FAMILY.fullmatch(low)
    stem = (m.group(1) or m.group(2)) if m else family.group(1) if family else None
    if not stem or stem in kk.common_words() or kk.everyday_noun(stem):
        return ""
    return "surname" if m or stem.endswith(("ов", "ев", "ова", "ева")) else "family"


_SURNAME_PIECES = ["Бисенов", "Сейіт", "Машин", "Керімсал", "Ахмет", "ов", "ев", "ова", "ева", "ин",
                   "ина", "ын", "ына", "пін", "мын", "бын", "сыз", "сың", "сіңдер", "сыздар",
                   "тер", "тар", "дер", "лар", "дың", "ге", "ды", "ден", "мен", "ы", "-", "\n", "ё"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_SURNAME_PIECES), min_size=1, max_size=4).map("".join))
@example("Бисеновпін")
@example("Бисеновтер")
@example("Машиналар")
@example("Керімсалсыңдар")
def test_surname_endings_as_without_their_quick_tests(word):
    assert kk_context._surname_with_ending.__wrapped__(word) == _plain_surname_with_ending(word)


_JOIN_PIECES = ["Асқар", "Бақыт", "мен", "пен", "бен", "және", " ", " ", "\t", "\n", "-", "5", "_", "«",
                "ақ", "Жан-Ерлан"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_JOIN_PIECES), max_size=12).map("".join))
@example("Асқар мен ")
@example("Асқар мен \n")
@example("Асқар мен\n")
@example("Асқар пен\t \n")
def test_joined_person_asks_its_pattern_only_where_it_may_match(before):
    """Every window the pattern matches ends as ``_joined_at_end`` says."""
    for end in range(len(before) + 1):
        if kk_rules._JOINED_BEFORE.search(before, max(0, end - 40), end):
            assert kk_rules._joined_at_end(before[max(0, end - 40):end])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(sorted(kk_rules._FIGURE_WORDS) + ["Ақын", "ЖАЗУШЫ", "жақын", " ", "ақ",
                                                                  "ын", "ның"]),
                max_size=5).map("".join))
def test_a_text_says_figure_as_with_every_figure_word(text):
    low = text.lower()
    assert kk_rules._says_figure(text) == any(w in low for w in kk_rules._FIGURE_WORDS)
