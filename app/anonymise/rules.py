"""Rule-based person and place finder for text without a statistical model.

Looks at capitalised words: known first names, patronymics, surname shapes
(-ов, -ева, -ұлы, -enko ...), initials, titles before a name and Kazakh
kinship words after it, speaker labels, and place-kind words.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import compress

from . import kk, latin_first, names, places
from .cues import ARTICLE, cued_people
from .census import COMMON_WORDS, FUNCTION_WORDS, census_names, census_words
from .normalise import candidates, fold, folded_lower, unfolded
from .scan import lines_holding
from .translit import latin_key
from .spans import PERSON, PLACE, Span
from .tokens import (Token, as_tokens, has_initials, initials_before, name_gap, sentence_start,
                     tokenize, true_indices, words_of)
from .widen import place_after, widen_place

FIRST, PATR, SURN, LAST, CAP, OTHER = "F", "P", "S", "L", "C", "-"
_PATR = re.compile(r"(?:ович|евич|овна|евна|ична|инична|улы|кызы)(?:а|у|ем|ом|ой|е|ы|ою)?$"
                   r"|(?:ovich|evich|ovna|evna|ovych|uly|kyzy|qyzy)$")
_SURN_CYR = re.compile(r"(?:ов|ев|ский|цкий|ская|цкая|енко|баев|бекова?)$")
_SURN_LAT = re.compile(r"(?:ov|ova|ev|eva|yev|yeva|enko|uly|kyzy|bayev|bekov|bekova)$")
# The last letters of ``_SURN_LAT``'s endings, and the line break before which
# its "$" matches too: a word that ends in none of them has none of the endings.
_SURN_LAT_LAST = frozenset("vaoy\n")
# What every word that ``_PATR`` or ``_SURN_CYR`` finds in a stem holds.
_PATR_PART = re.compile(r"ович|евич|овна|евна|ична|улы|кызы|ovich|evich|ovna|evna|ovych|uly|kyzy"
                        r"|qyzy")
_SURN_CYR_PART = re.compile(r"ов|ев|ский|цкий|ская|цкая|енко")
# What every word that either finds holds ("ович", "евна" hold "ов", "ев"):
# one search for the many words that hold none.
_NAME_ENDING_PART = re.compile(r"ов|ев|ична|улы|кызы|ский|цкий|ская|цкая|енко"
                               r"|ovich|evich|ovna|evna|ovych|uly|kyzy|qyzy")
_APOSTROPHE = re.compile(r"['’]")
_SHOUTED = re.compile(r"[A-Z]{4,}(?:['’-][A-Z]+)?")
_SPEAKER = re.compile(r"^[ \t]*([^\W\d_][^\n:]{0,40}?):", re.M)


def _stems(words) -> frozenset[str]:
    return frozenset().union(*(candidates(w) for w in words))


FIRST_STEMS = _stems(names.EN_FIRST + names.WORLD_FIRST + names.RU_FIRST + names.KK_FIRST
                     + names.SINGLE_NAMES)
PLACE_STEMS = _stems(names.KZ_PLACES)
LABEL_STEMS = _stems(names.LABEL_WORDS) | _stems(names.NOT_NAMES)
TITLE_WORDS = frozenset(w.lower() for w in names.TITLES_BEFORE)
CENSUS_FIRST, CENSUS_LAST, CENSUS_BOTH = census_names()
CENSUS_ANY = census_words()


def label(tok: Token) -> str:
    """F first name, P patronymic, S surname shape, L listed surname,
    C other capitalised, - other."""
    return word_label(tok.text)


def labels_of(tokens: list[Token]) -> list[str]:
    """``label`` of every token (computed once per text and shared by the finders)."""
    # a lower-case word is OTHER (``word_label``'s first test), without a cache entry each
    labels = [OTHER] * len(tokens)
    tokens = as_tokens(tokens)
    capitalised = tokens.capitalised
    for i, kind in zip(capitalised, map(word_label, map(tokens.texts.__getitem__, capitalised))):
        labels[i] = kind
    return labels


@lru_cache(maxsize=1 << 16)
def word_label(word: str) -> str:
    if not word[0].isupper():
        return OTHER  # the test below returns OTHER for it too; most words stop here
    # (a match begins with a Latin capital: the pattern is read only then)
    if shouted := "A" <= word[0] <= "Z" and _SHOUTED.fullmatch(word) is not None:
        # "Senator DUNSTABLE": a Latin word in capitals reads as its title case.
        word = word.title()
    if not word[0].isupper() or len(word) < 2 or (word.isupper() and len(word) > 1):
        return OTHER
    stems = candidates(word)
    lower = word.lower()
    if not stems.isdisjoint(LABEL_STEMS) or _title_in_lower_case(lower) or lower in FUNCTION_WORDS:
        return OTHER
    low = folded_lower(word)  # (a cache hit: ``candidates`` read it just above)
    if not stems.isdisjoint(FIRST_STEMS) or low in CENSUS_FIRST \
            or _listed_first_name(word, low, shouted):
        return FIRST
    if "-" in word and all(part[:1].isupper() and word_label(part) == FIRST
                           for part in word.split("-")):
        return FIRST  # "John-Christian", "Jean-Luc"
    # (each stem begins the word: a stem can end in what the word holds only;
    # most words hold none of these endings and skip the search of each stem,
    # and most hold none of either pattern's parts: one search says so)
    if _NAME_ENDING_PART.search(low):
        if _PATR_PART.search(low) and any(_PATR.search(s) for s in stems | {low}):
            return PATR
        if _SURN_CYR_PART.search(low) and any(_SURN_CYR.search(s) for s in stems):
            return SURN
    if low[-1:] in _SURN_LAT_LAST and _SURN_LAT.search(low):
        return SURN
    return LAST if low in CENSUS_LAST or ("'" in low or "’" in low) and _APOSTROPHE.sub(
        "", low) in CENSUS_LAST else CAP  # "O'Malley": the census writes "omalley"


def _listed_first_name(word: str, low: str, shouted: bool) -> bool:
    """``word_label``'s look-ups of a capitalised word in the lists of first
    names by their script: a Russian short name ("Ваня") or a Kazakh name in
    Latin letters ("Yerlan"), then an international one ("Nargiza", not a
    shouted "NATO"). ``low``: the word folded in lower case."""
    if word[0].isascii():
        return latin_key(word) in kk.first_name_keys() \
            or not shouted and latin_first.is_first_name(word)
    # A short name begins the word (bare or with an ending): its first letters
    # are looked up first. The international names are in Latin letters: the
    # word's first (a capital) is one only up to "ɏ" (shouted words are ASCII).
    heads, shorter = _ru_short_name_heads()
    return (low[:4] in heads or low.startswith(shorter)) and kk.ru_short_name(word) \
        or word[0] <= "ɏ" and latin_first.is_first_name(word)


@lru_cache(maxsize=1)
def _ru_short_name_heads() -> tuple[frozenset[str], tuple[str, ...]]:
    """The first four letters of ``kk.ru_short_names``, and the names shorter
    than that: every word that ``kk.ru_short_name`` takes begins with a
    listed name, so with one of these."""
    short_names = kk.ru_short_names()
    return frozenset(name[:4] for name in short_names), \
        tuple(sorted(name for name in short_names if len(name) < 4))


def find_people(text: str, tokens: list[Token] | None = None,
                labels: list[str] | None = None, english: bool = True) -> list[Span]:
    """``english=False``: no English context cues (Latin-script phrases:
    "Quillon said"), for text without English."""
    tokens = tokenize(text) if tokens is None else tokens
    labels = labels_of(tokens) if labels is None else labels
    spans = _name_runs(text, tokens, labels)
    spans += _after_titles(text, tokens, labels)
    if english:
        spans += cued_people(text)
    spans += _name_lists(text)
    return spans


_ITEM = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]+(?:-[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]+)?"
# The look-behind keeps the search linear on a long word of capitals ("AbAbAb...").
_LIST = re.compile(rf"(?<![^\W\d_]){_ITEM}(?:, {_ITEM}){{1,8}},? (?:and|or|и|или|мен|және) {_ITEM}")
# How every such list ends, searched first (the list pattern starts at every letter).
_LIST_END = re.compile(rf", {_ITEM},? (?:and|or|и|или|мен|және) {_ITEM}")


def _name_lists(text) -> list[Span]:
    """"Smith, Johnson, Zhanibekov and Akhmetova": when most items of a list are
    names, every item that is no ordinary word or place is one."""
    spans = []
    if _LIST_END.search(text) is None:
        return spans
    for m in _LIST.finditer(text):
        items = [t for t in tokenize(m.group()) if t.text[0].isupper()]
        kinds = [label(t) for t in items]
        named = sum(k in (FIRST, SURN, LAST, PATR) and not places.world_place(t.text)
                    for t, k in zip(items, kinds))
        if len(items) < 3 or named * 2 < len(items):
            continue
        for tok, kind in zip(items, kinds):
            if kind == OTHER or places.world_place(tok.text) or places.is_place(tok.text) \
                    or tok.text.lower() in COMMON_WORDS:
                continue
            start = m.start() + tok.start
            spans.append(_person(text, start, start + len(tok.text)))
    return spans


# The kinds a name starts at wherever they stand in a run (``_run_start``).
_STARTING = frozenset((FIRST, SURN, LAST))


def _runs_with_a_start(text, tokens, labels):
    """The maximal runs of capitalised words separated by a little whitespace
    in which ``_run_start`` may find where a name starts, in order: those that hold a first name, a surname shape or a
    listed surname, or a word with initials right before it (on any other
    run it returns None). Each is grown from such a word to both sides, so
    the many runs of other capitalised words alone are never made."""
    done = -1
    for i in _seeds(text, tokens, labels):
        if i <= done:
            continue
        first = last = i
        while first and labels[first - 1] != OTHER \
                and name_gap(text, tokens[first - 1], tokens[first]):
            first -= 1
        while last + 1 < len(labels) and labels[last + 1] != OTHER \
                and name_gap(text, tokens[last], tokens[last + 1]):
            last += 1
        done = last
        yield list(range(first, last + 1))


def _seeds(text, tokens, labels) -> list[int]:
    """Indices of the words a run is grown from (``_runs_with_a_start``), in
    order: a first name, a surname shape or a listed surname, or any other
    capitalised word with initials right before it. In a text without
    initials (most) the first kinds alone, found without a Python loop."""
    if not has_initials(text):
        return true_indices(map(_STARTING.__contains__, labels))
    return [i for i in true_indices(map(OTHER.__ne__, labels)) if labels[i] in _STARTING
            or initials_before(text, tokens[i].start) < tokens[i].start]


def _name_runs(text, tokens, labels) -> list[Span]:
    spans = []
    for run in _runs_with_a_start(text, tokens, labels):
        kinds = [labels[i] for i in run]
        start = _run_start(text, tokens, run, kinds)
        if start is None or kinds[0] != FIRST and after_article(text, tokens[run[0]]):
            continue
        end = start
        while end + 1 < len(run) and end < start + 3 and (
                kinds[end + 1] in (FIRST, PATR, SURN, LAST)
                or kinds[end + 1] == CAP and kinds[end] == FIRST):
            end += 1
        s = initials_before(text, tokens[run[start]].start)
        spans.append(_person(text, s, tokens[run[end]].end))
    return spans


def _run_start(text, tokens, run, kinds):
    """Index in the run where a name starts, or None when the run has no name."""
    for j, kind in enumerate(kinds):
        tok = tokens[run[j]]
        if kind == FIRST:
            return j - 1 if j and (kinds[j - 1] in (SURN, LAST) or _first_name_before(
                text, tokens[run[j - 1]], kinds[j - 1], tok)) else j
        if kind == SURN or initials_before(text, tok.start) < tok.start:
            return j
        if kind == LAST and not sentence_start(text, tok.start) and not _after_the(text, tok):
            if j and kinds[j - 1] == CAP and _two_words(tokens[run[j - 1]].text, tok.text):
                continue  # "Morning Line", "Evening Bridge": a title of ordinary words
            # An unknown capitalised word just before a surname is its first name.
            return j - 1 if j and kinds[j - 1] == CAP else j
    return None


def _two_words(first: str, second: str) -> bool:
    """Both words ordinary English words ("Morning Line"), the first a frequent one."""
    from .en_words import dictionary_word  # (en_words reads this module)
    return first.isascii() and second.isascii() and first.lower() in COMMON_WORDS \
        and dictionary_word(first.lower()) and dictionary_word(second.lower()) \
        and not places.world_place(f"{first} {second}")  # "New York" is a place


def _first_name_before(text, prev: Token, prev_kind: str, tok: Token) -> bool:
    """"Oribel Taylor": an unknown word mid-sentence before a word that is a
    surname as often as a first name is that person's first name."""
    return prev_kind == CAP and fold(tok.text).lower() in CENSUS_BOTH \
        and not sentence_start(text, prev.start) and not _after_the(text, prev)


