"""``detect``: every detector over one text, merged into non-overlapping spans."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from . import ner as ner_models
from . import rules
from . import en, en_frames, kk, kk_context, kk_crf, kk_rules, names, places
from .lang import LANGS, sentence_langs
from .census import COMMON_WORDS, FUNCTION_WORDS
from .en_places import place_test
from .en_words import _ORDINARY_LOWER
from .cues import SOURCE as CUE
from .merge import merge
from .normalise import candidates, fold
from .patterns import find_patterns
from .spans import ORGANISATION, PERSON, PLACE, Span
from .tokens import Token, as_tokens, initials_before, tokenize, words_of
from .widen import place_after

# What `apply` writes: "[P07]", "[PERSON-12]", "[LA-03]"; never detected again.
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\]")


def detect(text: str, roster=None, lang: str = "auto", ner: bool = True) -> list[Span]:
    """Identifying spans in ``text``, sorted and non-overlapping.

    ``roster``: a Roster of the study's known entities (or None); ``lang``:
    "auto" (per sentence), "ru", "kk" or "en"; ``ner=False`` keeps only the
    roster and the patterns (fast, exact).
    """
    if lang not in ("auto", *LANGS):
        raise ValueError(f"unknown language {lang!r}")
    if not text or not text.strip():
        return []
    tokens = tokenize(text)
    spans = find_patterns(text)
    if roster is not None and len(roster):
        spans += roster.matcher.find(text, tokens)
    if ner:
        spans += _named_entities(text, tokens, lang)
        # (equal spans from several finders once: the steps below read each
        # span alone or the set of them, and ``merge`` keeps one of equal spans)
        spans = list(dict.fromkeys(spans))
        found = [s for s in propagate(text, tokens, spans)
                 if "«" not in text or not kk_context.quoted_thing(text, s)]
        if found:
            # a mention the words before show to be a place stays one ("moved to Paris")
            named = _first_names_of_people(text, spans)
            place_here = place_test(text)  # (``is_place_here``, or its answer without Latin)
            spans += [replace(s, category=PLACE) if place_here(text, s, named) else s
                      for s in found]
    spans = merge([t for t in map(_title_off, dict.fromkeys(spans)) if t is not None], text)
    if "-\n" in text:
        spans = _across_line_breaks(text, spans)
    if "[" not in text:
        return spans  # no placeholder without its bracket (``PLACEHOLDER``)
    return [s for s in spans if not _is_placeholder(text, s)]


# Titles of address and of office written before a name, in any script, with
# or without their full stop ("Dr.", "Prof.", "Д-р", "г-жа"): no part of a
# person's span (anon-dev conventions: titles and honorifics stay outside; GUM:
# "Dr. Nelson" -> "Nelson"), whichever finder made it (speaker labels, natasha).
_TITLE_WORDS = frozenset(w.lower() for w in names.TITLES_BEFORE) | frozenset(
    "drs profs emeritus д-р проф г-н г-жа гн гжа".split())
# The titles that only a person bears: a model's organisation made of one of
# them and a name ("Dr. Penhaligon") is that person.
_PERSONAL_TITLES = frozenset("mr mrs ms miss mx dr prof sir dame madam д-р г-н г-жа".split())


def _title_off(span: Span) -> Span | None:
    """Leading titles cut off a person span; a span of titles alone dropped.
    The roster's spans stay as the study wrote them."""
    if span.category not in (PERSON, ORGANISATION) or span.source == "roster" \
            or not span.text:
        return span
    cut = _leading_titles(span.text)
    if cut == 0:
        return span  # (most spans: no title before the name)
    words = words_of(span.text)
    if span.category == ORGANISATION and not (
            span.family == "ner" and words[0].text.lower() in _PERSONAL_TITLES):
        return span
    if cut == len(words):
        return None if span.category == PERSON else span
    start = span.start + words[cut].start
    return replace(span, start=start, text=span.text[words[cut].start:], category=PERSON)


