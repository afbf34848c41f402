"""Rules for Kazakh text: names from the Kazakh lexicon and name shapes,
Kazakh organisation shapes, places with a place word after them.

Endings are cut by ``normalise.candidates``, so "Бекзатқа", "Әсемді",
"Тоқаевқа", "Серікұлының" are found like their nominatives.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from . import kk, names, places
from .census import FUNCTION_WORDS
from .cues import SOURCE as CUE
from .normalise import candidates, fold, unfolded
from .rules import LABEL_STEMS, TITLE_WORDS, sentence_start
from .spans import ORGANISATION, PERSON, PLACE, Span
from .tokens import Token, as_tokens, name_gap, org_gap, tokenize, words_of

# A Kazakh case ending (dative, accusative, locative, ablative, genitive) after
# a stem of three letters or more.
_CASE_MARKED = re.compile(r"\w{3}(?:ға|ге|қа|ке|ны|ні|ды|ді|ты|ті|да|де|та|те|нда|нде|дан|ден|тан|"
                          r"тен|нан|нен|ның|нің|дың|дің|тың|тің)$")
# A Russian-style surname stem (after the case ending is cut): -ов, -ев, -ин.
_RU_SURNAME = re.compile(r"[а-я]{3}(?:ов|ев|ин)$")
# Lower-case words that may stand inside an organisation's name before its head
# word ("Ақпарат және қоғамдық даму министрлігі").
_MAX_ORG_WORDS = 7


class WordMemo:
    """The words of a text that pass ``test``, a pure test of the word alone,
    remembered across texts in two sets: a text's distinct words are asked
    with set operations in C, and a word never seen before is tested once (as
    an ``lru_cache`` would, without a call per word of every text). The sets
    are replaced, never emptied, past ``limit`` words; a word goes into the
    seen ones only after its answer is in: any two threads read the same."""

    def __init__(self, test, limit: int = 1 << 16, openings=None, width: int = 2):
        """``openings``: when given, the test is false of every word whose
        first ``width`` letters are none of them (asked first, without a call)."""
        self._test, self._limit, self._openings, self._width = test, limit, openings, width
        self._sets = (set(), set())  # (words seen, those of them that passed)

    def forget(self) -> None:
        self._sets = (set(), set())

    def __len__(self) -> int:
        """How many words it remembers."""
        return len(self._sets[0])

    def among(self, words) -> set[str]:
        """The words of ``words`` (a set) that pass the test."""
        seen, passed = self._sets
        new = words.difference(seen)
        if new:
            if len(seen) > self._limit:
                seen, passed = self._sets = (set(), set())
                new = words  # (the answers of this text's other words went too)
            test, openings, width = self._test, self._openings, self._width
            passed.update([w for w in new if test(w)] if openings is None else
                          [w for w in new if w[:width] in openings and test(w)])
            seen.update(new)
        return passed.intersection(words)


def name_cue(tok: Token) -> str:
    word = tok.text
    if "-" in word:
        halves = [kk.word_cue(h) for h in word.split("-") if len(h) > 1]
        if "F" in halves:
            return "F"
        if "S" in halves or "P" in halves:
            return "S"
    return kk.word_cue(word)


def _name_like(tok: Token) -> bool:
    return tok.text[0].isupper() and _name_like_word(tok.text)


@lru_cache(maxsize=1 << 15)
def _name_like_word(word: str) -> bool:
    if len(word) < 2 or word.isupper():
        return False
    stems, low = candidates(word), word.lower()  # each asked once
    # (the set tests joined, before the role's: all pure)
    return stems.isdisjoint(_NOT_NAME_LIKE_STEMS) and low not in _NOT_NAME_LIKE_WORDS \
        and not (_role_shaped(low) and kk.role_word(word))


def _role_shaped(low: str) -> bool:
    """What every word that ``kk.role_word`` takes holds (in lower case): a
    listed role word, or "ш" or "ер" (its pattern's matches hold one, in the
    word folded: "ёр" folds to "ер", and no other letter folds to one of
    them). Most words lack both: no look-up of the word's fold and role."""
    return "ш" in low or "ер" in low or "ёр" in low or low in kk._ROLE_WORDS


# Kazakh titles and offices, capitalised in the news and inflected
# ("Президенттің", "Елбасының", "Премьер-министрге"): no names.
_TITLE_STEMS = frozenset().union(*(candidates(w) for w in """
президент премьер-министр министр вице-министр депутат сенатор спикер елбасы губернатор
мэр канцлер король патша генерал полковник профессор академик ректор төраға хатшы
""".split()))


def find(text: str, tokens: list[Token] | None = None) -> list[Span]:
    tokens = tokenize(text) if tokens is None else tokens
    return _people(text, tokens) + _elders(text, tokens) + _after_kin(text, tokens) \
        + _before_honorific(text, tokens) + _said_or_kin(text, tokens) \
        + _introduced(text, tokens) + _talked_with(text, tokens) + _organisations(text, tokens) \
        + _place_offices(text, tokens) \
        + _families_and_genitive_places(text, tokens) + _joined_places(text, tokens) \
        + _countries_and_places_reached(text, tokens)


# Verbs of going, coming back, reaching, moving and flying (stems, any ending):
# "Көкөзекке бардым", "Ақжарға қайттық", "Жаңабұлаққа жетті", "Тастөбеден
# келдік". A dative or ablative before one is where someone goes or comes
# from: a place, unless the word is a listed first name or built like one
# ("Айгерімге бардық": to Айгерім's).
_MOTION = ("бар", "кел", "кет", "қайт", "жет", "көш", "аттан", "ұш", "жөнел", "орал",
           "сапарла", "тарт")
# Of these, going to someone's is said with бар-, кел-, кет- ("Асқарға бардық":
# we visited Асқар); one returns, moves, flies, sets off to a place: a word
# built like a name ("Ақжар": Ақ + жар) is the place before these.
_TO_A_PLACE = ("қайт", "жет", "көш", "аттан", "ұш", "жөнел", "орал", "сапарла", "тарт")
_TO_OR_FROM = re.compile(r"(?<=\w{3})(?:ға|ге|қа|ке|дан|ден|тан|тен|нан|нен)$")
_TO_OR_FROM_LAST = frozenset("ға ге қа ке ан ен".split())  # their last two letters
# The last two letters of the case endings of ``kk.case_marked`` (a quick test first).
_CASE_LAST = frozenset("ға ге қа ке ны ні ды ді ты ті да де та те ан ен ғы гі".split())


def motion_place(text: str, tok: Token) -> bool:
    """``tok`` has a dative or ablative ending, a verb of motion follows it
    within two lower-case words of its clause, and nothing says person: no
    listed first name, surname or patronymic, no name's shape, no ordinary
    word or stem."""
    low = tok.text.lower()
    m = _TO_OR_FROM.search(low)
    if m is None or kk.word_cue(tok.text) in ("F", "S", "P", "O") \
            or not _nominative_may_name(tok.text[:m.start()]) and kk.word_cue(tok.text) != "L":
        return False
    pos = tok.end
    for _ in range(2):
        nxt = _CLAUSE_WORDS.match(text, pos)
        if nxt is None:
            return False
        verb = nxt.group(1)
        if verb.startswith(_MOTION) and not verb.startswith(("кеш", "келес", "кетп")):
            return verb.startswith(_TO_A_PLACE) or not (
                kk.name_shaped(tok.text) or kk.affectionate(tok.text))
        pos = nxt.end()
    return False


def _countries_and_places_reached(text, tokens) -> list[Span]:
    """One pass over the words with a case ending's last two letters (a slice
    and a set: most words fail it): ``_country`` and ``_reached_place``."""
    spans = []
    for i in as_tokens(tokens).capitalised:  # (the capital first: shared, once per text)
        t = tokens[i]
        last = t.text[-2:]
        if last not in _CASE_LAST or len(t.text) < 6:
            continue
        if _country(t) or last in _TO_OR_FROM_LAST and _reached_place(text, t):
            spans.append(_span(text, t.start, t.end, PLACE, "rules:place"))
    return spans


def _reached_place(text, t) -> bool:
    """"Жаңабұлаққа жетті", "Тастөбеден келдік": an unlisted village where
    someone goes or comes from (``motion_place``)."""
    return not t.text.isupper() and "-" not in t.text \
        and not sentence_start(text, t.start) and not kk.ordinary(t.text) \
        and not _stem_ordinary(t.text) and not _lower_elsewhere(text, t.text) \
        and motion_place(text, t)


def _country(t) -> bool:
    """A country of the world written in Cyrillic with a Kazakh case ending
    but the genitive ("Таиландқа", "Малайзиядан", "Түркияда"): a place, as
    KazNERD and the Kazakh sets mark them; the model misses the rarer ones.
    The nominative and the genitive are left to the model: they open a state's
    titles and bodies more often than they name the place ("Қазақстан
    Республикасы", "Ресей Президенті", "Қазақстанның Тұңғыш Президенті")."""
    return len(t.text) > 6 and kk.case_marked(t.text) and places.world_country_form(t.text) \
        and not places.world_place(t.text)  # "Қазақстан" ends like an ablative


# The plural of a place noun in the possessive ("ауылдарына", "қалаларында",
# "аудандарының"): the names before it, joined by "мен/пен/бен", "және" or a
# comma, are places each ("Көктерек пен Жаңатілек ауылдарына"), each span the
# name alone (the plural word belongs to them all).
_PLURAL_PLACE = ("ауылдар", "аудандар", "қалалар", "облыстар", "кенттер", "округтер")
_JOIN = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+(?:мен|пен|бен|және|әрі)[ \t]+)")


# The last text's ``_joined_places``, with that text and its tokens (the same
# objects): ``refine`` asks again what ``find`` found on them.
_last_joined: tuple = (None, None, ())


def _joined_places(text, tokens) -> list[Span]:
    global _last_joined
    last_text, last_tokens, last_found = _last_joined
    if text is last_text and tokens is last_tokens:
        return list(last_found)  # (the same text and tokens: a pure function's answer)
    found = _plain_joined_places(text, tokens)
    _last_joined = (text, tokens, tuple(found))  # (one tuple: read whole by any thread)
    return found