def after_article(text: str, tok: Token) -> bool:
    """"the Varnell Blanc", "a Quibble Pack": an article before it, so no name."""
    return ARTICLE.search(text, max(0, tok.start - 4), tok.start) is not None


def _after_the(text: str, tok: Token) -> bool:
    return text[max(0, tok.start - 4):tok.start].lower() == "the "


def _after_titles(text, tokens, labels) -> list[Span]:
    spans = []
    # only the words spelt like a title are asked (most words of a text are
    # none: no cache entry for each new word)
    tokens = as_tokens(tokens)  # each distinct word asked once
    at = tokens.where([w for w in tokens.words if w.lower() in _TITLE_FORMS])
    kinds = {i: kind for i in at if (kind := _title_kind(tokens[i].text))}
    for i in kinds:
        tok = tokens[i]
        if kinds[i] == "before" and i + 1 < len(tokens) and labels[i + 1] != OTHER and name_word(tokens[i + 1].text) \
                and re.fullmatch(r"\.?[ \t]{1,2}|\.", text[tok.end:tokens[i + 1].start]):
            j = i + 1
            while j + 1 < len(tokens) and j < i + 3 and labels[j + 1] != OTHER \
                    and name_gap(text, tokens[j], tokens[j + 1]):
                j += 1
            spans.append(_person(text, tokens[i + 1].start, tokens[j].end))
        elif kinds[i] == "after" and i and labels[i - 1] in (FIRST, CAP):
            spans.append(_person(text, tokens[i - 1].start, tokens[i - 1].end))
    return spans


