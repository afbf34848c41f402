"""The faster glue of ``detect`` gives what the plain steps give: the
test of a span inside a rule's organisation skipped outside them all, the first
names of people read once per name, a person span of the offsets of one
before, its source read alike, taken as that one came out of the person
steps, the false organisations and speaker labels asked only of the
organisations and in a text with a colon, and each person span's offsets read once for ``propagate``; ``merge``'s answer read off its spans in text order, and ``rank``
reading the family without the property.

All texts and names are fictional, written for these tests.
"""
import importlib
from bisect import bisect_right
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import en, kk_rules, merge, rules
from app.anonymise.cues import SOURCE as CUE
from app.anonymise.spans import ORGANISATION, PERSON, PLACE, SOURCE_PRIORITY, Span, rank
from app.anonymise.tokens import initials_before, tokenize

detect = importlib.import_module("app.anonymise.detect")  # (the package's ``detect`` is the function)

TEXTS = [
    "Бүгін Айгүл Серікқызы мен Дәурен Ерболұлы Ақсу ауданының әкімдігіне барды.\n"
    "Айгүл апай келді. Жиналысқа Дәурен Ерболұлы қатысты. Президент Ерболат Сейтқали сөйледі.",
    "Аудармашы Нұрлыбек: Да.\nАудармашы Нұрлыбек айтты. Бекзат Шұбартау ауылында тұрады.",
    "«Алатау Сүт» ЖШС-нің директоры Мирас Жомартұлы. Азия ханым, Алматы апайға хат жазды.",
    "Через Кожабергенову передали. Вот Бекова пришла. Представьтесь, пожалуйста. Dr. Penhaligon said.",
    "Айгүл eGov Mobile арқылы English тілінде жазды, Kazakh тілінде емес.",
    "Жамбылдың жырлары. Рудный ауданы. Ш. Уәлиханов атындағы университеті. Әлі келмеді.",
]

SOURCES = ("ner:crf", "rules:person", CUE, en.OFFICE, "ner:natasha", "rules:initials", "rules:org", "ner:spacy",
           "rules:place", "user")
CATEGORIES = (PERSON, PERSON, PERSON, PLACE, ORGANISATION)


# The steps as they were written before (the plain versions).
def plain_inside_orgs(spans):
    orgs = [s for s in spans if s.category == ORGANISATION and s.source == "rules:org"]
    if not orgs:
        return spans
    whole = [o for o in orgs if kk_rules.masked_whole(o.text or "")]
    return [s for s in spans if s.category == ORGANISATION and s.source == "rules:org" or not any(
        o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start)
        for o in (orgs if s.category != ORGANISATION else whole))]


def plain_first_names_of_people(text, spans):
    out = set()
    for span in spans:
        if span.category == PERSON and " " in text[span.start:span.end]:
            first = text[span.start:span.end].split()[0]
            if rules.word_label(first) == rules.FIRST:
                out.add(first.lower())
    return frozenset(out)


def plain_person_steps(text, spans):
    return [t for s in spans for t in detect._person_steps(text, s)]


def plain_facts_of_people(text, spans):
    stems, strong, noun_like, opening = set(), set(), set(), set()
    for span in spans:
        if span.category != PERSON or span.source == en.OFFICE:
            continue
        name = text[span.start:span.end]
        words = detect._name_words(name)
        initialled = len(words) == 1 and initials_before(text, span.start + words[0].start) \
            < span.start + words[0].start
        facts = detect._name_facts(name, span.source == CUE, initialled)
        stems |= facts.stems
        strong |= facts.strong
        noun_like |= facts.noun_like
        opening |= facts.opening
    return stems, strong, noun_like, opening


def plain_rank(span):
    src = {f: i for i, f in enumerate(SOURCE_PRIORITY)}.get(span.family, len(SOURCE_PRIORITY))
    return (src, span.start - span.end, (
        "identifier", "contact", "date", "person", "organisation", "place", "other").index(
        span.category), span.start)


def plain_merge(spans, text=None):
    """``merge`` as it was: the accepted spans gathered, then sorted by their starts."""
    accepted, in_order, starts, longest, taken = [], [], [], 0, set()
    for span in sorted(spans, key=rank):
        if span.start == span.end or (span.start, span.end) in taken:
            continue
        over = merge._overlapping(span, in_order, starts, longest)
        new = merge._leftovers(span, over, text) if over else [span]
        accepted.extend(new)
        for piece in new:
            k = bisect_right(starts, piece.start)
            starts.insert(k, piece.start)
            in_order.insert(k, piece)
            longest = max(longest, piece.end - piece.start)
            taken.add((piece.start, piece.end))
    accepted.sort(key=lambda s: s.start)
    return merge._join_names(accepted, text) if text is not None else accepted


def _word_spans(text):
    """Spans over one to three neighbouring words of the text."""
    words = tokenize(text)
    return [(words[i].start, words[j].end) for i in range(len(words))
            for j in range(i, min(i + 3, len(words)))]


def _spans(text, picks):
    """Spans of the text from drawn (offsets, category, source, entity) picks,
    each offered again under another source (the model and the rules often
    propose the same name)."""
    offsets = _word_spans(text)
    out = []
    for where, category, source, other, entity in picks:
        start, end = offsets[where % len(offsets)]
        span = Span(start, end, category, source, entity=entity, text=text[start:end])
        out += [span, replace(span, source=other)]
    return out


def _check(text, spans):
    assert detect._inside_orgs(spans) == plain_inside_orgs(spans)
    assert detect._first_names_of_people(text, spans) == plain_first_names_of_people(text, spans)
    assert detect._through_person_steps(text, spans) == plain_person_steps(text, spans)
    assert detect._labels_off(text, spans) == [
        detect._trim_label(text, s) for s in spans if not detect._false_org(text, s)]
    assert detect._facts_of_people(text, spans) == plain_facts_of_people(text, spans)
    assert [rank(s) for s in spans] == [plain_rank(s) for s in spans]
    for given_text in (text, None):
        assert merge.merge(spans, given_text) == plain_merge(spans, given_text)


def test_every_span_of_the_examples():
    for text in TEXTS:
        spans = [Span(s, e, c, src, text=text[s:e]) for s, e in _word_spans(text)
                 for c in CATEGORIES[::2] for src in SOURCES]
        _check(text, spans)
        _check(text, spans[::-1])


def test_equal_offsets_come_out_as_the_first_did():
    text = TEXTS[0]
    start = text.index("Дәурен")
    end = start + len("Дәурен Ерболұлы")
    crf = Span(start, end, PERSON, "ner:crf", text=text[start:end])
    rule = replace(crf, source="rules:person", entity="D")
    out = detect._through_person_steps(text, [crf, rule])
    assert out == plain_person_steps(text, [crf, rule])
    assert out[-1] is rule  # (the second taken as it was, entity and source its own)


PICKS = st.tuples(st.integers(0, 200), st.sampled_from(CATEGORIES), st.sampled_from(SOURCES),
                  st.sampled_from(SOURCES), st.sampled_from((None, "E1")))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(TEXTS), st.lists(PICKS, max_size=12))
def test_the_fast_glue_agrees_on_any_spans(text, picks):
    _check(text, _spans(text, picks))
