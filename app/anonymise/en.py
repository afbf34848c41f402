"""English rules beside ``rules`` and ``cues``: what an English speaker's text
says about a capitalised word without any statistical model.

* Evidence of place: "moved to Paris", "born in Tarrow", "the town of Ilk": a
  place-kind verb or noun before the word makes it a place, never a person,
  even when it is also a first name (Paris, Sydney, Austin).
* Name pairs: two name words together are one person even at a sentence start
  ("Walt Whitman was ..."); two or three unknown capitalised words together in
  mid-sentence are a name when nothing says organisation, place or work
  ("the job Barack Obama has done").
* Names in lower case in a list or after a person cue ("tom, maria and bob",
  "my friend maria").

Everything here is general English usage; the word lists are written by hand
from general knowledge, not taken from any evaluation set.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from . import places, rules
from .census import COMMON_WORDS, FUNCTION_WORDS, census_names, census_words
from .cues import SOURCE as CUE
from .spans import PERSON, PLACE, Span
from .tokens import Token, name_gap, tokenize

# Verbs and nouns after which a capitalised word names a place: "moved to",
# "born in", "flew back from", "the city of".
_PLACE_VERBS = (
    "moved|moving|move|moves|relocated|relocating|emigrated|immigrated|flew|fly|flying|"
    "drove|driving|travel+ed|travel+ing|travels?|went|go|going|goes|came|come|coming|"
    "returned|returning|headed|heading|commute[sd]?|commuting|trip|journey|flight|"
    "lived?|lives|living|born|raised|grew up|growing up|based|settled|stayed|staying|"
    "studied|studying|located|situated|holiday|vacation|"
    "arrived|arriving|fled|escaped")
PLACE_CUE = re.compile(
    rf"(?:\b(?:{_PLACE_VERBS})(?: \w+ly| back| out| over| down| up| all the way)?"
    rf" (?:to|in|into|from|near|outside|around|at|through|across)"
    rf"|\b(?:city|town|village|county|province|region|district|capital|suburbs?|"
    rf"outskirts|streets|centre|center|island|republic|kingdom) of"
    rf"|\b(?:reached|toured|touring))"
    rf" (?:the )?$", re.I)
# Weaker evidence: a preposition of place; enough only for a word already
# known as a place ("in Paris", "from Sydney").
WEAK_PLACE_CUE = re.compile(r"\b(?:in|from|near|to|at|outside|around|across|via|towards?)"
                            r" (?:the )?$", re.I)

# Last words of names that are no person: organisations, buildings, works.
_THING_WORDS = frozenset("""
inc ltd llc corp corporation company co group holdings bank university college school
academy institute foundation society association party council committee commission
department ministry agency bureau office centre center hospital clinic church cathedral
museum library gallery theatre theater airport station park street road avenue lane
square bridge mansion building hall tower house palace castle stadium arena award awards
prize festival act bill treaty program programme project times post news journal
magazine review press gazette herald tribune channel network studio studios records
club league federation union alliance fund trust network service services system
systems labs lab technologies software games store market mall hotel restaurant cafe
island islands mountains mountain river lake valley beach bay county state city
republic kingdom empire war day week month year show series movie film book
""".split())
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


def find(text: str, tokens: list[Token]) -> list[Span]:
    """Person and place spans of the English rules above."""
    _web2()  # loaded once, before any timing
    labels = [rules.label(t) for t in tokens]
    lower = {t.text for t in tokens if t.text.islower()}
    spans = _name_pairs(text, tokens, labels, lower)
    spans += _particle_names(text, lower)
    spans += _cued_places(text, tokens, labels, lower)
    return spans


def _ordinary(word: str, lower: set[str]) -> bool:
    """An ordinary word: listed as one, or written in lower case elsewhere in the
    same text ("Master Plan" where "plan" stands elsewhere), or a plural noun."""
    low = word.lower()
    return low in COMMON_WORDS or _lower_elsewhere(low, lower) or dictionary_word(low) or (
        _PLURAL.search(low) is not None and low not in census_words())


def _lower_elsewhere(low: str, lower: set[str]) -> bool:
    return low in lower or low.endswith("s") and (low[:-1] in lower or low[:-2] in lower)


_PLURAL = re.compile(r"(?:ans|ers|ists|ats|ites|ics|ions|ties|ments|ships|als|[^s']s)$")


# Verbs whose object is a person ("talked to Paris", "married Sydney"): a known
# place after them is no evidence of place.
_PERSON_OBJECT = re.compile(
    r"\b(?:with|told|tell|tells|asked|ask|asks|met|meet|meeting|married|marry|thank|thanked|"
    r"called|call|named|texted|text|invited|invite|saw|see|seen|visited|visit|love|loves|"
    r"hugged|kissed|phoned|emailed|messaged|helped|help|hired|fired|dating|dated|"
    r"talked to|spoke to|speak to|talk to|talking to|said to|wrote to) $")


def _starts_sentence(text, pos) -> bool:
    """A sentence or turn starts at ``pos``; a dash does not start one in English."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\"“”«»("