def name_word(word: str) -> bool:
    """False for an ordinary word that is no listed name ("Mr. Chair")."""
    low = word.lower()
    return low not in COMMON_WORDS or low in CENSUS_ANY


# Every lower-case spelling of a word ``_title_kind`` names a title: the
# titles before a name and their plurals, and what folds to a title after one
# (folding and lower case commute: tests/anonymise/test_properties.py).
# The titles after a name are listed in Kazakh letters and the word asked is
# folded ("ағаймен" -> "агаимен"): compared folded, each of its spellings asked.
_TITLES_AFTER_FOLDED = frozenset(fold(w).lower() for w in names.TITLES_AFTER)
_TITLE_FORMS = TITLE_WORDS | {w + "s" for w in TITLE_WORDS} \
    | frozenset().union(*map(unfolded, _TITLES_AFTER_FOLDED))


@lru_cache(maxsize=1 << 16)
def _title_kind(word: str) -> str:
    """"before" for a title written before a name ("Senator"), "after" for one
    written after it (``names.TITLES_AFTER``), "" for any other word. Asked
    only of the words in ``_TITLE_FORMS``: a new kind of title goes there too."""
    if _title(word):
        return "before"
    return "after" if fold(word).lower() in _TITLES_AFTER_FOLDED else ""


