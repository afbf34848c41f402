"""Frames of English speech that say person whatever the word in them.

A speaker label naming a speaker ("ORLOVSKY: ...", "HOPE: ..."), a
self-introduction ("I'm X", "X here", "my name is X", "call me X", "everyone
says X", "it's X"), a vocative ("Thanks, X", "hi X", "X, you're on air",
"Next, X from ..."), and in lower-case auto-transcripts the same frames with a
first name in lower case ("its aika", "thank u marlen"), or a word that is a
person elsewhere in the same text ("oskarov" beside "Marlen Oskarov"). And a
first name that is also an English word before a found surname ("Hope Adjei")
joins the name.

A word that is also an English word (Hope, Joy, May, Summer) is a person only
in such a frame, and only when it is a first name somewhere (the census, the
lexicons, or the list of English words that are frequent first names); a
nationality, a month, a day, a place or a role word never is. Run on the
English parts of a text, after the other rules (``detect``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import names, places, rules
from .census import COMMON_WORDS, FUNCTION_WORDS, census_names
from .cues import word_trie
from .en_words import (_ORDINARY_LOWER, MONTHS, PEOPLES, after_i_am, body_acronym,
                       dictionary_word, lower_first_name, lower_first_names, self_description)
from .scan import on_lines, quick
from .spans import PERSON, Span
from .tokens import as_tokens

SOURCE = "rules:frame"

_NAME = r"[A-Z][a-z]+(?:['’-][A-Z][a-z]+)?"
_NAMES = rf"{_NAME}(?: {_NAME}){{0,2}}"

# Roles, headings and words of transcripts that label a turn or open a line
# before a colon without naming anyone: the speaker roles and labels of
# ``names`` in Latin letters, and these.
_ROLES = frozenset(w for w in names.ROLE_WORDS | names.LABEL_WORDS if w.isascii()) | frozenset("""
presenter co-host cohost caller operator trainer trainee chair chairperson chairman
chairwoman resident residents voice voices man woman men women male female child boy girl
student pupil teacher doctor nurse officer driver parent mother father elder official
note notes summary action actions agenda item question answer comment comments reply update
date time subject re source transcript audio video recording location place venue present
apologies absent decision outcome minutes attendees narrator reporter
journalist correspondent anchor announcer both all everyone others unidentified
inaudible crosstalk laughter pause end start break intro outro tip warning important
reminder attention result results task tasks step steps example background context
welcome agent clerk volunteer volunteers coordinator manager director secretary deputy
member members panel panelist panellist judge witness researcher researchers team
staff worker client patient customer user admin administrator system bot
grandmother grandfather grandma grandpa granddaughter grandson daughter son wife husband
aunt uncle sister brother neighbour neighbor friend mum mom dad
""".split())

# Months, days and feasts: no frame's name (bar a month that is a first name
# in a strong frame: "Thanks, June.").
_CALENDAR = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight
""".split()) | names.FEASTS

_NATIONALITY = re.compile(r"(?:ians?|cans?|eans?|ese|ish|ic|ist)$")


def _first_name_word(low: str) -> bool:
    """A first name somewhere, even if also an English word ("hope", "may")."""
    return low in _ORDINARY_LOWER or low in census_names()[0] \
        or rules.word_label(low.title()) == rules.FIRST


def _named(word: str, strong: bool) -> bool:
    """A capitalised word (title case or capitals) a frame may call a person:
    no function word, role, title, nationality, month, day or place; an
    English word only in a strong frame and only if it is a first name."""
    if len(word) < 3 or not word.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return False
    title = word if not word.isupper() else word.title()
    low = title.lower()
    if low in FUNCTION_WORDS or low in _ROLES or low in rules.TITLE_WORDS \
            or rules.word_label(title) == rules.OTHER or title in names.BRANDS:
        return False
    if low in _CALENDAR and not (strong and low in _ORDINARY_LOWER):  # "Thanks, June." 
        return False
    if low in PEOPLES or places.is_country(title) or places.world_place(title) \
            or places.is_place(title):
        return False
    first = rules.word_label(title) == rules.FIRST
    if first and not dictionary_word(low):
        return True
    if _NATIONALITY.search(low) and not first:
        return False
    if dictionary_word(low) or low in COMMON_WORDS:
        return strong and _first_name_word(low)
    # ("Kenesary": no adjective in "-ary" when no dictionary lists it)
    return first or title[1:].replace("-", "").islower() and "'" not in title \
        and "’" not in title and low not in MONTHS


