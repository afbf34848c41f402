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
from itertools import chain

from . import names
from .census import COMMON_WORDS, census_surnames, census_words
from .scan import on_lines
from .spans import PERSON, Span
from .tokens import sentence_start

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
    "agreed agrees complained complains reasoned continued criticized criticised criticizes "
    "criticises praised praises denied denies urged urges tweeted testified promised "
    "promises vowed vows conceded joked jokes nodded smiled shrugged grinned sighed").split()
_SAY_AFTER = "|".join(_SAY + ["who", "and I", "and me", "and his", "and her"])
_SAY_BEFORE = "|".join(
    ["said", "says", "asked", "replied", "reasoned", "wrote", "added", "explained",
     "answered", "recalled", "continued"] + [f"{v} to" for v in
                                             ("wrote", "writes", "said", "talked", "spoke")]
    + ["according to", "According to", "attributed to"])
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


def word_trie(words) -> str:
    """The words as one pattern that branches letter by letter ("a(?:ctor|rtist)|b..."):
    a long list of alternatives tried one by one at every position is slow."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(tree)


_ROLE = word_trie(_ROLES)

# Every pattern below starts with a capital letter or a literal word, and checks
# what stands before its start only after that first character: Python's
# regular expressions then skip at once to the places where a match can begin
# (a look-behind or "\b" in front makes them try every position of the text).
# "A capital not after a letter, digit, apostrophe or full stop" is written
# "[A-Z](?<![\w'’.][A-Z])".
_NAME_REST = r"(?:[a-z]+(?:['’-]?[A-Z][a-z]+)?|[A-Z]+(?:['’-][A-Z]+)?)"  # _WORD after its capital
_NAME_AT = rf"(?:\.? {_WORD}|{_NAME_REST})(?: {_WORD}){{0,2}}"  # _NAME after its first capital


def _cased(words) -> str:
    """Each word in lower case and capitalised, as literal alternatives."""
    return "|".join(sorted({f(w) for w in words for f in (str.lower, str.capitalize)},
                           reverse=True))


_SELF_WORDS = ["I'm", "I am", "my name is", "my name's", "My name is", "My name's", "call me",
               "calls me", "called me", "named"]
# "I'm Oriel.", "people call me Dusty Vale", "a man named Ostrander"; not "I'm Canadian."
# (what each cue that starts a word begins with, up to its name: ``_word_start_lines``)
_SELF_HEAD = rf"(?:{'|'.join(_SELF_WORDS)}) "
SELF_CUE = re.compile(rf"{_SELF_HEAD}({_NAME})(?=\s*[,.!?\n]|$| and\b)")
_SAY_CUE = re.compile(rf"([A-Z](?<![\w'’.][A-Z]){_NAME_AT})(?=,? (?:{_SAY_AFTER})\b)")
_ROLE_HEAD = rf"(?:{_ROLE})s?(?: and (?:{_ROLE}))?,? "
_ROLE_CUE = re.compile(rf"{_ROLE_HEAD}({_NAME})\b(?![\w'’])")
_GREETINGS = _cased(["hi", "hey", "hello", "bye", "goodbye", "thanks", "thank you", "dear"])
# (the words as tries: no word of either list begins another that could
# match where it does, so the matches are those of the plain lists)
_GREET_HEAD = rf"{word_trie(_GREETINGS.split('|'))},? "
_GREET_CUE = re.compile(rf"{_GREET_HEAD}({_NAME})(?=\s*[,.!?\n]|$)")
_HERE_CUE = re.compile(rf"([A-Z]{_NAME_AT}) here,? (?:and welcome|today|with)\b")
_CITATION_CUE = re.compile(
    rf"([A-Z](?<![\w'’.][A-Z]){_NAME_AT})(?= et al\b|,? \(?(?:1[6-9]|20)\d\d[a-z]?(?:[:,;)]))")
_SAY_BEFORE_HEAD = rf"{word_trie(_SAY_BEFORE.split('|'))} "
_SAY_BEFORE_CUE = re.compile(rf"{_SAY_BEFORE_HEAD}({_NAME})\b(?![\w'’])")
# Cues whose first word must not continue a word before it ("friend" in
# "boyfriend" is its own cue), nor, for SELF_CUE, follow an apostrophe.
_WORD_START = (_ROLE_CUE, _GREET_CUE, _SAY_BEFORE_CUE)
_REFERENCE_CUE = re.compile(rf"^({_WORD}), ({_WORD})(?: [A-Z]\.)*(?=\.? [A-Z\"“]| and\b)", re.M)
_CREDIT_CUE = re.compile(rf"\b(?:Image|Photo|Photograph|Picture|Credit)(?: by)?: "
                         rf"({_NAME_TITLED})\b(?![\w'’])")
CUES = (
    SELF_CUE,
    # "Quillon said", "Ostrander, who ..."
    _SAY_CUE,
    # "replied Ostrander", "wrote to Ostrander"
    _SAY_BEFORE_CUE,
    # "the botanist Ilse Vantongeren", "my friend Tamsin", "writer and poet Ode Lark"
    _ROLE_CUE,
    # "Hi Tamsin!", "Thank you, Oriel."
    _GREET_CUE,
    # "Wrenna here and welcome back", "it's Wrenna Vale here today"
    _HERE_CUE,
    # citations: "Vantongeren et al.", "Vantongeren (2019)", "(Vantongeren, 2019)"
    _CITATION_CUE,
    # photo credits: "Image: Ilse Vantongeren.", "Photo by Oren Taluvi"
    _CREDIT_CUE,
    # reference lists: "Vantongeren, Ilse. Book Title", "Marwick, Tobias and ..."
    _REFERENCE_CUE,
)
# "Brannagh's plan"; not a lone word at a sentence start ("Today's", "Nature's").
POSSESSIVE = re.compile(rf"([A-Z](?<![\w'’.][A-Z]){_NAME_AT})(?=['’]s\b)")
_PRONOUNS = ("she her him i me they them we you everyone everybody someone somebody "
             "anyone anybody nobody people back cause because").split()
_NOT_NAMES = frozenset(w.lower() for w in (
    *names.LABEL_WORDS, *names.NOT_NAMES, *names.TITLES_BEFORE, *_ROLES, *_PRONOUNS)
) | COMMON_WORDS
# "the Harbour's", "a Quibble Pack": an article before the words makes them no name.
ARTICLE = re.compile(r"(?<![\w'’])(?:[Tt]he|an?|An?) $")
_PLURAL = re.compile(r"(?:ans|ers|ists|ats|ites|ics)$")
_DEMONYM = re.compile(r"(?:an|ese|ish|ic|ist)$")


# What a match of these cues holds after the name, searched first: the cues
# start at every capital letter (or, for credits, at every word boundary), and
# no match crosses a line end, so only the lines that hold this are searched
# (``scan.on_lines``).
_NEEDS = {
    _SAY_CUE: re.compile(rf" (?:{word_trie(_SAY_AFTER.split('|'))})\b"),
    _HERE_CUE: re.compile(r" here,? (?:and welcome|today|with)\b"),
    _CITATION_CUE: re.compile(r" et al\b| \(?(?:1[6-9]|20)\d\d[a-z]?[:,;)]"),
    _CREDIT_CUE: re.compile(r"(?:Image|Photo|Photograph|Picture|Credit)(?: by)?: "),
}
_POSSESSIVE_NEED = re.compile(r"['’]s\b")


# The cues searched on ``_word_start_lines`` only. Where one of them starts a
# word, its head and a capital (``_HEADS``) open the text or follow a character
# no word goes on through (no ASCII letter, digit or "_"; a line end too).
_BY_WORD_START = (SELF_CUE, _SAY_BEFORE_CUE, _ROLE_CUE, _GREET_CUE)
_HEADS = rf"(?:{_SELF_HEAD}|{_SAY_BEFORE_HEAD}|{_ROLE_HEAD}|{_GREET_HEAD})[A-Z]"
_HEAD_OPENING = re.compile(_HEADS)
# (each head begins with one of these words: looked for first, as one trie,
# they turn most places away faster than the heads tried one after another)
_FIRST_WORDS = word_trie(_SELF_WORDS + _SAY_BEFORE.split("|") + _ROLES + _GREETINGS.split("|"))
_HEAD_AT_WORD_START = re.compile(rf"[^A-Za-z0-9_](?=(?:{_FIRST_WORDS}))(?={_HEADS})")


def _word_start_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line where a match of a cue of ``_BY_WORD_START``
    may start a word (``cued_people`` drops the others), its line end
    included: the lines that hold ``_HEAD_AT_WORD_START``, and the first line
    if the text opens with a head. That search is tried after such characters
    only, the cues' at every letter their words begin with. No match of these
    cues crosses a line end, and what they read after a name is decided by the
    line end at the latest, so a line searched alone (with its line end) gives
    the whole text's matches there."""
    lines, done = [], -1
    for at in chain([0] if _HEAD_OPENING.match(text) else [],
                    (n.start() + 1 for n in _HEAD_AT_WORD_START.finditer(text))):
        if at < done:
            continue  # on a line found already
        start = text.rfind("\n", 0, at) + 1
        done = text.find("\n", at)
        done = len(text) if done < 0 else done
        lines.append((start, min(done + 1, len(text))))
    return lines