@lru_cache(maxsize=1 << 15)
def _title(word: str) -> bool:
    """"Senator", "Senators", "Dr" ..."""
    return _title_in_lower_case(word.lower())


def _title_in_lower_case(low: str) -> bool:
    """``_title`` of a word given in lower case (``word_label`` has it already)."""
    return low in TITLE_WORDS or low.endswith("s") and low[:-1] in TITLE_WORDS


def speaker_labels(text) -> list[Span]:
    """Names and initials that label a turn at a line start: "Серик:",
    "А.К.: ...", "Модератор (Айгерим):", "Interviewer Helen Marsh:"; label
    codes and role words alone ("Р:", "У1:", "Модератор:") are no names."""
    if ":" not in text:
        return []  # both patterns end in a colon
    # (each pattern read only on the lines that hold a colon: its matches hold
    # one and no line break, and begin at a line start: ``scan.lines_holding``)
    spans = [_person(text, m.start(1), m.end(1))
             for m in lines_holding(_SPEAKER_INITIALS, text, _COLON)]
    labels = list(lines_holding(_SPEAKER, text, _COLON))
    turns = Counter(m.group(1) for m in labels)  # (``_recurring_speaker``)
    for m in labels:
        if _SENTENCE_IN_LABEL.search(m.group(1)):
            continue  # "Robert Quarrel. Image: ...": a sentence, then a credit
        toks = list(words_of(m.group(1)))
        while toks and (not candidates(toks[0].text).isdisjoint(LABEL_STEMS)
                        or toks[0].text.lower() in names.ROLE_WORDS
                        or toks[0].text.isascii() and toks[0].text.lower() in FUNCTION_WORDS):
            toks.pop(0)
        if not 1 <= len(toks) <= 3 or not all(t.is_title or t.text.isupper() for t in toks):
            continue
        kinds = [label(t) for t in toks]
        if FIRST in kinds or kinds.count(SURN) or kinds.count(PATR) or \
                len(toks) >= 2 and OTHER not in kinds or len(toks) == 1 \
                and _recurring_speaker(toks[0].text, turns[m.group(1)]):
            base = m.start(1)
            end = base + toks[-1].end
            if len(toks[-1].text) == 1 and text[end:end + 1] == ".":
                end += 1  # "Tomas K.": the initial's full stop
            spans.append(_person(text, base + toks[0].start, end))
    return spans