def _lower_named(word: str, people: set[str], strong: bool = False) -> bool:
    """A lower-case word a frame may call a person: a first name that is no
    English word ("aika", "marlen"), or a person elsewhere in the text; in a
    strong frame ("thanks samal", "raya apa") a listed first name that is
    only a rare English word too."""
    if len(word) < 3:
        return False
    if lower_first_name(word) or word in people:
        return True
    return strong and word not in COMMON_WORDS and word not in FUNCTION_WORDS \
        and word not in _ORDINARY_LOWER and rules.word_label(word.title()) == rules.FIRST


def _framed(word: str, people: set[str], upper: bool, strong: bool) -> bool:
    """A word a frame holds that may be called a person: in lower case on the
    lower-case pass (``upper`` False), capitalised on the other."""
    if word.islower():
        return not upper and _lower_named(word, people, strong)
    return word[0].isupper() and upper and _named(word, strong)


def _matches(pattern, text):
    """``pattern.finditer(text)`` where the match starts a word: checked here,
    not by a look-behind in front of the pattern, which would make the
    search try every position of the text."""
    for m in quick(pattern).finditer(text):  # the same matches, sooner (``scan.quick``)
        if m.start() == 0 or text[m.start() - 1] not in _WORD_BEFORE_CHARS \
                and not text[m.start() - 1].isalnum():
            yield m


_WORD_BEFORE_CHARS = frozenset("_'’-")


@lru_cache(maxsize=4)
def _found(pattern, need, text) -> tuple[re.Match, ...]:
    """``pattern.finditer(text)``, kept for the second pass over the same text
    (the frames are read in capitals, then in lower case: one search each).
    No match of these patterns crosses a line end, and each holds a match of
    ``need`` on its line: only the lines that hold one are searched
    (``scan.on_lines``; both patterns are ``re.M``)."""
    return tuple(on_lines(pattern, need, text))


def _span(text, start, end) -> Span:
    return Span(start, end, PERSON, SOURCE, text=text[start:end])


def _extend(text, start, end) -> int:
    """The end of a name found at ``start:end`` taken on over the capitalised
    words after it that are no ordinary word or place ("Summer Okafor")."""
    for _ in range(2):
        m = re.match(rf" ({_NAME})\b", text[end:end + 40])
        if m is None:
            break
        word = m.group(1)
        kind = rules.word_label(word)
        if kind == rules.OTHER or dictionary_word(word.lower()) and kind not in (
                rules.SURN, rules.PATR) or places.world_place(word) or places.is_place(word):
            break
        end += m.end()
    return end


# --- speaker labels -----------------------------------------------------------

_LABEL = re.compile(r"^[ \t]*([A-Z][A-Za-z'’-]+)[ \t]*(?:\([^)\n]{0,24}\))?[ \t]*:", re.M)


def _labels(text) -> list[Span]:
    """A single word before a colon at a line start that names a speaker:
    no English word ("ORLOVSKY:"), or a first name that is also a word
    ("HOPE:") which the text writes capitalised in mid-sentence elsewhere."""
    spans = []
    for m in _LABEL.finditer(text):
        word = m.group(1)
        if not (word.isupper() or word[1:].islower()):
            continue
        title = word.title() if word.isupper() else word
        low = title.lower()
        if word.isupper() and len(word) < 4 and not _first_name_word(low):
            continue  # "INT:", "RES:": codes
        if not re.search("[aeiouy]", low):
            continue
        if word.isupper() and body_acronym(word) and not _first_name_word(low):
            continue
        if not _named(word, strong=True):
            continue
        if (dictionary_word(low) or low in COMMON_WORDS) and not re.search(
                rf"[a-z,;] {re.escape(title)}\b", text):
            continue  # "NOTE:", "SUMMARY:"; "HOPE:" where "Thanks, Hope" stands
        spans.append(_span(text, m.start(1), m.end(1)))
    return spans