@lru_cache(maxsize=1 << 14)
def _leading_titles(name: str) -> int:
    """How many of the name's first words are titles (``_TITLE_WORDS``): asked
    once per name (a name comes back in many spans and many texts)."""
    words = words_of(name)
    cut = 0
    while cut < len(words) and words[cut].text.lower() in _TITLE_WORDS:
        cut += 1
    return cut


# The rest of a word broken by a hyphen at a line end ("Тулеу-\nгалиевой").
_BROKEN_REST = re.compile(r"-[ \t]*\r?\n[ \t]*([^\W\d_]+)")


def _across_line_breaks(text, spans) -> list[Span]:
    """A span that ends at a word broken by a hyphen at a line end goes on
    to the word's rest on the next line, which starts in lower case
    ("Тулеу-" + "галиевой"); a span found on the rest alone is absorbed."""
    out: list[Span] = []
    for span in spans:
        if out and span.start < out[-1].end:  # on the rest taken by the span before
            if span.end > out[-1].end:
                out[-1] = replace(out[-1], end=span.end, text=text[out[-1].start:span.end])
            continue
        end = span.end - 1 if text[span.end - 1:span.end] == "-" else span.end
        m = _BROKEN_REST.match(text, end)
        if m and end > span.start and text[end - 1].isalpha() and m.group(1)[0].islower():
            span = replace(span, end=m.end(), text=text[span.start:m.end()])
        out.append(span)
    return out


def _named_entities(text, tokens, lang) -> list[Span]:
    parts = _language_parts(text, lang)
    spans = []
    regions = _regions(parts)
    ru_chars = sum(e - s for s, e, part_lang in regions if part_lang == "ru")
    if len(regions) > 1 and ru_chars > len(text) / 2 and _LETTER.search(text):
        # Mostly Russian: one natasha call over the whole text is cheaper than
        # many small ones; only its spans in Russian sentences are kept.
        spans += _keep_in(ner_models.natasha_spans(text), parts, {"ru"})
        regions = [r for r in regions if r[2] != "ru"]
    for start, end, part_lang in regions:
        if not _LETTER.search(text, start, end):
            continue  # punctuation, digits or symbols only: no model has anything to find
        if part_lang == "ru":
            spans += _shifted(ner_models.natasha_spans(text[start:end]), start, text)
        elif part_lang == "en":
            spans += _shifted(ner_models.spacy_spans(text[start:end]), start, text)
        else:
            spans += kk_crf.crf_spans(text, start, end)
    langs = {part_lang for _, _, part_lang in parts}
    spans += en.camel_bodies(text)  # "KazAgroFinance", "TechOrda 24": in any language
    labels = rules.labels_of(tokens) if langs & {"kk", "en"} else None
    if labels is not None:
        found = rules.find_people(text, tokens, labels, english="en" in langs) \
            + rules.find_places(text, tokens)
        spans += _keep_in(found, parts, {"kk", "en"})
    if "en" in langs:
        spans += _keep_in(en.find(text, tokens, labels), parts, {"en"})
    if "kk" in langs:
        spans += _keep_in(kk_rules.find(text, tokens), parts, {"kk"})
    if "ru" in langs and _KK_LETTER.search(text):
        spans += _kazakh_names_in_russian(text, tokens, labels, parts)
    if "en" not in langs:
        # The same span from several finders is looked at once below: each step
        # reads a span alone (or the set of them), and ``merge`` keeps one of
        # equal spans. (The English steps may count them: left as they are.)
        spans = list(dict.fromkeys(spans))
    spans = _inside_orgs(_labels_off(text, spans))
    if "kk" in langs:
        spans = kk_rules.refine(text, spans, tokens)  # "Әсем Маржанмен": two people
    spans = _through_person_steps(text, spans)
    if "kk" in langs:
        spans = kk_context.find(text, tokens, spans, lambda found: _keep_in(found, parts, {"kk"}))
    if "en" in langs:
        spans = en.refine(text, tokens, spans, _in_lang(parts, "en"))
    spans += rules.speaker_labels(text)
    if "en" in langs:
        # frames of speech that say person whatever the word ("Thanks, Hope", "I'm Joy")
        spans += en_frames.find(text, tokens, spans, _in_lang(parts, "en"))
    return spans