def _plain_joined_places(text, tokens) -> list[Span]:
    spans = []
    if not any(p in text for p in _PLURAL_PLACE):
        return spans  # (a plain search: no word of the text starts with one)
    tokens = as_tokens(tokens)
    for k in tokens.where([w for w in tokens.words if w.startswith(_PLURAL_PLACE)
                           and kk.possessive_place_noun(w)]):
        if k == 0:
            continue
        tok = tokens[k]
        j = k - 1
        if not name_gap(text, tokens[j], tok) or not _place_name_word(text, tokens[j]):
            continue
        # each name alone: the plural place word is all the names', not the last's
        found = [(tokens[j].start, tokens[j].end)]
        while j > 0:
            prev = tokens[j - 1]
            if prev.text in ("мен", "пен", "бен", "және", "әрі") and j > 1:
                prev = tokens[j - 2]
                step = 2
            else:
                step = 1
            if not _JOIN.fullmatch(text, prev.end, tokens[j].start) \
                    or not _place_name_word(text, prev):
                break
            found.append((prev.start, prev.end))
            j -= step
        spans += [_span(text, a, b, PLACE, "rules:place") for a, b in found]
    return spans


def _place_name_word(text, tok) -> bool:
    """A capitalised word that can name a place: in the nominative ("Ресейдің
    қалаларында", in the towns of Russia, names none), no country, no ordinary
    word opening a sentence, no organisation or place head."""
    return tok.is_title and not tok.text.isupper() and name_cue(tok) not in ("O", "G") \
        and not _GENITIVE.search(tok.text.lower()) and not kk.case_marked(tok.text) \
        and not places.is_country(tok.text) \
        and not (sentence_start(text, tok.start) and kk.ordinary(tok.text))


def _families_and_genitive_places(text, tokens) -> list[Span]:
    """A family named by a surname in the plural ("Сейітовтерді"); and
    "Ақжарманың тұрғындары": a capitalised word in the genitive before the
    word for its residents, its people or its streets is a place, even
    opening a sentence (no ordinary word, none written small elsewhere)."""
    spans = []
    for start, end in _words_holding(text, _FAMILY_HINTS):
        word = text[start:end]
        if word[0].isupper() and _FAMILY.search(word.lower()) and not kk.ordinary(word):
            spans.append(_span(text, start, end, PERSON, "rules:person"))
    for m in _PLACE_POSSESSED.finditer(text):
        end = start = m.start()
        while start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            start -= 1
        tok = Token(start, end, text[start:end])
        if tok.text[:1].isupper() and _GENITIVE.search(tok.text.lower()) and _name_like(tok) \
                and not kk.ordinary(tok.text) and not _lower_elsewhere(text, tok.text):
            spans.append(_span(text, tok.start, tok.end, PLACE, "rules:place"))
    return spans


def _words_holding(text, pieces):
    """(start, end) of each word of the text holding one of the pieces (str.find:
    quicker than a pattern that would try every word)."""
    seen = set()
    for piece in pieces:
        i = text.find(piece)
        while i >= 0:
            start, end = i, i + len(piece)
            while start and text[start - 1].isalnum():
                start -= 1
            while end < len(text) and text[end].isalnum():
                end += 1
            if start not in seen:
                seen.add(start)
                yield start, end
            i = text.find(piece, end)


# A surname in the plural names a family ("Сейітовтерді", "Ахметовтардың",
# "Пушкиндер"): -ов/-ев take -тар/-тер, -ин/-ын -дар/-дер, then one case
# ending or the possessive.
_FAMILY = re.compile(r"(?<=\w{3})(?:(?:ов|ев|ёв)т[ае]р|[иы]нд[ае]р)"
                     r"(?:д[ыі]ң|д[ыі]|ға|ге|д[ае]н?|мен|[ыі])?$")
_FAMILY_HINTS = ("втар", "втер", "индер", "индар", "ындар", "ындер")
# A word of a place after a word (not one of _NEAR: "Ақжарманың тұрғындары").
_PLACE_POSSESSED = re.compile(r" (?:тұрғын|халқ|көшелер|аумағ|жұртшылығ|әкімі)")


# What follows a first name that says a person is meant, even when the name is
# also an ordinary word opening a sentence: a dash and, in the same clause, a
# word for a person's trade, origin, family or age ("Азамат — ауыл мектебінің
# мұғалімі", "Әсем — 24 жастағы дизайнер"); "деген" / "деп" and a word for a
# person ("Әсем деген қыз": a girl called Әсем); a first name in an object case
# ("Әсем Маржанмен кездесті").
_DASH = re.compile(r"[ \t]*[—–-][ \t]*([^.,;:!?\n]{1,120})")
_PERSON_WORD = re.compile(
    r"(?<!\w)(?:\d+\s*жас|тұрғын|тумас|түлег|студент|оқушы|маман|ұстаз|жігіт|бойжеткен|келіншек|"
    r"ардагер|кейіпкер|дизайнер|бухгалтер|программист|экономист|заңгер|суретші|ақын|жазушы|"
    r"чемпион|депутат|әкім|мұғалім|дәрігер|журналист|директор|инженер|фермер|тренер|"
    r"менеджер|кәсіпкер|әнші|биші|спортшы|зейнеткер|(?<!\w)(?:әкесі|анасы|ұлы|қызы|апасы|"
    r"ағасы|інісі|әжесі|атасы|жұбайы|немересі|досы|әріптесі|шәкірті)(?!\w))"
    r"(?![дтл][ыі][қкғг])")  # not the abstract noun: мамандық, әкімдік, ұстаздық
_CALLED = re.compile(r"[ \t]+(?:деген|деп|дегеніміз|дейтін|дегенді)(?!\w)(?:[ \t]+(\w+))?")
_PERSON_NOUN = re.compile(
    r"(?:қыз|жігіт|бала|кісі|адам|әйел|келіншек|бойжеткен|ағай|апай|ақсақал|қария|оқушы|"
    r"студент|мұғалім|дәрігер|азамат|ер|бозбала|әже|ата)"
    r"(?:[ыі]|ға|ге|қа|ке|ны|ні|ды|ді|мен|бен|пен|ның|нің|дың|дің|да|де|та|те|лар|лер|дар|дер)?")
_OBJECT_NAME_AFTER = re.compile(r" (\w+)")


def introduced(text: str, start: int, end: int) -> bool:
    """True when what follows the name ``text[start:end]`` says a person is meant."""
    m = _DASH.match(text, end)
    if m and _PERSON_WORD.search(m.group(1)):
        return True
    m = _CALLED.match(text, end)
    if m:
        return m.group(1) is not None and _PERSON_NOUN.fullmatch(m.group(1).lower()) is not None
    m = _OBJECT_NAME_AFTER.match(text, end)
    return m is not None and kk.two_people(text[start:end], m.group(1))


def called(text: str, end: int) -> bool:
    """"Бақыт деген не?": a word before деген / деп that is no person's name
    (no word for a person follows)."""
    m = _CALLED.match(text, end)
    return m is not None and not (
        m.group(1) is not None and _PERSON_NOUN.fullmatch(m.group(1).lower()))


def _introduced(text, tokens) -> list[Span]:
    """A listed first name that what follows shows to be a person (``introduced``),
    at a sentence start for a dash; anywhere before деген and a person word."""
    spans = []
    for i in as_tokens(tokens).capitalised:
        tok = tokens[i]
        if kk.word_cue(tok.text) == "F" and (
                _CALLED.match(text, tok.end) or sentence_start(text, tok.start)) \
                and introduced(text, tok.start, tok.end):
            spans.append(_span(text, tok.start, tok.end, PERSON, "rules:person"))
        elif text.startswith("де", tok.end + 1) and _CALLED.match(text, tok.end) \
                and unknown_named(text, tok) \
                and introduced(text, tok.start, tok.end):
            # an unlisted name before деген and a word for a person ("Басықара деген кісі")
            spans.append(_span(text, tok.start, tok.end, PERSON, "rules:person"))
        elif i and tokens[i - 1].text.lower() in _MY_NAME_WORDS \
                and _MY_NAME_GAP.fullmatch(text, tokens[i - 1].end, tok.start) \
                and _name_like(tok) and not kk.ordinary(tok.text) and not tok.text.isupper() \
                and name_cue(tok) not in ("L", "G", "O") and not places.is_country(tok.text):
            end = tok.end  # the surname and patronymic after it ("атым Басықара Төлегенов")
            for nxt, prev in zip(tokens[i + 1:i + 3], tokens[i:i + 2]):
                if not (nxt.is_title and name_gap(text, prev, nxt) and _name_like(nxt)):
                    break
                end = nxt.end
            spans.append(_span(text, tok.start, end, PERSON, "rules:person"))
    return spans


# "My name is", "my surname is", "her name is": "Менің атым Басықара", "есімім
# Тілеуқара", "аты-жөнім ...", "фамилиям Жүнісов", "Оның есімі ..." ("аты",
# "its name", names a village as well: "Ауылдың аты Жаңатұрмыс").
_MY_NAME_WORDS = frozenset("атым есімім есімі аты-жөнім аты-жөні тегім фамилиям".split())
_MY_NAME_GAP = re.compile(r"[ \t]*[:—–-]?[ \t]*")


# "Жеңіс күні" (Victory Day), "Білім күні": a word in the nominative before
# "күні" (day) names a day, not a person (a person's day takes the genitive:
# "Асқардың туған күні").
_DAY_AFTER = re.compile(r" (?:күні|күнін|күніне|күнінде|күнімен|күнінің|мерекесі\w*)(?!\w)")
# A holiday's name: a capitalised word, up to two words in the plural, then
# "күні" (day), "мерекесі" or "мейрамы" in any case ("Отан қорғаушылар
# күнінен", "Ұстаздар күні", "Жеңіс мерекесінде").
_HOLIDAY_AFTER = re.compile(r"((?:[ \t]+[а-яәғқңөұүһі]+){0,2}?)[ \t]+(?:күн|мерекес|мейрам)"
                            r"[а-яәғқңөұүһі]*(?![\w-])([ \t]+[а-яәғқңөұүһі]+)?")
_PLURAL = re.compile(r"\w{2,}(?:лар|лер|дар|дер|тар|тер)$")
_NOT_HOLIDAY_NEXT = frozenset("бойы бұрын кеше бүгін түні ішінде сайын".split())


# Kinds of a work after its title in guillemets (any ending): a film, a play,
# an opera, a song, a poem, an epic, a novel, a tale, a book.
_WORK_AFTER = re.compile(
    r"[»”\"][ \t]+(?:(?:деген|атты)[ \t]+)?"
    r"(?:фильм|кинофильм|мультфильм|сериал|спектакл|қойылым|опера|балет|мюзикл|драма|"
    r"комедия|трагедия|пьеса|ән|әні|әнін|әнді|өлең|жыр|дастан|эпос|поэма|роман|повесть|"
    r"әңгіме|ертегі|кітап|кітаб|күй|толғау|хикая|новелла|романс)[а-яәғқңөұүһі]*(?![\w-])")