def _both_cases(pattern: str) -> str:
    """Alternatives written "[Tt]hanks|[Hh]i" spelt out, in the same order:
    "Thanks|thanks|Hi|hi". The same matches; a choice whose alternatives all
    begin with a letter lets the search skip to where one can begin, where
    "[Tt]" makes it try every alternative at every position (issue 11)."""
    return re.sub(r"\[([A-Z])([a-z])\]([^|()]*)", lambda m: f"{m[1]}{m[3]}|{m[2]}{m[3]}", pattern)


# --- self-introductions ---------------------------------------------------------

_STRONG_INTRO = _both_cases(
    r"(?:I['’]m|I am|[Mm]y name is|[Mm]y name['’]s|call me|calls me|"
    r"(?:[Rr]eal|[Ff]ull|[Mm]y) name,?|"
    r"(?:everyone|everybody|they|people) (?:says|say|calls me|call me))")
_WEAK_INTRO = _both_cases(r"(?:[Ii]t['’]s|[Ii]ts|[Tt]his is)")
_INTRO = re.compile(rf"(?:({_STRONG_INTRO})|{_WEAK_INTRO}) ({_NAME})\b")
_INTRO_END = re.compile(r"\s*(?:[,.!?;:)\n]|$)|,? (?:from|here|speaking|calling|again|too|and|"
                        r"but|a|an|the|of|with|at)\b")
_WEAK_END = re.compile(r",|\s*\n| (?:from|here|speaking|calling)\b")
_LOWER_INTRO = re.compile(r"(?:its|it['’]s|im|i['’]m|this is|my name is|"
                          r"my names|my name['’]s) ([a-z]{3,})\b"
                          r"(?=\s*[,.!?;\n]|\s*$| (?:here|again|speaking|calling)\b)")
_HERE = re.compile(rf"(?:^|(?<=[\n:.!?,])[ \t]*|(?<=[.!?,] ))({_NAME}|[a-z]{{3,}}) "
                   r"(?:here|speaking)\b"
                   r"(?=[,.!;]|\s*$| (?:and|with|from|for|again|too|speaking)\b)", re.M)
_HERE_NEED = re.compile(r" (?:here|speaking)\b")  # what every match of _HERE holds


def _introductions(text, people, upper: bool) -> list[Span]:
    """``upper``: the names in capitals, else those in lower case (``people``)."""
    spans = []
    for m in _matches(_INTRO, text) if upper else ():
        strong = m.group(1) is not None
        start, end = m.start(2), m.end(2)
        if not _named(m.group(2), strong):
            continue
        end = _extend(text, start, end)
        if strong and after_i_am(text, start) and self_description(text[start:end]):
            continue  # "I'm Vegan", "I am Retired": what the speaker is, not who
        if _INTRO_END.match(text, end) is None:
            continue  # "It's Christmas Eve tomorrow": no name ends there
        if not strong and end == m.end(2) and rules.word_label(m.group(2)) != rules.FIRST \
                and _WEAK_END.match(text, end) is None:
            continue  # "It's Linux.": a word no list names, said once, names a thing
        spans.append(_span(text, start, end))
    for m in _matches(_LOWER_INTRO, text) if not upper else ():
        if _lower_named(m.group(1), people):
            spans.append(_span(text, m.start(1), m.end(1)))
    spans += [_span(text, m.start(1), m.end(1)) for m in _found(_HERE, _HERE_NEED, text)
              if _framed(m.group(1), people, upper, strong=False)]
    return spans


# --- vocatives --------------------------------------------------------------------

_GREETING = _both_cases(
    r"(?:[Tt]hanks|[Tt]hank you|[Tt]hank u|[Tt]hx|[Hh]i|[Hh]ello|[Hh]ey|[Bb]ye|"
    r"[Gg]o ahead|[Ss]orry|[Ww]elcome|[Ww]elcome back|[Gg]ood morning|"
    r"[Gg]ood evening|[Gg]ood afternoon|[Cc]ongratulations|[Ww]ell done|[Tt]ake care|"
    r"[Gg]oodbye|[Gg]ood night|[Dd]ear|[Nn]ext|[Oo]ver to you|[Ss]alem|[Ss]alam)")
# (the greetings as a trie: only "Welcome" begins another, "Welcome back",
# and a name after it begins with a capital, so the matches are the same)
_VOCATIVE = re.compile(rf"{word_trie(_GREETING[3:-1].split('|'))},? ({_NAME})"
                       r"(?=\s*[,.!?;\n]|\s*$| from\b)")
