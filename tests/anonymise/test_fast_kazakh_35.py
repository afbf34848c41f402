"""The shortcuts of the Kazakh rules and context finders (round 35) change no
answer: each is checked against the plain test it stands for.

Texts are made up from pieces of the patterns, fictional names, digits of
several scripts and odd characters.
"""
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.anonymise import kk_context as C
from app.anonymise import kk_rules as R
from app.anonymise.scan import digit_runs
from app.anonymise.tokens import tokenize

from .test_fast_kazakh_rules import _plain_after_kin

# --- a telephone's digits, told from the runs of digits

_PHONE_PIECES = ["8", "7", "0", "12", "555", "٣", "١٢", "𝟘", " ", "  ", "\t", "(", ")", "-", "+",
                 "\n", ".", ",", "a", "ә", "_", "Айбарша", " (Әсел)"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PHONE_PIECES), max_size=30).map("".join))
@example("Айбарша, 8 701 555 12 34")
@example("8 7 0 1 5 5 5 1 2 3 4")
@example("12345678.90")
@example("1234567890")
@example("123456789")
@example("(70) 1-2\t3 (4) 5")
def test_phone_digits_from_the_runs_as_the_pattern(text):
    runs = digit_runs(text)
    assert C._phone_digits(text, runs) == (C._PHONE_DIGITS.search(text) is not None)
    assert any(end - start > 2 for start, end in runs) == (re.search(r"\d\d\d", text) is not None)


# --- the finders over capitalised words, each against its plain version

_NAME_PIECES = ["Асқар", "Нұрсұлу", "Бекзат", "Маржан", "Серікова", "Төлегенов", "Ерланұлы",
                "Алматы", "Жапониямен", "Шәрбанға", "Тұрсынтаймен", "Шәмшиядан", "Ақжарға",
                "Жиынға", "Бұл", "Ол", "Мұғаліміміз", "Директорымыз", "інім", "Інім", "досы",
                "мұғаліміміз", "дәрігерім", "көршіміз", "апам", "ақсақал", "апай", "ағайға",
                "ағайын", "ата", "әже", "ханым", "мырзаға", "аға", "оқытушы", "хабарластым",
                "сөйлестім", "сұрадым", "шақырдым", "қарсы", "алдық", "бірге", "ШӘРБАНҒА",
                "ШәрбанҒА", "Ақ-жарға", "Жақсы-", "ға", "Ә", "İ", "Σ"]
_SEPARATORS = ["", " ", " ", " ", " ", "  ", ". ", ", ", "\n", "-\n", " — ", " «", "» ", "1", "-"]


@st.composite
def _name_texts(draw):
    words = draw(st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=12))
    gaps = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps))


def _plain_talked_with(text, tokens):
    return [R._span(text, t.start, t.end, R.PERSON, "rules:person") for t in tokens
            if t.text[:1].isupper() and len(t.text) > 5 and R.framed_person(text, t.start, t.end)
            and R.unknown_named(text, t)]


class _PlainHonorifics:
    """The honorifics' memo as it was: every distinct word of the text asked."""

    @staticmethod
    def among(words):
        return [w for w in words if w[:2] in R._HONORIFIC_OPENINGS and R._HONORIFIC.fullmatch(w)]


@settings(max_examples=1000, deadline=None)
@given(_name_texts())
@example("Інім Асқар Төлегенов Шәрбанға хабарластым. Мұғаліміміз Маржан келді.")
@example("Асқар ағайға, Маржан апай, Бекзат ағайын, Нұрсұлу аға оқытушы")
@example("Біз Жапониямен сөйлестім, ШәрбанҒА хабарластым, Ақ-жарға хабарластым")
def test_finders_of_capitalised_words_as_their_plain_versions(text):
    tokens = tokenize(text)
    assert R._after_kin(text, tokens) == _plain_after_kin(text, tokens)
    assert R._talked_with(text, tokens) == _plain_talked_with(text, tokens)
    found = R._before_honorific(text, tokens)
    memo, R._HONORIFICS = R._HONORIFICS, _PlainHonorifics
    try:
        assert found == R._before_honorific(text, tokens)
    finally:
        R._HONORIFICS = memo


def test_a_word_lowered_into_a_frames_ending_ends_in_its_letters_or_their_capitals():
    """What lets ``_talked_with`` ask ``_FRAME_ENDINGS`` of a word's own last
    two letters: a character whose lower case holds one of the letters of
    ``_FRAME_LAST`` is that letter or its capital (lower case reads each
    character alone, but a final sigma, no such letter)."""
    letters = {ch for pair in R._FRAME_LAST for ch in pair}
    for code in range(0x110000):
        char = chr(code)
        if letters.intersection(char.lower()):
            assert char.lower() in letters and char in (char.lower(), char.lower().upper()), hex(code)
    for pair in R._FRAME_LAST:
        assert {pair, pair.upper(), pair.title()} <= R._FRAME_ENDINGS


