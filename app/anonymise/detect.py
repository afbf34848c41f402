"""``detect``: every detector over one text, merged into non-overlapping spans."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from . import ner as ner_models
from . import rules
from .lang import LANGS, sentence_lang, sentences
from .census import FUNCTION_WORDS
from .cues import SOURCE as CUE
from .merge import merge
from .normalise import candidates
from .patterns import find_patterns
from .spans import PERSON, Span
from .tokens import Token, tokenize

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
        spans += propagate(text, tokens, spans)
    return [s for s in merge(spans, text) if not _is_placeholder(text, s)]


def _named_entities(text, tokens, lang) -> list[Span]:
    parts = _language_parts(text, lang)
    spans = []
    if any(part_lang == "ru" for _, _, part_lang in parts):
        spans += _keep_in(ner_models.natasha_spans(text), parts, {"ru"})
    if any(part_lang == "en" for _, _, part_lang in parts):
        spans += _keep_in(ner_models.spacy_spans(text), parts, {"en"})
    found = rules.find_people(text, tokens) + rules.find_places(text, tokens)
    spans += _keep_in(found, parts, {"kk", "en"})
    spans = [_trim_label(text, s) for s in spans]
    return [s for s in spans if rules.plausible(s, text)]


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
    return [(s, e, sentence_lang(text[s:e])) for s, e in sentences(text)]


def _keep_in(spans, parts, langs) -> list[Span]:
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
    stems = set()
    for span in spans:
        if span.category != PERSON:
            continue
        words = [t for t in tokenize(text[span.start:span.end])
                 if len(t.text) > 2 and t.text.lower() not in FUNCTION_WORDS
                 and rules.name_word(t.text)]
        for tok in words:
            kind = rules.label(tok)
            if kind in (rules.FIRST, rules.PATR, rules.SURN) or (
                    (len(words) > 1 or span.source == CUE) and kind in (rules.LAST, rules.CAP)):
                stems |= candidates(tok.text)
    found = []
    for tok in tokens:
        if tok.is_title and len(tok.text) > 2 and not stems.isdisjoint(candidates(tok.text)):
            found.append(Span(tok.start, tok.end, PERSON, "rules:person", text=tok.text))
    return found


def _is_placeholder(text, span) -> bool:
    return PLACEHOLDER.fullmatch(text, span.start, span.end) is not None or any(
        m.start() < span.end and span.start < m.end()
        for m in PLACEHOLDER.finditer(text, max(0, span.start - 30), span.end + 30))
