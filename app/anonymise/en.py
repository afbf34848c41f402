"""English rules beside ``rules`` and ``cues``: what an English speaker's text
says about a capitalised word without any statistical model.

* Evidence of place (``en_places``): "moved to Paris", "Paris, London and
  Rome" make a place, never a person.
* Name pairs: two name words together are one person even at a sentence start
  ("Walt Whitman was ..."); two or three unknown capitalised words together in
  mid-sentence are a name when nothing says organisation, place or work
  ("the job Barack Obama has done").
* Names in lower case in a list or after a person cue (``en_words``).
* Vocatives of listed or recurring names ("Are you coming, Zach?"), names with
  particles ("Leonardo da Vinci"), every name-shaped item of a list of people.
* Titles of office made specific by a body, place or field ("our NASA
  Administrator", "Pennsylvania Senator Rick Ostrander") stand for a person;
  a bare title is no part of the name after it (``offices``).
* Surnames alone where grammar says person: subject of a verb, owner, after
  "with" or "like" ("Merkel spoke", "Einstein's theory"), from the census
  surname list or a Russian or Polish surname shape (``lone_surnames``).
* Organisations of capitalised ordinary words before the name of a body ("the
  National Science Foundation", "the Department of Health").

Everything here is general English usage; the word lists are written by hand
from general knowledge, not taken from any evaluation set.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace
from functools import lru_cache

from . import names, places, rules
from .census import (COMMON_WORDS, FUNCTION_WORDS, census_names, census_surnames, census_words,
                     frequent_surnames)
from .cues import SAY_VERBS
from .cues import SOURCE as CUE
from .en_places import cued_places, is_place_here, place_evidence
from .en_words import (BODY_ACRONYMS, MONTHS, PEOPLE_ADJECTIVE, PEOPLES, after_i_am,
                       body_acronym, cued_mentions, dictionary_word, lower_elsewhere, lower_names,
                       ordinary, self_description, web2)
from .scan import on_lines, quick
from .spans import ORGANISATION, PERSON, PLACE, Span
from .tokens import Token, as_tokens, name_gap, words_of


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

def find(text: str, tokens: list[Token], labels: list[str] | None = None) -> list[Span]:
    """Person and place spans of the English rules above (``labels``: ``rules.labels_of``)."""
    # the lists and the one pattern that load on first use: once per process, not on
    # the first text that asks (their cost is the engine's load, not a text's)
    web2(), census_words(), census_names(), census_surnames(), _suffixed_body(), places.load()
    labels = rules.labels_of(tokens) if labels is None else labels
    lower = lower_words(tokens)
    spans = _name_pairs(text, tokens, labels, lower)
    spans += _particle_names(text, lower)
    spans += cued_places(text, tokens, labels, lower)
    spans += named_bodies(text, tokens, lower)
    spans += numbered_bodies(text, lower)
    spans += _introductions(text, lower)
    spans += _leaders(text, lower)
    spans += offices(text, tokens, lower)
    spans += lone_surnames(text, tokens, labels, lower)
    spans += institutions(text, tokens, lower) + body_acronyms(text, tokens)
    spans += honoured_names(text, lower) + lone_initials(text) + media_titles(text, lower)
    spans += suffixed_bodies(text)
    if "\n" in text:
        spans += capital_surname_lines(text, lower)
    return spans


# A line of one word in capitals, maybe after a number or bullet: "SMITH",
# "2. DAVIES", "- OKAFOR".
_CAPITAL_LINE = re.compile(r"^[ \t]*(?:(?:\d{1,3}[.)]|[-*•–])[ \t]+)?([A-Z][A-Z'’-]*[A-Z])[ \t.,;]*$",
                           re.M)


def capital_surname_lines(text, lower) -> list[Span]:
    """Surnames in capitals alone, one per line, as in a list of members
    ("SMITH\nDAVIES\nKOWALSKI"): a run of two or more such lines, one or more
    of them a surname by the census list or by its shape and no ordinary
    word, and every other one no English word and no acronym: each is a
    person. Headings in capitals ("AGENDA\nMINUTES") are words."""
    lines = list(_CAPITAL_LINE.finditer(text))
    spans, run = [], []
    for m in lines + [None]:
        if m is not None and run and text.count("\n", run[-1].end(), m.start()) == 1:
            run.append(m)
            continue
        if len(run) > 1:
            spans += _surname_run(text, run, lower)
        run = [m] if m is not None else []
    return spans


def _surname_run(text, run, lower) -> list[Span]:
    words = [m.group(1) for m in run]
    surnames = census_surnames()
    listed = [len(w) > 2 and (w.lower() in surnames or _SLAVIC_SURNAME.search(w.lower())
                              or rules.word_label(w.title()) in (rules.SURN, rules.PATR))
              and w.lower() not in COMMON_WORDS and not body_acronym(w) for w in words]
    unknown = [not known and len(w) > 3 and not ordinary(w, lower) and not dictionary_word(w)
               and w not in BODY_ACRONYMS and not body_acronym(w) for w, known in zip(words, listed)]
    if not any(listed) or not all(a or b for a, b in zip(listed, unknown)):
        return []  # a surname and unknown words only, every line ("AGENDA" is a word)
    return [Span(m.start(1), m.end(1), PERSON, CUE, text=m.group(1)) for m in run
            if not (places.is_place(m.group(1).title()) or places.is_country(m.group(1).title())
                    or places.world_place(m.group(1).title()))]


# Where a school or university follows: "applied to Brackenfield", "studied
# at Harwick", "graduated from Dunmore", "a lecturer at ...": an institution,
# no person and no place ("studied in Tarrowby" stays a place).
INSTITUTION_CUE = re.compile(
    r"\b(?:(?:applied|applying|apply|applies|admitted|accepted|transferred|transferring)"
    r" (?:to|into|at)|(?:studied|studying|studies|study|enrolled|enrolling|taught|teaches|"
    r"teaching|lecturer|lecturing|professor|student|students|undergraduate|freshman|"
    r"sophomore|graduate|postgraduate|degree) at|"
    r"(?:graduated|graduating|graduate|graduates|degree|diploma|alumn(?:us|a|i)) from) $",
    re.I)


def institution_here(text: str, start: int) -> bool:
    # every cue ends in "to ", "at " or "from " (any case) right before ``start``
    # (or before a newline there, where ``$`` matches too): looked at first, so
    # that most words skip the search (asked of every capitalised word)
    end = start - 1 if text[start - 1:start] == "\n" else start
    if text[end - 3:end] not in _CUE_TAILS and text[end - 5:end] not in _CUE_TAILS:
        return False
    return INSTITUTION_CUE.search(text, max(0, start - 30), start) is not None


# "to ", "at ", "from " in every mix of cases (INSTITUTION_CUE is case-blind)
_CUE_TAILS = frozenset("".join(c) + " " for w in ("to", "at", "from")
                       for c in itertools.product(*((ch, ch.upper()) for ch in w)))


def institutions(text, tokens, lower) -> list[Span]:
    """One to three capitalised words after an institution cue, no first name
    among them ("applied to Brackenfield"; "applied to Maria" is her)."""
    spans = []
    for i in rules._capitalised(tokens):
        tok = tokens[i]
        if tok.text.isupper() or not institution_here(text, tok.start):
            continue
        j = i
        while j + 1 < len(tokens) and j < i + 2 and tokens[j + 1].is_title \
                and name_gap(text, tokens[j], tokens[j + 1]):
            j += 1
        run = tokens[i:j + 1]
        if _first_name_opens(run):
            continue
        if all(t.text.lower() in FUNCTION_WORDS for t in run):
            continue
        spans.append(Span(tok.start, run[-1].end, ORGANISATION, "rules:en",
                          text=text[tok.start:run[-1].end]))
    return spans


def _first_name_opens(words) -> bool:
    """Words after an institution cue that a first name opens are a person
    ("applied to Maria Quillon"), not a body ("applied to Brackenfield")."""
    return len(words) > 1 and rules.word_label(words[0].text) == rules.FIRST


def body_acronyms(text, tokens) -> list[Span]:
    tokens = as_tokens(tokens)  # each distinct word asked once
    return [Span(tokens[i].start, tokens[i].end, ORGANISATION, "rules:en", text=tokens[i].text)
            for i in tokens.where([w for w in tokens.words if len(w) > 4 and w.isupper()
                                   and body_acronym(w)])]


# Kazakh words of respect written after a name in English speech ("Kulpash
# apai", "Orynbasar aga"): the word before is a person's name.
_HONORIFIC = (r" (?:aga|agha|agai|agay|apai|apay|apa|opa|apke|ata|aje|azhe|tate|zhezde|kokе|koke|"
              r"baeke)(?=['’]s\b|(?![\w'’-]))")  # "Bakhrom agai's girls"
_HONOURED = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)" + _HONORIFIC)
# What a match of each of these patterns holds on its line (none crosses a line
# end): only the lines that hold it are searched (``scan.on_lines``).
_HONOURED_NEED = re.compile(_HONORIFIC)


def honoured_names(text, lower) -> list[Span]:
    """The word before a Kazakh honorific, when it is shaped like a name and
    no ordinary word, function word, title or place."""
    spans = []
    for m in on_lines(_HONOURED, _HONOURED_NEED, text):
        word = m.group(1)
        if word.lower() in FUNCTION_WORDS or ordinary(word, lower) \
                or word.lower() in rules.TITLE_WORDS or places.is_country(word) \
                or places.world_place(word):
            continue
        spans.append(Span(m.start(1), m.end(1), PERSON, CUE, text=word))
    return spans


# Two initials alone, as minutes and notes write a person ("ACTION: D.M. to
# send", "G.Zh. and the treasurer"): Latin capitals or the two-letter initials
# of Kazakh and Russian names (Zh, Kh, Sh, Ch, Ts, Ye, Yu, Ya), not before a
# name (the initials of that name), not after a capitalised word ("Washington
# D.C."), and no abbreviation of a country, time, era or degree.
_INITIAL = r"(?:[A-Z]|Zh|Kh|Sh|Ch|Ts|Ye|Yu|Ya|Yo)"
_LONE_INITIALS = re.compile(rf"(?<![\w.’'-])({_INITIAL}\.{_INITIAL}\.)(?![\w.]| ?[A-Z][a-z]|"
                            rf" ?{_INITIAL}\.)")
_ABBREVIATIONS_OF_TWO = frozenset("""
U.S. U.K. U.N. E.U. D.C. A.M. P.M. B.C. A.D. N.B. P.S. I.D. T.V. O.K. M.A. B.A. M.D.
M.S. B.S. J.D. Q.C. K.C. N.Y. L.A. S.F. E.G. I.E. R.N. M.P. P.A. H.Q. V.P. C.V. P.O.
A.I. G.P. U.A.
""".split())
_CAPITAL_WORD_BEFORE = re.compile(r"[A-Z][\w'’-]* $")
INITIALS = "rules:initials"  # initials alone: no word of them is looked for elsewhere


# What every match of ``_LONE_INITIALS`` holds (its second initial after a full
# stop), looked for first: the pattern is tried at every position of the text.
_DOT_CAPITAL = re.compile(r"\.[A-Z]")


def lone_initials(text) -> list[Span]:
    spans = []
    if _DOT_CAPITAL.search(text) is None:
        return spans
    for m in _LONE_INITIALS.finditer(text):
        if m.group(1).upper() in _ABBREVIATIONS_OF_TWO \
                or _CAPITAL_WORD_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        spans.append(Span(m.start(1), m.end(1), PERSON, INITIALS, text=m.group(1)))
    return spans


# Newspapers, radio and television named after a place or a name: "the Ertis
# Times", "Steppe FM", "Kostanay TV". Before a press word, one or two words
# that are no ordinary word ("Evening News", "Good News" are words); before FM,
# TV or Radio any capitalised words but function words.
_PRESS_WORD = (r"(Times|Herald|News|Gazette|Tribune|Courier|Chronicle|Post|Express|Daily|Weekly|"
               r"Vestnik|FM|TV|Radio)(?![\w'’-])")
_PRESS = re.compile(r"(?<![\w'’-])((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)? ){1,2})" + _PRESS_WORD)
_PRESS_NEED = re.compile(_PRESS_WORD)  # (``_HONOURED_NEED``)
_BROADCAST = frozenset({"FM", "TV", "Radio"})


def media_titles(text, lower) -> list[Span]:
    spans = []
    for m in on_lines(_PRESS, _PRESS_NEED, text):
        words, start = m.group(1).split(), m.start(1)
        while words and words[0].lower() in FUNCTION_WORDS:
            start += len(words.pop(0)) + 1  # "The Ertis Times": the article stays out
        if not words or any(w.lower() in FUNCTION_WORDS or w.lower() in rules.TITLE_WORDS
                            for w in words):
            continue
        if m.group(2) not in _BROADCAST and any(
                (w.lower() in COMMON_WORDS or dictionary_word(w) or lower_elsewhere(w.lower(), lower)
                 or w.endswith("est") and dictionary_word(w[:-2]))
                and not (places.is_place(w) or places.world_place(w)) for w in words):
            continue  # "Evening News", "Good News", "Finest News"
        if rules.word_label(words[0]) == rules.FIRST:
            continue  # "Jennifer Lopez News": a person's name and a word
        spans.append(Span(start, m.end(2), ORGANISATION, "rules:en", text=text[start:m.end(2)]))
    return spans


# Words in capitals that are no surname and no English word.
_NOT_NAMES_IN_CAPITALS = frozenset("COVID CORONA EXPO AKIMAT MASLIKHAT".split())


# Bodies whose name ends in a company form ("Arkalyk Water LLP", "Marsden
# Bricks Ltd") or whose head follows a possessive of people ("the Temir Women's
# Council", "the Zhitikara Teachers' Union"): the whole name, a town in it too.
_COMPANY_FORMS = "LLP|LLC|Ltd|JSC|PLC|Plc|GmbH|Inc"


@lru_cache(maxsize=1)
def _suffixed_body():
    return re.compile(
        r"(?<![\w'’-])((?:[A-Z][\w-]*[ ]){1,3}(?:" + _COMPANY_FORMS + r")\b\.?"
        r"|(?:[A-Z][\w-]*[ ]){0,2}[A-Z][\w-]*(?:s['’]|(?:men|Men|children|Children|people|"
        r"People)['’]s) (?:[A-Z][\w-]* )?(?:"
        + "|".join(sorted(_BODY_HEADS)) + r"|Cooperative|Co-op)\b)")


# (``_HONOURED_NEED``) a company form, or a plural's or a people's apostrophe
# before a capitalised word ("Women's Council", "Teachers' Union")
_SUFFIXED_NEED = re.compile(r"(?:s['’]|['’]s) [A-Z]|" + _COMPANY_FORMS)


def suffixed_bodies(text) -> list[Span]:
    spans = []
    if "'" not in text and "’" not in text and not re.search(_COMPANY_FORMS, text):
        return spans
    for m in on_lines(_suffixed_body(), _SUFFIXED_NEED, text):
        start, words = m.start(1), m.group(1).split(" ")
        while len(words) > 2 and words[0].lower() in FUNCTION_WORDS:
            start += len(words.pop(0)) + 1  # "The Temir Women's Council": no article
        if words[0].lower() in FUNCTION_WORDS:
            continue
        end = m.end(1) - (1 if m.group(1).endswith(".") else 0)
        spans.append(Span(start, end, ORGANISATION, "rules:org", text=text[start:end]))
    return spans


# Verbs a person is the subject of, right after the name ("Merkel spoke",
# "Einstein showed"); any other past tense in -ed of the dictionary counts too.
_SUBJECT_VERBS = frozenset("""
said says spoke speaks wrote writes argued argues showed shows proved proves found finds
made makes won wins lost loses led leads took takes gave gives came comes went goes died
dies became becomes was is has had thought thinks knew knows saw sees met meets told tells
left leaves ran runs built builds began begins sang sings drew draws taught teaches
withdrew withdraws sent sends brought brings paid pays read reads sat sits stood stands
held holds kept keeps felt feels heard hears got gets forgot forgets understood
""".split())
# Words after which a capitalised word is compared or joined to someone.
_WITH_BEFORE = re.compile(r"(?<![\w'’])(?i:with|like|by|about|than|against|versus|vs\.?) $")
# "signals to Putin": "to" before a surname, where no verb of going says place.
_TO_BEFORE = re.compile(r"(?<![\w'’])to $")


def lone_surnames(text, tokens, labels, lower) -> list[Span]:
    """A surname alone, with no title or first name, where grammar says
    person: subject of a verb ("Merkel spoke"), owner ("Einstein's
    theory"), after "with", "like", "by", "than" ("like with Einstein"). The
    word must be a surname of the census list (``census_surnames``: the rare
    ones too) or shaped like a Russian or Polish one ("Putin's"), and no
    ordinary word, place, month or other proper noun of the dictionary
    ("Google's", "Monday's", "Latin's", "Windows crashed" stay)."""
    spans = []
    surnames = census_surnames()
    # ``labels`` (``rules.labels_of``) are OTHER for a word without a capital
    for i in rules._capitalised(tokens):
        tok = tokens[i]
        if labels[i] not in (rules.CAP, rules.LAST) or len(tok.text) < 3:
            continue
        word = tok.text
        low = word.lower().replace("'", "").replace("’", "")
        # a surname in capitals before a verb ("HARGREAVE signed"): no acronym
        # of a body, no word, five letters or more
        shouted = word.isupper() and word.isalpha() and len(word) > 4 \
            and not body_acronym(word) and word not in _NOT_NAMES_IN_CAPITALS \
            and not dictionary_word(low) and _subject(text, tokens, i)
        if not (low in surnames or _slavic_surname(low) or shouted) \
                or not _plain_name(word.title() if shouted else word) \
                or low in COMMON_WORDS or low in web2()[1] and labels[i] != rules.LAST \
                or i + 1 < len(tokens) and labels[i + 1] != rules.OTHER \
                and name_gap(text, tok, tokens[i + 1]) \
                or i and labels[i - 1] != rules.OTHER and name_gap(text, tokens[i - 1], tok):
            continue  # part of a longer name: the other rules see it
        if not (text[tok.end:tok.end + 2] in ("'s", "’s") or _subject(text, tokens, i)
                or _WITH_BEFORE.search(text, max(0, tok.start - 9), tok.start)
                or _TO_BEFORE.search(text, max(0, tok.start - 3), tok.start)
                and not place_evidence(text, tok.start)):
            continue
        if ordinary(word, lower) or places.world_place(word) or places.is_place(word) \
                or places.is_country(word) or rules.after_article(text, tok) \
                or _of_before(text, tok) or (word.lower() in _THING_WORDS if shouted
                                             else _thing(text, tokens, i, i)) \
                or _in_title_phrase(text, tokens, i) and not _people_joined(text, tok, lower):
            continue
        spans.append(Span(tok.start, tok.end, PERSON, CUE, text=word))
    return spans


_PLACE_PREPOSITION = re.compile(r"(?<![\w'’])(?:in|at|from|to|on|into|onto|near|of|for|through|"
                                r"across|around|outside|inside|via|toward|towards) $", re.I)


# Russian and Polish surnames in Latin letters that the census lacks ("Putin",
# "Dostoyevsky", "Kuzmina"); -ov and -ev ones are labelled by ``rules`` already.
# Of the -in ones only those after k, d, g, z, sh or a vowel and t ("Pushkin",
# "Putin"), and -lin, -nin after a consonant and a, e or i ("Stalin", "Lenin",
# "Kalinin"): words of chemistry and others in -lin, -nin have o or u there
# ("serotonin", "insulin", "violin") or two consonants ("Kremlin", "goblin"),
# and the dictionary holds the rest ("melanin", "javelin").
_SLAVIC_SURNAME = re.compile(r"[^aeiouy](?:sk[iy]|skiy|skaya|ska|ovich|evich)$"
                             r"|(?:[kdgz]|[aeiouy]t|sh)[iy]na?$|[^aeiouy][aei][ln]ina?$")


# How every match of ``_SLAVIC_SURNAME`` ends.
_SLAVIC_ENDS = ("ski", "sky", "skiy", "skaya", "ska", "ovich", "evich", "in", "yn", "ina", "yna")


def _slavic_surname(low: str) -> bool:
    """``_SLAVIC_SURNAME.search(low)``, the endings read first (most words end
    otherwise; ``$`` matches before a final line end too)."""
    return (low[:-1] if low.endswith("\n") else low).endswith(_SLAVIC_ENDS) \
        and _SLAVIC_SURNAME.search(low) is not None


def _subject(text, tokens, i) -> bool:
    """A verb right after the word, and no preposition before it ("in
    Portland is" is a place)."""
    if i + 1 >= len(tokens) or text[tokens[i].end:tokens[i + 1].start] != " " \
            or _PLACE_PREPOSITION.search(text, max(0, tokens[i].start - 9), tokens[i].start):
        return False
    verb = tokens[i + 1].text
    return verb in _SUBJECT_VERBS or verb.islower() and len(verb) > 4 \
        and verb.endswith("ed") and dictionary_word(verb)


# Titles of office: the last word of a title, and the words that only rank or
# address it ("Vice President", "Mr. Chairman", "Senior Manager"): with no
# other word before it a title stands for no one in particular.
_OFFICE_HEADS = frozenset("""
Administrator Secretary Senator President Minister Director Chair Chairman Chairwoman
Chairperson Envoy Representative Ambassador Governor Mayor Commissioner Manager Professor
Officer Speaker Judge Counsel Adviser Advisor Spokesperson Spokesman Spokeswoman
CEO Treasurer Prosecutor Councillor Councilor Congressman Congresswoman Rector Dean
Coordinator Chancellor Commander Akim Ombudsman Auditor Registrar Provost
""".split())
_OFFICE_GENERIC = frozenset("""
mr mrs ms mx madam madame mister dr doctor sir dame vice prime chief first deputy senior
junior executive acting associate assistant lord lady grand head managing general former
late then new next current incoming outgoing interim honorable honourable
""".split())
_NAME_AFTER = re.compile(r" (?:of (?:the )?)?((?:[A-Z][\w-]* ){0,3}[A-Z][\w-]*)"
                         r"(?=['’](?:s\b|\W)|[^\w'’]|$)")


OFFICE = "rules:office"  # a title of office: its words are no name to look for elsewhere


def offices(text, tokens, lower) -> list[Span]:
    """A title of office made specific by the name of a body, place or
    field before it stands for one person: "our NASA Administrator",
    "Pennsylvania Senator Rick Ostrander", "my Special Envoy". The title is
    masked, and the name after it; a title that is only ranked or addressed
    ("the Vice President", "Mr. Chairman", "a Senior Manager") is not. A
    bare title before a name is no part of it ("Secretary of State
    Quillowby": only the name, past the words of the department). The title
    (source ``OFFICE``) is joined to the name after it when one space apart,
    but its words are not looked for elsewhere."""
    spans = []
    for i, tok in enumerate(tokens):
        if tok.text not in _OFFICE_HEADS or i + 1 < len(tokens) \
                and text[tok.end:tokens[i + 1].start] == " " and (
                tokens[i + 1].text in _BODY_HEADS or tokens[i + 1].text in _GROUND_HEADS
                or tokens[i + 1].text.lower() in _THING_WORDS):
            continue  # "Squadron Officer School"
        first = i
        while first > 0 and i - first < 3 and _office_word(tokens[first - 1].text) \
                and text[tokens[first - 1].end:tokens[first].start] == " ":
            first -= 1
        while first < i and tokens[first].text.lower() in _OFFICE_GENERIC:
            first += 1
        before = text[max(0, tokens[first].start - 12):tokens[first].start]
        qualifiers = [t.text for t in tokens[first:i]]
        specific = bool(qualifiers) and not _NOT_AN_OFFICE_BEFORE.search(before) \
            and not (_APPOSITION_BEFORE.search(before) and _TITLE_ENDS.match(text, tok.end)) \
            and not any(rules.word_label(w) == rules.FIRST for w in qualifiers) \
            and not (rules.sentence_start(text, tokens[first].start)
                     and ordinary(qualifiers[0], lower) and len(qualifiers) == 1)
        if specific:
            spans.append(Span(tokens[first].start, tok.end, PERSON, OFFICE,
                              text=text[tokens[first].start:tok.end]))
        name = _name_after(text, tok.end, lower)
        if name and (specific or name[0] > tok.end + 1 or tok.text not in _TITLE_WORDS):
            spans.append(Span(name[0], name[1], PERSON, "rules:en", text=text[name[0]:name[1]]))
    return spans


# "T. Orazbek, Project Coordinator": a title after a name and a comma is that
# person's, no one else.
_APPOSITION_BEFORE = re.compile(r"(?<![\w'’])[A-Z][a-z'’-]+, $")
_TITLE_ENDS = re.compile(r"[ \t]*(?:[,.;\n]|$)")  # no "for Kosovo": a signature's title
_NOT_AN_OFFICE_BEFORE = re.compile(r"(?:\b(?:an?|of|of the|for|and|&)|[A-Z]\w* (?:and|&)) $")
_TITLE_WORDS = frozenset(w.capitalize() for w in rules.TITLE_WORDS)


def _office_word(word: str) -> bool:
    """A word that can make a title specific: capitalised or an acronym, no
    function word, no adjective of a people ("Jewish Senator")."""
    low = word.lower()
    return word[:1].isupper() and low not in FUNCTION_WORDS and low not in PEOPLES \
        and not PEOPLE_ADJECTIVE.search(low) \
        and word not in _OFFICE_HEADS


def _name_after(text, end, lower):
    """The name after a title, past the ordinary words of a department
    ("of State Antony Brannagh" -> "Antony Brannagh"): (start, end) or None."""
    m = _NAME_AFTER.match(text, end)
    if m is None:
        return None
    words = list(re.finditer(r"\S+", m.group(1)))
    if m.group().startswith(" of"):
        while words and (ordinary(words[0].group(), lower) or words[0].group().isupper()):
            words.pop(0)
    else:
        while words and words[-1].group().lower() in FUNCTION_WORDS:
            words.pop()
    if not words or any(w.group().lower() in FUNCTION_WORDS or w.group() in _OFFICE_HEADS
                        or PEOPLE_ADJECTIVE.search(w.group().lower()) for w in words) \
            or words[-1].group().lower() in _THING_WORDS:
        return None  # "the CEO of Quillon Labs": a body, no name
    if ordinary(words[0].group(), lower) \
            and rules.word_label(words[0].group()) not in (rules.FIRST, rules.LAST):
        return None
    return m.start(1) + words[0].start(), m.start(1) + words[-1].end()


# "the Obama administration", "the Biden-Harris Administration", "the Blair
# government": a leader's surname before the body or time they gave a name to.
_LEADER = re.compile(r"(?:the|The) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?:[Aa]dministration|"
                     r"[Pp]residency|[Cc]ampaign|[Ee]ra|[Gg]overnment|[Cc]abinet|[Rr]egime)\b")


def _leaders(text, lower) -> list[Span]:
    spans = []
    for m in _LEADER.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'’"):
            continue  # "bathe ..."
        pos = m.start(1)
        for part in m.group(1).split("-"):
            if not (ordinary(part, lower) or not _plain_name(part) or places.world_place(part)
                    or places.is_place(part) or places.is_country(part)
                    or part.lower() in web2()[1] and part.lower() not in census_words()):
                spans.append(Span(pos, pos + len(part), PERSON, "rules:en", text=part))
            pos += len(part) + 1
    return spans


# Last words of the names of organisations and of buildings or grounds; the
# words before them are often a person's name ("the Hewlett Foundation",
# "Pittock Mansion", "the Einstein Institute of Mathematics").
_BODY_HEADS = frozenset("""
Foundation Foundations Institute Institution Society Centre Center University College School
Academy Hospital Clinic Museum Library Gallery Trust Fund Company Corporation Group
Association Council Committee Commission Agency Bureau Party Church Cathedral Chapel
Laboratory Laboratories Labs Network Studios Records Ministry Department Union League
Federation Alliance Club Bank Inc Ltd LLC Corp Authority
""".split())
_GROUND_HEADS = frozenset("""
Mansion Building Hall Tower Park Stadium Arena Bridge Airport Palace Castle Estate Gardens
Memorial Plaza Auditorium
""".split())
_BODY_MORE = re.compile(r" (?:of|for|and|&) (?:the )?[A-Z]")
_BODY_OF = re.compile(r" (?:of|for) (?:the )?[A-Z][a-z]")
# Heads that make an organisation of ordinary words too ("the National Science
# Foundation", "the Regional Development Agency", "the Department of Health"):
# bodies, not buildings, schools or clubs ("High School", "Book Club").
_PLAIN_BODY_HEADS = frozenset("""
Foundation Agency Ministry Department Committee Council Institute Institution University
Association Bank Commission Bureau Authority Society Federation Union League Trust Fund
Corporation Alliance Party Academy
""".split())


def named_bodies(text, tokens, lower) -> list[Span]:
    """An organisation or a building named after someone: one to three
    capitalised words, one of them no ordinary English word, before a word
    such as Foundation, Institute, Mansion ("the Audubon Society", "Quillon
    Hall"), with what follows "of" or "for" ("the Berkman Centre for Internet
    and Society"). The whole name is masked: the person's name in it too.
    Capitalised ordinary words before the name of a body (``_PLAIN_BODY_HEADS``)
    make an organisation too ("the National Science Foundation"), and so does
    such a head before "of" and a capitalised word ("the Department of
    Health"); a head alone is none ("the Department")."""
    spans = []
    for i, tok in enumerate(tokens):
        head = tok.text
        if head not in _BODY_HEADS and head not in _GROUND_HEADS or not i:
            continue
        first = i
        while first > 0 and i - first < 3 and _body_word(tokens[first - 1].text) \
                and name_gap(text, tokens[first - 1], tokens[first]):
            first -= 1
        words = [t.text for t in tokens[first:i]]
        plain = all(ordinary(w, lower) or w.isupper() for w in words)
        if first == i:
            if head in _PLAIN_BODY_HEADS and _BODY_OF.match(text, tok.end):
                end = _body_end(text, tokens, i)  # "the Department of Health"
                spans.append(Span(tok.start, end, ORGANISATION, "rules:en",
                                  text=text[tok.start:end]))
            continue
        if plain and head not in _PLAIN_BODY_HEADS:
            continue
        if rules.sentence_start(text, tokens[first].start) and ordinary(words[0], lower):
            first += 1  # "Visit Quillon Hall": the sentence's first word is no part of it
            if first == i:
                continue
        end = _body_end(text, tokens, i)
        kind = ORGANISATION if head in _BODY_HEADS else PLACE
        spans.append(Span(tokens[first].start, end, kind, "rules:en",
                          text=text[tokens[first].start:end]))
    return spans


# A turn (after its speaker label) that opens with a name and "I ...":
# "B: Faith Mbeki, I'm with the parents' group" (a self-introduction).
_INTRO = re.compile(r"^[ \t]*(?:[^\W_][^\n:]{0,19}:[ \t]*)?"
                    r"((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+), I(?=['’ ])", re.M)


def _introductions(text, lower) -> list[Span]:
    """The name opening a turn before ", I": every word shaped like a name
    (no function word), one at least no ordinary word ("Good Morning, I
    think" and "Honestly, I" are none); one word alone a listed name or of a
    surname's shape."""
    spans = []
    if ", I" not in text:
        return spans
    for m in _INTRO.finditer(text):
        words, start = m.group(1).split(), m.start(1)
        while len(words) > 1 and rules.word_label(words[0]) == rules.OTHER \
                and words[0].lower() in rules.TITLE_WORDS:
            start += len(words.pop(0)) + 1  # "Mr Quillon, I ...": the title stays out
        if any(w.lower() in FUNCTION_WORDS or not _plain_name(w.split("-")[0]) for w in words) \
                or all(ordinary(w, lower) for w in words) or places.world_place(m.group(1)) \
                or any(places.is_country(w) for w in words):
            continue
        if len(words) == 1 and rules.word_label(words[0]) not in (
                rules.FIRST, rules.LAST, rules.SURN, rules.PATR):
            continue  # one word alone: a listed name or a name's shape ("Ohh, I" is none)
        spans.append(Span(start, m.end(1), PERSON, CUE, text=text[start:m.end(1)]))
    return spans


# Organisations named with a number: capitalised words, a head and a number
# ("Riverside Youth Hub 12", "Northgate Transport Company 4"), or a name, a
# number and a head ("Orbit 5 Logistics").
_NUMBERED_HEADS = (r"Hub|Company|Centre|Center|Logistics|Group|Services|Express|Partners|"
                   r"Studio|Lab|Labs|Club|Agency|Clinic|Depot|Fleet|Cooperative|Co-op")
_NUMBERED_BODY = re.compile(
    rf"((?:[A-Z][\w'’-]* ){{1,3}})(?:(?:{_NUMBERED_HEADS}) (?:No\. ?|№ ?)?\d{{1,4}}"
    rf"|\d{{1,4}} (?:{_NUMBERED_HEADS}))\b(?![.,]?\d)")


# Parts that Kazakh and post-Soviet company and programme names are made of,
# written together in CamelCase ("KazAgroFinance", "KazMunayGas", "TechOrda",
# "КазТрансОйл"); a CamelCase word with one of them is an organisation.
_COMPANY_PARTS = frozenset("""
kaz qaz kazakh qazaq agro finance fin tech trans telecom energo energy bank invest stroy
service services munay munai gas oil neft prom mash holding capital credit leasing trade
logistic logistics med pharm auto avia zher zhol temir food milk grain market com soft
orda sat post build inter techno digital fintech ulttyq astana almaty
каз қаз агро финанс тех транс телеком энерго банк инвест строй сервис мунай мұнай газ ойл
нефть пром маш холдинг капитал кредит лизинг трейд авто авиа мед фарм темір жол пошта
""".split())
# (the look-behind after the first capital: the search skips to the capitals,
# where one in front of the pattern makes it try every position of the text;
# the runs of small letters possessive, "++": what may follow a run in a match
# is a capital, the space before a code or no word character, never a small
# letter given back, so the search at each capital of a word that is no such
# name stops at the run's end instead of giving its letters back one by one)
_CAMEL = re.compile(r"([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ](?<![\w'’-][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])[a-zа-яёәғқңөұүһі]++"
                    r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]++){1,3})"
                    r"(?: (\d{1,3}|KZ|Kz|UZ|KG|TJ|TM|RU|Qazaqstan))?(?![\w'’-]|[.,]\d)")