def _name_pairs(text, tokens, labels, lower) -> list[Span]:
    spans, i = [], 0
    n = len(tokens)
    named = (rules.FIRST, rules.LAST, rules.SURN, rules.PATR)
    while i < n:
        if labels[i] == rules.OTHER:
            i += 1
            continue
        j = i
        while j + 1 < n and j < i + 2 and labels[j + 1] != rules.OTHER \
                and name_gap(text, tokens[j], tokens[j + 1]):
            j += 1
        run = range(i, j + 1)
        if j == i and labels[i] == rules.CAP and (_vocative(text, tokens, i, lower)
                                                  or _word_name(text, tokens, i, lower)):
            spans.append(Span(tokens[i].start, tokens[i].end, PERSON, "rules:en",
                              text=tokens[i].text))
        if j > i and not _thing(text, tokens, i, j) \
                and not any(_ordinary(tokens[k].text, lower) for k in run):
            kinds = [labels[k] for k in run]
            if _starts_sentence(text, tokens[i].start):
                # "Walt Whitman was a poet": two listed name words at a sentence start.
                ok = kinds[0] in named and kinds[1] in named
            else:
                # "the job Barack Obama has done": unknown words together mid-sentence.
                ok = not rules.after_article(text, tokens[i]) and not _of_before(text, tokens[i])
            if ok:
                spans.append(Span(tokens[i].start, tokens[j].end, PERSON, "rules:en",
                                  text=text[tokens[i].start:tokens[j].end]))
        i = j + 1
    return spans


def _vocative(text, tokens, i, lower) -> bool:
    """One unknown capitalised word that is no English word, shaped like a
    name, where a person is spoken to: a vocative ending a question or
    standing alone as a turn ("Are you coming, Jito?", "Zach.")."""
    tok = tokens[i]
    if _ordinary(tok.text, lower) or not _plain_name(tok.text) or len(tok.text) < 3 \
            or _thing(text, tokens, i, i) or _in_title_phrase(text, tokens, i) \
            or rules.after_article(text, tok) or _of_before(text, tok):
        return False
    low = tok.text.lower()
    if low in _INTERJECTIONS or _SOUND.search(low):
        return False
    if low not in _web2()[1] and low not in census_words() and text.count(tok.text) < 2:
        return False  # neither a listed name nor one the talk comes back to
    turn_start = _TURN_START.search(text, max(0, tok.start - 4), tok.start) is not None
    if turn_start and _ADDRESS_AFTER.match(text, tok.end):
        return True  # "Dorrin, are you there?"
    return _VOCATIVE_END.match(text, tok.end) is not None and (
        turn_start
        or text[max(0, tok.start - 2):tok.start] == ", "
        or not rules.sentence_start(text, tok.start) and text[tok.end:tok.end + 1] in "?!")


