"""English words and names in lower case for the English rules (``en``).

Which capitalised words are ordinary English words: Webster's Second
International word list (public domain, 1934) through the ``english-words``
package keeps each word's case, so a word listed only in lower case is an
ordinary word and one listed only capitalised a proper noun; words written in
lower case elsewhere in the same text count too. And first names written in
lower case in a list or after a person cue ("tom, maria and kevin", "my friend
maria", "margaret and i").
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import rules
from .census import COMMON_WORDS, FUNCTION_WORDS, census_names, census_words
from .spans import PERSON, Span
from .tokens import Tokens

# A person cue and the lower-case word after it: "my friend maria", "hi tom".
_PERSON_CUE = (
    r"(?i:\b(?:my|our|his|her|your|their) (?:friend|friends|sister|brother|mum|mom|dad|"
    r"wife|husband|son|daughter|cousin|aunt|uncle|niece|nephew|boyfriend|girlfriend|"
    r"partner|colleague|neighbour|neighbor|boss|roommate|grandma|grandpa|buddy)"
    r"|\b(?:hi|hey|hello|thanks|bye|dear|met|with|told|asked|called|invited|"
    r"texted|emailed|visited|and i|me and))")
_PERSON_BEFORE = re.compile(_PERSON_CUE + " $")
_CUED_LOWER = re.compile(_PERSON_CUE + r" ([a-z]{3,})\b(?!['’])")
_LOWER_AND_I = re.compile(r"(?<![\w'’])([a-z]{3,}) and (?:i|me)\b")
_LOWER_LIST = re.compile(r"\b[a-z]{3,}(?:, [a-z]{3,}){0,8},? (?:and|or|&) [a-z]{3,}\b")
# English words that are also frequent first names: never a name in lower case.
_ORDINARY_LOWER = frozenset("""
will bill mark may june april august art rose rich grant price young major king guy
joy hope faith grace glory honor honour chance page ray sue pat jack frank dawn
summer autumn winter iris ruby amber crystal pearl ivy holly daisy lily violet olive
ginger pepper sunny sky star river ocean stone rock cliff dale glen wade lane miles
hunter mason carter cook baker taylor porter chase drew gene dean earl duke prince
royal noble sterling penny bud buck sandy rusty dusty candy cherry misty brandy
angel destiny harmony melody heaven sage rain storm storm mercy patience prudence
constance chase marshall sherman bishop pope saint christian lady lord sir
nick rob don van bee ash bay reed rod alpha angelica aura barb berry blanch bonny booker
brain brook buddy buster caprice charity chastity clay coral delta diamond ebony else era
earnest fern flora foster freeman gale garland garnet gay heath heather herb homer ivory
jade jasmine jewel junior kitty lacy lance laurel magnolia manual marry marvel merry nova
opal pansy parker piper precious princess queen raven rex robin rocky shelly sierra sol
song sunshine tawny tiara trinity valentine velvet viola walker ward warner windy stormy
marlin pinkie birdie chin chi min yen loan hung dong sang sung lien lea lee ora meta sha
ona iva vita viva palma mack chuck dick pam ted tad kip dee mac ma pa mi ha
""".split())




def ordinary(word: str, lower: set[str]) -> bool:
    """An ordinary word: listed as one, or written in lower case elsewhere in the
    same text ("Master Plan" where "plan" stands elsewhere), or a plural noun."""
    low = word.lower()
    return low in COMMON_WORDS or lower_elsewhere(low, lower) or dictionary_word(low) or (
        _PLURAL.search(low) is not None and low not in census_words())


def lower_elsewhere(low: str, lower: set[str]) -> bool:
    return low in lower or low.endswith("s") and (low[:-1] in lower or low[:-2] in lower)


_PLURAL = re.compile(r"(?:ans|ers|ists|ats|ites|ics|ions|ties|ments|ships|als|[^s']s)$")



def lower_names(text, tokens=None) -> list[Span]:
    """"tom, maria and bob", "my friend maria": first names in lower case."""
    spans = []
    for m in _LOWER_LIST.finditer(text):
        items = [(w.start(), w.end()) for w in re.finditer(r"[a-z]+", m.group())
                 if w.group() not in ("and", "or")]
        if all(lower_first_name(m.group()[s:e]) for s, e in items) and (
                len(items) >= 3 or _PERSON_BEFORE.search(
                    text, max(0, m.start() - 30), m.start())):
            spans += [Span(m.start() + s, m.start() + e, PERSON, "rules:en",
                           text=m.group()[s:e]) for s, e in items]
    for m in _LOWER_AND_I.finditer(text):  # "margaret and i went"
        if lower_first_name(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), PERSON, "rules:en", text=m.group(1)))
    if tokens is None:
        for m in _CUED_LOWER.finditer(text):
            if lower_first_name(m.group(1)):
                spans.append(Span(m.start(1), m.end(1), PERSON, "rules:en", text=m.group(1)))
        return spans
    # The same as _CUED_LOWER, read from the first names among the text's words
    # (the cue words are frequent: "with", "her"; first names in lower case are rare).
    if isinstance(tokens, Tokens):  # the few first names in lower case first, each word once
        texts = tokens.texts
        at = tokens.where([w for w in tokens.lower if len(w) > 2 and w.isascii() and w.isalpha()
                           and lower_first_name(w)])
        at = [k for k in at if k and texts[k - 1] in _CUE_LAST]
    else:
        texts = [t.text for t in tokens]
        at = [k for k, before in enumerate(texts[:-1], 1) if before in _CUE_LAST]
    for k in at:
        tok = tokens[k]
        word = tok.text
        if len(word) > 2 and word.isascii() \
                and word.isalpha() and word.islower() and lower_first_name(word) \
                and text[tok.end:tok.end + 1] not in _NAME_GOES_ON \
                and _PERSON_BEFORE.search(text, max(0, tok.start - 40), tok.start):
            spans.append(Span(tok.start, tok.end, PERSON, "rules:en", text=word))
    return spans


def cued_mentions(text, tokens, names: set[str]) -> list[Span]:
    """"Rick Quarnby ... then we met quarnby": a word of a name found in the
    text, written in lower case after a person cue ("met", "with", "told") or
    before a verb of speech ("quarnby said")."""
    spans = []
    for k in range(1, len(tokens)):
        tok = tokens[k]
        if tok.text in names and text[tok.end:tok.end + 1] not in _NAME_GOES_ON and (
                tokens[k - 1].text in _CUE_LAST
                and _PERSON_BEFORE.search(text, max(0, tok.start - 40), tok.start)
                or k + 1 < len(tokens) and tokens[k + 1].text in _SPEECH_AFTER
                and text[tok.end:tokens[k + 1].start] == " "):
            spans.append(Span(tok.start, tok.end, PERSON, "rules:en", text=tok.text))
    return spans


# A verb of speech right after a word makes it the speaker: "quarnby said yes".
_SPEECH_AFTER = frozenset("said says told asked replied answered wrote added explained thinks thought".split())


_NAME_GOES_ON = frozenset("'’_0123456789")
# The last word of every cue of _PERSON_CUE: only a word after one of them is looked at.
_CUE_LAST = frozenset("""
friend friends sister brother mum mom dad wife husband son daughter cousin aunt uncle niece
nephew boyfriend girlfriend partner colleague neighbour neighbor boss roommate grandma grandpa
buddy hi hey hello thanks bye dear met with told asked called invited texted emailed visited
i and
""".split())
_CUE_LAST = frozenset(f(w) for w in _CUE_LAST for f in (str.lower, str.capitalize, str.upper))



@lru_cache(maxsize=1)
def web2() -> tuple[frozenset[str], frozenset[str]]:
    """(ordinary words, proper nouns) of Webster's 2nd International word list
    (public domain, from the ``english-words`` package): a word listed in lower
    case is an ordinary word, one listed only capitalised a proper noun. Empty
    sets without the package."""
    try:
        from english_words import get_english_words_set
        words = get_english_words_set(["web2"])
    except Exception:  # noqa: BLE001 - the dictionary is optional
        return frozenset(), frozenset()
    # the same sets with the loops in C: str.islower over the 236,000 words,
    # then the capitalised ones looked for among the 25,000 others alone
    lower = frozenset(filter(str.islower, words))
    proper = frozenset([w.lower() for w in words.difference(lower) if w[:1].isupper()])
    return lower, proper.difference(lower)


@lru_cache(maxsize=1)
def _gcide_lower() -> frozenset[str]:
    """The words listed in lower case by GCIDE (the GNU edition of Webster's of
    1913 with later additions, from the same ``english-words`` package): words
    Webster's Second lacks ("vegan"). Loaded on first use only; empty without
    the package."""
    try:
        from english_words import get_english_words_set
        words = get_english_words_set(["gcide"], lower=False)
    except Exception:  # noqa: BLE001 - the dictionary is optional
        return frozenset()
    return frozenset(filter(str.islower, words))


def newer_word(word: str) -> bool:
    """An ordinary English word of GCIDE that ``dictionary_word`` may lack
    ("vegan"): asked only where a word is already in doubt (it loads a second
    dictionary)."""
    return word.lower() in _gcide_lower()


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
             ("ing", ""), ("ing", "e"), ("ers", ""), ("er", ""), ("ly", ""), ("ness", ""),
             ("ment", ""), ("al", ""), ("ion", ""), ("ion", "e"))


@lru_cache(maxsize=1 << 15)
def dictionary_word(word: str) -> bool:
    """An ordinary English word in any of its common forms ("Policies", "Scripture")."""
    low = word.lower()
    words = web2()[0]
    if low in words:
        return True
    return any(low.endswith(end) and len(low) - len(end) > 2
               and low[:len(low) - len(end)] + add in words for end, add in _SUFFIXES)


@lru_cache(maxsize=1 << 14)
def lower_first_name(word: str) -> bool:
    """A frequent first name that is no ordinary English word ("maria", "tom",
    "aizhan")."""
    if word in _ORDINARY_LOWER or word in COMMON_WORDS or word in FUNCTION_WORDS:
        return False
    # a census first name, or a Kazakh or Russian one in Latin letters ("aizhan")
    # the dictionary asked first: most words of a text are in it, and it
    # answers in a tenth of the time ``word_label`` takes over a new word
    return word in census_names()[0] or (
        not dictionary_word(word) and rules.word_label(word.title()) == rules.FIRST)