# the country code after a name written together marks a body ("GreenSteppe KZ")
_COUNTRY_CODES = frozenset("KZ Kz UZ KG TJ TM RU Qazaqstan".split())
_CAMEL_PART = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]+")


def camel_bodies(text) -> list[Span]:
    """A word of two to four capitalised parts written together, one of them
    a part company names are made of ("KazAgroFinance", "AgroTechService"),
    and the number after it ("TechOrda 24"), or any such word before a country
    code ("GreenSteppe KZ"): an organisation. Brands
    ("YouTube", "PowerPoint") and names ("McDonald") have no such part."""
    spans = []
    for m in _CAMEL.finditer(text):
        word = m.group(1)
        parts = [p.lower() for p in _CAMEL_PART.findall(word)]
        if word in names.BRANDS or word in names.NOT_NAMES or _COMPANY_PARTS.isdisjoint(parts) \
                and m.group(2) not in _COUNTRY_CODES:
            continue
        end = m.end(2) if m.group(2) else m.end(1)
        spans.append(Span(m.start(1), end, ORGANISATION, "rules:en", text=text[m.start(1):end]))
    return spans


def numbered_bodies(text, lower) -> list[Span]:
    """Organisations named with a number: at least one capitalised word that is
    no function word before the head ("Bus 12", "Windows 10" have none)."""
    spans = []
    for m in quick(_NUMBERED_BODY).finditer(text):  # the same matches, sooner
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'’-"):
            continue
        start = m.start()
        words = m.group(1).split()
        while words and (words[0].lower() in FUNCTION_WORDS
                         or rules.sentence_start(text, start) and ordinary(words[0], lower)
                         and len(words) > 1 and words[0].lower() in COMMON_WORDS):
            start += len(words[0]) + 1
            words.pop(0)
        if not words:
            continue
        spans.append(Span(start, m.end(), ORGANISATION, "rules:en", text=text[start:m.end()]))
    return spans


