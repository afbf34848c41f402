"""The shortcuts of the Kazakh rules change no answer.

``kk_rules.WordMemo`` answers what its test answers of each word, whatever
words came before (and past its limit); the finders that read their words
through one (organisation heads) find what they find with the
plain filter of every word of the text; ``refine`` reads the joined places
``find`` found on the same text and tokens as it would find them again.

All texts are made up for these tests from pieces of Kazakh names, endings,
head words and odd characters.
"""
from hypothesis import example, given, settings, strategies as st

from app.anonymise import kk_context as C, kk_rules as R
from app.anonymise.normalise import candidates, fold
from app.anonymise.spans import CONTACT, ORGANISATION, PERSON, PLACE, Span
from app.anonymise.tokens import tokenize

_WORD_PIECES = ["Ер", "ер", "Бек", "Нұр", "Асқар", "ата", "апай", "аға", "ағай", "ағайын", "ақсақал",
                "ханым", "мырза", "әже", "ымыз", "ға", "ның", "мен", "ЖШС", "АҚ", "-нің", "министрлігі",
                "қоры", "клубы", "университеті", "әкімдігі", "ауылдарына", "қалаларында", "Ақ",
                "жар", "А", "Ә", "İ", "Σ", "x", "1", "-", "’"]
_WORDS = st.lists(st.sampled_from(_WORD_PIECES), min_size=1, max_size=4).map("".join)
_GAPS = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "\n", " — ", " «", "» ", " мен ", " және "])


@st.composite
def _texts(draw):
    words = draw(st.lists(st.one_of(_WORDS, _WORDS.map(str.capitalize), _WORDS.map(str.upper)),
                          min_size=1, max_size=12))
    gaps = draw(st.lists(_GAPS, min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps))


class _Plain:
    """A memo's plain version: the test asked of every word, every time."""

    def __init__(self, test):
        self.test = test

    def among(self, words):
        return {w for w in words if self.test(w)}


# --- WordMemo

def _test(word):
    return len(word) % 3 == 0 or word[:1].isupper()


_OPENINGS = frozenset(["Ер", "ер", "Бе", "ат", "ап"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.frozensets(_WORDS | _WORDS.map(str.capitalize), max_size=12), max_size=8),
       st.integers(min_value=0, max_value=20), st.booleans())
def test_a_memo_answers_as_its_test_whatever_came_before(texts, limit, opened):
    def test(word):
        return _test(word) and (not opened or word[:2] in _OPENINGS)

    memo = R.WordMemo(test, limit=limit, openings=_OPENINGS if opened else None)
    for words in texts:
        assert memo.among(words) == {w for w in words if test(w)}
        assert memo.among(words) == {w for w in words if test(w)}  # (asked again: remembered)


def test_a_memo_forgets():
    memo = R.WordMemo(_test)
    memo.among(frozenset({"Асқар", "ақ"}))
    assert len(memo) == 2
    memo.forget()
    assert len(memo) == 0
    assert memo.among(frozenset({"Асқар", "ақ"})) == {"Асқар"}


# --- the finders through their memos