_LOWER_VOCATIVE = re.compile(r"(?:thanks|thank you|thank u|thx|hi|hello|hey|bye|"
                             r"sorry|salem|salam),? ([a-z]{3,})(?=\s*[,.!?;\n]|\s*$)")
_ADDRESS = r" (?:you['’]re|youre|you are|are you|can you|could you|go ahead|your turn|over to you)\b"
_ADDRESSED = re.compile(rf"(?:^|(?<=[\n:.!?])[ \t]*|(?<=[.!?] ))({_NAME}|[a-z]{{3,}}),?{_ADDRESS}",
                        re.M)
_ADDRESS_NEED = re.compile(_ADDRESS)  # what every match of _ADDRESSED holds


def _vocatives(text, people, upper: bool) -> list[Span]:
    spans = []
    for m in _matches(_VOCATIVE, text) if upper else ():
        if _named(m.group(1), strong=True):
            spans.append(_span(text, m.start(1), m.end(1)))
    for m in _matches(_LOWER_VOCATIVE, text) if not upper else ():
        word = m.group(1)
        if _lower_named(word, people, strong=True) or word in _ORDINARY_LOWER \
                and word.title() in people:
            spans.append(_span(text, m.start(1), m.end(1)))
    spans += [_span(text, m.start(1), m.end(1)) for m in _found(_ADDRESSED, _ADDRESS_NEED, text)
              if _framed(m.group(1), people, upper, strong=True)]
    return spans


# --- honorifics after a name in lower case ------------------------------------------

_HONOUR_AFTER = re.compile(r" (?:aga|agai|agay|apai|apay|apa|opa|apke|zhezde)"
                           r"(?=['’]s\b|(?![\w'’-]))")
_WORD_END = re.compile(r"(?<![\w'’-])([a-z]{3,})$")
# "styopa's garage": a first name in lower case before a possessive.
_POSSESSIVE = re.compile(r"['’]s\b")
# "Yerzhan aka zhanik", "known as Shurik": a nickname.
_NICKNAME = re.compile(rf"(?:aka|a\.k\.a\.|nicknamed|known as) ({_NAME}|[a-z]{{3,}})\b")
# "samal kassenova": a first name and a surname of a Russian or Kazakh shape, in lower case.
_LOWER_SURNAME = re.compile(r"[a-z]{3,}(?:ova|ov|eva|ev|enko|uly|kyzy|ovna|evna|ovich|evich)")
# How every word ``_LOWER_SURNAME`` matches ends, read first (most words end otherwise).
_LOWER_SURNAME_ENDS = ("ova", "ov", "eva", "ev", "enko", "uly", "kyzy", "ovna", "evna", "ovich",
                       "evich")


# "Oydin-opa", "Rustam-aka", "Gulya-apai": a name joined to a word of respect.
_JOINED_HONOUR = re.compile(r"([A-Z][a-z]{2,})-(?:opa|apa|apai|apay|aga|agai|agay|"
                            r"aka|apke|zhezde|jon|khon|hon)(?![\w-])")


def _lower_word_ends(text, pos) -> bool:
    """Three letters a-z end right before ``pos`` (or before a line end there):
    what a match of ``_WORD_END`` in the text before ``pos`` needs."""
    end = pos - 1 if text[pos - 1:pos] == "\n" else pos
    tail = text[max(0, end - 3):end]
    return len(tail) == 3 and tail.isascii() and tail.isalpha() and tail.islower()