def _body_word(word: str) -> bool:
    return word[0].isupper() and word.lower() not in FUNCTION_WORDS \
        and word not in _BODY_HEADS and word not in _GROUND_HEADS


def _body_end(text, tokens, i) -> int:
    """End of the name: the head, or the capitalised words after "of" or "for"
    joined to it ("Institute of Mathematics", "Centre for Internet and
    Society"); "and" joins only after one of those."""
    end, k, joined = tokens[i].end, i + 1, False
    while k < len(tokens) and k <= i + 6:
        gap = text[end:tokens[k].start]
        word = tokens[k].text
        if gap == " " and word[0].isupper() and word.lower() not in FUNCTION_WORDS and joined:
            end, k = tokens[k].end, k + 1
            continue
        m = _BODY_MORE.match(text, end)
        if m is None or " and " in m.group() and not joined:
            break
        k = next((n for n in range(k, len(tokens)) if tokens[n].start >= m.end() - 1), len(tokens))
        if k == len(tokens):
            break
        end, joined, k = tokens[k].end, True, k + 1
    return end


def lower_words(tokens: list[Token]) -> frozenset[str]:
    """The words of the text written in lower case (read once per text from
    ``tokenize``'s list, shared by ``find`` and ``refine``)."""
    return as_tokens(tokens).lower