def _find_plain(text, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(R, "_ORG_ENDS", _Plain(lambda w: w[:2] in R._ORG_END_OPENINGS and R._org_head_form(w)))
        return R.find(text, tokenize(text))


@settings(max_examples=400, deadline=None)
@given(_texts())
@example("«Дала Құрылыс» ЖШС-нің директоры Асқар ағайға хат жазды.")
@example("Оразбай ақсақал мен Күләш апай Шу ауданының әкімдігіне барды.")
@example("Ақ ағайын келді. Ауыл шаруашылығы министрлігінің Бек ата")
def test_find_as_with_every_word_asked(text):
    import pytest
    with pytest.MonkeyPatch.context() as monkeypatch:
        plain = _find_plain(text, monkeypatch)
    assert R.find(text, tokenize(text)) == plain


# --- refine: the joined places of the text find saw

@settings(max_examples=300, deadline=None)
@given(_texts(), _texts())
@example("Көктерек пен Жаңатілек ауылдарына бардық. Асқар келді.", "Бек ата")
def test_refine_reads_the_joined_places_as_found_again(text, other):
    tokens = tokenize(text)
    spans = [Span(t.start, t.end, cat, "rules:person", text=t.text)
             for t, cat in zip(tokens, [PERSON, PLACE] * len(tokens)) if t.text[:1].isupper()]
    fresh = R.refine(text, spans)  # its own tokens: found anew
    R.find(other, tokenize(other))  # another text's places remembered
    assert R.refine(text, spans, tokens) == fresh
    R.find(text, tokens)  # this text's, on these tokens
    assert R.refine(text, spans, tokens) == fresh
    assert R.refine(text, spans, tokenize(text)) == fresh  # other tokens of the same text


def test_the_joined_places_of_the_same_text_and_tokens_are_remembered():
    text = "Көктерек пен Жаңатілек ауылдарына бардық."
    tokens = tokenize(text)
    first = R._joined_places(text, tokens)
    assert [s.text for s in first] == ["Жаңатілек", "Көктерек"]
    assert R._joined_places(text, tokens) == first
    assert R._joined_places(text + " ", tokenize(text + " ")) == first
    assert R._joined_places("Бардық.", tokenize("Бардық.")) == []


# --- quick tests in front of the lexicon's word tests

def test_no_other_letter_folds_and_lowers_to_a_possessives_last():
    """What lets ``_POSSESSIVE_LAST`` ask a word's own last letter: a letter
    whose fold in lower case ends in a possessive ending's last letter is one
    of them (fold and lower read each letter alone)."""
    for code in range(0x110000):
        char = chr(code)
        if fold(char).lower()[-1:] in ("з", "м", "н", "ы", "и", "\n"):
            assert char in R._POSSESSIVE_LAST, hex(code)


_ROLE_PIECES = ["Мұғалім", "мұғалім", "директор", "Директор", "фермер", "шы", "ші", "кер", "гер", "кёр",
                "гёр", "ер", "ёр", "Ё", "ё", "сы", "ін", "ға", "мен", "Асқар", "Бек", "оқу", "жүргізу",
                "ымыз", "ім", "м", "İ", "Σ", "-", "\n", "ұстаз", "ы"]
_ROLE_WORDS = st.lists(st.sampled_from(_ROLE_PIECES), min_size=1, max_size=4).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_ROLE_WORDS, _ROLE_WORDS.map(str.capitalize), _ROLE_WORDS.map(str.upper)))
@example("Бапкёр")
@example("Директор")
@example("Шофёрі")
def test_every_role_word_is_role_shaped(word):
    if R.kk.role_word(word):
        assert R._role_shaped(word.lower())


def _plain_name_like_word(word):
    if len(word) < 2 or word.isupper():
        return False
    stems, low = candidates(word), word.lower()
    return stems.isdisjoint(R.LABEL_STEMS) and low not in R.FUNCTION_WORDS \
        and low not in R.TITLE_WORDS and not R.kk.role_word(word) \
        and stems.isdisjoint(R._TITLE_STEMS) and stems.isdisjoint(R._STATE_STEMS) \
        and low not in R._TRADES


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_ROLE_WORDS, _ROLE_WORDS.map(str.capitalize), _WORDS.map(str.capitalize)))
@example("Бапкёр")
@example("Мұғалім")
def test_name_like_word_as_with_every_role_asked(word):
    assert R._name_like_word(word) == _plain_name_like_word(word)


# --- finders over the capitalised words, each against its plain version

_NAME_PIECES = ["Асқар", "Нұрсұлу", "Бекзат", "Маржан", "Серікова", "Төлегенов", "Ерланұлы",
                "Алматы", "Қазақстан", "Рафаэль", "Надаль", "Жиынға", "Бұл", "Ол", "Мұғаліміміз",
                "Директорымыз", "інім", "Інім", "досы", "мұғаліміміз", "дәрігерім", "көршіміз",
                "апам", "ауданының", "әкімдігі", "Президенті", "Дәметкеннің", "інісі", "айтты",
                "Маржанмен", "ЖШС", "Ақ", "жар", "Ұлы", "Бақыт"]
_SEP = ["", " ", " ", " ", " ", "  ", ". ", ", ", "\n", " — ", " «", "» ", "1", "-"]


@st.composite
def _name_texts(draw):
    words = draw(st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=12))
    gaps = draw(st.lists(st.sampled_from(_SEP), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps))


def _plain_after_kin(text, tokens):
    spans = []
    for i in tokens.capitalised:
        if i == 0:
            continue
        k, kin, tok = i - 1, tokens[i - 1], tokens[i]
        if not R._name_like_word(tok.text) or kin.text not in R._KIN_FORMS \
                and not R.kk.possessed_trade(kin.text) \
                or not R.name_gap(text, kin, tok) \
                or R.name_cue(tok) in ("L", "G", "O") or tok.text.isupper():
            continue
        end = tok
        nxt = tokens[k + 2] if k + 2 < len(tokens) else None
        if nxt is not None and R.name_gap(text, tok, nxt) and R._name_like(nxt) \
                and R.name_cue(nxt) in ("S", "P"):
            end = nxt
        spans.append(R._span(text, tok.start, end.end, PERSON, "rules:person"))
    return spans