def _through_person_steps(text, spans) -> list[Span]:
    """The spans after ``_person_steps``. A person span of the offsets of one
    before, whose source the steps read alike (the model and the rules often
    propose the same name), comes out as that one did when that one came out
    as it went in or was dropped: the steps read nothing else of a span (its
    entity and the rest of its source they copy), so it is not read again."""
    out: list[Span] = []
    kept: dict[tuple, bool] = {}  # (start, end, how the steps read the source) -> kept as it was
    for span in spans:
        if span.category != PERSON:  # (``_person_steps`` of it, written out)
            if rules.plausible(span, text):
                out.append(span)
            continue
        key = (span.start, span.end, _as_the_steps_read(span))
        was_kept = kept.get(key)
        if was_kept is not None:
            if was_kept:
                out.append(span)
            continue
        steps = _person_steps(text, span)
        out += steps
        if not steps:
            kept[key] = False
        elif len(steps) == 1 and steps[0] is span:
            kept[key] = True
    return out


def _as_the_steps_read(span: Span) -> str:
    """What ``_person_steps`` reads of a span's source: natasha's and the
    initials' apart, the other model's and rules' sources alike (their family
    alone is read), any other source as it is."""
    if span.source == "ner:natasha" or span.source == "rules:initials":
        return span.source
    return "ner or rules" if span.family in ("ner", "rules") else span.source


def _person_steps(text, span) -> list[Span]:
    """A span after the steps that read a person span: a role word, titles and
    an ordinary word at a sentence start cut off, no span of label words or of
    a reflexive verb, a first name and a place named after it told apart, a
    person named like a place made a place. Each step reads the span alone, so
    a span goes through them all at once; any other span only through the test
    of its words (``rules.plausible``): each other step gives it back as it is."""
    if span.category != PERSON:
        return [span] if rules.plausible(span, text) else []
    span = _without_titles(text, _role_word_off(text, span))
    if span is not None:
        span = _sentence_word_off(text, span)
    if span is None or not rules.plausible(span, text) or _verb_shaped(text, span):
        return []
    return [_place_or_person(text, s) for s in _name_before_place(text, span)]


# The letters of Kazakh that Russian has not.
_KK_LETTER = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def _kazakh_names_in_russian(text, tokens, labels, parts) -> list[Span]:
    """Code-switching: a Kazakh name in Kazakh spelling, often with its
    Kazakh case ending, inside a Russian sentence ("я был с Ерболатпен",
    "отдал Нұрсұлуға"), which the Russian model does not know; the rules'
    person spans in Russian sentences whose words are spelt in Kazakh."""
    labels = rules.labels_of(tokens) if labels is None else labels
    found = [s for s in rules.find_people(text, tokens, labels, english=False)
             if _KK_LETTER.search(text, s.start, s.end)]
    return _keep_in(found, parts, {"ru"})


# Russian reflexive verb endings (imperative "Представьтесь", infinitive,
# present): no name ends so; models take the capitalised verb opening a turn.
_REFLEXIVE_VERB = re.compile(r"(?:[иь]тесь|йтесь|ться|тся)$")
# Its endings spelt out (a word of letters alone ends at "$": no line break).
_REFLEXIVE_ENDINGS = ("итесь", "ьтесь", "йтесь", "ться", "тся")


def _verb_shaped(text, span) -> bool:
    """A person span of one word shaped like a Russian reflexive verb."""
    if span.category != PERSON:
        return False
    word = text[span.start:span.end]
    return word.isalpha() and word.lower().endswith(_REFLEXIVE_ENDINGS)


def _in_lang(parts, lang):
    """``pos -> bool``: the part at ``pos`` is in ``lang`` (asked of every span the
    English rules find: the starts are listed once, and one part answers alone)."""
    if len(parts) == 1:
        answer = parts[0][2] == lang
        return lambda pos: answer
    starts = [p[0] for p in parts]
    return lambda pos: parts[max(0, bisect.bisect_right(starts, pos) - 1)][2] == lang