def _starts_sentence(text, pos) -> bool:
    """A sentence or turn starts at ``pos``; a dash does not start one in English."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\"“”«»("


def _name_pairs(text, tokens, labels, lower) -> list[Span]:
    spans, after = [], 0
    n = len(tokens)
    named = (rules.FIRST, rules.LAST, rules.SURN, rules.PATR)
    for i in [k for k, label in enumerate(labels) if label != rules.OTHER]:
        if i < after:
            continue  # in the run before
        j = i
        while j + 1 < n and j < i + 2 and labels[j + 1] != rules.OTHER \
                and name_gap(text, tokens[j], tokens[j + 1]):
            j += 1
        run = range(i, j + 1)
        if j == i and labels[i] == rules.CAP and (_vocative(text, tokens, i, lower)
                                                  or _word_name(text, tokens, i, lower)):
            spans.append(Span(tokens[i].start, tokens[i].end, PERSON, "rules:en",
                              text=tokens[i].text))
        if j > i and not _thing(text, tokens, i, j) and not any(
                _ordinary_in_pair(tokens[k].text, labels[k], lower) for k in run):
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
        after = j + 1
    return spans


def _ordinary_in_pair(word, label, lower) -> bool:
    """An ordinary word, for a word of a run of capitalised words; a listed
    surname or first name that is only a rare dictionary word ("Walt", "Hale")
    stays a name, unless it is a frequent word or written in lower case in the
    same text."""
    if label in (rules.FIRST, rules.LAST) and word.lower() not in COMMON_WORDS \
            and not lower_elsewhere(word.lower(), lower) and not _PLURAL_WORD.search(word):
        return False
    return ordinary(word, lower)


_PLURAL_WORD = re.compile(r"(?:ans|ers|ists|ats|ites|ics|ions|ties|ments|ships)$")


def _vocative(text, tokens, i, lower) -> bool:
    """One unknown capitalised word that is no English word, shaped like a
    name, where a person is spoken to: a vocative ending a question or
    standing alone as a turn ("Are you coming, Jito?", "Zach.")."""
    tok = tokens[i]
    if _VOCATIVE_END.match(text, tok.end) is None and _ADDRESS_AFTER.match(text, tok.end) is None:
        return False  # (what must follow a vocative, read first: most words have neither)
    if ordinary(tok.text, lower) or not _plain_name(tok.text) or len(tok.text) < 3 \
            or _thing(text, tokens, i, i) or _in_title_phrase(text, tokens, i) \
            or rules.after_article(text, tok) or _of_before(text, tok):
        return False
    low = tok.text.lower()
    if low in _INTERJECTIONS or _SOUND.search(low):
        return False
    if low not in web2()[1] and low not in census_words() and text.count(tok.text) < 2:
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
    r"([A-Z](?<![\w'’-][A-Z])[a-z]+) ((?:de la|de los|de las|van der|van den|von der|de|da|di|du|"
    r"del|della|dos|das|van|von|le|bin|ibn) [A-Z][\w'’-]+|d['’][A-Z][\w-]+)")


def _particle_names(text, lower) -> list[Span]:
    spans = []
    for m in _PARTICLE_NAME.finditer(text):
        first = m.group(1)
        after = re.match(r" ([A-Za-z]+)", text[m.end():m.end() + 20])
        if first.lower() in COMMON_WORDS or lower_elsewhere(first.lower(), lower) \
                or places.world_place(m.group()) or places.world_place(first) \
                or after and after.group(1).lower() in _THING_WORDS:
            continue
        spans.append(Span(m.start(), m.end(), PERSON, "rules:en", text=m.group()))
    return spans


# First names that are also English words; capitalised in mid-sentence, and
# nowhere in lower case in the same text, they are names ("go with Miles").
_WORD_NAMES = frozenset("art chance faith guy hope joy miles page rich rose will summer "
                        "autumn winter".split())


# Of those, the ones whose lower-case use is a modal verb: "will" written
# elsewhere says nothing of "Will" the name; the modal asks a question before a
# pronoun ("Will you ...?") and opens a sentence, which a name in mid-sentence
# does not ("And Will couldn't come").
_MODAL_NAMES = frozenset({"will"})
_CAPITAL_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]* $")
_MODAL_AFTER = re.compile(r"[ \t]+(?:you|i|we|they|he|she|it|there|that|this|not|be|"
                          r"have|ever|never|anyone|anybody|somebody|someone)\b", re.I)


def _word_name(text, tokens, i, lower) -> bool:
    tok = tokens[i]
    low = tok.text.lower()
    if low not in _WORD_NAMES:
        return False  # (the last test below, read first: most words fail it)
    if low in _MODAL_NAMES:
        before = _CAPITAL_BEFORE.search(text, max(0, tok.start - 30), tok.start)
        if _MODAL_AFTER.match(text, tok.end) or before is not None \
                and not rules.sentence_start(text, before.start()):
            return False  # "Will you ...?"; "Free Will", "Last Will": a title
    elif low in lower:
        return False
    return low in _WORD_NAMES and tok.text[1:].islower() \
        and not rules.sentence_start(text, tok.start) and not rules.after_article(text, tok) \
        and not _thing(text, tokens, i, i) and not (
            _in_title_phrase(text, tokens, i) and not _joined_first_name(text, tok))


def _joined_first_name(text, tok) -> bool:
    """"Rosa and Will": joined by "and" or "or" to a listed first name, so a
    pair of people rather than a title ("Peace and Hope")."""
    before = _JOINED_BEFORE.search(text, max(0, tok.start - 20), tok.start)
    after = _JOINED_AFTER.match(text, tok.end)
    return any(m is not None and rules.word_label(m.group(1)) == rules.FIRST
               for m in (before, after))


_ADDRESS_AFTER = re.compile(r", (?:are|can|could|do|did|does|will|would|have|has|you|come|"
                            r"look|listen|wait|stop|please|get|go|what|where|how|why|is)\b")
_VOCATIVE_END = re.compile(r"[ \t]*(?:[?!.]+|,? *\n|$)")
_TURN_START = re.compile(r"(?:^|\n)[ \t]*$")


# Adjectives of peoples and places, and other words a name does not end in.
_ADJECTIVE = re.compile(r"(?:ian|can|ean|ese|ish|ic|ical|ive|ous|ary|ful|less|ly|ity|ism)$")


_IRISH = re.compile(r"[OD]['’][A-Z][a-z]+")


def _plain_name(word: str) -> bool:
    """A word shaped like a name: no apostrophe (but "O'Malley"), no inner
    capital (GitHub), no hyphen, no adjective or month ("Italian",
    "Biblically", "February")."""
    if _IRISH.fullmatch(word):
        word = word[0] + word[3:]
    low = word.lower()
    return word[1:].islower() and not any(c in word for c in "'’-") \
        and not _ADJECTIVE.search(low) and low not in MONTHS and low not in PEOPLES


def _in_title_phrase(text, tokens, i) -> bool:
    """"Peace and Security", "Policy for Growth": a capitalised word joined by
    "and", "of", "for", "&" to another capitalised word is part of a title."""
    before = re.search(r"[A-Z][\w'’-]* (?:and|of|for|&|on|in|the|to) $",
                       text[max(0, tokens[i].start - 40):tokens[i].start])
    after = re.match(r" (?:and|of|for|&|on|in|the|to) [A-Z]", text[tokens[i].end:
                                                                    tokens[i].end + 10])
    return before is not None or after is not None


_JOINED_BEFORE = re.compile(r"([A-Z][a-z]+) (?:and|or|&) $")
_JOINED_AFTER = re.compile(r" (?:and|or|&) ([A-Z][a-z]+)\b")


def _people_joined(text, tok, lower) -> bool:
    """"Lenin and Stalin": the word joined by "and" to this one is a surname
    too (of the census or of a Russian or Polish shape), so no title."""
    before = _JOINED_BEFORE.search(text, max(0, tok.start - 20), tok.start)
    after = _JOINED_AFTER.match(text, tok.end)
    if (before is None) == (after is None):
        return False
    other = (before or after).group(1)
    low = other.lower()
    return (low in census_surnames() or _SLAVIC_SURNAME.search(low) is not None) \
        and not ordinary(other, lower) and not places.world_place(other)


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


def refine(text: str, tokens: list[Token], spans: list[Span], english) -> list[Span]:
    """The rules' person spans in English text (``english(pos)`` is True there)
    checked against the rest of the text (``_checked``). Names in lower case
    ("tom, maria and kevin") are added here, past the checks for capitals."""
    lower = lower_words(tokens)
    out = [s for s in lower_names(text, tokens) if english(s.start)]
    things = _counted_things(text)
    checked = {}  # (``_checked_once``)
    for span in spans:
        if span.category != PERSON or span.family != "rules" or not english(span.start) \
                or span.source == INITIALS:
            out.append(span)
            continue
        if things and things.issuperset(text[span.start:span.end].split()):
            continue  # "it says Yack Pack" where "It's a Yack Pack." stands
        out += filter(None, (_checked_once(text, part, lower, checked)
                             for part in _lines_of(text, span)))
    names = _surnames_in_lower(text, out, lower)
    if names:
        out += [s for s in cued_mentions(text, tokens, names) if english(s.start)]
    return out + _coordinated(text, out, english, lower)


# "It's a Yack Pack.", "the Sauvignon Blanc, it's dry": one or two capitalised
# words after an article that end the phrase or stand before "which" (no noun
# after them, no "who": "an Erasmus who writes", "a Hill administration", "the
# Bush years" may be people).
# (each article's first letter before the look-behind, as in ``_CAMEL``)
_COUNTED = re.compile(r"(?:a(?<![\w'’]a)n?|A(?<![\w'’]A)n?|t(?<![\w'’]t)he|T(?<![\w'’]T)he)"
                      r" ((?:[A-Z][a-z]+ )?[A-Z][a-z]+)(?=['’\"”]?[.,;:!?]| which\b)")


def _counted_things(text) -> set[str]:
    """The words the text names as things with an article ("a Yack Pack.",
    "the Sauvignon Blanc which"), no first name nor surname shape among them and
    no title before them ("a Mr Sultangaziev."): no person's words elsewhere in
    the same text either."""
    if " a " not in text and " an " not in text and "A " not in text and "the " not in text \
            and "The " not in text:
        return set()
    things = set()
    for m in _COUNTED.finditer(text):
        words = m.group(1).split()
        if not any(w.lower() in rules.TITLE_WORDS for w in words):  # "a Mr Sultangaziev."
            things.update(w for w in words if rules.word_label(w) not in _NAME_KINDS)
    return things


_NAME_KINDS = (rules.FIRST, rules.SURN, rules.PATR)


def _surnames_in_lower(text, spans, lower) -> set[str]:
    """The last words of the full names found (a first name and more), in
    lower case, that are written so in the text and are no ordinary word."""
    names = set()
    for span in spans:
        if span.category != PERSON:
            continue
        words = words_of(text[span.start:span.end])
        if len(words) > 1 and rules.label(words[0]) == rules.FIRST and len(words[-1].text) > 3:
            low = words[-1].text.lower()
            if low in lower and low not in COMMON_WORDS and not dictionary_word(low):
                names.add(low)
    return names


# The sources ``_checked`` tells apart; it reads no other word of a span's source.
_CHECKED_SOURCES = frozenset({OFFICE, "rules:en"})


def _checked_once(text, span, lower, checked: dict) -> Span | None:
    """``_checked`` asked once per stretch of text (``checked``: the answers
    for one text so far). The finders find the same name many times over
    under several sources; ``_checked`` reads of a span its offsets and
    whether its source is one of ``_CHECKED_SOURCES``, and hands on the rest
    of it unchanged, so the answer for one source, with the source put back,
    is the answer for another."""
    source = span.source
    key = (span.start, span.end, span.category, span.entity, span.text,
           source if source in _CHECKED_SOURCES else None)
    if key not in checked:
        checked[key] = _checked(text, span, lower)
    found = checked[key]
    if found is None or found.source == source:
        return found
    return replace(found, source=source)


def _checked(text, span, lower) -> Span | None:
    """A rules' person span as the words in and around it show it: a place
    when the words before say place ("moved to Paris"), a body or a place by
    its words ("the Air Force", "Quarnby Springs"), nothing when it is a
    body's initials, a word of a country's name, or when every word of it is
    written in lower case elsewhere in the same text and none is a first name
    ("Coke" beside "coke", "Vision" beside "vision")."""
    span = _without_calendar(text, _before_full_stop(text, span))
    if span is not None and after_i_am(text, span.start) \
            and self_description(text[span.start:span.end]):
        return None  # "I'm Vegan", "I'm Retired": what the speaker is
    if span is not None and _binomial(text, span):
        return None  # "Formica fusca": a genus and its species
    if span is not None and _DEGREE.fullmatch(text, span.start, span.end):
        return None  # "my M.Sc. studies": a degree, no initial and name
    if span is not None and (thing := _before_body_head(text, span)) is not None:
        return thing  # "of Slate Magazine": the name of a body
    if span is not None and (saint := _saint_place(text, span)) is not None:
        return saint  # "in St. Louis": the saint's name names a place
    if span is None or _acronym(text[span.start:span.end]) or _in_place_name(text, span) \
            or _after_determiner(text, span):
        return None  # "Virginia Saturday" -> "Virginia"; "NATO"; "United States"; "this Chamber"
    if body_acronym(text[span.start:span.end]) or institution_here(text, span.start) \
            and not _first_name_opens(words_of(text[span.start:span.end])):
        return replace(span, category=ORGANISATION)  # "UNICEF said"; "applied to Stanford"
    if is_place_here(text, span):
        return replace(span, category=PLACE)
    span = _without_opening_word(text, span)
    if _idiom_or_interjection(text, span):
        return None
    words = words_of(text[span.start:span.end])
    kind = _kind_by_words(words, lower) if span.source != OFFICE else PERSON
    if kind == "eponym":
        end = span.start + words[-2].end
        return replace(span, end=end, text=text[span.start:end])
    if kind != PERSON:
        return None if kind is None else replace(span, category=kind)
    if words and all(lower_elsewhere(w.text.lower(), lower) and rules.label(w) != rules.FIRST
                     and not _name_in_lower(w.text) for w in words) and not (
            span.source == "rules:en" and len(words) == 1
            and words[0].text.lower() in _MODAL_NAMES):
        return None  # but "Will" found as a name beside the modal "will" (``_word_name``)
    return span


# A verb that is also a first name, before its object ("Mark my words", "Bill
# me later"); laughter and interjections said alone ("Ha.", "Ha!").
_OBJECT_AFTER = re.compile(r" (?:my|your|his|our|their|me|him|us|them|it)\b")
_LAUGHTER = frozenset("ha hah haha hahaha aha ah ahh eh heh hehe hm hmm ugh oi ay".split())
_ALONE_AFTER = re.compile(r"[ \t]*(?:[.!?,]|$)")


def _idiom_or_interjection(text, span) -> bool:
    word = text[span.start:span.end]
    if " " in word or not word.isalpha():
        return False
    low = word.lower()
    return low in _LAUGHTER and _ALONE_AFTER.match(text, span.end) is not None \
        or dictionary_word(low) and rules.sentence_start(text, span.start) \
        and _OBJECT_AFTER.match(text, span.end) is not None


def _name_in_lower(word: str) -> bool:
    """A surname shape ("Kudaibergenova") that no dictionary lists: written in
    lower case elsewhere it is the same name typed carelessly, not a word."""
    low = word.lower()
    return rules.word_label(word) in (rules.SURN, rules.PATR) and low not in COMMON_WORDS \
        and not dictionary_word(low)


_FULL_STOP = re.compile(r"([A-Za-z][a-z]+)\. ")
_ABBREVIATIONS = frozenset("Mr Mrs Ms Dr St Jr Sr Prof Rev Gen Col Capt Lt Sgt Fr"
                           " Zh Kh Sh Ch Ts Ye Yu Ya Yo".split())  # and initials: "Zh. Omarova"


def _before_full_stop(text, span) -> Span:
    """"Robert Quarrel. Image": a full stop after a word (no initial or
    abbreviation) ends the name."""
    if text.find(". ", span.start, span.end) < 0:
        return span  # (what every match holds, looked for first: most names hold none)
    for m in _FULL_STOP.finditer(text, span.start, span.end):
        if m.group(1) not in _ABBREVIATIONS and m.end() < span.end:
            end = m.end(1)
            return replace(span, end=end, text=text[span.start:end])
    return span


def _lines_of(text, span) -> list[Span]:
    """A name does not go on past a line end: the span's part on each line,
    each a name only if it holds a first name or a word that is neither an
    ordinary word nor an adjective ("A Pact With Fortune" and "Indian Prime
    Minister" on two lines are none)."""
    if text.find("\n", span.start, span.end) < 0:
        return [span]
    parts, pos = [], span.start
    for line in text[span.start:span.end].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        part = line.strip()
        if not part:
            continue
        start += line.index(part)
        end = start + len(part)
        if any(len(w.text) > 1 and (rules.label(w) in (rules.FIRST, rules.SURN) or not
                                    dictionary_word(w.text) and _plain_name(w.text))
               for w in words_of(part)):
            parts.append(replace(span, start=start, end=end, text=part))
    return parts


_DETERMINER = re.compile(r"(?<![\w'’])(?:this|these|those|every|each) $", re.I)


def _after_determiner(text, span) -> bool:
    """"this Chamber", "every Committee": a demonstrative before one word
    that is no first name ("this Joe Quarrel", "was this Jack?" stay)."""
    words = text[span.start:span.end]
    return " " not in words and rules.word_label(words) != rules.FIRST \
        and _DETERMINER.search(text, max(0, span.start - 7), span.start) is not None


# Academic degrees written with a full stop inside ("M.Sc", "Ph.D", "B.Ed"):
# an initial and a name by their shape.
_DEGREE = re.compile(r"(?:B|M|Ph|D|Dr|Ed|LL)\.(?:Sc|Ed|Phil|Eng|Tech|Litt|Mus|Arch|Pharm|Com|"
                     r"Des|Div|Th|Res|A|S|D|B|M)\.?")
# A species' name after its genus ("Formica fusca", "Homo sapiens"): a word in
# lower case of Latin shape that no dictionary lists; no word of respect after a
# name ("Dilnoza opa", "Nurlan agai", "Gulya apai": ``en_frames``).
_EPITHET = re.compile(r" ([a-z]{4,}(?:a|us|um|is|ae|ii|ensis|ens|oides))\b")
_RESPECT = frozenset("apai apay agai agay zhezde apke khanym hanym mirza".split())


def _binomial(text, span) -> bool:
    """A one-word person span before a species' epithet that is no first name."""
    word = text[span.start:span.end]
    if " " in word or not word.isalpha():
        return False
    m = _EPITHET.match(text, span.end)
    if m is None:
        return False
    epithet = m.group(1)
    return epithet not in _RESPECT and epithet not in COMMON_WORDS \
        and epithet not in FUNCTION_WORDS and not dictionary_word(epithet) \
        and rules.word_label(epithet.title()) != rules.FIRST  # "Quarnby dilnoza": a name


_HEAD_AFTER = re.compile(r" ([A-Z][a-z]+)\b")


def _before_body_head(text, span) -> Span | None:
    """A person span right before the capitalised head of a body's name
    ("Slate" of "Slate Magazine", "Quarnby" of "Quarnby Police"): the body,
    head included; None when no such head follows."""
    m = _HEAD_AFTER.match(text, span.end)
    if m is None or m.group(1) not in _BODY_LAST:
        return None
    return replace(span, end=m.end(), category=ORGANISATION, text=text[span.start:m.end()])


_SAINT_BEFORE = re.compile(r"(?<![\w'’])(?:St\.?|Saint) $")


def _saint_place(text, span) -> Span | None:
    """"in St. Louis", "moved to Saint Quarnby": a person span after "St." or
    "Saint" where a preposition of place stands before is that place, the
    saint's word included (a saint's name after "in" names a town, a church
    or a street); None otherwise."""
    m = _SAINT_BEFORE.search(text, max(0, span.start - 6), span.start)
    if m is None:
        return None
    whole = replace(span, start=m.start(), category=PLACE, text=text[m.start():span.end])
    return whole if place_evidence(text, m.start(), known=True) else None


_CALENDAR_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                   "January", "February", "March", "April", "June", "July", "August",
                   "September", "October", "November", "December")