def _in_a_works_title(text: str, span: Span) -> bool:
    """A span inside a title in guillemets that a kind of work follows
    («Қыз Жібек» фильмі, «Ер Тарғын» жыры): the title of a work, and the
    character in it no person to mask."""
    opening = text.rfind("«", max(0, span.start - 60), span.start)
    if opening < 0 or "\n" in text[opening:span.start] or "»" in text[opening:span.start]:
        return False
    closing = text.find("»", span.end - 1, span.end + 60)
    if closing < 0 or "\n" in text[span.end:closing]:
        return False
    return _WORK_AFTER.match(text, closing) is not None


# Words that name a poet, a writer, a composer or a hero before the name
# ("ақын Мұқағали", "ұлы ақын Абайдың", "жазушы Ғабит Мүсірепов").
_FIGURE_WORDS = frozenset("""
ақын ақынның ақынымыз жазушы жазушының композитор күйші жырау ойшыл ағартушы қаламгер
классик сазгер драматург ақиық
""".split())
# those that hold no other (a text holding one of those holds one of these)
_FIGURE_KEYS = tuple(w for w in _FIGURE_WORDS if not any(v != w and v in w for v in _FIGURE_WORDS))
_FIGURE_STEMS = frozenset().union(*(candidates(w) | {fold(w).lower()} for w in names.FIGURES))


def _says_figure(text: str) -> bool:
    """Some word of ``_FIGURE_WORDS`` stands in the text: without one no span
    is a figure (``_figure``), and a text is searched once, not around each span."""
    low = text.lower()
    return any(w in low for w in _FIGURE_KEYS)


def _figure(text: str, span: Span) -> bool:
    """A poet, writer or hero of history or an epic named as such
    (``names.FIGURES`` after a word that says so: "ақын Мұқағалидың",
    "жазушы Мұхтар Әуезовтің"): no one's identifier, as the {N:...} marks of
    the Kazakh sets. The same first name as a neighbour's stays a name."""
    words = text[span.start:span.end].split()
    said = bool(words) and words[0].lower() in _FIGURE_WORDS
    if said:
        words = words[1:]
    if not words or len(words) > 3:
        return False
    if not said:
        # the word before, over the figure's first names ("ақын Мұқағали Мақатаевтың")
        for word in reversed(text[max(0, span.start - 40):span.start].split()[-3:]):
            if word.lower() in _FIGURE_WORDS:
                said = True
                break
            if fold(word).lower() not in _FIGURE_STEMS:
                break
    if not said:
        # (a full name before the works alone, "Ғабит Мүсіреповтің кітабы", is
        # left a name: KazNERD marks such a writer as a person)
        return False
    return all(fold(w).lower() in _FIGURE_STEMS or not candidates(w).isdisjoint(_FIGURE_STEMS)
               for w in words)


def _says_day(text: str) -> bool:
    """A word of ``_DAY_AFTER`` or ``_HOLIDAY_AFTER`` (day, holiday) may stand
    in the text: each of their matches holds one of these."""
    return "күн" in text or "мерекес" in text or "мейрам" in text


def _holiday(text: str, span: Span) -> bool:
    """A span that names a holiday with the words after it: its last word in
    the plural or lower case, or plural words between it and the day word
    ("Отан қорғаушылар күні"); a name's nominative before "күні" alone is
    the one-word rule of ``refine`` ("Айгүл демалыс күні", "Ержан күні бойы",
    "Әсемнің туған күні" are no holidays)."""
    m = _HOLIDAY_AFTER.match(text, span.end)
    if m is None or (m.group(2) or "").strip() in _NOT_HOLIDAY_NEXT:
        return False
    between = m.group(1).split()
    last = text[span.start:span.end].split()[-1]
    if between:
        return all(_PLURAL.match(w) for w in between) and not _GENITIVE.search(last.lower()) \
            and not kk.case_marked(last)
    return last.islower() and _PLURAL.match(last) is not None


def refine(text: str, spans: list[Span], tokens: list[Token] | None = None) -> list[Span]:
    """A person span of a bare first name and a first name in an object case
    ("Әсем Маржанмен") is two people: two spans. A one-word person span before
    "күні" is the name of a day: dropped. Then the grammar around a span
    (``_by_the_words_around``): a kinship or trade word before a name, a
    street named after a hero, a genitive before a word of a place.
    ``tokens``: the text's tokens when the caller has them."""
    out = []
    # (``find``'s, remembered for the same text and tokens; [] without a plural place word)
    joined = {s.start for s in _joined_places(text, tokenize(text) if tokens is None else tokens)}
    figures = _says_figure(text)
    # (the words each check's pattern holds, looked for once in the text: a
    # text without them has no day's or holiday's name, no "Ұлы" before a name)
    days, great = _says_day(text), "Ұлы" in text
    spans = [t for s in spans for t in _first_steps(text, s)]
    for span in filter(None, (_by_the_words_around(text, s) for s in spans)):
        if span.category == PERSON:
            out += _joined_person(text, span, spans)
        if span.category == PLACE and (_honoured(text, span.end) or framed_person(
                text, span.start, span.end) and unknown_named(
                text, Token(span.start, span.end, text[span.start:span.end]))):
            span = replace(span, category=PERSON)  # "Жолымбет ақсақал": no place
        if span.category == PERSON and " " not in span.text.strip() and motion_place(
                text, Token(span.start, span.end, text[span.start:span.end])):
            span = replace(span, category=PLACE)  # "Ақжарға қайттық": no one's home
        if span.category == PERSON and span.start in joined:
            span = replace(span, category=PLACE)  # "Дәурен мен Ақжар ауылдарында"
        name = text[span.start:span.end]
        first, _, second = name.partition(" ")
        if span.category == PERSON and not second and days and _DAY_AFTER.match(text, span.end) \
                and not kk.case_marked(name):
            continue
        if span.category == PERSON and great and _great(text, span.start, first):
            continue
        if span.category in (PERSON, PLACE) and (
                _in_a_works_title(text, span) or figures and _figure(text, span)):
            continue  # «Қыз Жібек» фильмі, "ақын Мұқағалидың өлеңдері": no one's identifier
        if span.category in (PERSON, PLACE) and days and _holiday(text, span):
            continue  # "Отан қорғаушылар күні", "Ұстаздар күнінде": a holiday's name
        if span.category == PERSON and not second and kk.my_noun(name) \
                and sentence_start(text, span.start - (text[span.start - 1:span.start] in "«\"“")):
            continue  # "Арманым орындалды": my dream, "Мақсатымыз": our aim
        if span.category == PERSON and second and " " not in second \
                and (kk.two_people(first, second) or kk.surname_then_other(text, first, second)):
            out.append(replace(span, end=span.start + len(first), text=first))
            start = span.end - len(second)
            out.append(replace(span, start=start, text=second))
        else:
            out.append(span)
    return out


def _first_steps(text: str, span: Span) -> list[Span]:
    """What ``refine``'s first steps make of one span, in their order:
    initials off, no common noun or nationality, the compass word taken in, a
    surname or a short name that is no place, no contest. Each step reads
    spans of some categories and returns the others as they are, so a span
    goes through its category's steps alone (an organisation through the
    first, a person through the second and the last; a place through all,
    and what it becomes, a person too, through the steps after). The steps
    of a model's spans alone (initials off, no common noun, a surname or a
    short name that is no place) are not called for another's: it is asked
    its family once."""
    category = span.category
    if category not in (PERSON, PLACE):
        if category == ORGANISATION:
            span = _initials_off(text, span)
        return [] if span is None else [span]
    model = span.family == "ner"
    if model and category == PLACE:
        span = _initials_off(text, span)
        if span is None:
            return []
    if model and _common_noun(text, span) or kk.nationality(span.text):
        return []
    if category == PERSON:
        span = _contest_off(text, span)
        return [] if span is None else [span]
    if not model:
        span = _contest_off(text, _with_compass(text, span))
        return [] if span is None else [span]
    out = []
    for s in _surname_not_place(text, _with_compass(text, span)):
        s = _contest_off(text, _short_name_not_place(text, s))
        if s is not None:
            out.append(s)
    return out


# A compass word before a region's name is part of it ("Шығыс Қазақстан
# облысының", "Солтүстік Қазақстанда"); folded stems of the whole words.
_COMPASS_WORDS = frozenset("шыгыс батыс солтустик онтустик".split())
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")
# The last letters of the words of ``_COMPASS_WORDS`` ("с", "к"), and every
# letter that folds and lowers to one of them.
_COMPASS_LAST = frozenset("сСкКқҚ")


def _compass_may_end(before: str) -> bool:
    """``before`` (the text searched by ``_with_compass``) ends as a match of
    ``_WORD_BEFORE`` whose word is a compass word does: a letter of
    ``_COMPASS_LAST``, then spaces or tabs, then its end or a last line
    break (where "$" matches too). Most spans follow another word: the
    pattern, tried at each of the 16 characters, is not searched."""
    if before.endswith("\n"):
        before = before[:-1]
    word = before.rstrip(" \t")
    return len(word) < len(before) and word[-1:] in _COMPASS_LAST


def _with_compass(text: str, span: Span) -> Span:
    """A place span widened to the capitalised compass word right before it
    ("Шығыс" of "Шығыс Қазақстан облысының"): a models' span often starts
    after it, as the word alone is a common noun (east)."""
    if span.category != PLACE or not _compass_may_end(text[max(0, span.start - 16):span.start]):
        return span
    m = _WORD_BEFORE.search(text, max(0, span.start - 16), span.start)
    if m is None or not m.group(1)[:1].isupper() \
            or fold(m.group(1)).lower() not in _COMPASS_WORDS:
        return span
    return replace(span, start=m.start(1), text=text[m.start(1):span.end])


# Event words after a continent's name ("Азия чемпионатына", "Еуропа кубогы",
# "Азия ойындарында"): the name of a contest, no place of anyone.
_EVENT_AFTER = re.compile(r"[ \t]+(?:чемпионат|кубог|кубок|ойындар|біріншілі|турнир)")


def _surname_not_place(text: str, span: Span) -> list[Span]:
    """A model's place span that opens with a word of a surname's shape (-ов,
    -ев, -ин, -ова, -ұлы, -қызы) that no place list knows, and no place noun
    after it ("Бекежанов", "Қайыржанов" before a first name), is a person: the
    surname (with the name words after it); the words after the name stay a
    place, but a contest's name ("Азия чемпионатына") is nothing."""
    if span.category != PLACE or span.family != "ner":
        return [span]
    words = words_of(text[span.start:span.end])
    if not words or name_cue(words[0]) not in ("S", "P") \
            or places.is_place(words[0].text, evidence=True) or places.is_country(words[0].text) \
            or any(kk.possessive_place_noun(w.text) or kk.bare_place_noun(w.text)
                   or kk.word_cue(w.text) in ("G", "O") for w in words) \
            or _PLACE_NOUN_NEXT.match(text, span.end):
        return [span]
    k = 1
    while k < len(words) and name_cue(words[k]) in ("F", "S", "P") \
            and not places.world_place(words[k].text):
        k += 1
    end = span.start + words[k - 1].end
    out = [replace(span, end=end, category=PERSON, source="rules:person", text=text[span.start:end])]
    if k < len(words) and not _EVENT_AFTER.match(text, span.end):
        start = span.start + words[k].start
        out.append(replace(span, start=start, text=text[start:span.end]))
    return out