# Public service apps and portals everyone uses: no identifier of anyone
# (natasha labels "eGov Mobile" an organisation).
_PUBLIC_APPS = frozenset("""egov|egov mobile|egov.kz|e-gov|egov business|электронное
правительство|электрондық үкімет|портал электронного правительства""".replace("\n", " ")
                         .split("|"))


def _false_org(text, span) -> bool:
    """An organisation span that is a language's name alone ("English",
    "Kazakh") or a public service app ("eGov Mobile"): dropped."""
    if span.category != ORGANISATION:
        return False
    name = " ".join(text[span.start:span.end].split()).lower()
    if name in _PUBLIC_APPS:
        return True
    return " " not in name and name in places.language_words()


_SOURCE_OF = attrgetter("source")


def _inside_orgs(spans) -> list[Span]:
    """A place inside a rule-found organisation's name is part of it
    ("Ақсу ауданының әкімдігі"): the organisation keeps it whole; so is a
    model's organisation that is a part of a name masked whole ("Алатау
    Сүт" of "«Алатау Сүт» ЖШС-нің", "Уәлиханов" of "Ш. Уәлиханов атындағы
    ... университеті"), which would else win the merge and leave the rest to
    the rule's span in pieces (before a common noun, "«Нұр Отан» партиясы",
    KazNERD marks the name alone: the model's stays)."""
    if "rules:org" not in map(_SOURCE_OF, spans):
        return spans  # (read by ``map``, no Python loop: most texts have none)
    orgs = [s for s in spans if s.category == ORGANISATION and s.source == "rules:org"]
    if not orgs:
        return spans
    whole = [o for o in orgs if kk_rules.masked_whole(o.text or "")]
    # a span inside one of them lies between the first one's start and the
    # last one's end: the spans outside (most) are kept without reading them all
    first = min(o.start for o in orgs)
    last = max(o.end for o in orgs)
    return [s for s in spans if s.start < first or s.end > last
            or s.category == ORGANISATION and s.source == "rules:org" or not any(
                o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start)
                for o in (orgs if s.category != ORGANISATION else whole))]


# Titles and offices written before a name in Kazakh and Russian news and talk; no
# part of the name ("Президент Ерболат Сейтқали", "Елбасы", "әкім").
_TITLES = frozenset().union(*(candidates(w) for w in """
Президент Президенті Елбасы Премьер-министр Премьер-министрі министр министрі әкім әкімі
депутат депутаты сенатор сенаторы Тұңғыш Республика Мемлекет басшысы генерал профессор
академик ақын жазушы Вице-министр вице-министрі төраға төрағасы губернатор мэр Мэр
""".split()))


# Russian prepositions, conjunctions and particles that open a sentence before
# a name ("Через Кожабергенову", "Вот Бекова"): the Russian model takes them in.
_RU_OPENERS = frozenset("""
через для после при про без кроме вот потом ещё еще это как когда если но или также тоже
уже даже только между перед около возле насчёт насчет благодаря согласно вместе
""".split())


def _role_word_off(text, span) -> Span:
    """A person span that crosses into a new turn ("Да.\nАудармашы Нұрлыбек")
    keeps the new line only, and a role word that opens a speaker's label
    ("Interpreter", "Переводчица") is cut off: a role, not a name. Any source."""
    if span.category != PERSON:
        return span
    start = span.start
    brk = text.rfind("\n", start, span.end)
    if brk >= 0 and text[start:brk].rstrip()[-1:] in (".", "!", "?", ":"):
        start = brk + 1
    start += _role_word_cut(text[start:span.end])
    if start == span.start:
        return span
    return replace(span, start=start, text=text[start:span.end]) if start < span.end else span


@lru_cache(maxsize=1 << 14)
def _role_word_cut(name: str) -> int:
    """Where the rest of a name begins after a role word or a Russian opener
    before it ("Аудармашы Нұрлыбек", "Через Кожабергенову"; an opener with its
    full stop, "Вот.", stays), 0 when none: read from the name alone, so
    asked once per name (a name comes back in many spans)."""
    words = words_of(name)
    if len(words) > 1 and (words[0].text.lower() in names.ROLE_WORDS
                           or words[0].text.lower() in _RU_OPENERS
                           and words[0].is_title and not name.startswith(".", words[0].end)):
        return words[1].start
    return 0