_CALENDAR = re.compile(rf"(?: (?:{'|'.join(_CALENDAR_WORDS)}))+$")


def _without_calendar(text, span) -> Span | None:
    """"Governor of Virginia Saturday": a day or month after a name is no
    part of it (None when nothing is left)."""
    # a match ends with one of the words where the span ends (``$``: or before a
    # line end there), looked at first: most names end otherwise
    end = span.end - 1 if text[span.end - 1:span.end] == "\n" else span.end
    if not text.endswith(_CALENDAR_WORDS, span.start, end):
        return span
    m = _CALENDAR.search(text, span.start, span.end)
    if m is None:
        return span
    return replace(span, end=m.start(), text=text[span.start:m.start()]) \
        if m.start() > span.start else None


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)")
_PREVIOUS_WORD = re.compile(r"([A-Z][a-z]+) $")


def _in_place_name(text, span) -> bool:
    """The span and the capitalised word after or before it name a known
    place ("United States", "New Mexico")."""
    words = text[span.start:span.end]
    after = _NEXT_WORD.match(text, span.end)
    before = _PREVIOUS_WORD.search(text, max(0, span.start - 20), span.start)
    return after is not None and places.world_place(f"{words} {after.group(1)}") is not None \
        or before is not None and places.world_place(f"{before.group(1)} {words}") is not None