def _short_name_not_place(text: str, span: Span) -> Span:
    """A model's place of one word that is a Russian short first name ("Лёша",
    "Ваняға") and no listed place, no place noun after it: a person."""
    if span.category != PLACE or span.family != "ner":
        return span
    word = text[span.start:span.end]
    if not word.isalpha() or not kk.ru_short_name(word) or places.is_place(word, evidence=True) \
            or places.is_country(word) or _PLACE_NOUN_NEXT.match(text, span.end):
        return span
    return replace(span, category=PERSON)


def _contest_off(text: str, span: Span) -> Span | None:
    """A continent (``places.world_region``) closing a person span before an
    event word ("Бекежанов Азия чемпионатына": the Asian championship) is cut
    off; a person or place span of that word alone is dropped."""
    if span.category not in (PERSON, PLACE) or not _EVENT_AFTER.match(text, span.end):
        return span
    words = words_of(text[span.start:span.end])
    if span.category == PLACE:
        return None if len(words) == 1 and places.world_region(words[0].text) else span
    if not words or not places.world_region(words[-1].text):
        return span
    if len(words) == 1:
        return None
    end = span.start + words[-2].end
    return replace(span, end=end, text=text[span.start:end])


_PLACE_NOUN_NEXT = re.compile(r"[ \t]+(?:облыс|аудан|ауыл|аул|қала|кент|өңір|көше|даңғыл|"
                              r"округ|өзен|көл|елді|шағын)")


def _common_noun(text: str, span: Span) -> bool:
    """A model's one-word place or person span opening a sentence (or a
    speaker's turn) that is an ordinary Kazakh noun with a case ending, or
    bare ("Телефонмен": by telephone, "Кітапхана"), no listed name, place or
    name shape, and no place noun after it."""
    if span.category not in (PLACE, PERSON) or span.family != "ner" \
            or not sentence_start(text, span.start):
        return False
    word = text[span.start:span.end]
    if not word.isalpha() or len(word) < 5:
        return False
    low = word.lower()
    m = kk._CASE_ENDING.search(low)
    stem = low[:m.start()] if m else low
    if len(stem) < 3 or stem not in kk.common_stems() and low not in kk.common_words() and not (
            len(stem) > 4 and kk.written_lower(text, stem.title())):
        return False  # (a stem written in lower case elsewhere in the text is a noun too)
    return kk.word_cue(word) not in ("F", "S", "P", "L") and not kk.name_shaped(word) \
        and stem not in kk._NOUN_NAMES and not places.is_place(word, evidence=True) \
        and not places.is_country(word) and not _PLACE_NOUN_NEXT.match(text, span.end)


# Initials closing a model's organisation or place ("Хатқа Т. Қ." before
# "Әбдікәрімова"): they open the person's name after them.
_INITIALS_END = re.compile(r"(?:^|[ \t])((?:[А-ЯӘҒҚҢӨҰҮҺІЁ]\.[ \t]?){1,2})$")
_SURNAME_AFTER = re.compile(r"[ \t]*([^\W\d_][\w-]+)")


def _initials_off(text: str, span: Span) -> Span | None:
    if span.category not in (ORGANISATION, PLACE) or span.family != "ner":
        return span
    m = _INITIALS_END.search(text, span.start, span.end)
    after = _SURNAME_AFTER.match(text, span.end) if m else None
    if after is None or name_cue(Token(after.start(1), after.end(1), after.group(1))) not in (
            "S", "P"):
        return span
    end = m.start(1)
    while end > span.start and text[end - 1] in " \t":
        end -= 1
    rest = words_of(text[span.start:end])
    if not rest or len(rest) == 1 and sentence_start(text, span.start) and (
            kk.case_marked(rest[0].text) or kk.ordinary(rest[0].text)):
        return None  # "Хатқа Т. Қ.": an ordinary word opening the sentence, and initials
    return replace(span, end=end, text=text[span.start:end])


# "Ақберен мен Ақтолқынның": a bare capitalised word joined by мен/пен/бен to a
# person (only the last of joined names takes the case ending).
_JOINED_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w-]*)[ \t]+(?:мен|пен|бен)[ \t]+$")


def _joined_person(text: str, span: Span, spans: list[Span]) -> list[Span]:
    if not _joined_at_end(text[max(0, span.start - 40):span.start]):
        return []  # (most spans: no pattern searched)
    m = _JOINED_BEFORE.search(text, max(0, span.start - 40), span.start)
    if m is None:
        return []
    tok = Token(m.start(1), m.end(1), m.group(1))
    if not tok.is_title or not _name_like(tok) or kk.ordinary(tok.text) \
            or name_cue(tok) in ("L", "G", "O") or kk.case_marked(tok.text) \
            or _GENITIVE.search(tok.text.lower()) or tok.text.lower().endswith(_ABSTRACT) \
            or _stem_ordinary(tok.text) or not _plain_start(text, tok) \
            or places.is_country(tok.text) or _lower_elsewhere(text, tok.text) \
            or any(s.start < tok.end and tok.start < s.end for s in spans):
        return []
    return [_span(text, tok.start, tok.end, PERSON, "rules:person")]


def _joined_at_end(before: str) -> bool:
    """``before`` ends as each match of ``_JOINED_BEFORE`` does: "мен",
    "пен" or "бен", then spaces or tabs, then its end or a last line break
    (where "$" matches too)."""
    if before.endswith("\n"):
        before = before[:-1]
    words = before.rstrip(" \t")
    return len(words) < len(before) and words.endswith(("мен", "пен", "бен"))


def _by_the_words_around(text: str, span: Span) -> Span | None:
    """The checks in order of their cost: most spans pass them all."""
    if span.category not in (PERSON, PLACE) or span.source == "ner:natasha":
        return span
    if _STATE_WORD.search(text, span.start, span.end) and all(
            not candidates(w.text).isdisjoint(_NO_NAME_STEMS)
            for w in words_of(text[span.start:span.end])):
        return None  # "Жолдауында", "Әкім Жолдауында": the Address, the Government
    street = _HERO_STREET.match(text, span.end)
    if street and kk.possessive_place_noun(street.group(2)):
        start = text.rfind(" ", span.start, span.end) + 1 or span.start
        # "Ашылуға Қабанбай батыр даңғылындағы": the last word and the street
        # word; a village or town named so takes its name alone
        end = street.end() if street.group(2).startswith(("көше", "даңғыл")) else street.end(1)
        return replace(span, start=start, end=end, category=PLACE, text=text[start:end])
    if span.category == PLACE and eponym_as_person(text, span):
        return replace(span, category=PERSON)  # "Жамбылдың жырлары", "Әуезов айтты"
    if span.category != PERSON:
        return span
    space = text.find(" ", span.start, span.end)
    if space < 0:
        if _place_of_the_genitive(text, span):
            return replace(span, category=PLACE)  # "Қаракемердің тұрғындары"
        if _WORD_AND_WORD.match(text, span.end) and sentence_start(text, span.start) \
                and kk.noun_name(text[span.start:span.end]):
            return None  # "Бақыт пен береке — ...": two common nouns, a saying
        return span
    if _lead_word(text[span.start:space]):
        words = words_of(text[span.start:span.end])
        if len(words) > 1 and _name_like(words[1]) and not kk.ordinary(words[1].text):
            start = span.start + words[1].start  # "Немерем Дінмұхамед", "Медбике Ақжан"
            # the word before is a cue: the name found is found again elsewhere
            return replace(span, start=start, text=text[start:span.end], source=CUE)
    if _ending_word(text[span.start:space]):
        words = words_of(text[span.start:span.end])
        if len(words) > 1 and _name_like(words[1]) and not kk.ordinary(words[1].text):
            start = span.start + words[1].start  # "Бөлімдегі Сейдахметов", "Сабақты Ерлан"
            return replace(span, start=start, text=text[start:span.end])
    return span


# Works of a poet, a writer or a singer after a name in the genitive
# ("Жамбылдың жырлары", "Әуезовтің кітабы"), and verbs of speaking or writing
# after a name ("Жамбыл айтты", "Абай жазған"): a person, not the place that
# bears the name.
_WORKS_AFTER = re.compile(
    r"[ \t](?:жыр|өлең|өлең|кітаб|кітап|шығарма|роман|әңгіме|әні|әндер|күй|күйлер|поэма|"
    r"дастан|толғау|мақала|пьеса|еңбег|еңбек|естелі|хат|өмірі|өмірбаян|шығармашылы|мұра|"
    r"сөзі|сөздер|қара сөз|аудармас|портрет|ескерткіш|мерейтой|туған күні|шәкірт|ұрпа|"
    r"әкесі|анасы|ұлы|қызы|немере|айтқан|жазған)[а-яәғқңөұүһі]*(?![\w-])")
_SPEAKING_AFTER = re.compile(
    r"[ \t](?:айтты|айтқан|айтады|айтыпты|деді|деген|дейді|депті|жазды|жазған|жазады|"
    r"жазыпты|жырлады|жырлаған|жырлайды|сөйледі|сөйлеген|ескертті|үйреткен|өсиет\w*)(?![\w-])")


def eponym_as_person(text: str, span: Span) -> bool:
    """A place span that is the name of a person a region or town bears
    (``places.EPONYMS``), and the words after it say person: works after its
    genitive, or a verb of speaking or writing right after it; a first name
    before it ("Мұхтар Әуезов") too. A place word after it keeps it a place."""
    shape = _eponym_shape(text[span.start:span.end])
    if shape is None:
        return False
    if shape == "genitive":
        return _WORKS_AFTER.match(text, span.end) is not None
    return _SPEAKING_AFTER.match(text, span.end) is not None or shape == "two words" \
        and not _PLACE_WORD_NEXT.match(text, span.end)


@lru_cache(maxsize=1 << 12)
def _eponym_shape(name: str) -> str | None:
    """What ``eponym_as_person`` reads of the span's words alone, remembered
    (a place is named again and again): None when they name no eponym
    (more than two words, the last no eponym's form, or a word before it
    that is no first name); "genitive" for an eponym in the genitive; else
    "one word" or "two words"."""
    words = words_of(name)
    if not words or len(words) > 2:
        return None
    last = words[-1].text
    stems = candidates(last) | {last}
    if stems.isdisjoint(_EPONYM_STEMS):
        return None
    if len(words) == 2 and name_cue(words[0]) != "F":  # (a token's word: its offsets unread)
        return None
    if _GENITIVE.search(last.lower()):
        return "genitive"
    return "two words" if len(words) == 2 else "one word"