_LINE_OPENS_CAPITAL = re.compile(r"\n[A-Z]")


def _reference_matches(text: str) -> list[re.Match]:
    """``_REFERENCE_CUE.finditer(text)``: a match begins a line with a capital
    and none crosses a line end, so a line holds one at most, at its start.
    The lines that open with a capital are found by the line end before them
    (a search for "^" tries every position of the text)."""
    found = []
    for start in chain([0], (n.start() + 1 for n in _LINE_OPENS_CAPITAL.finditer(text))):
        m = _REFERENCE_CUE.match(text, start)
        if m is not None:
            found.append(m)
    return found


def _finder(cue: re.Pattern):
    """``(text, word start lines) -> matches``: the matches of ``cue`` that
    ``cued_people`` reads."""
    if any(cue is c for c in _BY_WORD_START):
        return lambda text, lines: [m for start, end in lines
                                    for m in cue.finditer(text, start, end)]
    if cue is _REFERENCE_CUE:
        return lambda text, _lines: _reference_matches(text)
    need = _NEEDS.get(cue)
    if need is None:
        return lambda text, _lines: cue.finditer(text)
    return lambda text, _lines: on_lines(cue, need, text)


# Each cue with what it needs and whether it starts a word, read once: a compiled
# pattern hashes and compares by its whole code (a dictionary look-up or ``in``
# per text and per match cost more than the tests they stand for).
_CUE_TESTS = tuple((cue, _finder(cue), any(cue is c for c in _WORD_START)) for cue in CUES)