def _acronym(words: str) -> bool:
    """A short word in capitals that no name list holds ("NATO", "NASA",
    "DSW"): the initials of a body; a surname written in capitals is longer
    ("OKAFOR") or listed ("KING")."""
    return 2 <= len(words) <= 4 and words.isupper() and words.isalpha() \
        and rules.word_label(words) not in (rules.FIRST, rules.LAST)


# Last words of the names of bodies of ordinary words ("the Air Force", "the
# General Assembly", "Creative Commons") and of natural places ("Quarnby
# Springs"), and first words of places ("Mount Ostrel"); no surnames among them
# ("Court", "Bay", "Lake", "Hill" are).
_BODY_LAST = _PLAIN_BODY_HEADS | frozenset("""
Assembly Force Forces Service Services Commons Organization Organisation Magazine Parliament
Congress Senate Army Navy Corps Police
""".split())
_NATURE_LAST = frozenset("""
Springs Falls Sea Ocean Alley Heights Creek Canyon Peninsula Glacier Valley Hills Island
Islands Mountains Desert Gulf Strait Lagoon Fjord Reef Shelf
""".split())
_NATURE_FIRST = frozenset("Mount Mt Lake Cape Fort Isle".split())


def _kind_by_words(words, lower) -> str | None:
    """The category that the words of a rules' person span show: a body or a
    natural place by its last word, a place by its first ("Mount Ostrel"), a
    state or country alone ("Virginia"), nothing for a country and ordinary
    words ("Kenya Vision"); PERSON otherwise."""
    if not words:
        return PERSON
    texts = [w.text for w in words]
    if texts[0] in names.BRANDS or len(texts) > 1 and all(
            t.isupper() and ordinary(t, lower) for t in texts):
        return None  # "Microsoft Word (2016)"; "CONGRESSIONAL RECORD": a heading
    if any(map(_people_word, texts)) \
            and all(ordinary(t, lower) or _people_word(t) for t in texts) \
            and rules.FIRST not in map(rules.word_label, texts):
        return None  # "Indian Prime (Minister)": an adjective of a people and words
    if all(t.lower() in _OFFICE_GENERIC for t in texts):
        return None  # "Mr. Chief Justice": words of a title only
    if len(texts) == 1 and rules.word_label(texts[0]) not in (rules.FIRST, rules.LAST) \
            and _people_plural(texts[0].lower()):
        return None  # "Arabs", "Libertarians": a people or a party's members
    if texts[-1] in _BODY_LAST:
        return ORGANISATION
    if len(texts) > 1 and texts[0] in _NATURE_FIRST:
        return PLACE  # "Mount Ostrel"
    if len(texts) > 1 and (texts[-1] in _NATURE_LAST or texts[-1] in _GROUND_HEADS):
        # "Quarnby Springs" is a place; in "Ross Sea", "Trump Tower" the
        # place is named after a person, who is masked (the rest is no name)
        named = rules.word_label(texts[-2]) in (rules.FIRST, rules.LAST, rules.SURN)
        return "eponym" if named else PLACE
    countries = [places.world_place(w) == "country" for w in texts]
    if len(texts) == 1:
        return PLACE if countries[0] else PERSON
    if any(countries) and all(c or ordinary(w, lower) for c, w in zip(countries, texts)) \
            and not _first_name_and_surname(texts, lower):
        return None
    return PERSON