_EPONYM_STEMS = frozenset().union(*(candidates(w) | {w} for w in places.EPONYMS))
_PLACE_WORD_NEXT = re.compile(r"[ \t](?:облыс|аудан|ауыл|қала|өңір|көше|даңғыл|ауданы|елді|"
                              r"кент|поселк|станс)")


# The Address, the Government, Parliament and its chambers, the Constitution:
# capitalised in the news, taking every case ending ("Жолдауында"), no person
# or place.
_STATE_STEMS = frozenset().union(*(candidates(w) for w in """
жолдау жолдауы үкімет парламент мәжіліс сенат конституция
""".split()))
_STATE_WORD = re.compile(r"Жолдау|Үкімет|Парламент|Мәжіліс|Сенат|Конституци")
_NO_NAME_STEMS = _STATE_STEMS | _TITLE_STEMS | candidates("әкім") | candidates("әкімі")
# A street named after a hero, a judge, a khan or a poet: "Бөгенбай батыр
# көшесі", "Төле би даңғылында", "Абылай хан даңғылы".
_HERO_STREET = re.compile(r"[ \t](батыр|би|хан|ақын)[ \t]([^\W\d_]+)")
# A common noun joined to another by "мен" and a dash after: "Бақыт пен
# береке — бірлікте" (a saying), not "Бақыт пен Айгүл".
_WORD_AND_WORD = re.compile(r"[ \t](?:мен|пен|бен)[ \t][а-яәғқңөұүһі]+[^.!?\n—–]*[—–]")
# Trade words the rules and the model may take into a name after them, beside
# ``kk.role_word`` (-шы, -кер, -гер): "Медбике", "Хирург", "Бапкер".
_TRADES = frozenset("""
медбике хирург бапкер механизатор актер актриса диқан аспирант инвестор ветеринар
фельдшер жүргізуші тәрбиеші кітапханашы құтқарушы балуан боксшы ақсақал зейнеткер
шебер ұста имам молда бақташы
""".split())
# What ``_name_like_word`` turns away by its stems and by its lower case.
_NOT_NAME_LIKE_STEMS = LABEL_STEMS | _TITLE_STEMS | _STATE_STEMS
_NOT_NAME_LIKE_WORDS = FUNCTION_WORDS | TITLE_WORDS | _TRADES


@lru_cache(maxsize=1 << 14)
def _lead_word(word: str) -> bool:
    """A kinship word ("Немерем", "Қызы") or a trade word opening a name, or
    a common noun with the possessive "our" or "your" (polite): "Кітапханашымыз",
    "Мұғаліміміз", "Дәрігеріңіз" (no name ends so)."""
    low = word.lower()
    return low in _KIN or low in ("қызы", "ұлы") or low in _TRADES or kk.role_word(word) \
        or kk.possessed_trade(word) or kk.our_noun(word) or kk.my_common_noun(low)




# The locative adjective ("Бөлімдегі": the one in the department) and an
# ordinary word with a case ending ("Сабақты", "Хатты"): only the last word of
# a name takes an ending, so such a word before a name is no part of it.
_WHERE_ADJECTIVE = re.compile(r"\w{3,}(?:дағы|дегі|тағы|тегі|ндағы|ндегі)$")


@lru_cache(maxsize=1 << 14)
def _ending_word(word: str) -> bool:
    low = word.lower()
    if _WHERE_ADJECTIVE.match(low):
        return True
    if not kk.case_marked(word) or kk.word_cue(word) in ("F", "S", "P"):
        return False
    common = kk.common_words()
    # (the stems are folded, the ordinary words not: fold keeps the length)
    return low in common or any(3 <= len(c) < len(low) and low[:len(c)] in common
                                for c in candidates(word))


# Words for what a place has: its people, its edge, its surroundings, its
# streets ("Тасөткелдің тұрғындары", "Бозтөбенің маңында").
_OF_A_PLACE = re.compile(
    r"[ \t](?:тұрғын\w*|халқы\w*|көшелер\w*|аумағ\w*|іргесі\w*|шеті\w*|шетін\w*|"
    r"маңы\w*|маңын\w*|төңірегі\w*|жұртшылығы\w*|әкімі\w*)(?!\w)")


# near it, at its edge: of a person too ("Асқардың маңында": near Asqar)
_NEAR = ("маң", "шет", "іргес", "төңіре")


def _place_of_the_genitive(text: str, span: Span) -> bool:
    """A word in the genitive before a word of a place: a place, unless it is
    a listed name whose genitive may as well mean "near her" (маңында)."""
    m = _OF_A_PLACE.match(text, span.end)
    word = text[span.start:span.end] if m else ""
    if not m or not _GENITIVE.search(word.lower()):
        return False
    strong = not m.group(0).strip().startswith(_NEAR)
    return strong or name_cue(Token(span.start, span.end, word)) not in ("F", "S", "P")


# "Ұлы" (great) capitalised inside a sentence is part of the name of an
# event, a land or a road ("Ұлы Жеңіс", "Ұлы Дала", "Ұлы Жібек жолы"); before
# a person it is written small ("ұлы Абай").
_GREAT_BEFORE = re.compile(r"Ұлы[ \t]+$")


def _great(text: str, start: int, first: str) -> bool:
    """A person span that is the name after the epithet "Ұлы" written
    capitalised inside a sentence (or that begins with it)."""
    if first == "Ұлы":
        return not sentence_start(text, start)
    m = _GREAT_BEFORE.search(text, max(0, start - 6), start)
    return m is not None and not sentence_start(text, m.start())


# Kinship and companion words, with "my" or "his/her" ("інім Жанат": my younger
# brother Zhanat; "досы Ерсайын"): the capitalised word after one is a name.
_KIN = frozenset("""
інім інісі ағам ағасы апам әпкем әпкесі қарындасым қарындасы сіңлім сіңлісі ұлым
қызым әкем әкесі анам анасы досым досы құрбым құрбысы жолдасым жолдасы әріптесім
әріптесі жұбайым жұбайы күйеуім күйеуі әйелім әйелі немерем немересі келінім келіні
баламыз нағашым нағашысы жиенім жиені көршім көршісі шәкірті шәкіртім
""".split())


_KIN_FORMS = _KIN | {w[:1].upper() + w[1:] for w in _KIN}
# The letters a word that ``kk.possessed_trade`` takes may end in: each
# possessive ending ends, folded and in lower case, in "з", "м", "н", "ы" or
# "и" (or before a last line break), and only these letters fold and lower to
# one (tests/anonymise/test_fast_kazakh_rules.py): the word's last letter is
# asked before the word (most end otherwise).
_POSSESSIVE_LAST = frozenset("змныиңіЗМНЫИҢІ\n")


def _kin_word(word: str) -> bool:
    """A kinship word or a trade word with a possessive before a name
    ("інім", "Дәрігеріміз")."""
    return word in _KIN_FORMS or word[-1:] in _POSSESSIVE_LAST and kk.possessed_trade(word)


def _after_kin(text, tokens) -> list[Span]:
    spans = []
    tokens = as_tokens(tokens)
    texts = tokens.texts
    # a kin or trade word before a capitalised word first, in one list
    # comprehension (most words turn away there), then the rest of the tests
    # (all pure: the same spans)
    for i in [i for i in tokens.capitalised if i and _kin_word(texts[i - 1])]:
        k, kin, tok = i - 1, tokens[i - 1], tokens[i]
        if not _name_like_word(tok.text) \
                or not name_gap(text, kin, tok) \
                or name_cue(tok) in ("L", "G", "O") or tok.text.isupper():
            continue
        end = tok
        nxt = tokens[k + 2] if k + 2 < len(tokens) else None
        if nxt is not None and name_gap(text, tok, nxt) and _name_like(nxt) \
                and name_cue(nxt) in ("S", "P"):
            end = nxt
        spans.append(_span(text, tok.start, end.end, PERSON, "rules:person"))
    return spans


# "Аяз ата", "Қыдыр ата", "Ұмай ана": a word that is no listed first name with
# "ата" (grandfather), "әже" or "ана" after it is a name as a whole.
_ELDER_WORDS = frozenset(("ата", "әже", "ана"))


def _elders(text, tokens) -> list[Span]:
    spans = []
    tokens = as_tokens(tokens)
    for tok, nxt in _after_one_of(tokens, _ELDER_WORDS):
        if name_gap(text, tok, nxt) and _name_like(tok) \
                and not sentence_start(text, tok.start) and name_cue(tok) != "F":
            spans.append(_span(text, tok.start, nxt.end, PERSON, "rules:person"))
    return spans


def _after_one_of(tokens, words):
    """(word before, word) for each word of the text in ``words`` but the
    first, in order: ``zip(tokens, tokens[1:])`` of the pairs whose second
    word is one of them, the distinct words asked first."""
    return [(tokens[k - 1], tokens[k]) for k in tokens.where(tokens.words & words) if k]


# Honorifics written after a name, the title outside the span ("Оразбай
# ақсақал", "Күләш апай", "Ерлан ағайға"); "аға" before a rank or a trade is
# "senior" (аға оқытушы, аға сержант), and "аға буын" the older generation.
# With a possessive ("Бекмырза ағамыздың": of our elder brother Бекмырза;
# "Сәуле апайымыз", "Жанар әпкем"), then a case ending; "ата" and "әже"
# (grandfather, grandmother) so too ("Рабиға әженің").
_HONORIFIC_WORDS = "ақсақал апай ағай аға әпке апа көке жеңгей жеңеше ата әже ханым мырза".split()
_HONORIFIC = re.compile(
    rf"(?:{'|'.join(_HONORIFIC_WORDS)})"
    r"(?:ымыз|іміз|мыз|міз|ыңыз|іңіз|ңыз|ңіз|ым|ім|м|ң|сы|сі|ы|і)?"
    r"(?:ға|ге|ны|ні|ды|ді|ның|нің|дың|дің|мен|бен|пен|дан|ден|нан|нен|да|де|лар|лар\w*|"
    r"на|не|нда|нде)?")
_HONORIFIC_OPENINGS = frozenset(w[:2] for w in _HONORIFIC_WORDS)  # (a word's first two letters)


def _honorific(word: str) -> bool:
    return _HONORIFIC.fullmatch(word) is not None