def _without_titles(text, span) -> Span | None:
    """Titles, and ordinary Kazakh words before a first name, are cut off a person
    span found by the Kazakh model or the rules; a span of titles alone is dropped."""
    if span.category != PERSON or span.family not in ("ner", "rules") \
            or span.source == "ner:natasha":
        return span
    cut = _title_words_cut(text[span.start:span.end])
    if cut == 0:
        return span
    if cut is None:
        return None
    start = span.start + cut
    return replace(span, start=start, text=text[start:span.end])


@lru_cache(maxsize=1 << 14)
def _title_words_cut(name: str) -> int | None:
    """Where a name begins after the titles and the ordinary Kazakh words
    before a first name that ``_without_titles`` cuts off (0 when none, None
    when the name is nothing else): read from the name alone, so asked once
    per name (a name comes back in many spans)."""
    words = words_of(name)
    cut = 0
    while cut < len(words) and (not candidates(words[cut].text).isdisjoint(_TITLES) or (
            cut + 1 < len(words) and kk.ordinary(words[cut].text)
            and kk_rules.name_cue(words[cut + 1]) == "F")):
        cut += 1
    if cut == 0:
        return 0
    return None if cut == len(words) else words[cut].start


def _sentence_word_off(text, span) -> Span | None:
    """A person span that begins with an ordinary word capitalised at a
    sentence start ("Жиналысқа Дәурен Ерболұлы", "Әлі"): that word is cut off,
    and a span of that word alone dropped."""
    if span.category != PERSON or span.source == "ner:natasha" \
            or not rules.sentence_start(text, span.start):
        return span
    words = words_of(text[span.start:span.end])
    if not words:
        return span
    first = words[0].text
    if len(words) == 1:
        if kk.noun_name(first) and kk_rules.called(text, span.end):
            return None  # "Бақыт деген не?": the word, not a name
        return None if (kk.ordinary(first) or kk.everyday_noun(first)) and not kk_rules.introduced(
            text, span.start, span.end) else span
    if len(first) < 2 or kk.word_cue(first) in ("F", "S", "P") or kk.name_shaped(first) or not (
            kk.ordinary(first) or _lower_elsewhere(text, words[0])
            or _KK_CASE.search(fold(first).lower())) or not (
            kk_rules.name_cue(words[1]) == "F" or kk.name_shaped(words[1].text)
            or len(words) > 2 and kk_rules.name_cue(words[-1]) in ("S", "P")):
        # Kept whole unless the rest is a name: a first name ("Жиналысқа Дәурен
        # Ерболұлы"), a compound name, or a surname or patronymic at the end
        # ("Жиынға Қуандық Ерғалиұлы").
        return span
    start = span.start + words[1].start
    return replace(span, start=start, text=text[start:span.end])


def _place_or_person(text, span) -> Span:
    """A person span whose words are all known places or countries, or that a
    place word follows ("Рудный ауданы", "Shalkar district"), is a place."""
    if span.category != PERSON:
        return span
    name = text[span.start:span.end]
    words = words_of(name)
    if len(words) == 1 and _addressed_person(text, span.end, words[0].text):
        return span
    places_alone, world_place = _place_names(name)
    if places_alone and not kk_rules.eponym_as_person(text, span):
        return replace(span, category=PLACE)  # ("Жамбылдың жырлары": the poet)
    m = _WORD_BEFORE.search(text, max(0, span.start - 20), span.start)
    if m and places.world_place(m.group(1) + " " + name):
        return replace(span, category=PLACE, start=m.start(1), text=text[m.start(1):span.end])
    if world_place:
        return replace(span, category=PLACE)
    m = _PLACE_WORD_AFTER.match(text, span.end)
    if m and place_after(m.group(1)) \
            and not kk.bare_place_noun(m.group(1)):
        return replace(span, category=PLACE, end=m.end(), text=text[span.start:m.end()])
    if m and kk.possessive_place_noun(m.group(1)):
        return replace(span, category=PLACE)  # "Дәулет аулында", "Исатай аудандарының"
    return span