@lru_cache(maxsize=1 << 14)
def _people_word(word: str) -> bool:
    """An adjective or name of a people ("Indian", "Kazakh"), asked once per word."""
    low = word.lower()
    return PEOPLE_ADJECTIVE.search(low) is not None or low in PEOPLES


def _first_name_and_surname(texts, lower) -> bool:
    """"Jordan Smith", "Georgia Quillon": a country that is also a first name,
    then a listed surname or an unknown capitalised word: a person."""
    return len(texts) == 2 and rules.word_label(texts[0]) == rules.FIRST \
        and not _ordinary_in_pair(texts[1], rules.word_label(texts[1]), lower) \
        and places.world_place(texts[1]) is None


def _people_plural(low: str) -> bool:
    return low.endswith("s") and (low[:-1] in PEOPLES or PEOPLE_ADJECTIVE.search(low[:-1])
                                  is not None)


# Not "May" or "Will": first names too ("May Quillowby came").
_AUXILIARY = re.compile(r"(?:Do|Does|Did|Is|Was|Are|Were|Has|Have|Had|Can|Could|Would|"
                        r"Should|Shall|Might|Must) (?=[A-Z])")


_GREETING = re.compile(r"(?:Hey|Hi|Hello|Dear|Thanks|Bye|Goodbye|Oh|Ah|Yo|Yes|No|Okay) (?=[A-Z])")