# The honorifics among a text's words, each word asked once ever.
_HONORIFICS = WordMemo(_honorific, openings=_HONORIFIC_OPENINGS)
# "ағайын" (kin, relatives) is built like ағай + ы + н, and stays no honorific.
_KIN_WORD = re.compile(r"ағайын")
_SENIOR = re.compile(
    r"[ \t]+(?:оқытушы|ғылыми|сержант|лейтенант|инспектор|прапорщик|тергеуші|маман|буын|"
    r"зерттеуші|кеңесші|мұғалім|дәрігер|жаттықтырушы|бапкер|инженер|механик)")


_NEXT_WORD = re.compile(r"[ \t]+(\w+)")


def _honoured(text: str, end: int) -> bool:
    """An honorific right after ``end`` ("ақсақал", "апайға"), no "senior" (аға оқытушы)."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and _HONORIFIC.fullmatch(m.group(1)) is not None \
        and not _KIN_WORD.match(m.group(1)) and text[m.end():m.end() + 1] != "-" \
        and not _SENIOR.match(text, m.end())


honoured = _honoured

# Titles of address, said of a person only ("Азия ханым": Mrs Азия; "Арал
# мырзаға": to Mr Арал), never of a town as a kin word may be ("Қарағанды апам").
_ADDRESS = re.compile(r"(?:ханым|мырза)(?:ға|ды|ны|ның|мен|нан|дан|да)?")


def addressed(text: str, end: int) -> bool:
    """A title of address right after ``end``."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and _ADDRESS.fullmatch(m.group(1)) is not None \
        and text[m.end():m.end() + 1] != "-"


def _before_honorific(text, tokens) -> list[Span]:
    spans = []
    tokens = as_tokens(tokens)
    # the pattern once per distinct word ever seen (that begins like an
    # honorific), then only the words after one
    for k in tokens.where(_HONORIFICS.among(tokens.words)):
        if k == 0:
            continue
        tok, nxt = tokens[k - 1], tokens[k]
        if _KIN_WORD.match(nxt.text) \
                or not name_gap(text, tok, nxt) \
                or not _name_like(tok) or tok.text.isupper() or kk.ordinary(tok.text) \
                or name_cue(tok) in ("G", "O") or _ending_word(tok.text) \
                or (name_cue(tok) == "L" or places.is_country(tok.text)) \
                and not addressed(text, tok.end) \
                or _GENITIVE.search(tok.text.lower()) or not _plain_start(text, tok) \
                or _SENIOR.match(text, nxt.end):
            continue
        spans.append(_span(text, tok.start, tok.end, PERSON, "rules:person"))
    return spans


# A capitalised word with a case ending whose stem no lexicon knows, inside
# a sentence, with a verb of talk, help or company after it that asks for
# that case: "Шәрбанға хабарластым" (I called Шәрбан), "Тұрсынтаймен бірге"
# (together with ...), "Шәмшиядан сұрадым" (I asked ...). Places take the
# same endings ("Алматыға бардым"), but not these verbs; a known place, an
# ordinary word or one written small elsewhere stays out. Stems of the verbs
# (lower case), by the case they govern.
_FRAME_VERBS = {
    "dat": ("хабарлас", "айт", "көмектес", "қоңырау", "телефон", "сәлем", "хат", "жолық",
            "алғыс", "рахмет", "кеңес", "ренжі", "өкпеле", "жазды", "жаздым", "жаздық",
            "түсіндір", "сыйла", "үйлен", "тұрмысқа"),
    "ins": ("сөйлес", "кездес", "хабарлас", "бірге", "таныс", "жолық", "ақылдас", "кеңес",
            "келіс", "үйлен", "ажырас", "әңгімелес"),
    # (not "хат", "хабар", "сәлем" from: a letter comes from a town too)
    "abl": ("сұра", "есті", "үйрен", "рұқсат", "ақыл"),
    "acc": ("шақыр", "құттықта", "сағын", "таны", "тыңда", "жұбат", "ертіп", "сыйла",
            "қарсы ал", "шығарып сал"),
}
_FRAME_CASE = (
    ("ins", re.compile(r"(?<=\w{3})(?:мен|бен|пен)$")),
    ("abl", re.compile(r"(?<=\w{3})(?:дан|ден|тан|тен|нан|нен)$")),
    ("dat", re.compile(r"(?<=\w{3})(?:ға|ге|қа|ке|на|не)$")),
    ("acc", re.compile(r"(?<=\w{3})(?:ды|ді|ты|ті|ны|ні)$")),
)
# The last two letters of the endings of ``_FRAME_CASE`` (a quick test first).
_FRAME_LAST = frozenset("ен ан ға ге қа ке на не ды ді ты ті ны ні".split())
_CLAUSE_WORDS = re.compile(r"[ \t]+([а-яәғқңөұүһі]+)")

# What ``framed_person`` asks first of a word, asked of a token's word: its
# last two letters in either case, that end like a case it reads in lower
# case. (A token's text is the word ``framed_person`` reads but for a word
# joined across a line break, whose "-" it turns away; a token ends in a
# letter, never in a line break; and a word whose lower case ends in two of
# these letters ends in them or their capitals: no other character lowers to
# one of them, tests/anonymise/test_fast_kazakh_35.py.)
_FRAME_ENDINGS = frozenset(a + b for x, y in _FRAME_LAST for a in (x, x.upper()) for b in (y, y.upper()))