@lru_cache(maxsize=1 << 14)
def _place_names(name: str) -> tuple[bool, bool]:
    """What ``_place_or_person`` reads of a name alone, asked once per name (a
    name comes back in many spans): whether its words are all known places
    or countries, and whether it names a country or a city of the world (a
    city named like a first name, one word, aside)."""
    words = words_of(name)
    kind = places.world_place(name)
    return bool(words) and all(places.is_place(w.text) or places.is_country(w.text) for w in words), \
        kind == "country" or kind == "city" and not (
            len(words) == 1 and rules.label(words[0]) == rules.FIRST)


def _addressed_person(text, end, word) -> bool:
    """A word named like a place before a Kazakh title of address is a person
    ("Азия ханым"); before a kin honorific, when it is a first name ("Ақтоты
    апа", "Азия апайдың": a woman named like a village or a continent; but
    "Алматы апайға", the aunt in Almaty, stays a town)."""
    return kk_rules.addressed(text, end) or kk_rules.honoured(text, end) and (
        fold(word).lower() in kk.first_names() or word in names.PLACE_FIRST_NAMES)


def _name_before_place(text, span) -> list[Span]:
    """"Бекзат Шұбартау ауылында тұрады": a person span of a first name and a
    word that a place noun in the possessive follows is a person (the first
    name) and a place (the last word, with its place word); no surname or
    patronymic at the end ("Бекзат Оразалин ауылы" is named after him)."""
    if span.category != PERSON or " " not in text[span.start:span.end]:
        return [span]
    m = _PLACE_WORD_AFTER.match(text, span.end)
    if not m or not kk.possessive_place_noun(m.group(1)):
        return [span]
    words = words_of(text[span.start:span.end])
    if len(words) < 2 or kk.word_cue(words[0].text) != "F" \
            or kk.word_cue(words[-1].text) in ("F", "S", "P"):
        return [span]
    end = span.start + words[-2].end
    start = span.start + words[-1].start
    return [replace(span, end=end, text=text[span.start:end]),
            replace(span, start=start, end=m.end(), category=PLACE, text=text[start:m.end()])]


# A Kazakh case ending on a word at a sentence start before a name: "Хатты",
# "Жиналысқа" (the object or goal of the sentence, not a name of its own).
_KK_CASE = re.compile(r"[а-я]{3}(?:га|ге|ка|ке|ты|ти|ны|ни|ды|ди|да|де|та|те|дан|ден|тан|тен|"
                      r"нан|нен)$")
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+) $")
_PLACE_WORD_AFTER = re.compile(r"[ \t]([^\W\d_]+)")


_LETTER = re.compile(r"[^\W\d_]")


def _regions(parts):
    """Neighbouring parts of one language joined: each model runs once per region."""
    out = []
    for start, end, part_lang in parts:
        if out and out[-1][2] == part_lang:
            out[-1][1] = end
        else:
            out.append([start, end, part_lang])
    return out


def _shifted(spans, offset, text) -> list[Span]:
    if not offset:
        return spans
    return [replace(s, start=s.start + offset, end=s.end + offset,
                    text=text[s.start + offset:s.end + offset]) for s in spans]


def _labels_off(text, spans) -> list[Span]:
    """The spans but the false organisations (``_false_org``), a speaker
    label cut off each (``_trim_label``): the organisations alone asked, and
    in a text without a colon no span (no label without one)."""
    spans = [s for s in spans if s.category != ORGANISATION or not _false_org(text, s)]
    return [_trim_label(text, s) for s in spans] if ":" in text else spans


def _trim_label(text, span) -> Span:
    """Cut a speaker label ("Р: ") off the front of a model's span."""
    colon = text.rfind(":", span.start, span.end)
    if colon < 0:
        return span
    start = colon + 1
    while start < span.end and text[start].isspace():
        start += 1
    return replace(span, start=start, text=text[start:span.end]) if start < span.end else span