def cued_people(text: str) -> list[Span]:
    spans = []
    lines = _word_start_lines(text)
    for cue, matches, word_start in _CUE_TESTS:
        for m in matches(text, lines):
            if word_start and _inside_word(text, m.start()) or cue is SELF_CUE \
                    and _inside_word(text, m.start(), "_'’"):
                continue
            if cue is _HERE_CUE and not _here_start(text, m.start()) \
                    or cue is _SAY_CUE and _inside_title(text, m.start()):
                continue
            for group in range(1, len(m.groups()) + 1):
                start, end = _clean(text, m.start(group), m.end(group))
                if cue is _CITATION_CUE:
                    start, end = _cited(text, m.start(group), m.end(group), start, end)
                if start is not None and not (
                        cue is SELF_CUE and _DEMONYM.search(text[start:end])):
                    spans.append(Span(start, end, PERSON, SOURCE, text=text[start:end]))
    return spans + _possessives(text)


def _cited(text: str, start: int, end: int, clean_start, clean_end):
    """The name of a citation ("Vantongeren (2019)", "Brown (2005)") needs a
    name-like word: one word alone must be a listed surname or no word of
    the dictionary ("Windows (2005)", "Settings (2021)" are no authors);
    a listed surname that is also a frequent word counts here ("Brown")."""
    word = text[start:end]
    if " " in word:
        return clean_start, clean_end
    low = word.lower()
    if low in census_surnames() and low not in _NOT_NAMES - COMMON_WORDS \
            and low not in _CALENDAR and word[1:].islower():
        return start, end
    from .en_words import dictionary_word  # en_words needs rules, which needs this module
    if clean_start is None or dictionary_word(low):
        return None, None
    return clean_start, clean_end