# Greetings, thanks and sounds of other languages and of talk, said alone.
_INTERJECTIONS = frozenset("""
ciao grazie prego hola adios gracias amigo bravo brava amen ole salut merci bonjour
danke bitte mmkay okey dokey yay yikes whoa gee gosh golly oops ouch psst shh mhm
ahem nah yep yup nope cheers hooray huzzah voila mazel shalom salaam namaste
""".split())
_SOUND = re.compile(r"(\w)\1\1|^[^aeiouy]+$|^(?:u+h+|u+m+|e+r+m*|h+m+|m+h*m*)$")


# "Leonardo da Vinci", "Pico de la Mirandola", "Patrizia d'Ettore", "Vincent van Gogh".
_PARTICLE_NAME = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]+) ((?:de la|de los|de las|van der|van den|von der|de|da|di|du|"
    r"del|della|dos|das|van|von|le|bin|ibn) [A-Z][\w'’-]+|d['’][A-Z][\w-]+)")


def _particle_names(text, lower) -> list[Span]:
    spans = []
    for m in _PARTICLE_NAME.finditer(text):
        first = m.group(1)
        after = re.match(r" ([A-Za-z]+)", text[m.end():m.end() + 20])
        if first.lower() in COMMON_WORDS or _lower_elsewhere(first.lower(), lower) \
                or places.world_place(m.group()) or places.world_place(first) \
                or after and after.group(1).lower() in _THING_WORDS:
            continue
        spans.append(Span(m.start(), m.end(), PERSON, "rules:en", text=m.group()))
    return spans


# First names that are also English words; capitalised in mid-sentence, and
# nowhere in lower case in the same text, they are names ("go with Miles").
_WORD_NAMES = frozenset("art chance faith guy hope joy miles page rich rose will summer "
                        "autumn winter".split())


def _word_name(text, tokens, i, lower) -> bool:
    tok = tokens[i]
    low = tok.text.lower()
    return low in _WORD_NAMES and tok.text[1:].islower() and low not in lower \
        and not rules.sentence_start(text, tok.start) and not rules.after_article(text, tok) \
        and not _thing(text, tokens, i, i) and not _in_title_phrase(text, tokens, i)


_ADDRESS_AFTER = re.compile(r", (?:are|can|could|do|did|does|will|would|have|has|you|come|"
                            r"look|listen|wait|stop|please|get|go|what|where|how|why|is)\b")
_VOCATIVE_END = re.compile(r"[ \t]*(?:[?!.]+|,? *\n|$)")
_TURN_START = re.compile(r"(?:^|\n)[ \t]*$")


# Adjectives of peoples and places, and other words a name does not end in.
_ADJECTIVE = re.compile(r"(?:ian|can|ean|ese|ish|ic|ical|ive|ous|ary|ful|less|ly|ity|ism)$")
_MONTHS = frozenset("january february march april june july august september october "
                    "november december".split())


def _plain_name(word: str) -> bool:
    """A word shaped like a name: no apostrophe, no inner capital (GitHub), no
    hyphen, no adjective or month ("Italian", "Biblically", "February")."""
    low = word.lower()
    return word[1:].islower() and not any(c in word for c in "'’-") \
        and not _ADJECTIVE.search(low) and low not in _MONTHS


def _in_title_phrase(text, tokens, i) -> bool:
    """"Peace and Security", "Policy for Growth": a capitalised word joined by
    "and", "of", "for", "&" to another capitalised word is part of a title."""
    before = re.search(r"[A-Z][\w'’-]* (?:and|of|for|&|on|in|the|to) $",
                       text[max(0, tokens[i].start - 40):tokens[i].start])
    after = re.match(r" (?:and|of|for|&|on|in|the|to) [A-Z]", text[tokens[i].end:
                                                                    tokens[i].end + 10])
    return before is not None or after is not None


def _thing(text, tokens, i, j) -> bool:
    """The run names a place, an organisation or a work, not a person."""
    words = [tokens[k].text for k in range(i, j + 1)]
    if any(w.isupper() or w.lower() in _THING_WORDS or w.lower() in FUNCTION_WORDS
           for w in words):
        return True
    if j + 1 < len(tokens) and name_gap(text, tokens[j], tokens[j + 1]) \
            and tokens[j + 1].text.lower() in _THING_WORDS:
        return True
    phrase = " ".join(words)
    return places.world_place(phrase) is not None or any(
        places.world_place(w) or places.is_place(w) or places.is_country(w) for w in words)


def _of_before(text, tok) -> bool:
    """"University of Helsinki", "Bank of Quillon": a name after "of" and a
    capitalised word belongs to that name."""
    return re.search(r"[A-Z]\w* of $", text[max(0, tok.start - 40):tok.start]) is not None


def _lower_names(text) -> list[Span]:
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
    for m in _CUED_LOWER.finditer(text):
        if lower_first_name(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), PERSON, "rules:en", text=m.group(1)))
    return spans