def _honoured(text, tokens, people) -> list[Span]:
    spans = [_span(text, m.start(1), m.end(1)) for m in _matches(_JOINED_HONOUR, text)
             if _named(m.group(1), strong=True)]
    for m in _HONOUR_AFTER.finditer(text):  # the honorific first, then the word before it
        w = _WORD_END.search(text, max(0, m.start() - 30), m.start())
        if w and _lower_named(w.group(1), people, strong=True):
            spans.append(_span(text, w.start(1), w.end(1)))
    for m in _POSSESSIVE.finditer(text):
        if not _lower_word_ends(text, m.start()):
            continue  # "it's", "Tom's": the search below would find nothing
        w = _WORD_END.search(text, max(0, m.start() - 30), m.start())
        if w and lower_first_name(w.group(1)):
            spans.append(_span(text, w.start(1), w.end(1)))
    for m in _matches(_NICKNAME, text):
        word = m.group(1)
        if word.islower() and not dictionary_word(word) and word not in COMMON_WORDS \
                and word not in FUNCTION_WORDS or word[0].isupper() and _named(word, True):
            spans.append(_span(text, m.start(1), m.end(1)))
    tokens = as_tokens(tokens)  # each distinct word asked once
    for i in tokens.where([w for w in tokens.lower
                           if w.endswith(_LOWER_SURNAME_ENDS) and _surname_shape(w)]):
        first, last = tokens[i - 1], tokens[i]
        if i and last.start == first.end + 1 and first.text.islower() and text[first.end] == " " \
                and _lower_named(first.text, people, strong=True):
            spans.append(_span(text, first.start, last.end))
    return spans


# --- a first name that is an English word before a found surname --------------------

_WORD_BEFORE = re.compile(rf"({_NAME}) $")
_MODALS = frozenset("will may can".split())


def _full_names(text, spans) -> list[Span]:
    out = []
    for span in spans:
        if span.category != PERSON or not text[span.start:span.start + 1].isupper():
            continue
        m = _WORD_BEFORE.search(text, max(0, span.start - 30), span.start)
        if m is None:
            continue
        word = m.group(1)
        low = word.lower()
        first = text[span.start:span.end].split()[0]
        unknown_before_surname = rules.word_label(first) in (rules.SURN, rules.PATR) \
            and not dictionary_word(low) and low not in COMMON_WORDS  # "Ulbossyn Tazhibaeva"
        if rules.word_label(first) == rules.FIRST \
                or not (_first_name_word(low) or unknown_before_surname) \
                or not _named(word, strong=True) or dictionary_word(
                    first.lower()) or rules.sentence_start(text, m.start(1)) and low in _MODALS \
                or rules.after_article(text, _Tok(m.start(1))):
            continue
        out.append(_span(text, m.start(1), span.end))
    return out


class _Tok:  # the start of a word, for ``rules.after_article``
    def __init__(self, start):
        self.start = start


# --- a person elsewhere, in lower case or capitals -------------------------------------

def _person_words(text, spans) -> set[str]:
    """The lower-case words of the person spans that are no English word."""
    words = set()
    for span in spans:
        if span.category != PERSON or span.source == "rules:office":
            continue  # "NASA Administrator": a title's words are no name
        words |= _unknown_words(text[span.start:span.end])
    return words


@lru_cache(maxsize=1 << 14)
def _unknown_words(name: str) -> frozenset[str]:
    """``_person_words`` of one span by its words alone: asked once per name
    (a name comes back in many spans and many texts)."""
    return frozenset(word.lower() for word in re.findall(r"[A-Za-z]+", name)
                     if len(word) > 3 and not word.islower() and _unknown_word(word.lower()))


def _unknown_word(low: str) -> bool:
    return low not in COMMON_WORDS and low not in FUNCTION_WORDS and not dictionary_word(low) \
        and low not in _ROLES


def _mentions(text, tokens, people, framed, spans) -> list[Span]:
    """"oskarov has the keys" where "Marlen Oskarov" is found; "did OSKAROV
    sign" too; and "Gulbahor, I teach" where a frame of this module found
    the name (``framed``: "GULBAHOR:"), not over a span found already (a
    model's person word said again may be a drink or a place)."""
    out = []
    tokens = as_tokens(tokens)  # each distinct word asked once
    shouted = [tokens[i] for i in tokens.where(
        [w for w in tokens.long_ascii if w.isupper() and w.lower() not in people])]
    people = people | {t.text.lower() for t in shouted if _shouted_name(text, t)}
    for i in tokens.where(_mentioned_forms(people, framed).intersection(tokens.long_ascii)):
        tok = tokens[i]
        word = tok.text
        if word.istitle():
            if word.lower() not in framed or places.world_place(word) or places.is_place(word) \
                    or any(s.start <= tok.start < s.end for s in spans):
                continue  # "Sydney Vantongeren ... back from Sydney"
            out.append(_span(text, tok.start, tok.end))
        elif (word.islower() and word in people or word.isupper() and word.lower() in people
                and text[tok.end:tok.end + 1] != ":" and len(word) > 4
                and not body_acronym(word)) and _as_person(text, tok):
            out.append(_span(text, tok.start, tok.end))
    return out