_CAPS = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_COLON = (":",)


def _recurring_speaker(word, turns: int) -> bool:
    """One Latin word of three letters or more that labels two turns or more
    ("IYA: ...", "IYA: ..."), no role and no English word: a speaker's name.
    ``turns``: how many lines the label opens, as ``_SPEAKER`` reads them (a
    line opens with a label, spaces or tabs before it, when ``_SPEAKER``'s
    match on that line, which ends at the line's first colon, is that label)."""
    from .en_words import dictionary_word  # (en_words reads this module)
    if len(word) < 3 or not word.isascii() or not word.isalpha() \
            or word.lower() in names.ROLE_WORDS or word.lower() in FUNCTION_WORDS \
            or dictionary_word(word.lower()) or word.lower() in COMMON_WORDS:
        return False
    return turns > 1


# A full stop after a Latin word that is no abbreviation of a title.
# (a name's inner capital too: "Tina McKenzie. Image: ...")
_SENTENCE_IN_LABEL = re.compile(r"\b(?!(?:Mrs|Mr|Ms|Dr|St|Jr|Sr|Prof|Rev)\.)[A-Za-z]"
                                r"(?:[A-Za-z'’]*[a-z])?[a-z]\. ")
_SPEAKER_INITIALS = re.compile(rf"^[ \t]*((?:[{_CAPS}]\.[ \t]?){{1,2}}[{_CAPS}]\.)[ \t]*:", re.M)


def _person(text, start, end) -> Span:
    return Span(start, end, PERSON, "rules:person", text=text[start:end])


def find_places(text: str, tokens: list[Token] | None = None) -> list[Span]:
    """Known cities, and capitalised words followed by a place-kind word."""
    tokens = tokenize(text) if tokens is None else tokens
    capitalised = _capitalised(tokens)
    spans = _world_cities(text, tokens, capitalised)
    last = len(tokens) - 1
    for i in capitalised:
        tok = tokens[i]
        facts = _place_word(tok.text)
        if facts is None:
            continue
        ordinary, listed = facts
        nxt = tokens[i + 1] if i < last else None
        if ordinary and sentence_start(text, tok.start) \
                and not (nxt and kk.possessive_place_noun(nxt.text)):
            continue
        if listed or (
                nxt and name_gap(text, tok, nxt)
                and _place_noun_after(nxt.text)):  # "Қарабел ауылындағы"
            start, end = widen_place(text, tok.start, tok.end)
            spans.append(Span(start, end, PLACE, "rules:place", text=text[start:end]))
    return spans


