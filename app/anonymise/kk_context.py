"""Kazakh evidence of the words around a name, asked after the Kazakh rules
and the CRF (issue 11, fourth round of misses: tests/anonymise/test_misses_4.py).

Each finder is a rule of the language, never a list of the names it finds:
the naming frame ("атын X қойды"), kinship by marriage after a name ("X
құда"), a greeting ("X, сәлем"), names listed after a kin word ("балалары
X, Y және Z") or joined to a person ("X мен Y"), a surname with a predicate
or family-plural ending ("Мен Xовпын", "Xиналар әулеті"), a one-word name
found once and written elsewhere with a case ending. And what is no one:
God, an adjective of endearment before a kin noun, a word in guillemets, a
Russian word of politeness, an organisation run over a postposition.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import replace

from . import kk, places
from .normalise import candidates, fold
from .scan import digit_runs, lines_holding
from .tokens import Token, as_tokens, sentence_start
from .spans import CONTACT, ORGANISATION, PERSON, PLACE, Span

_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_NAME = rf"[{_CAP}][^\W\d_]+(?:-[{_CAP}][^\W\d_]+)?"

# Case endings, after a possessive or a plural or alone (lower case, Kazakh
# letters): "Керімсалға", "Айбаршаның", "Тілеуқабылдың", "Нұр-Исламмен".
_CASE = (r"(?:[ндт][ыі]ң|[ғгқк][ае]|н[ае]|[ндт][ыі]|н|[дт][ае]|н[дт][ае]|[дтн][ае]н|[мбп][ае]н"
         r"|н?[дт][ае]ғы|н?[дт][ае]гі)")
_ENDING = re.compile(rf"(?:[лдт][ае]р)?(?:[ыі]|с[ыі])?{_CASE}?")

# Kinship by marriage and words of address written after a name ("Шынарбек
# құда", "Жанбота келіншек", "Сәрсенкүл жеңгем", "Қожаберді жездеге").
_KIN_AFTER_WORDS = (r"(?:құда|құдағи|құдаша|жезде|жеңге|келін|келіншек|тәте|қажы|бәйбіше|әжей|атай|"
                    r"апатай|ағатай|көкем|бауырым|досым|құрбым|жолдасым|інім|сіңлім|қарындасым)")
_KIN_AFTER = re.compile(
    _KIN_AFTER_WORDS + r"(?:ымыз|іміз|мыз|міз|ыңыз|іңіз|ңыз|ңіз|ым|ім|м|ң|сы|сі|ы|і)?"
    rf"(?!н$){_CASE}?")  # "жеңген" (won) is a verb
# where one may stand: a word that begins with one (``_KIN_AFTER`` then checks it whole)
_KIN_AFTER_AT = re.compile(r"(?<!\w)" + _KIN_AFTER_WORDS + r"\w*")
# what each of them holds (апатай and ағатай hold атай, келіншек келін ...):
# the lines to read for one
_KIN_AFTER_KEYS = ("құда", "жезде", "жеңге", "келін", "тәте", "қажы", "бәйбіше", "әжей", "атай",
                   "көкем", "бауырым", "досым", "құрбым", "жолдасым", "інім", "сіңлім", "қарындасым")
# The name right before a word (searched up to that word's start).
_NAME_BEFORE = re.compile(rf"({_NAME})[ \t]+\Z")

# "Айбарша есімді қыз" (a girl named Айбарша), "Қожаберді атты қария" (an old
# man called ...; "атты" alone may title a book, so a word for a person after it).
_NAMED_AS = re.compile(
    rf"(?<![\w«\"])({_NAME})[ \t]+(?:есімді|есімдi|атты[ \t]+(?:қыз|жігіт|бала|кісі|адам|әйел|"
    r"келіншек|қария|ақсақал|азамат|ер|оқушы|студент|мұғалім|дәрігер|кейіпкер))(?!\w)")

# Words of address before a name ("Қарағым Айбарша": my dear Айбарша): no
# place or person themselves, and a name after them.
_ADDRESS_BEFORE = re.compile(
    rf"(?<!\w)(?:Қарағым|Шырағым|Айналайын|Балам|Жаным|Қымбаттым|қарағым|шырағым|айналайын|"
    rf"балам|жаным|қымбаттым)(?:,)?[ \t]+({_NAME})(?!\w)")
_ADDRESS_KEYS = ("ағым", "йналайын", "алам", "аным", "ымбаттым")  # in each of them
_ADDRESS_WORDS = frozenset("қарағым шырағым айналайын балам жаным қымбаттым".split())

# "Мен Айбаршамын", "Сіз Керімсалсыз ба": a pronoun, then a word with the
# predicate ending of that person (I am X, you are X).
_I_AM = re.compile(rf"[МмСс][еі][нз][ \t]+({_NAME})(?!\w)")  # "мен", "сіз", "сен" (checked)
_PRONOUNS = frozenset(("мен", "сіз", "сен"))
_PREDICATE_END = re.compile(r"(?:мын|мін|пын|пін|бын|бін|сыз|сіз|сың|сің)$")
_NOT_NAME_STEM = re.compile(r"(?:лық|лік|дық|дік|тық|тік|шы|ші|дан|ден|тан|тен|нан|нен|да|де|та|те"
                            r"|ның|нің|дың|дің|ға|ге|қа|ке)$")

# "атын X қойды" (they named the child X), "есімін X деп қойды".
_NAMING = re.compile(rf"(?<!\w)(?:атын|есімін)[ \t]+({_NAME})[ \t]+(?:деп[ \t]+)?қой")

# A greeting that opens a sentence names whom it greets.
_GREETING = r"(?:сәлем|сәлеметсіз|сәлеметсіздер|армысың|армысыз|қалайсың|қалайсыз)"
_GREETING_AFTER = re.compile(rf",[ \t]+{_GREETING}(?!\w)")
_NAME_LAST = re.compile(rf"({_NAME})\Z")
_GREETED_BEFORE = re.compile(
    rf"(?:Сәлем|Сәлеметсіз бе|Сәлеметсіздер ме|Армысың|Армысыз|Қайырлы таң|Қайырлы күн|"
    rf"Қайырлы кеш),[ \t]+({_NAME})(?=[!,.?])")

# Plural kin words: the capitalised words listed after one are names
# ("Балалары Бақыт, Әсел және Нұрлан": her children ...).
_KIN_PLURAL = re.compile(
    r"(?:[Бб]ала|[Ұұ]л|[Ққ]ыз|[Нн]емере|[Шш]өбере|[Іі]ні|[Аа]ға|[Аа]па|[Әә]пке|[Сс]іңлі|"
    r"[Ққ]арындас|[Бб]ауыр|[Шш]әкірт|[Жж]иен)"
    r"(?:лар|лер|дар|дер|тар|тер)(?:ы|і|ым|ім|ымыз|іміз|ың|ің)")
# Where a listing kin word may end: "-ры"/"-рі" of its plural and possessive,
# then a space and a capital (a quick scan with a literal first letter, which
# ``_KIN_PLURAL`` itself, a choice of capitals or not, is not).
_KIN_PLURAL_END = re.compile(rf"р[ыі][ \t]+[{_CAP}]")
_LIST = re.compile(rf"[ \t]+({_NAME}(?:,[ \t]+{_NAME})*(?:[ \t]+(?:және|мен|бен|пен)[ \t]+{_NAME})?)")
_JOIN = re.compile(r"[ \t]+(?:мен|бен|пен|және)[ \t]+")

# A surname with a predicate ending ("Бисенов-пін": I am Бисенов) or the
# family's plural, folded (Kazakh letters to Russian).
_SURNAME_STEM = r"(?:ов|ев|ова|ева|ин|ина|ын|ына)"
# "-сыз" is also "without" ("Бензинсіз"), and "-ын" ends many a noun
# ("Жауын-шашынсыз"): after -ов/-ев/-ова/-ева any person's ending, after
# -ин/-ина "I am" or "we are" only.
_PREDICATE = re.compile(
    r"([^-]{4,}(?:ов|ев|ова|ева))(?:[мбп][ыи][нз]|с[ыи][нз]|с[ыи]ндар|с[ыи]здер)"
    r"|([^-]{4,}(?:ин|ина))(?:[мбп][ыи][нз])")
_PREDICATE_LAST = frozenset("ын ыз ин из ар ер".split())  # how each word it matches ends
_FAMILY = re.compile(rf"(.{{4,}}{_SURNAME_STEM})(?:[лдт][ае]р)(?:[ыи]|[ндт][ыи]н|[гк][ае]|[ндт][ыи]|[дт][ае]н?|[мбп]ен)?")
_FAMILY_WORD = re.compile(r"[ \t]+(?:әулет|отбасы|жанұя|үй[іл])")

# Who is thanked or called on but is no one to hide (folded).
_NO_ONE = frozenset(fold(w) for w in "құдай құдайға құдайым алла аллаға аллаһ тәңір тәңірі "
                    "жаратушы пайғамбар".split())
# Adjectives of endearment that are also given names ("Аяулы", "Ардақ"):
# before a kin noun with "my" or "our" they are the adjective ("Аяулы анамыз").
_ENDEARING = frozenset("аяулы ардақты қымбатты құрметті сүйікті асыл қадірлі абзал "
                       "ыстық аяулым ардақтым".split())
_KIN_OURS = re.compile(
    r"[ \t]+(?:ана|әке|әже|жар|дос|әріптес|ұстаз|бауыр|жұбай|ұл|қыз|бала|немере|шәкірт|"
    r"жерлес|іні|сіңлі|қарындас|ата-ана|ұжым)\w*?(?:ым|ім|м|ымыз|іміз|мыз|міз|ларым|лерім|"
    r"ларымыз|леріміз|дарым|дерім|тарым|терім)(?!\w)")
# Russian words of politeness and discourse that open a turn in Kazakh speech.
_RU_DISCOURSE = frozenset("извините простите здравствуйте пожалуйста спасибо привет "
                          "слушайте послушайте скажите понимаете короче давайте ладно "
                          "кстати значит конечно хорошо здрасьте алло".split())
# Postpositions: no organisation's name runs over one ("X-тің ұсынысы
# бойынша мәслихат": on X's proposal the maslikhat).
_POSTPOSITIONS = frozenset("бойынша туралы арқылы үшін кейін дейін сияқты секілді қарай "
                           "шейін бірге қатысты байланысты".split())

# A telephone said in Kazakh words after "нөмір" or "телефон".
_NUMBER = (r"(?:нөл|бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|он|жиырма|отыз|қырық|елу|"
           r"алпыс|жетпіс|сексен|тоқсан|жүз)")
_SPOKEN_PHONE = re.compile(rf"(?<!\w){_NUMBER}(?:[ \t]*,?[ \t]+{_NUMBER}){{6,}}(?!\w)")
_STOP = re.compile(r"[.!?\n]")
_PHONE_CUE = re.compile(r"(?:[Нн]өмір|[Тт]елефон)\w*")


def find(text: str, tokens: list[Token], spans: list[Span], in_kazakh) -> list[Span]:
    """``spans`` (before merging) mended by the words around; ``in_kazakh``
    keeps of a list of spans those in the text's Kazakh parts."""
    ours = {id(s) for s in in_kazakh(spans)}
    spans = [s for s in (_mended(text, s) if id(s) in ours else s for s in spans) if s is not None]
    spans = _places_by_their_head(text, spans, ours)
    listed = in_kazakh(_kin_lists(text))
    strong = listed + in_kazakh(_framed(text) + _surname_endings(text, tokens))
    strong += in_kazakh(_beside_phones(text))
    strong += in_kazakh(_joined_to_people(text, spans + strong)
                        + _listed_with_people(text, spans + strong))
    strong += in_kazakh(_inflected_mentions(text, tokens, spans + strong))
    found = _over_places(text, spans, strong, listed) + in_kazakh(_spoken_phones(text))
    return [s for s in found if not _a_nationality(s)]


