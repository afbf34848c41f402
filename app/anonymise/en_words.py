"""English words and names in lower case for the English rules (``en``).

Which capitalised words are ordinary English words: Webster's Second
International word list (public domain, 1934) through the ``english-words``
package keeps each word's case, so a word listed only in lower case is an
ordinary word and one listed only capitalised a proper noun; words written in
lower case elsewhere in the same text count too. And first names written in
lower case in a list or after a person cue ("tom, maria and kevin", "my friend
maria", "margaret and i"); the acronyms of bodies ("UNICEF"), the adjectives
and names of peoples, and what a speaker says they are ("I'm Vegan"), which
both the English rules (``en``) and the frames of speech (``en_frames``) read.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import rules
from .census import COMMON_WORDS, FUNCTION_WORDS, census_names, census_words
from .scan import on_lines
from .spans import PERSON, Span
from .tokens import as_tokens

# A person cue and the lower-case word after it: "my friend maria", "hi tom".
_PERSON_CUE = (
    r"(?i:\b(?:my|our|his|her|your|their) (?:friend|friends|sister|brother|mum|mom|dad|"
    r"wife|husband|son|daughter|cousin|aunt|uncle|niece|nephew|boyfriend|girlfriend|"
    r"partner|colleague|neighbour|neighbor|boss|roommate|grandma|grandpa|buddy)"
    r"|\b(?:hi|hey|hello|thanks|bye|dear|met|with|told|asked|called|invited|"
    r"texted|emailed|visited|and i|me and))")
_PERSON_BEFORE = re.compile(_PERSON_CUE + " $")
_LOWER_AND_I = re.compile(r"(?<![\w'’])([a-z]{3,}) and (?:i|me)\b")
_AND_I = re.compile(r" and (?:i|me)\b")  # in every match: only its lines searched (``on_lines``)
_LOWER_LIST = re.compile(r"\b[a-z]{3,}(?:, [a-z]{3,}){0,8},? (?:and|or|&) [a-z]{3,}\b")
_LIST_JOIN = re.compile(r" (?:and|or|&) [a-z]")  # in every match: only its lines searched
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



def lower_names(text, tokens) -> list[Span]:
    """"tom, maria and bob", "my friend maria": first names in lower case."""
    spans = []
    for m in on_lines(_LOWER_LIST, _LIST_JOIN, text):
        items = _named_items(m.group())
        if items is not None and (
                len(items) >= 3 or _PERSON_BEFORE.search(
                    text, max(0, m.start() - 30), m.start())):
            spans += [Span(m.start() + s, m.start() + e, PERSON, "rules:en",
                           text=m.group()[s:e]) for s, e in items]
    for m in on_lines(_LOWER_AND_I, _AND_I, text):  # "margaret and i went"
        if lower_first_name(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), PERSON, "rules:en", text=m.group(1)))
    # A first name in lower case after a person cue ("with maria"): read from the first
    # names among the text's words (the cue words are frequent: "with", "her"; first
    # names in lower case are rare), then the cue before each.
    tokens = as_tokens(tokens)  # the few first names in lower case first, each word once
    texts = tokens.texts
    at = tokens.where(lower_first_names([w for w in tokens.lower
                                         if len(w) > 2 and w.isascii() and w.isalpha()]))
    for k in [k for k in at if k and texts[k - 1] in _CUE_LAST]:
        tok = tokens[k]
        if text[tok.end:tok.end + 1] not in _NAME_GOES_ON \
                and _PERSON_BEFORE.search(text, max(0, tok.start - 40), tok.start):
            spans.append(Span(tok.start, tok.end, PERSON, "rules:en", text=tok.text))
    return spans


_LOWER_WORD = re.compile(r"[a-z]+")


def _named_items(words: str) -> list[tuple[int, int]] | None:
    """The offsets of the items of a list in lower case (``_LOWER_LIST``'s
    match), or None when one is no first name: asked item by item, the
    first ordinary word ends it (most lists' first item is one)."""
    items = []
    for w in _LOWER_WORD.finditer(words):
        if w.group() in ("and", "or"):
            continue
        if not lower_first_name(w.group()):
            return None
        items.append((w.start(), w.end()))
    return items


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

# The endings by their last letter: a word is tried with the few its own last letter allows.
_SUFFIXES_BY_LAST = {last: tuple(s for s in _SUFFIXES if s[0][-1] == last)
                     for last in {end[-1] for end, _add in _SUFFIXES}}


@lru_cache(maxsize=1 << 15)
def dictionary_word(word: str) -> bool:
    """An ordinary English word in any of its common forms ("Policies", "Scripture")."""
    low = word.lower()
    words = web2()[0]
    if low in words:
        return True
    for end, add in _SUFFIXES_BY_LAST.get(low[-1:], ()):  # (a loop: asked of every new word)
        if low.endswith(end) and len(low) - len(end) > 2 and low[:len(low) - len(end)] + add in words:
            return True
    return False


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


def lower_first_names(words) -> set[str]:
    """The words ``lower_first_name`` holds first names, of ``words`` (written
    in lower-case ASCII letters: a text's distinct words). Set operations
    answer for most at once: a census first name is one (past the three
    lists of words it never is), and any other word of the dictionary's
    lower-case list is an ordinary word (``dictionary_word``), no first
    name; ``lower_first_name`` is asked of the rest alone."""
    words = set(words).difference(_ORDINARY_LOWER, COMMON_WORDS, FUNCTION_WORDS)
    first = census_names()[0]
    return words.intersection(first) | {w for w in words.difference(first, web2()[0])
                                        if lower_first_name(w)}


# Acronyms of bodies of five letters or more (shorter ones are initials,
# dropped: ``_acronym``): the entities of the UN system chart and the
# international bodies fieldwork in Central Asia meets, written from general
# knowledge; and, for others, the shape no name in capitals has: three
# consonants in a row that no English or Kazakh name has ("UNHCR", "UNFPA").
BODY_ACRONYMS = frozenset("""
UNESCO UNICEF UNHCR UNFPA UNAIDS UNIDO UNODC UNECE UNRWA UNOPS UNITAR UNCTAD UNDESA
UNWTO UNFCCC UNDRR UNISDR UNHABITAT UNSMIL UNAMA UNRCCA ESCAP UNESCAP USAID ASEAN
INTERPOL EUROPOL FRONTEX CAREC EAEU CSTO EBRD OPCW FIDE FIFA UEFA NASDAQ
""".split())
_ODD_CLUSTER = re.compile(r"[^AEIOUY]{3}")
_NAME_CLUSTERS = ("STR", "SCH", "NST", "RST", "GHT", "RTH", "NDS", "NKS", "NGS", "TCH", "CHR",
                  "THR", "SHR", "NCH", "RCH", "LCH", "MPS", "NTS", "RTS", "SPR", "SKR", "SCR",
                  "LDS", "RDS", "NDR", "LST", "NSK", "RSK", "KHT", "ZHN", "SHT", "KHM", "KHB")


def body_acronym(word: str) -> bool:
    """A word in capitals that is the acronym of a body, not a surname in
    capitals ("SMITH", "ZHAKSYBEKOV", "OKAFOR"): listed, or five or six
    letters, no listed name or surname shape, with a cluster no name has."""
    if len(word) < 5 or not word.isupper() or not word.isalpha():
        return False
    if word in BODY_ACRONYMS:
        return True
    if len(word) > 6 or rules.word_label(word) != rules.CAP:
        return False
    m = _ODD_CLUSTER.search(word)
    return m is not None and not word.startswith(_NAME_CLUSTERS, m.start()) \
        and not word.endswith(("OV", "EV", "IN", "ENKO", "SKI", "SKY", "YAN", "ULY", "BEK"))


# Adjectives of peoples ("Italian", "Chinese", "Latino"), and the months.
PEOPLE_ADJECTIVE = re.compile(r"(?:ians?|cans?|eans?|ese|ish)$|^latin[ao]s?$")
MONTHS = frozenset("january february march april june july august september october "
                   "november december".split())


# Names of peoples and their languages that the adjective endings above miss.
PEOPLES = frozenset("""
kazakh kazak kyrgyz kirghiz uzbek tajik turkmen tatar uyghur uighur bashkir chechen
karakalpak dungan kalmyk buryat yakut chuvash ingush nogai
mongol thai lao czech slovak swiss dutch greek welsh scots irish iraqi israeli pakistani
saudi yemeni omani kuwaiti qatari emirati bangladeshi nepali somali afghan punjabi
hindi bengali urdu farsi dari pashto swahili zulu xhosa yoruba igbo hausa maori inuit
sami roma basque catalan breton flemish walloon kurd kurdish druze arab berber
""".split())


# Faiths a speaker may say they hold ("I'm Sunni"), beside the peoples above.
_FAITHS = frozenset("muslim moslem sunni shia shiite hindu sikh jain mormon quaker".split())
_SELF_BEFORE = re.compile(r"(?<![\w'’])I(?:['’]m| am) $")


def after_i_am(text: str, start: int) -> bool:
    """"I'm " or "I am " just before ``start``."""
    return _SELF_BEFORE.search(text, max(0, start - 6), start) is not None


def self_description(words: str) -> bool:
    """What a speaker says they are after "I'm", not who: every word (split at
    spaces and hyphens) an English word of either dictionary, a people, a
    nationality ("Kazakhstani") or a faith, and none a first name anywhere
    ("I'm Vegan", "I'm Retired", "I'm Senior Nurse", "I'm Gluten-Free"; not
    "I'm Grace", "I'm Zhanserik")."""
    parts = re.split(r"[ \t-]+", words.strip())
    for part in parts:
        low = part.lower()
        if not part.isalpha() or low in _ORDINARY_LOWER or low in census_names()[0] \
                or rules.word_label(part[:1].upper() + part[1:].lower()) == rules.FIRST:
            return False
        if not (low in COMMON_WORDS or low in PEOPLES or low in _FAITHS
                or PEOPLE_ADJECTIVE.search(low) or low.endswith("stani")
                or dictionary_word(low) or newer_word(low)):
            return False
    return bool(parts)