# Where a word in lower case stands as a person: joined to a capitalised name
# ("Whitcombe and ostrowe"), or the subject of a verb ("later ostrowe called").
_JOINED_TO_NAME = re.compile(r"[A-Z][\w'’-]+ (?:and|or|&) $")
_NAME_JOINED = re.compile(r" (?:and|or|&) [A-Z]")
_VERB_AFTER = re.compile(r" (?:[a-z]+ed|said|says|told|came|went|wrote|left|got|took|gave|"
                         r"called|rang|met|sent|paid|share|shares|lives|works|says|is|was|has|"
                         r"had|will|would|can|could)\b")
_DETERMINER_BEFORE = re.compile(r"(?<![\w'’])(?i:the|a|an|this|that|these|those|my|your|his|"
                                r"her|its|our|their|some|any|no|every|each) $")


def _mentioned(word, people, framed) -> bool:
    """``_mentions``' tests of one word alone: no other word is a mention
    (``_mentioned_forms`` spells out the words it holds, for a whole text)."""
    if word.istitle():
        return word.lower() in framed
    return word in people if word.islower() else word.isupper() and word.lower() in people


def _mentioned_forms(people, framed) -> set[str]:
    """The words of ASCII letters that ``_mentioned`` holds mentions, spelt
    out from the few names (both sets are in lower case): a word of people in
    lower case or in capitals, a framed one capitalised. (For ASCII letters
    ``lower`` undoes ``upper`` and ``capitalize``, and a word is in title case
    only as its ``capitalize``: the text's words are looked up in these,
    none asked one by one.)"""
    people = [w for w in people if w.isascii() and w.isalpha() and w.islower()]
    return {*people, *(w.upper() for w in people),
            *(w.capitalize() for w in framed if w.isascii() and w.isalpha() and w.islower())}


def person_position(text, tok) -> bool:
    """A lower-case word of a name where grammar says person, no determiner before it
    (also detect.propagate's test for the lower-case words of a full name)."""
    if _DETERMINER_BEFORE.search(text, max(0, tok.start - 8), tok.start):
        return False
    return _JOINED_TO_NAME.search(text, max(0, tok.start - 30), tok.start) is not None \
        or _NAME_JOINED.match(text, tok.end) is not None or _VERB_AFTER.match(text, tok.end) is not None


_PERSON_BEFORE = re.compile(r"(?<![\w'’])(?:did|does|do|will|would|can|could|has|had|ask|"
                            r"asked|tell|told|call|called|with|and|to|from|for|by|thanks) $")
_OPENS = re.compile(r"(?:^|[.!?:,;]\s+|\n\s*|\(\s*)$")


def _as_person(text, tok) -> bool:
    """A word standing where a person stands: no determiner before it ("the
    quarnby"), and the subject of a verb, joined to a name, or opening a
    sentence, clause or turn."""
    if _DETERMINER_BEFORE.search(text, max(0, tok.start - 8), tok.start):
        return False
    return person_position(text, tok) or _PERSON_BEFORE.search(
        text, max(0, tok.start - 8), tok.start) is not None or _OPENS.search(
        text, max(0, tok.start - 4), tok.start) is not None \
        or re.match(r" (?:did|does|do|has|have|sent|signed|can|will|and|is|was)\b",
                    text[tok.end:tok.end + 8]) is not None


def _shouted_name(text, tok) -> bool:
    """"did PRITCHARD sign": a listed surname or first name in capitals,
    no English word nor acronym, inside a sentence written in lower case
    (an auto-transcript), and written in lower case elsewhere in the text."""
    word = tok.text
    if not re.search(r"[a-z][,;]? $", text[max(0, tok.start - 3):tok.start]) \
            or dictionary_word(word.lower()) or body_acronym(word) \
            or rules.word_label(word.title()) not in (rules.FIRST, rules.LAST, rules.SURN):
        return False
    return re.search(rf"(?<![\w'’-]){word.lower()}(?![\w-])", text) is not None