_CALENDAR = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter
christmas easter
born died founded established built opened closed married since until till before after
circa from around about
""".split())  # and words that date something ("Born 1957, he ..."): no author before a year


def _inside_word(text: str, pos: int, also: str = "_") -> bool:
    """The character before ``pos`` is a letter, digit or one of ``also``
    (what "\\b" or "(?<![\\w'’])" in front of the pattern would exclude)."""
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in also)


_RUN_BEFORE = re.compile(r"(?:(?<![\w'’])([A-Z][\w'’-]*) |[A-Z][\w'’-]* (?:of|for) (?:the )?)$")


def _inside_title(text: str, pos: int) -> bool:
    """The words at ``pos`` end a longer capitalised title: an ordinary
    capitalised word before them ("Black Law Enforcement Executives writes"),
    or a capitalised word and "of" ("Professor of Intellectual Property and
    his staff"); a title of a person before them is none ("Senator ...")."""
    m = _RUN_BEFORE.search(text, max(0, pos - 40), pos)
    if m is None:
        return False
    word = m.group(1)
    return word is None or word.lower() in COMMON_WORDS and word not in names.TITLES_BEFORE


def _here_start(text: str, pos: int) -> bool:
    """A line or sentence start, or "it's " before ("it's Wrenna Vale here today")."""
    return pos == 0 or text[pos - 1] == "\n" or text[max(0, pos - 2):pos] in (". ", "! ", "? ") \
        or re.search(r"\b[Ii]t's $", text[max(0, pos - 6):pos]) is not None


def _possessives(text: str) -> list[Span]:
    spans = []
    for m in on_lines(POSSESSIVE, _POSSESSIVE_NEED, text):
        start, end = _clean(text, m.start(1), m.end(1))
        if start is None or " " not in text[start:end] and sentence_start(text, start):
            continue
        spans.append(Span(start, end, PERSON, SOURCE, text=text[start:end]))
    return spans


def _clean(text: str, start: int, end: int):
    """Drop leading and trailing words that are not names; None if none is left."""
    words = [(m.start() + start, m.end() + start) for m in
             re.finditer(r"\S+", text[start:end])]
    while words and _not_name(text[words[0][0]:words[0][1]]):
        words.pop(0)
    while words and _not_name(text[words[-1][0]:words[-1][1]]):
        words.pop()
    if not words or any(_not_name(text[s:e]) for s, e in words) \
            or ARTICLE.search(text, max(0, words[0][0] - 4), words[0][0]) \
            or _group(text[words[-1][0]:words[-1][1]]):
        return None, None
    return words[0][0], words[-1][1]


def _group(word: str) -> bool:
    """"Voters", "Democrats", "Analytics": a plural noun for a group or a field
    (as a name's last word too), not a surname ("Rogers" is one: the census
    lists it)."""
    low = word.lower()
    return _PLURAL.search(low) is not None and low not in census_words()


def _not_name(word: str) -> bool:
    word = word.rstrip(".")
    return len(word) < 2 and not word.isupper() or word.lower() in _NOT_NAMES


# The verbs of saying of ``_SAY_CUE``, for ``en``: the subjects of one joined
# by "and" are people too ("Lenin and Quillon said").
SAY_VERBS = frozenset(_SAY)
