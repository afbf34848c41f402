"""English context cues that mark an unknown capitalised word as a person.

No name list is needed: a word is taken as a name because of what stands
around it. "Quillon said", "Brannagh's", "replied Ostrander" (verbs of
saying), "the botanist Ilse Vantongeren" (a lower-case role or kinship noun
in apposition), "Hi Tamsin!" (greetings), "I'm Oriel." / "Wrenna here" /
"people call me Dusty Vale" (self-introductions), "Photo: Ode Lark" (credits),
"Vantongeren, Ilse. Title" (reference lists). Spans carry the source
``rules:cue`` so that ``detect.propagate`` can find the same name elsewhere.
"""
from __future__ import annotations

import re

from . import names
from .census import COMMON_WORDS
from .spans import PERSON, Span

SOURCE = "rules:cue"
# One name word: "Tamsin", "O'Rourke", "McAllister", "Jean-Luc"; ALL CAPS too.
_TITLED = r"[A-Z][a-z]+(?:['’-]?[A-Z][a-z]+)?"
_WORD = rf"(?:{_TITLED}|[A-Z]{{2,}}(?:['’-][A-Z]+)?)"
_NAME = rf"(?:[A-Z]\.? )?{_WORD}(?: {_WORD}){{0,2}}"
_NAME_TITLED = rf"(?:[A-Z]\.? )?{_TITLED}(?: {_TITLED}){{0,2}}"  # not "NASA"
_SAY = (
    "said says told tells asked asks wrote writes thinks thought explained explains added "
    "adds replied replies answered answers commented comments noted argued argues claimed "
    "insisted insists stated recalled recalls admitted admits suggested suggests responded "
    "responds laughed laughs whispered shouted yelled announced warned warns exclaimed "
    "agreed agrees complained complains reasoned continued").split()
_SAY_AFTER = "|".join(_SAY + ["who", "and I", "and me", "and his", "and her"])
_SAY_BEFORE = "|".join(
    ["said", "says", "asked", "replied", "reasoned", "wrote", "added", "explained",
     "answered", "recalled", "continued"] + [f"{v} to" for v in
                                             ("wrote", "writes", "said", "talked", "spoke")])
_ROLES = (
    "author writer poet novelist philosopher mathematician scientist physicist chemist "
    "biologist botanist historian economist sociologist anthropologist linguist psychologist "
    "artist painter sculptor photographer singer musician composer actor actress director "
    "producer journalist reporter editor columnist activist lawyer attorney judge doctor nurse "
    "surgeon engineer architect researcher scholar student teacher lecturer coach player "
    "interviewee interviewer founder co-founder spokesman spokeswoman spokesperson chairman "
    "chairwoman candidate nominee colleague friend neighbour neighbor classmate roommate "
    "mother father mom mum dad son daughter brother sister wife husband uncle aunt cousin "
    "grandma grandmother grandpa grandfather niece nephew boyfriend girlfriend fiancé fiancée "
    "partner boss manager assistant").split()
_ROLE = "|".join(_ROLES)
_GREET = r"(?:[Hh]i|[Hh]ey|[Hh]ello|[Bb]ye|[Gg]oodbye|[Tt]hanks|[Tt]hank you|[Dd]ear)"
_SELF = r"(?:I'm|I am|[Mm]y name is|[Mm]y name's|call me|calls me|called me|named)"

# "I'm Oriel.", "people call me Dusty Vale", "a man named Ostrander"; not "I'm Canadian."
SELF_CUE = re.compile(rf"(?<![\w'’]){_SELF} ({_NAME})(?=\s*[,.!?\n]|$| and\b)")
CUES = (
    SELF_CUE,
    # "Quillon said", "Ostrander, who ..."
    re.compile(rf"(?<![\w'’.])({_NAME})(?=,? (?:{_SAY_AFTER})\b)"),
    # "replied Ostrander", "wrote to Ostrander"
    re.compile(rf"\b(?:{_SAY_BEFORE}) ({_NAME})\b(?![\w'’])"),
    # "the botanist Ilse Vantongeren", "my friend Tamsin", "writer and poet Ode Lark"
    re.compile(rf"\b(?=[a-z])(?:{_ROLE})s?(?: and (?:{_ROLE}))?,? ({_NAME})\b(?![\w'’])"),
    # "Hi Tamsin!", "Thank you, Oriel."
    re.compile(rf"\b{_GREET},? ({_NAME})(?=\s*[,.!?\n]|$)"),
    # "Wrenna here and welcome back", "it's Wrenna Vale here today"
    re.compile(rf"(?:^|(?<=[.!?] )|\b[Ii]t's )({_NAME}) here,? (?:and welcome|today|with)\b",
               re.M),
    # photo credits: "Image: Ilse Vantongeren.", "Photo by Oren Taluvi"
    re.compile(rf"\b(?:Image|Photo|Photograph|Picture|Credit)(?: by)?: "
               rf"({_NAME_TITLED})\b(?![\w'’])"),
    # reference lists: "Vantongeren, Ilse. Book Title", "Marwick, Tobias and ..."
    re.compile(rf"^({_WORD}), ({_WORD})(?: [A-Z]\.)*(?=\.? [A-Z\"“]| and\b)", re.M),
)
# "Brannagh's plan"; not a lone word at a sentence start ("Today's", "Nature's").
POSSESSIVE = re.compile(rf"(?<![\w'’.])({_NAME})(?=['’]s\b)")
_SENTENCE_END = ".!?:;\n\"“”«»—–-("
_PRONOUNS = ("she her him i me they them we you everyone everybody someone somebody "
             "anyone anybody nobody people back cause because").split()
_NOT_NAMES = frozenset(w.lower() for w in (
    *names.LABEL_WORDS, *names.NOT_NAMES, *names.TITLES_BEFORE, *_ROLES, *_PRONOUNS)
) | COMMON_WORDS
_DEMONYM = re.compile(r"(?:an|ese|ish|ic|ist)$")


def cued_people(text: str) -> list[Span]:
    spans = []
    for cue in CUES:
        for m in cue.finditer(text):
            for group in range(1, len(m.groups()) + 1):
                start, end = _clean(text, m.start(group), m.end(group))
                if start is not None and not (
                        cue is SELF_CUE and _DEMONYM.search(text[start:end])):
                    spans.append(Span(start, end, PERSON, SOURCE, text=text[start:end]))
    return spans + _possessives(text)


def _possessives(text: str) -> list[Span]:
    spans = []
    for m in POSSESSIVE.finditer(text):
        start, end = _clean(text, m.start(1), m.end(1))
        if start is None or " " not in text[start:end] and _sentence_start(text, start):
            continue
        spans.append(Span(start, end, PERSON, SOURCE, text=text[start:end]))
    return spans


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _clean(text: str, start: int, end: int):
    """Drop leading and trailing words that are not names; None if none is left."""
    words = [(m.start() + start, m.end() + start) for m in
             re.finditer(r"\S+", text[start:end])]
    while words and _not_name(text[words[0][0]:words[0][1]]):
        words.pop(0)
    while words and _not_name(text[words[-1][0]:words[-1][1]]):
        words.pop()
    if not words or any(_not_name(text[s:e]) for s, e in words):
        return None, None
    return words[0][0], words[-1][1]


def _not_name(word: str) -> bool:
    word = word.rstrip(".")
    return len(word) < 2 and not word.isupper() or word.lower() in _NOT_NAMES