def _first_names_in_lower(words) -> list[str]:
    """``_lower_first_names``' tests of the words alone (of four ASCII letters
    or more: ``Tokens.long_ascii``): the first names in lower case that are
    no English word."""
    return [w for w in lower_first_names([w for w in words if w.islower()])
            if not dictionary_word(w)]


def _surname_shape(word) -> bool:
    """``_honoured``'s test of the second word alone ("raya zhakupova")."""
    return word.islower() and _LOWER_SURNAME.fullmatch(word) is not None \
        and not dictionary_word(word)


def _lower_first_names(text, tokens) -> list[Span]:
    """"kostya says hi", "its me, dilfuza": a listed first name of four letters
    or more in lower case that is no English word (auto-transcripts write
    every name so), where no determiner makes it a noun and no address or
    handle holds it."""
    spans = []
    tokens = as_tokens(tokens)  # each distinct word asked once
    for i in tokens.where(_first_names_in_lower(tokens.long_ascii)):
        tok = tokens[i]
        if text[tok.start - 1:tok.start] not in ("@", "/", ".", "_") \
                and text[tok.end:tok.end + 1] not in ("@", "/", "_", "-") \
                and not re.match(r"\.[a-z]", text[tok.end:tok.end + 2]) \
                and not _NOUN_BEFORE.search(text, max(0, tok.start - 8), tok.start):
            spans.append(_span(text, tok.start, tok.end))
    return spans


# A determiner before a lower-case word makes it a noun; "its" is left out:
# auto-transcripts write "it's" so ("hey its feruza").
_NOUN_BEFORE = re.compile(r"(?<![\w'’])(?i:the|a|an|this|that|these|those|my|your|his|her|"
                          r"our|their|some|any|no|every|each) $")


# "talk to mr zhakupov": a title and a surname in lower case (auto-transcripts).
_LOWER_TITLED = re.compile(r"(?:mr|mrs|ms|dr|miss|mister)\.? ([a-z]{3,})\b")


def _lower_titled(text) -> list[Span]:
    spans = []
    for m in _matches(_LOWER_TITLED, text):
        word = m.group(1)
        if not dictionary_word(word) and word not in COMMON_WORDS \
                and word not in FUNCTION_WORDS:
            spans.append(_span(text, m.start(1), m.end(1)))
    return spans


_CODE_LABEL = re.compile(r"^[ \t]*([A-Z]{2,3})[ \t]*:", re.M)


def _initials_labels(text, spans) -> list[Span]:
    """"NT: ..." where the text names "Nurzhamal Tulegenova": a label of two
    or three capitals that are the initials of a person found in the text."""
    if _CODE_LABEL.search(text) is None:
        return []
    initials = set()
    for span in spans:
        words = text[span.start:span.end].split()
        if span.category == PERSON and 2 <= len(words) <= 3 \
                and all(w[:1].isupper() for w in words):
            initials.add("".join(w[0] for w in words))
    return [_span(text, m.start(1), m.end(1)) for pattern in (_CODE_LABEL, _CODE_GIVEN)
            for m in pattern.finditer(text) if m.group(1) in initials]


_CODE_GIVEN = re.compile(r"\(([A-Z]{2,3})\)")  # "Ulbossyn Tazhibaeva (UT)"


def find(text, tokens, spans, english) -> list[Span]:
    """Person spans of the frames above in the English parts of ``text``,
    beside ``spans`` found by the other rules."""
    found = [s for s in _labels(text) if english(s.start)]
    found += [s for s in _introductions(text, set(), True) + _vocatives(text, set(), True)
              if english(s.start)]
    people = _person_words(text, spans + found)
    titled = {w for s in spans + found if s.category == PERSON
              for w in text[s.start:s.end].split()}
    found += [s for s in _introductions(text, people, False)
              + _vocatives(text, people | titled, False) if english(s.start)]
    found += [s for s in _honoured(text, tokens, people) if english(s.start)]
    found += [s for s in _full_names(text, spans + found) + _lower_titled(text)
              if english(s.start)]
    found += [s for s in _initials_labels(text, spans + found) if english(s.start)]
    framed = _person_words(text, found)
    found += [s for s in _mentions(text, tokens, people, framed, spans)
              + _lower_first_names(text, tokens)
              if english(s.start)]
    return found