def framed_person(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is one capitalised word with a case ending, inside a
    sentence, and a verb that asks that case of a person follows within three
    lower-case words of its clause."""
    word = text[start:end]
    if not word[:1].isupper() or word.isupper() or " " in word or "-" in word:
        return False
    low = word.lower()
    # (the ending first: most words have none, and the sentence start is a walk back)
    if low[-2:] not in _FRAME_LAST and low[-1:] != "\n" or sentence_start(text, start):
        return False  # ("$" matches before a last line break)
    found = next(((c, m) for c, rx in _FRAME_CASE for m in [rx.search(low)] if m), None)
    if found is None:
        return False
    case, m = found
    bare = word[:m.start()]  # the nominative: "Жапониямен" → "Жапония"
    if not _nominative_may_name(bare):
        return False
    pos, verbs = end, _FRAME_VERBS[case]
    for _ in range(3):
        m = _CLAUSE_WORDS.match(text, pos)
        if m is None:
            return False
        nxt = m.group(1)
        if nxt.startswith(verbs) or case == "acc" and f"{nxt} {_next_word(text, m.end())}" \
                .startswith(verbs):
            return True
        pos = m.end()
    return False


# Who is thanked, trusted or called on but is no one to hide: God, the Prophet,
# the Motherland, the people (folded stems).
_NO_ONE = frozenset(fold(w) for w in
                    "құдай алла аллаһ тәңір жаратушы пайғамбар отан ел халық".split())


@lru_cache(maxsize=1 << 12)
def _nominative_may_name(bare: str) -> bool:
    """The word without its case ending is no known place, country or city
    of the world, nor one of ``_NO_ONE``."""
    if len(bare) < 3:
        return False
    low = fold(bare).lower()
    return low not in _NO_ONE and kk.word_cue(bare) not in ("L", "G", "O") \
        and not places.is_country(bare) and places.world_place(bare) is None


def _next_word(text, pos) -> str:
    m = _CLAUSE_WORDS.match(text, pos)
    return m.group(1) if m else ""


def _talked_with(text, tokens) -> list[Span]:
    spans = []
    tokens = as_tokens(tokens)
    texts = tokens.texts
    # the frame first: a few pattern tests turn most words away before the
    # look-ups of ``unknown_named`` (both pure: the same spans); and first of
    # its tests the ending, in one list comprehension (``_FRAME_ENDINGS``)
    for i in [i for i in tokens.capitalised if texts[i][-2:] in _FRAME_ENDINGS and len(texts[i]) > 5]:
        tok = tokens[i]
        if framed_person(text, tok.start, tok.end) and unknown_named(text, tok):
            spans.append(_span(text, tok.start, tok.end, PERSON, "rules:person"))
    return spans


def unknown_named(text, tok) -> bool:
    """A capitalised word that may be an unlisted name: no known place,
    organisation or place head, no country, no ordinary word nor one whose stem
    is ordinary, none written small elsewhere in the text."""
    return _name_like(tok) and name_cue(tok) not in ("L", "G", "O") \
        and not kk.ordinary(tok.text) and not _ending_word(tok.text) \
        and not _stem_ordinary(tok.text) and not places.is_country(tok.text) \
        and not _lower_elsewhere(text, tok.text) and _plain_start(text, tok)


# What a person says or who a person's kin are, after a genitive ("Шәрбанның
# айтуынша": according to Шәрбан, "Жалғасбайдың інісі": his younger brother).
_SAID_OR_KIN = frozenset("""
айтуынша сөзінше пікірінше айтқанындай інісі ағасы апасы әпкесі қарындасы сіңлісі
әкесі анасы жұбайы күйеуі әйелі немересі ұлы қызы баласы балалары досы құрбысы
""".split())


def _said_or_kin(text, tokens) -> list[Span]:
    """A capitalised word in the genitive before a word of saying or of kin, at
    a sentence start too (inside a sentence ``_genitive_name`` has it): no
    ordinary word, no place or organisation."""
    spans = []
    for tok, nxt in _after_one_of(as_tokens(tokens), _SAID_OR_KIN):
        if not name_gap(text, tok, nxt) \
                or not _genitive_name(tok.text) or name_cue(tok) in ("L", "G", "O") \
                or _stem_ordinary(tok.text) or not _plain_start(text, tok) \
                or _lower_elsewhere(text, tok.text) or _trade_genitive(text, tok.text):
            # ("Имамның айтуынша" where "имам" stands in lower case: the imam)
            continue
        spans.append(_span(text, tok.start, tok.end, PERSON, "rules:person"))
    return spans


def _trade_genitive(text: str, word: str) -> bool:
    """The genitive of a trade or title ("Шебердің": the master's), or of a
    word that stands in lower case elsewhere in the text ("имамы")."""
    stem = word[:_GENITIVE.search(word.lower()).start()]
    low = stem.lower()
    return low in _TRADES or kk.role_word(stem) or not candidates(stem).isdisjoint(_TITLE_STEMS) \
        or kk.written_lower(text, stem)


def _stem_ordinary(word: str) -> bool:
    """The word's stem is an ordinary word ("Баланың", "Комиссияның", "Ауылдың")."""
    low = word.lower()
    common = kk.common_words()
    return any(3 <= len(c) < len(low) and low[:len(c)] in common
               for c in candidates(word)) and kk.word_cue(word) not in ("F", "S", "P")


def _people(text, tokens) -> list[Span]:
    spans, n, after = [], len(tokens), 0
    for i in as_tokens(tokens).capitalised:  # (a name's first word is capitalised)
        if i < after:
            continue  # inside the run of words just looked at
        tok = tokens[i]
        if not _name_like_word(tok.text) or kk.ordinary(tok.text) and sentence_start(text, tok.start):
            continue
        cue = name_cue(tok)
        j, stopped = i, False
        # A run of name words: first name, patronymic, surname shapes, and any
        # capitalised word right after a first name. (The tests are pure, the
        # cheapest first: most words have a lower-case word after them.)
        while j + 1 < n and j - i < 2 and _name_like(tokens[j + 1]) \
                and name_gap(text, tokens[j], tokens[j + 1]):
            nxt = name_cue(tokens[j + 1])
            if nxt in ("F", "P", "S") or name_cue(tokens[j]) == "F" and nxt in ("", "F"):
                j += 1
                continue
            stopped = True
            break
        if j > i and _names_run([name_cue(t) for t in tokens[i:j + 1]]):
            spans.append(_span(text, tokens[i].start, tokens[j].end, PERSON, "rules:person"))
        elif j == i and stopped and _pair(text, tokens, i):
            # (not stopped: the run's first test failed, which is ``_pair``'s first)
            # Two capitalised words, neither an ordinary word nor a place or an
            # organisation word: a foreign full name ("Рафаэль Надаль").
            j = i + 1
            spans.append(_span(text, tok.start, tokens[j].end, PERSON, "rules:person"))
        elif cue == "" and _genitive_name(tok.text) and not sentence_start(text, tok.start) \
                and not _lower_elsewhere(text, tok.text) and _plain_start(text, tok):
            spans.append(_span(text, tok.start, tok.end, PERSON, "rules:person"))
        elif (cue in ("F", "S", "P") or kk.name_shaped(tok.text)) and (
                not sentence_start(text, tok.start) or (
                cue == "F" or kk.name_shaped(tok.text) or cue == "P" and len(tok.text) > 6
                or _RU_SURNAME.search(kk.canonical_stem(tok.text)))
                and not _lower_elsewhere(text, tok.text) and _plain_start(text, tok)):
            # At a sentence start only a listed or compound first name, a
            # patronymic ("Ерланұлына") or a Russian-shaped surname ("Нияздың
            # айтуынша", "Серікжанның", "Мишустиннің") that is no ordinary word.
            spans.append(_span(text, tok.start, tok.end, PERSON, "rules:person"))
        after = j + 1
    return spans


def _names_run(cues) -> bool:
    """The cues of a run of two or three words that make a name: a first name
    or a patronymic among them, or a surname among words of no other class."""
    return "F" in cues or "P" in cues or cues.count("S") >= 1 and \
        all(c in ("F", "P", "S", "") for c in cues)


# The genitive in the word's own letters, after a singular stem (not after
# the plural -лар/-лер...: "Қазақтардың" is a people).
_GENITIVE = re.compile(r"(?<=\w{3})(?<!лар|лер|дар|дер|тар|тер)(?:ның|нің|дың|дің|тың|тің)$")


@lru_cache(maxsize=1 << 14)
def _genitive_name(word: str) -> bool:
    """A capitalised word of no class the lexicons know in the genitive
    inside a sentence ("хатты Дәметкеннің інісі әкелді"): the possessor a Kazakh sentence
    names is a person far more often than anything else; no place, title or
    ordinary word."""
    low = word.lower()
    m = _GENITIVE.search(low)
    return word[:1].isupper() and not word.isupper() and m is not None \
        and _name_like_word(word) and not kk.ordinary(word) and "-" not in word \
        and not low[:m.start()].endswith(_ABSTRACT) and candidates(word).isdisjoint(_DAYS)


# Abstract nouns (Тәуелсіздік: independence, Бостандық), the days, months
# and holidays of the calendar (Ұлыс күні, Наурыз), folded stems: no person.
_ABSTRACT = ("лық", "лік", "дық", "дік", "тық", "тік")
_DAYS = frozenset().union(*(candidates(w) for w in """
ұлыс наурыз мереке мейрам айт конституция республика қаңтар ақпан сәуір мамыр маусым шілде
тамыз қыркүйек қазан қараша желтоқсан дүйсенбі сейсенбі сәрсенбі бейсенбі сенбі жексенбі
""".split()))
# Words of the compass and of regions ("Таяу Шығыс", "Орталық Азия",
# "Солтүстік Қазақстан"): two capitalised words with one are a place.
_COMPASS = frozenset().union(*(candidates(w) for w in
                               "солтүстік оңтүстік шығыс батыс таяу орталық алыс".split()))


def _plain_start(text, tok) -> bool:
    """A word at a sentence start that can stand alone as a name: not the first
    word of a quoted title («Бақытты отбасы»), not a hyphenated pair of words
    (Жанар-жағармай, Әке-шешелеріңді) unless both halves are capitalised."""
    if tok.start and text[tok.start - 1] in "«\"“„'":
        return False
    return "-" not in tok.text or all(h[:1].isupper() for h in tok.text.split("-"))


def _pair(text, tokens, i) -> bool:
    if i + 1 >= len(tokens) or not name_gap(text, tokens[i], tokens[i + 1]) \
            or not _name_like(tokens[i + 1]):
        return False  # (asked again below: first here, before the pattern, as most words fail it)
    pair = tokens[i:i + 2]
    if sentence_start(text, pair[0].start) \
            and (_CASE_MARKED.search(pair[0].text) or _possessive_dative(pair[0].text)):
        # Only the last word of a name takes a case ending: "Жиынға Қуандық" is
        # an ordinary word capitalised by its place ("Джонатан" mid-sentence stays).
        return False
    if not all(_name_like(t) and not kk.ordinary(t.text) and name_cue(t) not in ("L", "O", "G")
               and "-" not in t.text and candidates(t.text).isdisjoint(_COMPASS) for t in pair):
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return after is None or kk.word_cue(after.text) not in ("O", "G")


def _organisations(text, tokens) -> list[Span]:
    """A capitalised word (or acronym) followed, through a few lower-case words,
    by an organisation head word: "Осакаров ауданының әкімдігі",
    "Ауыл шаруашылығы министрлігінің", "«Ашық диалог» қоры"."""
    spans = []
    tokens = as_tokens(tokens)
    # the head test once per distinct word ever seen, then only the heads looked at
    for k in tokens.where(_ORG_ENDS.among(tokens.words)):
        head = tokens[k]
        word = head.text
        start = None
        i = k - 1
        while i >= 0 and k - i <= _MAX_ORG_WORDS and org_gap(text, tokens[i], tokens[i + 1]):
            if tokens[i].is_title:
                start = i
                break
            i -= 1
        start = _after_a_case(tokens, start, k)
        if start is not None and not _after_quote(text, tokens[start]):
            start = _quote_opening(text, tokens, start)
        if start is None or _ends_a_name(tokens, start) and not _after_quote(
                text, tokens[start]) and not _governed(tokens, start, k) \
                or k - start > (6 if _office_of_a_place(tokens, start) else 4) or (
                name_cue(tokens[start]) == "S" and start and tokens[start - 1].is_title
                and name_cue(tokens[start - 1]) == "F"):  # "Ержан Сәрсенбаев пен ..."
            continue
        first = tokens[start]
        quoted = first.start > 0 and text[first.start - 1] in "«\"“"
        if not quoted and sentence_start(text, first.start) and not first.text.isupper() \
                and name_cue(first) != "L" and (kk.ordinary(first.text)
                                            or _lower_elsewhere(text, first.text)) \
                and not (word.startswith("министрліг") and k - start <= 3
                         and first.text.lower() not in kk.NEVER_NAMES):
            # (a ministry's name opens a sentence with an ordinary word:
            # "Төтенше жағдайлар министрлігі", "Білім министрлігінің")
            continue
        while start > 0 and tokens[start - 1].is_title and not sentence_start(
                text, tokens[start].start) and org_gap(text, tokens[start - 1], tokens[start]) \
                and not _ends_a_name(tokens, start - 1) \
                and not (start > 1 and name_cue(tokens[start - 1]) in ("S", "P")
                         and name_cue(tokens[start - 2]) == "F") \
                and not (sentence_start(text, tokens[start - 1].start) and (
                    kk.ordinary(tokens[start - 1].text)
                    or _lower_elsewhere(text, tokens[start - 1].text))
                    and not _compass_of_place(tokens, start - 1)):
            start -= 1
        start = _named_after(text, tokens, start, k)
        if start is not None:
            s = tokens[start].start
            if s > 0 and text[s - 1] in "«\"“":
                s -= 1
            spans.append(_span(text, s, head.end, ORGANISATION, "rules:org"))
    return spans


_INITIAL_GAP = re.compile(r"\.?[ \t]{1,2}|\.")


def _named_after(text, tokens, start, head) -> int:
    """An institution named after someone ("Қ. Жұбанов атындағы Ақтөбе
    университеті", "Жұмат Шанин атындағы облыстық драма театры"): its name
    opens with the person's name and initials before "атындағы"."""
    at = next((j for j in range(max(start - 1, 0), head) if tokens[j].text == "атындағы"), None)
    if at is None or at == 0 or not name_gap(text, tokens[at - 1], tokens[at]):
        return start
    j, first = at - 1, None
    while j >= 0 and at - j <= 4 and tokens[j].is_title:
        tok = tokens[j]
        initial = len(tok.text) == 1
        if first is not None and len(tokens[first].text) == 1 and not initial:
            break  # only initials before an initial
        if not initial and sentence_start(text, tok.start) and (
                kk.ordinary(tok.text) or kk.case_marked(tok.text) or name_cue(tok) not in ("F", "S", "P")):
            break  # "Жиынға Абай атындағы ...": the sentence's first word
        first = j
        if j == 0 or not _INITIAL_GAP.fullmatch(text, tokens[j - 1].end, tok.start) or (
                "." in text[tokens[j - 1].end:tok.start] and len(tokens[j - 1].text) > 1):
            break
        j -= 1
    return min(start, first) if first is not None else start


# Acronyms of a kind of office: alone no identifier (conventions: "ХҚКО-ға
# бардық"), one office with a place before them ("Шиелі ауданының ХҚКО-сы",
# "Жамбыл облысы ІІД"); the number of a numbered one is ``patterns``'s. The
# span takes the acronym's case ending, as the legal forms' ("ЖШС-нің"): a
# model's span of the acronym alone then lies inside it.
_OFFICE_ACRONYMS = frozenset("ХҚКО ЦОН ІІД ІІБ ТЖД ТЖБ ПД ПБ ЭТД МКД МКБ ӘКО".split())
_OFFICE_PLACE_NOUNS = frozenset("""
ауданының облысының қаласының ауылының ауданы облысы қаласы ауылы
""".split())


def _place_offices(text, tokens) -> list[Span]:
    """An office acronym after a place's name and its place noun: the name,
    the noun and the acronym with its case ending ("Шу ауданының ХҚКО-сы",
    as "№2 ХҚКО-да" and "«...» ЖШС-нің")."""
    spans = []
    for k in as_tokens(tokens).capitalised:
        tok = tokens[k]
        if k < 2 or not tok.text[:2].isupper() or tok.text.partition("-")[0] not in _OFFICE_ACRONYMS:
            continue
        noun = tokens[k - 1]
        if noun.text not in _OFFICE_PLACE_NOUNS or not name_gap(text, noun, tok):
            continue
        j = k - 2
        if not tokens[j].is_title or not name_gap(text, tokens[j], noun):
            continue
        while j > 0 and k - j < 4 and tokens[j - 1].is_title and name_gap(text, tokens[j - 1], tokens[j]) \
                and not sentence_start(text, tokens[j].start) and not _ends_a_name(tokens, j - 1) \
                and (not _ordinary_opening(text, tokens[j - 1].start, tokens[j - 1].text)
                     or _compass_of_place(tokens, j - 1)):
            j -= 1  # "Батыс Қазақстан облысының ..."
        if _ordinary_opening(text, tokens[j].start, tokens[j].text) and not _compass_of_place(tokens, j):
            continue  # "Облысының ..." capitalised by its place
        spans.append(_span(text, tokens[j].start, tok.end, ORGANISATION, "rules:org"))
    return spans


def _compass_of_place(tokens, i) -> bool:
    """"Солтүстік Қазақстан облысы": a compass word opening a place's name
    (the name before its place noun), ordinary as it is alone."""
    return not candidates(tokens[i].text).isdisjoint(_COMPASS) and _before_place_word(tokens, i + 1)


def _ordinary_opening(text, pos, word) -> bool:
    """A sentence's first word that is an ordinary or function word ("Ол")."""
    return sentence_start(text, pos) and (kk.ordinary(word) or word.lower() in FUNCTION_WORDS
                                          or _lower_elsewhere(text, word))


def _after_quote(text, tok) -> bool:
    return tok.start > 0 and text[tok.start - 1] in "«\"“"


def _quote_opening(text, tokens, start):
    """The first word of a quoted name whose last word is ``tokens[start]``
    ("«Дала Құрылыс» ЖШС": its words are a title, whatever their endings)."""
    if text[tokens[start].end:tokens[start].end + 1] not in ("»", "”", '"'):
        return start
    for i in range(start - 1, max(-1, start - 4), -1):
        if not org_gap(text, tokens[i], tokens[i + 1]):
            break
        if _after_quote(text, tokens[i]):
            return i
    return start


# Heads of organisations beside ``kk.ORG_HEADS`` (folded stems): a club, a
# farm, a theatre, a park, a plant ("«Алтай» спорт клубы", "«Ақбидай» шаруа
# қожалығы"); and the legal forms written after a name ("«Дала Құрылыс» ЖШС").
_MORE_HEADS = tuple(w for word in """
клубы клубын қожалығ театры театрын технопаркі технопаркін паркі паркін зауыты зауытын
фабрикасы фабрикасын комбинаты комбинатын гимназиясы гимназиясын лицейі лицейін
балабақшасы балабақшасын кәсіпорны кәсіпорнын мешіті мешітін шіркеуі шіркеуін
кітапханасы кітапханасын мұражайы мұражайын
""".split() for w in {word, fold(word)})  # Kazakh letters, and Russian ones for them
_LEGAL_FORMS = frozenset("ЖШС АҚ РМК ЖАҚ МКК КММ ҚҚ ҚБ КМҚК ШЖҚ".split())


def masked_whole(name: str) -> bool:
    """An organisation's name that the conventions mask whole, beyond the
    proper name in it: ending in its legal form ("«Алатау Сүт» ЖШС-нің"), or
    named after someone ("Қ. Жұбанов атындағы Ақтөбе университеті")."""
    last = name.rsplit(None, 1)[-1] if name.strip() else ""
    return last.partition("-")[0] in _LEGAL_FORMS or " атындағы " in name




def _org_head_form(word: str) -> bool:
    """A legal form ("ЖШС", "ЖШС-нің") or a lower-case head word: what ends an
    organisation's name."""
    if word[0].isupper():
        return word in _LEGAL_FORMS or word.partition("-")[0] in _LEGAL_FORMS
    return kk.org_head(word) and kk.word_cue(word) == "O" or word.startswith(_MORE_HEADS)


# How a word of ``_org_head_form`` begins (a set look-up turns most words
# away before its tests): a legal form's first two letters; a head word's in
# lower case, the first two of ``_MORE_HEADS`` and every spelling that folds
# to those of ``kk.org_head`` (it asks the folded word, and folding the lower
# case is lowering the folded: one letter for one), in either case (no other
# letter lowers to one of theirs: tests/anonymise/test_kazakh_scans.py).
_HEAD_OPENINGS = frozenset(h[:2] for h in _MORE_HEADS).union(
    *(unfolded(h[:2]) for h in kk.ORG_HEAD_PREFIXES + tuple(kk.ORG_HEAD_WORDS)))
_ORG_END_OPENINGS = frozenset(f[:2] for f in _LEGAL_FORMS) | frozenset(
    a + b for x, y in _HEAD_OPENINGS for a in (x, x.upper()) for b in (y, y.upper()))


def _opening_cases(opening: str) -> set[str]:
    """``opening`` with each letter after its first in either case."""
    spellings = {opening[:1]}
    for letter in opening[1:]:
        spellings = {s + c for s in spellings for c in (letter, letter.upper())}
    return spellings


# The same by three letters, which turn away three words in four of those
# that pass the two (measured on kaz's new words: 2,646 of 7,186 pass two,
# 636 three): a legal form's first three letters, or the whole of a form
# of two and the form and its hyphen ("АҚ", "АҚ-тың"); the first three of
# ``_MORE_HEADS`` as written (``startswith``); of ``kk.org_head``'s words as
# above, but only with a lower-case first letter (a capitalised word is a
# head only as a legal form).
_ORG_END_OPENINGS3 = frozenset().union(
    *({f[:3]} if len(f) > 2 else {f, f + "-"} for f in _LEGAL_FORMS),
    {h[:3] for h in _MORE_HEADS},
    *(_opening_cases(o) for h in kk.ORG_HEAD_PREFIXES + tuple(kk.ORG_HEAD_WORDS)
      for o in unfolded(h[:3])))


# The words that end an organisation's name.
_ORG_ENDS = WordMemo(_org_head_form, openings=_ORG_END_OPENINGS3, width=3)


def _after_a_case(tokens, start, head):
    """The first capitalised word of an organisation's name that no word with a
    case ending precedes among its words: only a name's last word takes one, so
    "Көкжиде аулындағы аудандық емханаға", "Қостанайдың шетінде салынған
    зауыт" name no organisation from their first word (a locative adjective
    of another noun, "Абай атындағы", "ісі жөніндегі", may stand inside)."""
    if start is None:
        return None
    office = _office_of_a_place(tokens, start)
    for i in range(start + 1, head):
        word = tokens[i].text
        if _governed(tokens, i, head):
            continue  # "жемқорлыққа қарсы": a case the next word of the name governs
        if office and i > start + 1 and word.islower() and word.endswith(_HAVING):
            continue  # "облыстық көпбейінді ауруханасы": an adjective in -ды/-ді
        if (kk.case_marked(word) and (not word.endswith(("ғы", "гі")) or kk.possessive_place_noun(word))
                or _possessive_dative(word)) and not (tokens[i].is_title and _before_place_word(tokens, i)):
            start = next((j for j in range(i + 1, head) if tokens[j].is_title), None)
            if start is None:
                return None
    return start


# Words inside an organisation's name that govern the case of the word before
# them: postpositions and nouns of help or fight ("Нашақорлыққа қарсы күрес
# қоры": a fund against drug addiction; "Жетімдерге көмек қоры": a fund
# helping orphans; "Табиғатты қорғау қоғамы": a society protecting nature).
_GOVERNORS = frozenset("""
қарсы көмек көмегі қолдау қорғау дамыту арналған қамқорлық жәрдем
""".split())
_GOVERNED_CASE = re.compile(r"\w{3}(?:ға|ге|қа|ке|на|не|ны|ні|ды|ді|ты|ті)$")


def _governed(tokens, i, head) -> bool:
    """``tokens[i]`` takes a dative or accusative that the next word, a governing
    word of the name before its head, asks for: the case is inside the name."""
    return i + 1 < head and tokens[i + 1].text in _GOVERNORS \
        and _GOVERNED_CASE.search(tokens[i].text.lower()) is not None


def _ends_a_name(tokens, i) -> bool:
    """A word no organisation's name takes before its head: a first name or
    patronymic ("Дана Серікқызы ... университеті"), or a word with a case
    ending other than the genitive ("Алматыдағы", "Ауылға"); but a place's
    name before its place noun or adjective is in the nominative whatever its
    last letters ("Түркістан облысы", "Жаңаарқа аудандық")."""
    tok = tokens[i]
    if name_cue(tok) in ("F", "P"):
        return True
    return (kk.case_marked(tok.text) or _possessive_dative(tok.text)) and not _before_place_word(tokens, i)


# Adjectives of a place's offices ("Жаңаарқа аудандық білім бөлімі").
_PLACE_ADJECTIVES = frozenset("аудандық облыстық қалалық ауылдық".split())
# The adjective "having" (-ды/-ді/-ты/-ті: "көпбейінді", multi-profile), like
# the accusative; inside an office's name after its place adjective it is the
# adjective.
_HAVING = ("ды", "ді", "ты", "ті")


def _office_of_a_place(tokens, start) -> bool:
    """A place's name and its place adjective open the name ("Зайсан аудандық
    тұрғын үй-коммуналдық шаруашылық бөлімі", "Ақтөбе қалалық полиция
    басқармасы"): an office's name, which may run longer."""
    return start + 1 < len(tokens) and tokens[start + 1].text in _PLACE_ADJECTIVES


def _before_place_word(tokens, i) -> bool:
    """``tokens[i]`` stands before a place noun in the possessive or a place
    adjective: a name in the nominative."""
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return nxt in _PLACE_ADJECTIVES or kk.possessive_place_noun(nxt)


def _possessive_dative(word: str) -> bool:
    """"Мұғаліміне", "Президентіне": the dative after a possessive, a case
    ending too (not after a short word: "Дина", "Сабина")."""
    return len(word) > 6 and word.endswith(("ына", "іне"))


def _span(text, start, end, category, source) -> Span:
    return Span(start, end, category, source, text=text[start:end])


def _lower_elsewhere(text: str, word: str) -> bool:
    """True when the word also stands in lower case in the text: an ordinary
    word capitalised by its place at a sentence start ("Қала", "Бірақ")."""
    return kk.written_lower(text, word)