@lru_cache(maxsize=1 << 15)
def _place_word(word: str) -> tuple[bool, bool] | None:
    """``find_places``' tests of a capitalised word alone, asked once per
    word: None for a word in capitals or a function word (no place, whatever
    follows), else whether it is an ordinary Kazakh word (no place at a
    sentence start, unless a place noun follows) and whether it is a listed
    place."""
    if word.isupper() or word.lower() in FUNCTION_WORDS:
        return None
    return kk.ordinary(word), not candidates(word).isdisjoint(PLACE_STEMS) or places.is_place(word)


@lru_cache(maxsize=1 << 14)
def _place_noun_after(word: str) -> bool:
    """A word after a name that makes it a place ("ауданы", "ауылындағы"),
    asked once per word (``find_places`` asks it after most capitalised words)."""
    return place_after(word) and not kk.bare_place_noun(word) or kk.place_word_of_one(word)


def plausible(span: Span, text: str) -> bool:
    """False for a model's span that is only label, service or discourse words."""
    if span.source == "rules:initials":
        return True  # "D.M.": initials alone (``en.lone_initials``)
    return _plausible_words(text[span.start:span.end])


@lru_cache(maxsize=1 << 14)
def _plausible_words(name: str) -> bool:
    """``plausible`` of a span by its words alone: asked once per name (a name
    comes back in many spans and many texts)."""
    return any(t.is_title and len(t.text) > 1 and candidates(t.text).isdisjoint(LABEL_STEMS)
               and not _acronym_label(t.text) for t in words_of(name))


def _acronym_label(word: str) -> bool:
    """A listed acronym with a case ending after a hyphen ("ХҚКО-сына",
    "ЦОН-ға"): the service word as much as the acronym alone."""
    head, dash, _ = word.partition("-")
    return bool(dash) and head.isupper() and not candidates(head).isdisjoint(LABEL_STEMS)



@lru_cache(maxsize=1)
def _place_heads() -> frozenset[str]:
    """First words of the world's place names of two words or more ("new", "san")."""
    countries, cities = places.world()
    return frozenset(name.split()[0] for name in countries | cities if " " in name)


@lru_cache(maxsize=1)
def _city_words() -> frozenset[str]:
    """The first words of the world's place names of several words and the
    cities of one word, lower case: what a city of the text begins with."""
    return _place_heads() | places.world()[1]


def _world_cities(text, tokens, capitalised) -> list[Span]:
    """Cities and states of the world written in full ("New York", "Geneva"), one to
    three capitalised words, not a first name on its own ("Sydney" may be a person)."""
    spans, after = [], 0
    heads = _place_heads()
    cities = places.world()[1]
    # (only the words that begin a city's name or are one can begin a span:
    # the others are passed over without a Python loop)
    texts = as_tokens(tokens).texts
    for i in compress(capitalised, map(_city_words().__contains__,
                                       map(str.lower, map(texts.__getitem__, capitalised)))):
        if i < after:
            continue  # inside a city of several words already found
        tok = tokens[i]
        low = tok.text.lower()
        if low not in heads:
            # one capitalised word alone (the loop below with n = 1, its tests
            # on the run's words true of one capitalised word); a word holds no
            # whitespace, so ``world_place`` says "city" of it when its lower
            # case is among the cities (which hold no country)
            if low in cities and label(tok) != FIRST:
                spans.append(Span(tok.start, tok.end, PLACE, "rules:place", text=text[tok.start:tok.end]))
                after = i + 1
            continue
        for n in (3, 2, 1):
            run = tokens[i:i + n]
            if len(run) < n or not all(t.is_title for t in run) or not all(
                    name_gap(text, a, b) for a, b in zip(run, run[1:])):
                continue
            if places.world_place(" ".join(t.text for t in run)) == "city" and not (
                    n == 1 and label(run[0]) == FIRST):
                start, end = run[0].start, run[-1].end
                spans.append(Span(start, end, PLACE, "rules:place", text=text[start:end]))
                after = i + n
                break
    return spans


def _capitalised(tokens) -> list[int]:
    """Indices of the tokens that start with a capital letter."""
    return as_tokens(tokens).capitalised  # once per text