def _a_nationality(span: Span) -> bool:
    """A person or place span that is a nationality word alone, left by a
    step that cut a cue word off a longer span ("Көршілеріміз Арабтар": our
    neighbours were Arabs); the study's own names stay."""
    return span.category in (PERSON, PLACE) and span.source != "roster" \
        and " " not in (span.text or "") and kk.nationality(span.text or "")


def quoted_thing(text: str, span: Span) -> bool:
    """A one-word person span in guillemets («Ақжол» лагері): the name of a thing."""
    return span.category == PERSON and span.start > 0 and text[span.start - 1] == "«" \
        and text[span.end:span.end + 1] == "»" and span.source != "roster"


# "Байғанин ауданының орталығында": in the district's centre, no organisation.
_GENITIVE_PLACE_CENTRE = re.compile(
    r"([^\W\d_]+)[ \t]+(?:аудан|облыс|қала|ауыл)[ыі]н[ыі]ң[ \t]+орталығ\w*\Z")


def _mended(text, span) -> Span | None:
    span = _cut_at_postposition(text, span)
    return None if span is None or _no_one(text, span) else _inflected_noun_off(text, span)


_FIRST_WORD = re.compile(r"([^\W\d_]+)[ \t]+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
_DOERS = re.compile(r"(?:шы|ші)(?:лар|лер)\w*$")


def _inflected_noun_off(text, span) -> Span:
    """"Жиналысқа Сапарова қатысты", "Құтқарушылар Керімсал Жүнісов": an
    ordinary noun with a case ending, or a plural of doers, opening the
    sentence is no part of the name after it."""
    if span.category != PERSON or span.source == "roster":
        return span
    m = _FIRST_WORD.match(text, span.start, span.end)
    if m is None or not _at_sentence_start(text, span.start) or kk.word_cue(m.group(1)) == "F":
        return span
    low = m.group(1).lower()
    stems = kk.common_stems()
    doers = _DOERS.search(low) is not None
    if low in stems and not doers:
        return span  # a bare ordinary word may be a first name ("Сәуле Жүнісова")
    if doers or any(c in stems for c in candidates(m.group(1)) if len(c) >= 4 and c != fold(low)):
        return Span(m.end(), span.end, span.category, span.source, span.entity,
                    text[m.end():span.end])
    return span


def _person(text, start, end, source="rules:person") -> Span:
    return Span(start, end, PERSON, source, text=text[start:end])


@lru_cache(maxsize=1 << 12)
def _may_name(word: str) -> bool:
    """A capitalised word that may be a name here: no listed place, no
    ordinary Kazakh word, no one of ``_NO_ONE``. (Remembered: the same names
    are asked again by several finders, and in every text that holds them.)"""
    return not places.is_place(word) and not kk.ordinary(word) \
        and fold(word).lower() not in _NO_ONE and kk.word_cue(word) not in ("O", "G", "L") \
        and not places.is_country(word)


def _framed(text) -> list[Span]:
    out = []
    # each pattern with what every match of it holds (``scan.lines_holding``:
    # the lines without one are not read, no test of the whole text needed);
    # but a text without "есімді" or "атты" is not asked for a name before "есімдi"
    patterns = [(_NAMING, ("атын", "есімін"))]
    if "Сәлем" in text or "Армы" in text or "Қайырлы" in text:
        patterns.append((_GREETED_BEFORE, None))  # (a quick scan: a choice of letters first)
    if "есімді" in text or "атты" in text:
        patterns.append((_NAMED_AS, ("есімд", "атты")))
    patterns.append((_ADDRESS_BEFORE, _ADDRESS_KEYS))
    for pattern, keys in patterns:
        found = pattern.finditer(text) if keys is None else lines_holding(pattern, text, keys)
        out += [_person(text, *m.span(1)) for m in found if _may_name(m.group(1))]
    if "сәлем" in text or "армысы" in text or "қалайсы" in text:
        for m in _GREETING_AFTER.finditer(text):
            name = _NAME_LAST.search(text, max(0, m.start() - 40), m.start())
            if name and _at_sentence_start(text, name.start()) and _may_name(name.group(1)):
                out.append(_person(text, *name.span(1)))
    for m in _I_AM.finditer(text):
        if text[m.start():m.start() + 3].lower() not in _PRONOUNS or _letter_before(text, m.start()):
            continue
        word = m.group(1)
        end = _PREDICATE_END.search(word)
        stem = word[:end.start()] if end else ""
        if len(stem) >= 3 and not _NOT_NAME_STEM.search(stem) and _may_name(stem) \
                and _may_name(word) and not kk.nationality(word):
            out.append(_person(text, *m.span(1)))
    for m in lines_holding(_KIN_AFTER_AT, text, _KIN_AFTER_KEYS):
        name = _NAME_BEFORE.search(text, max(0, m.start() - 50), m.start())
        if name and _KIN_AFTER.fullmatch(m.group()) and not text[name.start() - 1:name.start()].isalpha() \
                and _may_name(name.group(1)):
            out.append(_person(text, *name.span(1)))
    return out


def _at_sentence_start(text, pos) -> bool:
    """Only a full stop, a mark, a colon or a line break before (an opening
    quote between): "(Бақберген)" after a telephone opens none."""
    before = text[max(0, pos - 4):pos].rstrip(" \t«\"“")
    return not before or before[-1] in ".!?:\n"


def _kin_lists(text) -> list[Span]:
    """"Балалары Бақыт, Әсел және Нұрлан": names, even one a place is named by."""
    out = []
    for m in _kin_plurals(text):
        listed = _LIST.match(text, m.end())
        names = list(re.finditer(_NAME, listed.group(1))) if listed else ()
        if len(names) > 1:
            for name in names:  # two or more: "балалары Талдықорғанға" is a journey
                if not kk.ordinary(name.group()):
                    out.append(_person(text, listed.start(1) + name.start(),
                                       listed.start(1) + name.end()))
    return out


def _kin_plurals(text):
    """The matches of ``_KIN_PLURAL`` that open a word ending in "-ры"/"-рі"
    before a space and a capital, in order: of ``_KIN_PLURAL.finditer``'s,
    all that may start a list. A match that opens no word (a letter before)
    starts none; one that ends before a letter leaves ``_LIST`` nothing; and
    the rest end so: every plural ending ends in "р", and of the possessives
    after it "ы" or "і" is tried first and ends the pattern. The whole-text
    scan would find each of them too: its matches are letters only, so none
    runs over the start of a word."""
    for end in _KIN_PLURAL_END.finditer(text):
        start = end.start()
        while start and text[start - 1].isalpha():
            start -= 1
        m = _KIN_PLURAL.match(text, start)
        if m is not None:
            yield m


# A place head with a possessive, any ending after ("ауылынанмын": I am from
# the village of ...): the word before it is the place's name.
_PLACE_HEAD = re.compile(r"[ \t]+(?:ауыл|қала|аудан|кент|өзен|көл)(?:ы|і|сы|сі)\w*")


def _places_by_their_head(text, spans, ours) -> list[Span]:
    """A one-word person of the rules before a place head is that place, and
    so are its other forms in the text ("Көкжар ауылынанмын ... Көкжардан")."""
    bases = {text[s.start:s.end].lower() for s in spans
             if s.category == PERSON and id(s) in ours and s.source.startswith("rules")
             and " " not in text[s.start:s.end] and _PLACE_HEAD.match(text, s.end)
             and kk.word_cue(text[s.start:s.end]) != "F"}
    if not bases:
        return spans
    return [replace(s, category=PLACE, source="rules:place")
            if s.category == PERSON and id(s) in ours and _form_of(text[s.start:s.end].lower(), bases)
            else s for s in spans]


def _form_of(low: str, bases) -> bool:
    return any(low.startswith(b) and _ENDING.fullmatch(low[len(b):]) for b in bases)


def _surname_endings(text, tokens) -> list[Span]:
    out = []
    tokens = as_tokens(tokens)
    texts = tokens.texts
    # (the length first, in one list comprehension: most words are shorter)
    for tok in [tokens[i] for i in tokens.capitalised if len(texts[i]) > 7]:
        shape = _surname_with_ending(tok.text)
        if shape == "surname" or shape == "family" and _FAMILY_WORD.match(text, tok.end) \
                or _FAMILY_WORD.match(text, tok.end) and _family_plural(tok.text):
            out.append(_person(text, tok.start, tok.end))
    return out


_PLURAL_END = re.compile(r"(?:лар|лер|дар|дер|тар|тер)(?:дың|дің|ның|нің|ға|ге|қа|ке|ды|ді|ны|ні)?$")


def _family_plural(word: str) -> bool:
    """"Керімсалдар отбасы": a name in the plural before a word for family."""
    m = _PLURAL_END.search(word)
    return m is not None and m.start() >= 3 and _may_name(word[:m.start()]) \
        and not _NOT_NAME_STEM.search(word[:m.start()])


@lru_cache(maxsize=1 << 13)
def _surname_with_ending(word: str) -> str:
    """"surname" for a surname with a predicate ending or in the plural after
    -ов/-ев ("Бисеновпін", "Бисеновтер"); "family" for the plural of one in
    -ин/-ина ("Машиналар" is a noun too: asked of the word after); else ""."""
    if kk.ordinary(word) or kk.nationality(word):
        return ""  # "Украинмын": I am Ukrainian
    low = fold(word).lower()
    # (each pattern asked only of a word that may match it: a family's plural holds "ар" or "ер")
    m = _PREDICATE.fullmatch(low) if low[-2:] in _PREDICATE_LAST else None
    family = None if m or "ар" not in low and "ер" not in low else _FAMILY.fullmatch(low)
    stem = (m.group(1) or m.group(2)) if m else family.group(1) if family else None
    if not stem or stem in kk.common_words() or kk.everyday_noun(stem):
        return ""
    return "surname" if m or stem.endswith(("ов", "ев", "ова", "ева")) else "family"


# A list of two or more capitalised words ("Керімсал, Айбарша, Жанбота"):
# when one of them is a person found, the others are people too.
_NAME_LIST = re.compile(rf"({_NAME}(?:,[ \t]+{_NAME})+(?:[ \t]+(?:және|мен|бен|пен)[ \t]+{_NAME})?)")
_NAME_LIST_KEY = re.compile(rf",[ \t]+[{_CAP}]")  # in each list (a literal first: a quick scan)
# A name beside a telephone ("Айбарша, 8 701 555 12 34"; "8 701 555 12 34 (Айбарша)").
_PHONE = r"\+?\d[\d \t()-]{8,}\d"
_NAME_THEN_PHONE = re.compile(rf"({_NAME}),[ \t]+(?=\+?\d[\d \t()-]{{8,}}\d)")
_PHONE_THEN_NAME = re.compile(rf"\d[ \t]*\(({_NAME})\)")


def _listed_with_people(text, spans) -> list[Span]:
    if ", " not in text:
        return []
    people = [s for s in spans if s.category == PERSON]
    out = []
    for m in lines_holding(_NAME_LIST, text, _NAME_LIST_KEY):
        if _letter_before(text, m.start()):
            continue
        items = list(re.finditer(_NAME, m.group(1)))
        found = [any(p.start <= m.start(1) + i.start() < p.end for p in people) for i in items]
        if any(found) and not all(found) \
                and all(_may_name(i.group()) and not i.group().isascii() for i in items) \
                and not _at_sentence_start(text, m.start(1)) and not _PLACE_HEAD.match(text, m.end(1)):
            out += [_person(text, m.start(1) + i.start(), m.start(1) + i.end())
                    for i, f in zip(items, found) if not f]
    return out


def _beside_phones(text) -> list[Span]:
    runs = digit_runs(text)
    if not any(end - start > 2 for start, end in runs) or not _phone_digits(text, runs):
        return []  # (without a telephone's digits neither pattern finds a name beside one)
    found = [m for m in _NAME_THEN_PHONE.finditer(text) if not _letter_before(text, m.start())]
    found += [m for m in lines_holding(_PHONE_THEN_NAME, text, ("(",))
              if _PHONE_END.search(text, max(0, m.start() - 20), m.start() + 1)]
    return [_person(text, *m.span(1)) for m in found
            if not m.group(1).isupper() and not m.group(1).isascii()
            and _may_name(m.group(1))]  # no "ЖСН 1005..."


def _letter_before(text, pos) -> bool:
    """A letter or an opening guillemet right before ``pos``: no word starts there."""
    return pos > 0 and (text[pos - 1].isalpha() or text[pos - 1] == "«")


# A telephone's digits (``_PHONE`` but its "+"): in the look-ahead of
# ``_NAME_THEN_PHONE``, and before each name ``_PHONE_END`` keeps.
_PHONE_DIGITS = re.compile(r"\d[\d \t()-]{8,}\d")
_PHONE_JOINERS = " \t()-"  # what stands between its digits


def _phone_digits(text: str, runs) -> bool:
    """``_PHONE_DIGITS`` matches in the text, told from its runs of digits
    (``scan.digit_runs``, read once per text for the numbers and dates
    already: no scan of the text here). A match runs from a digit to a digit
    ten characters or more on with only digits and ``_PHONE_JOINERS``
    between: runs joined by those alone, from the first run's first digit
    to a later run's last, span ten characters or more."""
    first = previous_end = None
    for start, end in runs:
        if first is None or text[previous_end:start].strip(_PHONE_JOINERS):
            first = start  # (a gap holding anything else: a new stretch)
        if end - first >= 10:
            return True
        previous_end = end
    return False
_PHONE_END = re.compile(rf"{_PHONE}[ \t]*\Z")


def _joined_to_people(text, spans) -> list[Span]:
    """"Ербол мен Жанботаға": the word joined by мен/бен/пен/және to a person."""
    out = []
    for span in spans:
        if span.category != PERSON:
            continue
        after = _JOIN.match(text, span.end)
        if after:
            nxt = re.compile(_NAME).match(text, after.end())
            if nxt and _may_name(nxt.group()) and not sentence_start(text, nxt.start()):
                out.append(_person(text, *nxt.span()))
    return out


def _inflected_mentions(text, tokens, spans) -> list[Span]:
    """A one-word name found once, elsewhere bare or with a case ending."""
    people = [s for s in spans if s.category == PERSON and s.end - s.start >= 4
              and text[s.start].isupper() and " " not in text[s.start:s.end]]
    if not people:
        return []
    taken = [s for s in spans if s.category in (PLACE, ORGANISATION)]
    bases = {text[s.start:s.end].lower() for s in people
             if not text[s.start:s.end].isascii() and _may_name(text[s.start:s.end])
             and not any(t.start < s.end and s.start < t.end for t in taken)}
    if not bases:
        return []  # (no word to look for)
    heads = {b[:4] for b in bases}
    out = []
    tokens = as_tokens(tokens)
    texts = tokens.texts
    # (the opening first, in one list comprehension: most words open no name found)
    for i in [i for i in tokens.capitalised if texts[i].lower()[:4] in heads]:
        low = texts[i].lower()
        tok = tokens[i]
        for cut in range(4, len(low) + 1):
            if low[:cut] in bases and _ENDING.fullmatch(low[cut:]):
                if cut < len(low) or not kk.written_lower(text, tok.text, whole=True) \
                        and not _at_sentence_start(text, tok.start):
                    out.append(_person(text, tok.start, tok.end))
                break
    return out


def _over_places(text, spans, strong, listed) -> list[Span]:
    """The new people win over a place or organisation guessed on the same
    word that no list knows as a place (a name listed after a kin word, over
    any place)."""
    if not strong and not listed:
        return list(spans)  # (no new person: none beaten)

    def beaten(s):
        return s.category in (PLACE, ORGANISATION) and (any(
            p.start <= s.start and s.end <= p.end for p in strong)
            and not places.is_place(text[s.start:s.end])
            or any(p.start <= s.start and s.end <= p.end for p in listed))
    return [s for s in spans if not beaten(s)] + strong


def _no_one(text, span) -> bool:
    if span.category not in (PERSON, PLACE) or span.source == "roster" \
            or " " in text[span.start:span.end]:
        return False
    if span.category == PLACE:
        return text[span.start:span.end].lower() in _ADDRESS_WORDS
    word = text[span.start:span.end]
    low = word.lower()
    if fold(low) in _NO_ONE or low in _RU_DISCOURSE or low in _ADDRESS_WORDS:
        return True
    if text[span.start - 1:span.start] in "«\"“" and span.start > 0 \
            and text[span.end:span.end + 1] in ("»", "\"", "”"):
        return True  # «Ақжол» лагері: the name of a thing
    return low in _ENDEARING and _KIN_OURS.match(text, span.end) is not None


def _cut_at_postposition(text, span) -> Span | None:
    if span.category != ORGANISATION or not span.source.startswith("rules"):
        return span
    centre = _GENITIVE_PLACE_CENTRE.match(text, span.start, span.end)
    if centre:  # "Байғанин ауданының орталығында": in the district's centre, a place
        return Span(span.start, centre.end(1), PLACE, "rules:place", text=centre.group(1))
    words = list(re.finditer(r"\w+", text[span.start:span.end]))
    for k, w in enumerate(words[:-1]):
        if w.group() in _POSTPOSITIONS:
            start = span.start + words[k + 1].start()
            rest = text[start:span.end]
            if not any(c.isupper() for c in rest):
                return None
            return Span(start, span.end, span.category, span.source, span.entity, rest)
    return span


def _spoken_phones(text) -> list[Span]:
    out = []
    for cue in lines_holding(_PHONE_CUE, text, ("өмір", "елефон")):  # (a text without either: no line)
        m = _SPOKEN_PHONE.search(text, cue.end())
        if m and m.start() - cue.end() <= 45 and not _STOP.search(text, cue.end(), m.start()):
            out.append(Span(m.start(), m.end(), CONTACT, "pattern:phone", text=m.group()))
    return out