@lru_cache(maxsize=1)
def _web2() -> tuple[frozenset[str], frozenset[str]]:
    """(ordinary words, proper nouns) of Webster's 2nd International word list
    (public domain, from the ``english-words`` package): a word listed in lower
    case is an ordinary word, one listed only capitalised a proper noun. Empty
    sets without the package."""
    try:
        from english_words import get_english_words_set
        words = get_english_words_set(["web2"])
    except Exception:  # noqa: BLE001 - the dictionary is optional
        return frozenset(), frozenset()
    lower = frozenset(w for w in words if w.islower())
    proper = frozenset(w.lower() for w in words if w[:1].isupper()) - lower
    return lower, proper


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
             ("ing", ""), ("ing", "e"), ("ers", ""), ("er", ""), ("ly", ""), ("ness", ""),
             ("ment", ""), ("al", ""), ("ion", ""), ("ion", "e"))


@lru_cache(maxsize=1 << 15)
def dictionary_word(word: str) -> bool:
    """An ordinary English word in any of its common forms ("Policies", "Scripture")."""
    low = word.lower()
    words = _web2()[0]
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
    return word in census_names()[0] or (
        rules.word_label(word.title()) == rules.FIRST and not dictionary_word(word))


def _cued_places(text, tokens, labels, lower) -> list[Span]:
    """"moved to Tarrowby": a capitalised word after a verb of going or living is a place."""
    spans = []
    for i, tok in enumerate(tokens):
        if labels[i] == rules.OTHER or not tok.is_title or tok.text.isupper() \
                or _possessive(text, tok.end) or _ordinary(tok.text, lower) \
                or not place_evidence(text, tok.start):
            continue
        j = i
        while j + 1 < len(tokens) and j < i + 2 and tokens[j + 1].is_title \
                and name_gap(text, tokens[j], tokens[j + 1]):
            j += 1
        spans.append(Span(tok.start, tokens[j].end, PLACE, "rules:place",
                          text=text[tok.start:tokens[j].end]))
    return spans


def refine(text: str, tokens: list[Token], spans: list[Span], english) -> list[Span]:
    """The rules' person spans in English text (``english(pos)`` is True there)
    checked against the rest of the text: a place when the words before say
    place ("moved to Paris"), dropped when every word of it is written in
    lower case elsewhere in the same text and none is a first name ("Coke"
    beside "coke", "Vision" beside "vision"). Names in lower case
    ("tom, maria and kevin") are added here, past the checks for capitals."""
    lower = None
    out = [s for s in _lower_names(text) if english(s.start)]
    for span in spans:
        if span.category != PERSON or span.family != "rules" or not english(span.start):
            out.append(span)
            continue
        if is_place_here(text, span):
            out.append(replace(span, category=PLACE))
            continue
        if lower is None:
            lower = {t.text for t in tokens if t.text.islower()}
        words = tokenize(text[span.start:span.end])
        if words and all(_lower_elsewhere(w.text.lower(), lower)
                         and rules.label(w) != rules.FIRST for w in words):
            continue
        out.append(span)
    return out + _coordinated(text, out, english, lower)