# --- refine's text-wide tests in front of its per-span patterns

_DAY_PIECES = ["Отан", "қорғаушылар", "күні", "күнінде", "Күні", "КҮНІ", "мерекесі", "мерекесінде",
               "мейрамы", "Ұлы", "ұлы", "Ұлы-", "Жеңіс", "Асқар", "Ұстаздар", "бойы", "туған", "кү",
               "н", "мере", "кес", "мей", "рам", "Ұл", "ы"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_DAY_PIECES + [" ", " ", "\t", ". ", "\n", ",", "-"]),
                max_size=20).map("".join))
@example("Отан қорғаушылар күні")
@example("Ұлы Жеңіс мерекесінде Асқар")
def test_a_day_or_great_found_at_a_span_only_in_a_text_that_says_so(text):
    for pos in range(len(text) + 1):
        if R._DAY_AFTER.match(text, pos) or R._HOLIDAY_AFTER.match(text, pos):
            assert R._says_day(text)
        first = text[pos:].split(" ")[0]
        if R._great(text, pos, first):
            assert "Ұлы" in text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DAY_PIECES + ["Өзбекпін", "орыстар", "Қазақ", "қазақпыз"]),
                min_size=1, max_size=3).map(" ".join))
def test_nationality_remembered_as_asked_afresh(word):
    assert R.kk.nationality(word) == (R.kk._NATIONALITY.fullmatch(word.lower()) is not None)


def _plain_people(text, tokens):
    """``_people`` as it was: the run's and the genitive's tests in their first order."""
    spans, n, after = [], len(tokens), 0
    for i in tokens.capitalised:
        if i < after:
            continue
        tok = tokens[i]
        if not R._name_like_word(tok.text) or R.kk.ordinary(tok.text) and R.sentence_start(text, tok.start):
            continue
        cue = R.name_cue(tok)
        j, stopped = i, False
        while j + 1 < n and R.name_gap(text, tokens[j], tokens[j + 1]) \
                and R._name_like(tokens[j + 1]) and j - i < 2:
            nxt = R.name_cue(tokens[j + 1])
            if nxt in ("F", "P", "S") or R.name_cue(tokens[j]) == "F" and nxt in ("", "F"):
                j += 1
                continue
            stopped = True
            break
        if j > i and R._names_run([R.name_cue(t) for t in tokens[i:j + 1]]):
            spans.append(R._span(text, tokens[i].start, tokens[j].end, R.PERSON, "rules:person"))
        elif j == i and stopped and R._pair(text, tokens, i):
            j = i + 1
            spans.append(R._span(text, tok.start, tokens[j].end, R.PERSON, "rules:person"))
        elif cue == "" and not R.sentence_start(text, tok.start) and R._genitive_name(tok.text) \
                and not R._lower_elsewhere(text, tok.text) and R._plain_start(text, tok):
            spans.append(R._span(text, tok.start, tok.end, R.PERSON, "rules:person"))
        elif (cue in ("F", "S", "P") or R.kk.name_shaped(tok.text)) and (
                not R.sentence_start(text, tok.start) or (
                cue == "F" or R.kk.name_shaped(tok.text) or cue == "P" and len(tok.text) > 6
                or R._RU_SURNAME.search(R.kk.canonical_stem(tok.text)))
                and not R._lower_elsewhere(text, tok.text) and R._plain_start(text, tok)):
            spans.append(R._span(text, tok.start, tok.end, R.PERSON, "rules:person"))
        after = j + 1
    return spans


_PEOPLE_PIECES = _NAME_PIECES + ["Дәметкеннің", "Рафаэль", "Надаль", "Мишустиннің", "Нияздың",
                                 "айтуынша", "Серікжанның", "Ұлы", "Бақыт", "хатты", "Баланың"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PEOPLE_PIECES), min_size=1, max_size=12).flatmap(
    lambda words: st.lists(st.sampled_from(_SEPARATORS), min_size=len(words), max_size=len(words))
    .map(lambda gaps: "".join(w + g for w, g in zip(words, gaps)))))
@example("Асқар Төлегенов Ерланұлы келді. Рафаэль Надаль хатты Дәметкеннің інісі әкелді.")
@example("Нияздың айтуынша, Бақыт Серікова\nМишустиннің")
def test_people_as_with_the_tests_in_their_first_order(text):
    tokens = tokenize(text)
    assert R._people(text, tokens) == _plain_people(text, tokens)