# Sentence adverbs and conjunctions that open a sentence before a name ("Later
# OKAFOR said", "Meanwhile Quillon signed"): no part of the name.
_SENTENCE_ADVERB = re.compile(
    r"(?:Later|Afterwards|Afterward|Meanwhile|Then|Now|Today|Tonight|Yesterday|Tomorrow|"
    r"Also|However|Still|Finally|Eventually|Suddenly|Instead|Next|Perhaps|Maybe|Sometimes|"
    r"Once|Soon|Earlier|Recently|Apparently|Obviously|Actually|Honestly|Basically|Anyway|"
    r"Besides|Otherwise|Therefore|Thus|Again|Firstly|Secondly|Lastly|Initially|"
    r"Originally|Usually|Often|Fortunately|Unfortunately|Luckily|Sadly|Hopefully|Clearly|"
    r"Certainly|Surely|Probably|Possibly|Naturally|Indeed|Nevertheless|Nonetheless|"
    r"Immediately|Subsequently|Previously|Formerly|Lately|Nowadays|Anyhow|Somehow|"
    r"Apart|Even|Only|Just|Whereas|Because|Since|Unless|Although|Though|When|While|"
    r"After|Before|Until|If|So|But|And|Or|Yet|Well|Plus) (?=[A-Z])")


# Verbs that bid someone do something to a person, opening a sentence ("Tell
# Darkhan I said hello", "Call Aigul on ..."): no part of the name after them.
_IMPERATIVE = re.compile(
    r"(?:Tell|Ask|Call|Ring|Phone|Text|Message|Email|E-mail|Thank|Say|Invite|Meet|Remind|"
    r"Send|Give|Show|Help|Pay|Visit|Greet|Hug|Kiss|Let|Take|Bring|Tag|Follow|Contact|Warn) "
    r"(?=[A-Z])")


def _without_opening_word(text, span) -> Span:
    """"Does Merkel know?", "Hey Frank", "Later OKAFOR said": a verb opening a
    question, a greeting or a sentence adverb is no part of the name after it."""
    m = _AUXILIARY.match(text, span.start) or _SENTENCE_ADVERB.match(text, span.start) \
        or _IMPERATIVE.match(text, span.start)
    if m is None or not rules.sentence_start(text, span.start):
        m = _GREETING.match(text, span.start)
    if m is None or m.end() >= span.end:
        return span
    return replace(span, start=m.end(), text=text[m.end():span.end])


# Capitalised names joined in a list: "Okafor, Lindqvist and Brannigan",
# "OKAFOR and LINDQVIST"; one to three words each.
_ITEM_REST = r"[\w'’-]*(?: [A-Z][\w'’-]*){0,2}"  # after the item's first capital
_ITEM = "[A-Z]" + _ITEM_REST
# (the look-behind after the first capital: the search skips to the capitals)
_COORDINATION = re.compile(rf"[A-Z](?<![\w'’-][A-Z]){_ITEM_REST}(?:(?:, | and | & |, and |, or | or ){_ITEM})+")
_JOINER = re.compile(r", and |, or |, | and | & | or ")
# A verb of saying after a list, in the past, the present of one or of many
# ("say"), an adverb or "have" before it: the list's items are its speakers
# ("Lenin and Quillon said", "Lenin and Quillon both say").
_SAY_MANY = frozenset(v[:-3] + "y" if v.endswith("ies") else v[:-1]
                      for v in SAY_VERBS if v.endswith("s"))
_SAID = re.compile(r",? (?:(?:both|also|later|then|once|each|jointly|have|had) )?"
                   rf"(?:{'|'.join(sorted(SAY_VERBS | _SAY_MANY))})\b")


def _coordinated(text, spans, english, lower) -> list[Span]:
    """Every item of a list whose other items are people is a person, when it
    is shaped like a name and is no ordinary word or place. Before a verb of
    saying, the speakers joined to a known name are people too, unknown words
    as well ("Quillon and Lenin told us"), and the list may open a sentence."""
    people = [s for s in spans if s.category == PERSON]
    if not people and " and " not in text:
        return []
    if lower is None:
        lower = set(re.findall(r"\b[a-z]+\b", text))
    covered = _Covered(people)
    out = []
    for m in _COORDINATION.finditer(text):
        if not english(m.start()):
            continue
        said = _SAID.match(text, m.end()) is not None
        items = _list_items(text, m, lower if said else None)
        named = [covered.overlaps(s, e) for s, e in items]
        known = [said and any(_known_name(w) for w in text[s:e].split()) for s, e in items]
        if all(named) or not any(named) and not any(known):
            continue
        for i, ((s, e), is_named) in enumerate(zip(items, named)):
            words = text[s:e].split()
            if is_named or _nationality_after_copula(text, s, e) \
                    or rules.sentence_start(text, s) and s == m.start() and not said \
                    or _acronym(text[s:e]) or any(
                    (ordinary(w, lower) or rules.word_label(w) == rules.OTHER and not w.isupper())
                    and not (said and _common_surname(w, lower)) for w in words) or places.world_place(text[s:e]) \
                    or any(places.is_place(w) or places.is_country(w) for w in words) \
                    or not (any(_name_like(w, text) for w in words)
                            or any(known[:i] + known[i + 1:])):
                continue
            out.append(Span(s, e, PERSON, CUE, text=text[s:e]))  # CUE: propagated
    return out


class _Covered:
    """The stretches of text the spans cover, asked whether one overlaps
    ``start:end``: the spans that start before ``end`` are the first ones by
    their starts, and one of them overlaps when the furthest end among them
    lies past ``start`` (a look-up, not a walk over every span per item)."""

    def __init__(self, spans):
        stretches = sorted((s.start, s.end) for s in spans)
        self.starts = [a for a, _b in stretches]
        self.furthest = list(itertools.accumulate((b for _a, b in stretches), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the spans with a start < end
        return before > 0 and self.furthest[before - 1] > start


def _common_surname(word, lower) -> bool:
    """A common surname that is also a word ("Smith", "Baker"), capitalised
    and nowhere in lower case in the text: a speaker's name beside another."""
    low = word.lower()
    return word[:1].isupper() and not word.isupper() and low in frequent_surnames() \
        and not lower_elsewhere(low, lower)


def _list_items(text, m, lower) -> list[tuple[int, int]]:
    """The items of a list (``_COORDINATION``'s match); with ``lower``, the
    ordinary words opening the first one cut off ("Later Lenin and ...")."""
    items, pos = [], m.start()
    for j in _JOINER.finditer(m.group()):
        items.append((pos, m.start() + j.start()))
        pos = m.start() + j.end()
    items.append((pos, m.end()))
    if lower is not None:
        s, e = items[0]
        words = list(re.finditer(r"\S+", text[s:e]))
        cut = 0
        while cut < len(words) - 1 and ordinary(words[cut].group(), lower) \
                and not _known_name(words[cut].group()):
            cut += 1
        items[0] = (s + words[cut].start(), e)
    return items


def _known_name(word: str) -> bool:
    """A first name or surname of the lexicons, or of a Slavic or Kazakh shape."""
    return rules.word_label(word) in (rules.FIRST, rules.LAST, rules.SURN, rules.PATR) \
        or _SLAVIC_SURNAME.search(word.lower()) is not None and not dictionary_word(word) \
        or kazakh_name_shape(word)


_COPULA_BEFORE = re.compile(r"(?<![\w'’])(?:was|is|were|are|am|['’]m|be|been|became|"
                            r"half|part)[ \t]+$", re.I)


def _nationality_after_copula(text, start, end) -> bool:
    """"My mother was Ukrainian, Oksana ...": a people's adjective after a
    copula, no person of the list."""
    word = text[start:end]
    return " " not in word and (PEOPLE_ADJECTIVE.search(word.lower()) is not None
                                or word.lower() in PEOPLES) \
        and _COPULA_BEFORE.search(text, max(0, start - 12), start) is not None


def _name_like(word: str, text: str) -> bool:
    """Listed as a name (census, Webster's proper nouns), written in capitals
    ("HICKENLOOPER"), or a word the text comes back to."""
    return rules.word_label(word) in (rules.FIRST, rules.LAST, rules.SURN, rules.PATR) \
        or word.isupper() and len(word) > 2 or word.lower() in web2()[1] \
        or kazakh_name_shape(word) \
        or _SLAVIC_SURNAME.search(word.lower()) is not None and not dictionary_word(word) \
        or text.count(word) > 1 or _foreign_letters(word)


# Endings of Kazakh first names in English spelling ("Saparbek", "Orazbai",
# "Nurzhan", "Aigul", "Yerkhan", "Temirgali", "Yesbol"), on a word that is no
# English word.
_KAZAKH_NAME_END = re.compile(r"[a-z]{2}(?:bek|bai|bay|zhan|jan|gul|khan|bol|gali|kali|"
                              r"sultan|nur|tai|tay|bike|kyz)$")


def kazakh_name_shape(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.isalpha() \
        and _KAZAKH_NAME_END.search(word) is not None and not dictionary_word(word)


def _foreign_letters(word: str) -> bool:
    """Latin letters with marks English words do not carry ("Luján", "Ličen")."""
    return word.isalpha() and not word.isascii() and all(
        c.isascii() or "\u00c0" <= c <= "\u024f" for c in word)