# Capitalised names joined in a list: "Okafor, Lindqvist and Brannigan",
# "OKAFOR and LINDQVIST"; one to three words each.
_ITEM = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}"
_COORDINATION = re.compile(rf"(?<![\w'’-]){_ITEM}(?:(?:, | and | & |, and |, or | or ){_ITEM})+")
_JOINER = re.compile(r", and |, or |, | and | & | or ")


def _coordinated(text, spans, english, lower) -> list[Span]:
    """Every item of a list whose other items are people is a person, when it
    is shaped like a name and is no ordinary word or place."""
    people = [s for s in spans if s.category == PERSON]
    if not people:
        return []
    if lower is None:
        lower = set(re.findall(r"\b[a-z]+\b", text))
    starts = sorted((s.start, s.end) for s in people)
    out = []
    for m in _COORDINATION.finditer(text):
        if not english(m.start()):
            continue
        items, pos = [], m.start()
        for j in _JOINER.finditer(m.group()):
            items.append((pos, m.start() + j.start()))
            pos = m.start() + j.end()
        items.append((pos, m.end()))
        named = [any(a < e and s < b for a, b in starts) for s, e in items]
        if not any(named) or all(named):
            continue
        for (s, e), is_named in zip(items, named):
            words = text[s:e].split()
            if is_named or rules.sentence_start(text, s) and s == m.start() or any(
                    _ordinary(w, lower) or rules.word_label(w) == rules.OTHER
                    and not w.isupper() for w in words) or places.world_place(text[s:e]) \
                    or any(places.is_place(w) or places.is_country(w) for w in words) \
                    or not any(_name_like(w, text) for w in words):
                continue
            out.append(Span(s, e, PERSON, CUE, text=text[s:e]))  # CUE: propagated
    return out


def _name_like(word: str, text: str) -> bool:
    """Listed as a name (census, Webster's proper nouns), written in capitals
    ("HICKENLOOPER"), or a word the text comes back to."""
    return rules.word_label(word) in (rules.FIRST, rules.LAST, rules.SURN, rules.PATR) \
        or word.isupper() and len(word) > 2 or word.lower() in _web2()[1] \
        or text.count(word) > 1


def _possessive(text, end) -> bool:
    return text[end:end + 2] in ("'s", "’s")


_LAST_WORD = re.compile(r"(\w+) (?:the )?$")
_CUE_ENDS = frozenset("to in into from near outside around at through across of reached "
                      "toured touring via toward towards".split())


def place_evidence(text: str, start: int, known: bool = False) -> bool:
    """True when the words before ``start`` say a place follows ("moved to",
    "born in", "the city of"); for a ``known`` place name a preposition of place
    is enough ("in Paris")."""
    m = _LAST_WORD.search(text, max(0, start - 16), start)
    if m is None or m.group(1).lower() not in _CUE_ENDS:
        return False  # cheap test first: no preposition or "of" just before
    before = text[max(0, start - 40):start]
    if PLACE_CUE.search(before):
        return True
    return known and WEAK_PLACE_CUE.search(before) is not None \
        and _PERSON_OBJECT.search(before) is None  # "talked to Paris" is her


def is_place_here(text: str, span: Span) -> bool:
    """A person span that the words around it show to be a place."""
    if _possessive(text, span.end):
        return False
    words = text[span.start:span.end]
    known = _known_place(words)
    return place_evidence(text, span.start, known) or known and _beside_place(text, span)


def _known_place(words: str) -> bool:
    return places.world_place(words) is not None or all(
        places.is_place(w) or places.is_country(w) for w in words.split())


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