@settings(max_examples=600, deadline=None)
@given(st.one_of(_texts(), _name_texts()))
@example("Інім Асқар Серікова келді. Директорымыз Бекұлы")
@example("мұғаліміміз Асқар,  досы Алматы\nдоктор")
def test_after_kin_as_with_every_word_before_asked(text):
    tokens = tokenize(text)
    assert R._after_kin(text, tokens) == _plain_after_kin(text, tokens)


def _plain_people(text, tokens):
    spans, n, after = [], len(tokens), 0
    for i in tokens.capitalised:
        if i < after:
            continue
        tok = tokens[i]
        if not R._name_like_word(tok.text) or R.kk.ordinary(tok.text) and R.sentence_start(text, tok.start):
            continue
        cue = R.name_cue(tok)
        j = i
        while j + 1 < n and R.name_gap(text, tokens[j], tokens[j + 1]) \
                and R._name_like(tokens[j + 1]) and j - i < 2:
            nxt = R.name_cue(tokens[j + 1])
            if nxt in ("F", "P", "S") or R.name_cue(tokens[j]) == "F" and nxt in ("", "F"):
                j += 1
                continue
            break
        if j > i and R._names_run([R.name_cue(t) for t in tokens[i:j + 1]]):
            spans.append(R._span(text, tokens[i].start, tokens[j].end, PERSON, "rules:person"))
        elif j == i and R._pair(text, tokens, i):
            j = i + 1
            spans.append(R._span(text, tok.start, tokens[j].end, PERSON, "rules:person"))
        elif cue == "" and not R.sentence_start(text, tok.start) and R._genitive_name(tok.text) \
                and not R._lower_elsewhere(text, tok.text) and R._plain_start(text, tok):
            spans.append(R._span(text, tok.start, tok.end, PERSON, "rules:person"))
        elif (cue in ("F", "S", "P") or R.kk.name_shaped(tok.text)) and (
                not R.sentence_start(text, tok.start) or (
                cue == "F" or R.kk.name_shaped(tok.text) or cue == "P" and len(tok.text) > 6
                or R._RU_SURNAME.search(R.kk.canonical_stem(tok.text)))
                and not R._lower_elsewhere(text, tok.text) and R._plain_start(text, tok)):
            spans.append(R._span(text, tok.start, tok.end, PERSON, "rules:person"))
        after = j + 1
    return spans


@settings(max_examples=600, deadline=None)
@given(st.one_of(_texts(), _name_texts()))
@example("Кеше Рафаэль Надаль келді. Асқар Маржанмен, Жиынға Бекзат")
@example("Бұл Нұрсұлу Ерланұлы Төлегенов Алматы")
def test_people_as_with_every_pair_asked(text):
    tokens = tokenize(text)
    assert R._people(text, tokens) == _plain_people(text, tokens)


# --- refine's first steps, one span at a time

def _plain_first_steps(text, spans):
    spans = [t for t in (R._initials_off(text, s) for s in spans) if t is not None]
    spans = [R._with_compass(text, s) for s in spans if not R._common_noun(text, s)
             and not (s.category in (PERSON, PLACE) and R.kk.nationality(s.text))]
    spans = [t for s in spans for t in R._surname_not_place(text, s)]
    spans = [R._short_name_not_place(text, s) for s in spans]
    return [t for t in (R._contest_off(text, s) for s in spans) if t is not None]


_STEP_PIECES = ["Шығыс", "Қазақстан", "облысының", "Азия", "чемпионатына", "Бекежанов", "Лёша",
                "Ваняға", "Телефонмен", "Кітапхана", "Хатқа", "Т.", "Қ.", "Әбдікәрімова", "қазақ",
                "Қазақ", "Алматы", "ауданы", "Асқар", "ЖШС", "Арабтар", "кубогы", "Еуропа"]


@st.composite
def _texts_and_spans(draw):
    words = draw(st.lists(st.sampled_from(_STEP_PIECES), min_size=1, max_size=10))
    gaps = draw(st.lists(st.sampled_from([" ", " ", ". ", ", ", "\n", "  "]),
                         min_size=len(words), max_size=len(words)))
    text = "".join(w + g for w, g in zip(words, gaps))
    tokens = tokenize(text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, len(tokens) - 1))
        b = draw(st.integers(a, min(a + 2, len(tokens) - 1)))
        start, end = tokens[a].start, tokens[b].end
        if text[end:end + 1] == "." and draw(st.booleans()):
            end += 1  # initials closing a span ("Т. Қ.")
        category = draw(st.sampled_from([PERSON, PLACE, ORGANISATION, CONTACT]))
        source = draw(st.sampled_from(["ner:kk", "ner", "rules:person", "roster", "ner:natasha"]))
        spans.append(Span(start, end, category, source, text=text[start:end]))
    return text, spans


