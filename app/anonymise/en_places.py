"""Evidence of place in English text: "moved to Paris", "born in Tarrowby",
"the town of Ilk", "Paris, London and Rome". A place-kind verb or noun before a
capitalised word, or other known places listed beside it, make it a place and
never a person, even when it is also a first name (Paris, Sydney, Austin).
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import places, rules
from .cues import word_trie
from .en_words import ordinary
from .spans import PLACE, Span
from .tokens import name_gap

# Verbs and nouns after which a capitalised word names a place: "moved to",
# "born in", "flew back from", "the city of".
# (written as tries, ``cues.word_trie``: the search tries the words at every
# word start of the 40 characters before each capitalised word after a
# preposition; a list of alternatives there costs most of the English rules)
_PLACE_VERBS = word_trie("""
moved moving move moves relocated relocating emigrated immigrated flew fly flying drove driving
went go going goes came come coming returned returning headed heading commuting trip journey
flight lives living born raised based settled stayed staying studied studying located
situated holiday vacation arrived arriving fled escaped""".split() + ["grew up", "growing up"]) \
    + "|travel+ed|travel+ing|travels?|commute[sd]?|lived?"
_PLACE_PREPOSITIONS = word_trie("to in into from near outside around at through across".split())
_PLACE_NOUNS = word_trie("""city town village county province region district capital suburb
suburbs outskirts streets centre center island republic kingdom""".split())
PLACE_CUE = re.compile(
    rf"(?:\b(?:{_PLACE_VERBS})(?: \w+ly| back| out| over| down| up| all the way)?"
    rf" {_PLACE_PREPOSITIONS}"
    rf"|\b{_PLACE_NOUNS} of"
    rf"|\b(?:reached|toured|touring))"
    rf" (?:the )?$", re.I)
# Weaker evidence: a preposition of place; enough only for a word already
# known as a place ("in Paris", "from Sydney").
WEAK_PLACE_CUE = re.compile(r"\b(?:in|from|near|to|at|outside|around|across|via|towards?)"
                            r" (?:the )?$", re.I)


# Verbs whose object is a person ("talked to Paris", "married Sydney"): a known
# place after them is no evidence of place.
_PERSON_OBJECT_VERBS = """
with told tell tells asked ask asks met meet meeting married marry thank thanked called call
named texted text invited invite saw see seen visited visit love loves hugged kissed phoned
emailed messaged helped help hired fired dating dated""".split() + [
    "talked to", "spoke to", "speak to", "talk to", "talking to", "said to", "wrote to"]
_PERSON_OBJECT = re.compile(rf"\b{word_trie(_PERSON_OBJECT_VERBS)} $")  # (a trie: as the place cue)


def cued_places(text, tokens, labels, lower) -> list[Span]:
    """"moved to Tarrowby": a capitalised word after a verb of going or living is a place."""
    spans = []
    # (a word labelled OTHER is none: only the others are looked at)
    for i in [k for k, label in enumerate(labels) if label != rules.OTHER]:
        tok = tokens[i]
        # (the words around first: most capitalised words have no cue beside them)
        if not tok.is_title or tok.text.isupper() or possessive(text, tok.end) \
                or not (_before_its_country(text, tok.end) or _cued_place(text, tok)) \
                or ordinary(tok.text, lower):
            continue  # "moved to Tarrowby", "Tarrowby, England"; "in Aksu": a known town
        j = i
        while j + 1 < len(tokens) and j < i + 2 and tokens[j + 1].is_title \
                and name_gap(text, tokens[j], tokens[j + 1]):
            j += 1
        spans.append(Span(tok.start, tokens[j].end, PLACE, "rules:place",
                          text=text[tok.start:tokens[j].end]))
    return spans



def _cued_place(text, tok) -> bool:
    """Evidence of place before the word, the weak kind enough for a known
    place ("moved to Tarrowby", "in Aksu"): ``place_evidence`` asked both ways,
    its first test read once."""
    before = _cue_window(text, tok.start)
    return before is not None and _evidence(before, True) \
        and (_evidence(before, False) or _known_place(tok.text, evidence=True))


def possessive(text, end) -> bool:
    return text[end:end + 2] in ("'s", "’s")


_CUE_ENDS = frozenset("to in into from near outside around at through across of reached "
                      "toured touring via toward towards".split())


def place_evidence(text: str, start: int, known: bool = False) -> bool:
    """True when the words before ``start`` say a place follows ("moved to",
    "born in", "the city of"); for a ``known`` place name a preposition of place
    is enough ("in Paris")."""
    before = _cue_window(text, start)
    return before is not None and _evidence(before, known)


def _cue_window(text: str, start: int) -> str | None:
    """The 40 characters before ``start`` that ``_evidence`` reads, or None
    when no word a cue ends in stands right before ``start`` (a cheap test
    first: no preposition or "of" just before, no evidence of either kind)."""
    word = _last_word(text, start)
    if word is None or word.lower() not in _CUE_ENDS:
        return None
    return text[max(0, start - 40):start]


@lru_cache(maxsize=1 << 14)
def _evidence(before: str, known: bool) -> bool:
    """``place_evidence`` past its first test: by the 40 characters before
    alone, so cached by them (the searches cost most of the English rules)."""
    if PLACE_CUE.search(before):
        return True
    return known and WEAK_PLACE_CUE.search(before) is not None \
        and _PERSON_OBJECT.search(before) is None  # "talked to Paris" is her


def _last_word(text: str, start: int) -> str | None:
    """The word before ``start`` that a cue ends in (None if there is none),
    as the plain search ``(\\w+) (?:the )?$`` over the 16 characters before
    ``start`` answers it (tests/anonymise/test_fast_scans.py compares them),
    read backwards from ``start`` instead of tried at each of the 16
    positions: the word (a run of word characters, cut at the window's start)
    before the space that ends the window, or the one before
    " the " there (asked of every capitalised word)."""
    lo = max(0, start - 16)
    end = start - 1
    if end >= lo and text[end] == "\n":
        end -= 1  # ``$`` matches before a newline that ends the window too
    if end < lo or text[end] != " ":
        return None
    i = end
    while i > lo and ((ch := text[i - 1]).isalnum() or ch == "_"):  # what ``\w`` matches
        i -= 1
    if i == end:
        return None
    if end - i == 3 and text[i:end] == "the" and i - 1 > lo and text[i - 1] == " ":
        j = k = i - 1
        while k > lo and ((ch := text[k - 1]).isalnum() or ch == "_"):
            k -= 1
        if k < j:
            return text[k:j]  # "moved to the " -> "to"
    return text[i:end]


def is_place_here(text: str, span: Span, named: frozenset[str] = frozenset()) -> bool:
    """A person span that names a country or state (unless it is one of the
    first names ``named`` of full names found in the text, lower case), or
    that the words around it show to be a place: "moved to
    Paris", "in Paris", "Paris, London and Rome", "Tarrowby, England", and
    a word alone after "in" that is no first name ("cold in Heidelberg")."""
    if possessive(text, span.end):
        return False
    words = text[span.start:span.end]
    if " " not in words and places.world_place(words) == "country":
        # "Kenya", "Virginia": a country or state alone; but not a first name the
        # text gives a person ("Jordan Pellow ... jordan said") with no word of place
        return words.lower() not in named or place_evidence(text, span.start)
    known = _known_place(words)
    before = _cue_window(text, span.start)  # (``place_evidence``, its first test read once)
    if before is not None and _evidence(before, known) or known and _beside_place(text, span):
        return True
    # an ambiguous town ("Satpayev") after a preposition of place; never by
    # its neighbours in a list ("Satpayev, Konaev": people)
    return not known and before is not None and _evidence(before, True) \
        and _known_place(words, evidence=True) \
        or _before_its_country(text, span.end) or _alone_after_in(text, span)


# The characters a Latin letter matches in the patterns above, written or
# under ``re.I``: the ASCII letters, and "İ", "ı", "ſ" and the Kelvin sign,
# which ``re.I`` takes for "i", "s" and "k" (the characters that
# ``re.compile("[a-z]", re.I)`` matches: tests/anonymise/test_fast_spans_35.py
# reads them all).
_LATIN_LETTER = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")


def place_test(text: str):
    """``is_place_here`` for the spans of ``text``: in a text without a Latin
    letter no cue, preposition, neighbour or "'s" of the tests above can
    stand (each needs one), and only a country named alone is a place:
    the other tests are not asked (Kazakh and Russian text, most spans)."""
    return is_place_here if _LATIN_LETTER.search(text) else _country_alone


def _country_alone(text: str, span: Span, named: frozenset[str] = frozenset()) -> bool:
    """``is_place_here`` in a text without a Latin letter (``place_test``)."""
    words = text[span.start:span.end]
    return " " not in words and places.world_place(words) == "country" \
        and words.lower() not in named


@lru_cache(maxsize=1 << 14)
def _known_place(words: str, evidence: bool = False) -> bool:
    return places.world_place(words) is not None or all(
        places.is_place(w, evidence) or places.is_country(w) for w in words.split())


_COUNTRY_AFTER = re.compile(r"(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)?"
                            r", ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b(?![\w'’-]| [A-Z])")


def _before_its_country(text, end) -> bool:
    """"Eugene, Oregon", "Tarrowby, England", "Tarrowby, Victoria, Australia":
    a town before its state or country (a country that is also a first name,
    "Jordan", only when a state: "Augusta, Georgia")."""
    if not text.startswith(", ", end):
        return False  # (how every match begins: asked after every capitalised word)
    m = _COUNTRY_AFTER.match(text, end)
    if m is None or places.world_place(m.group(1)) != "country":
        return False
    return rules.word_label(m.group(1)) != rules.FIRST or m.group(1) in places.US_STATES


# "in" after these is about a person ("interested in Ostrander", "faith in her").
_IN_PERSON = re.compile(r"\b(?:interest|interested|believe|believed|believes|trust|faith|"
                        r"confidence|role|part|lead|starring|cast|featuring) in $", re.I)
_IN_BEFORE = re.compile(r"(?<![\w'’])in $", re.I)
_CAPITAL_AFTER = re.compile(r" [A-Z]")  # "in Collins College": part of a longer name


def _alone_after_in(text, span) -> bool:
    """One capitalised word right after "in" that is no first name: a place
    ("in Heidelberg", "in Glacier"); "interested in Ostrander" is a person."""
    words = text[span.start:span.end]
    return " " not in words and not _CAPITAL_AFTER.match(text, span.end) and _IN_BEFORE.search(text, max(0, span.start - 3), span.start) \
        is not None and not _IN_PERSON.search(text, max(0, span.start - 16), span.start) \
        and rules.word_label(words) != rules.FIRST


_PLACE_BEFORE = re.compile(r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)(?:, | and | or |, and )$")
_PLACE_AFTER = re.compile(r"(?:, | and | or |, and )([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)")


def _beside_place(text, span) -> bool:
    """"Paris, London and Rome": listed beside other known places."""
    before = _PLACE_BEFORE.search(text, max(0, span.start - 40), span.start)
    after = _PLACE_AFTER.match(text, span.end)
    return any(m is not None and _known_place(m.group(1)) and not _first_name(m.group(1))
               for m in (before, after))


def _first_name(words: str) -> bool:
    return any(rules.word_label(w) == rules.FIRST for w in words.split())