def _language_parts(text, lang):
    """[(start, end, lang)] covering the text."""
    if lang != "auto":
        return [(0, len(text), lang)]
    return sentence_langs(text)


def _keep_in(spans, parts, langs) -> list[Span]:
    if len(parts) == 1:
        return spans if parts[0][2] in langs else []
    starts = [p[0] for p in parts]
    out = []
    for span in spans:
        i = max(0, bisect.bisect_right(starts, span.start) - 1)
        if parts[i][2] in langs:
            out.append(span)
    return out


def propagate(text: str, tokens: list[Token], spans: list[Span]) -> list[Span]:
    """Every other capitalised occurrence of a reliable word of a found name:
    a first name, patronymic or surname shape, any word of a longer name, or
    a word that a context cue marked as a name ("Quillon said")."""
    stems, strong, noun_like, opening = _facts_of_people(text, spans)
    if not stems:
        return []
    found = []
    # only capitalised words and the lower-case words of full names can be found
    noun_like -= strong
    tokens = as_tokens(tokens)  # the capitalised words and those two sets' only
    texts = tokens.texts
    # a capitalised word is found only by a stem it shares with a name: each
    # distinct one asked once, then only the tokens of those that share one
    named = _sharing_a_stem({w for w in map(texts.__getitem__, tokens.capitalised) if len(w) > 2},
                            stems)
    tokens = [tokens[i] for i in tokens.where(named | (strong | noun_like) & tokens.words)]
    for tok in [t for t in tokens if t.text[0].isupper() or t.text in strong
                or t.text in noun_like and en_frames.person_position(text, t)]:
        word = tok.text
        if len(word) < 3:
            continue
        if word.islower() and word in noun_like:
            if word in COMMON_WORDS or kk.ordinary(word):
                continue
            word = word.title()
        elif word.islower():
            # "we met aizhan nurlanovna": a word of a full name found elsewhere,
            # written in lower case, and no ordinary word
            if word not in strong or word in COMMON_WORDS or kk.ordinary(word) \
                    or word in _ORDINARY_LOWER:
                continue  # "my water bill" beside "Bill Quarrie"
            word = word.title()
        if word[0].isupper() and not stems.isdisjoint(candidates(word)) \
                and not (rules.sentence_start(text, tok.start) and (
                    kk.ordinary(word) or _lower_elsewhere(text, tok))
                    and opening.isdisjoint(candidates(word))):
            # An ordinary word opening a sentence is a name when the text
            # has named a person by it ("Азамат Жолдасов ... Азамат өз ...").
            found.append(Span(tok.start, tok.end, PERSON, "rules:person", text=tok.text))
    return found


def _facts_of_people(text, spans) -> tuple[set[str], set[str], set[str], set[str]]:
    """The stems, strong words, lower-case-name words and opening first names
    of the text's person spans (``_name_facts``), gathered. What a span tells
    is read from its offsets and whether a cue found it: each of those read
    once (several finders propose one name)."""
    stems, strong, noun_like, opening = set(), set(), set(), set()
    # ("NASA Administrator": a title's words are no name)
    people = {(s.start, s.end, s.source == CUE) for s in spans
              if s.category == PERSON and s.source != en.OFFICE}
    for start, end, cued in people:
        name = text[start:end]
        words = _name_words(name)
        # initials before one word make a full name too ("K. Ashdown")
        initialled = len(words) == 1 and initials_before(text, start + words[0].start) \
            < start + words[0].start
        facts = _name_facts(name, cued, initialled)
        stems |= facts.stems
        strong |= facts.strong
        noun_like |= facts.noun_like
        opening |= facts.opening
    return stems, strong, noun_like, opening


class _NameFacts(NamedTuple):
    """What ``propagate`` learns from one person span (``_name_facts``)."""
    stems: frozenset[str]
    strong: frozenset[str]
    noun_like: frozenset[str]
    opening: frozenset[str]