_CONTEST = "Бекежанов Азия чемпионатына қатысты."
_INITIALS = "Хатқа Т. Қ. Әбдікәрімова қол қойды."


@settings(max_examples=800, deadline=None)
@given(_texts_and_spans())
@example((_CONTEST, [Span(0, 14, PERSON, "ner:kk", text="Бекежанов Азия"),
                     Span(10, 14, PLACE, "ner:kk", text="Азия")]))
@example((_INITIALS, [Span(0, 11, ORGANISATION, "ner:kk", text="Хатқа Т. Қ."),
                      Span(0, 11, PLACE, "ner:kk", text="Хатқа Т. Қ.")]))
@example(("Кеше Шығыс Қазақстан облысында.", [Span(11, 20, PLACE, "ner:kk", text="Қазақстан")]))
def test_first_steps_as_the_plain_passes(text_and_spans):
    text, spans = text_and_spans
    assert [t for s in spans for t in R._first_steps(text, s)] == _plain_first_steps(text, spans)


# --- kk_context: the new people over places, the inflected mentions

def _plain_over_places(text, spans, strong, listed):
    def beaten(s):
        return s.category in (PLACE, ORGANISATION) and (any(
            p.start <= s.start and s.end <= p.end for p in strong)
            and not C.places.is_place(text[s.start:s.end])
            or any(p.start <= s.start and s.end <= p.end for p in listed))
    return [s for s in spans if not beaten(s)] + strong


@settings(max_examples=500, deadline=None)
@given(_texts_and_spans(), st.lists(st.integers(0, 5), max_size=3), st.lists(st.integers(0, 5), max_size=2))
@example(("Асқар Алматы", [Span(6, 12, PLACE, "ner:kk", text="Алматы")]), [], [0])
def test_over_places_as_the_plain_version(text_and_spans, strong_at, listed_at):
    text, spans = text_and_spans
    people = [Span(s.start, s.end, PERSON, "rules:person", text=s.text) for s in spans]
    strong = [people[i] for i in strong_at if i < len(people)]
    listed = [people[i] for i in listed_at if i < len(people)]
    assert C._over_places(text, spans, strong, listed) == _plain_over_places(text, spans, strong, listed)


def _plain_inflected_mentions(text, tokens, spans):
    people = [s for s in spans if s.category == PERSON and s.end - s.start >= 4
              and text[s.start].isupper() and " " not in text[s.start:s.end]]
    if not people:
        return []
    taken = [s for s in spans if s.category in (PLACE, ORGANISATION)]
    bases = {text[s.start:s.end].lower() for s in people
             if not text[s.start:s.end].isascii() and C._may_name(text[s.start:s.end])
             and not any(t.start < s.end and s.start < t.end for t in taken)}
    heads = {b[:4] for b in bases}
    out = []
    for tok in (tokens[i] for i in tokens.capitalised):
        low = tok.text.lower()
        if low[:4] not in heads:
            continue
        for cut in range(4, len(low) + 1):
            if low[:cut] in bases and C._ENDING.fullmatch(low[cut:]):
                if cut < len(low) or not C.kk.written_lower(text, tok.text, whole=True) \
                        and not C._at_sentence_start(text, tok.start):
                    out.append(C._person(text, tok.start, tok.end))
                break
    return out


_MENTION_PIECES = ["Керімсал", "Керімсалға", "Керімсалдың", "керімсал", "Айбарша", "Айбаршаның",
                   "АЙБАРШАМЕН", "Алматы", "Алматыға", "İİİİна", "келді", "Керімсалмен"]


@st.composite
def _mention_texts_and_spans(draw):
    words = draw(st.lists(st.sampled_from(_MENTION_PIECES), min_size=1, max_size=8))
    gaps = draw(st.lists(st.sampled_from([" ", ". ", ", ", "\n"]), min_size=len(words), max_size=len(words)))
    text = "".join(w + g for w, g in zip(words, gaps))
    tokens = tokenize(text)
    spans = [Span(t.start, t.end, draw(st.sampled_from([PERSON, PERSON, PLACE, ORGANISATION])), "ner:kk",
                  text=t.text) for t in tokens if draw(st.booleans())]
    return text, tokens, spans


@settings(max_examples=500, deadline=None)
@given(_mention_texts_and_spans())
@example(("Керімсал келді. Керімсалға айтты.", tokenize("Керімсал келді. Керімсалға айтты."),
          [Span(0, 8, PERSON, "ner:kk", text="Керімсал")]))
def test_inflected_mentions_as_the_plain_version(case):
    text, tokens, spans = case
    assert C._inflected_mentions(text, tokens, spans) == _plain_inflected_mentions(text, tokens, spans)