@lru_cache(maxsize=1 << 13)
def _name_facts(name: str, cued: bool, initialled: bool) -> _NameFacts:
    """The stems, strong words, lower-case-name words and opening first name
    that a person span named ``name`` gives ``propagate``: read from the name
    alone, whether a context cue found it and whether initials stand before
    it, so asked once per name (a name comes back in many spans: several
    finders propose it, and it recurs in the text and in other texts)."""
    stems, strong, opening, noun_like = set(), set(), set(), set()
    words = _name_words(name)
    kinds = [rules.word_label(tok.text) for tok in words]  # (``rules.label``)
    full_name = len(words) > 1 and rules.FIRST in kinds or initialled
    for tok, kind in zip(words, kinds):
        if kind in (rules.FIRST, rules.PATR, rules.SURN) or (
                (len(words) > 1 or cued or initialled)
                and kind in (rules.LAST, rules.CAP)):
            stems |= candidates(tok.text)
            latin_word = tok.text.isascii() and en.dictionary_word(tok.text)
            if full_name and len(tok.text) > 3 and kind == rules.CAP \
                    and tok.text.isascii() and not latin_word:
                # an unknown word of a full name ("Dana Ostrowe"): in lower
                # case a name unless a determiner makes it a noun ("the ostrowe")
                noun_like.add(tok.text.lower())
            if full_name and len(tok.text) > 3 and kind != rules.CAP \
                    or kind in (rules.SURN, rules.PATR) and len(tok.text) > 5 \
                    and not latin_word \
                    or kind == rules.FIRST and len(tok.text) > 3 and tok.text.isascii() \
                    and not latin_word:
                # a word of a full name, or a surname or patronymic by its
                # shape ("Kudaibergenova", "Серікқызы") that no dictionary
                # lists (the English one for Latin words only: it loads on
                # first use, and Cyrillic text need not pay for it)
                strong.add(tok.text.lower())
    if len(words) > 1 and (kinds[0] == rules.FIRST or kk.word_cue(words[0].text) == "F"):
        opening.add(fold(words[0].text).lower())
    return _NameFacts(frozenset(stems), frozenset(strong), frozenset(noun_like), frozenset(opening))


def _sharing_a_stem(words, stems) -> set[str]:
    """Those of ``words`` that share a stem (``candidates``) with ``stems``."""
    return {w for w in words if not stems.isdisjoint(candidates(w))}


@lru_cache(maxsize=1 << 13)
def _name_words(name: str) -> tuple[Token, ...]:
    """The words of a name that ``propagate`` reads: three letters or more, no
    function word, no ordinary word that is no listed name ("Mr. Chair");
    asked once per name (a name comes back in many spans)."""
    return tuple(t for t in words_of(name) if len(t.text) > 2
                 and t.text.lower() not in FUNCTION_WORDS and rules.name_word(t.text))


def _first_names_of_people(text, spans) -> frozenset[str]:
    """The first words, lower case, of the person spans of two words or more
    that open with a listed first name ("Jordan Pellow" gives "jordan")."""
    people = {text[span.start:span.end] for span in spans if span.category == PERSON}
    return frozenset(filter(None, map(_opening_first_name, people)))


@lru_cache(maxsize=1 << 13)
def _opening_first_name(name: str) -> str | None:
    """The first word, lower case, of a name of two words or more that opens
    with a listed first name, else None: read from the name alone, so asked
    once per name (a name comes back in many spans and many texts)."""
    if " " not in name:
        return None
    first = name.split()[0]
    return first.lower() if rules.word_label(first) == rules.FIRST else None


def _lower_elsewhere(text, tok) -> bool:
    """"Әлі" at a sentence start where "әлі" stands elsewhere: an ordinary word."""
    return kk.written_lower(text, tok.text, whole=True)


def _is_placeholder(text, span) -> bool:
    return PLACEHOLDER.fullmatch(text, span.start, span.end) is not None or any(
        m.start() < span.end and span.start < m.end()
        for m in PLACEHOLDER.finditer(text, max(0, span.start - 30), span.end + 30))
