"""Statistical named-entity recognisers: natasha for Russian, spaCy if installed.

Both load lazily once per process. natasha ships its model in the package;
spaCy is optional (``import spacy`` and an installed English or multilingual
model such as ``en_core_web_sm``); without it English and Kazakh rely on the
rules in ``rules.py``.
"""
from __future__ import annotations

import importlib
import warnings
from functools import lru_cache

from .spans import ORGANISATION, PERSON, PLACE, Span
from .widen import widen_org, widen_place

NATASHA_TYPES = {"PER": PERSON, "LOC": PLACE, "ORG": ORGANISATION}
SPACY_TYPES = {"PERSON": PERSON, "PER": PERSON, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE,
               "ORG": ORGANISATION}
SPACY_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "xx_ent_wiki_sm")


@lru_cache(maxsize=1)
def _natasha():
    with warnings.catch_warnings():
        # natasha imports pymorphy2, which still touches deprecated APIs.
        warnings.simplefilter("ignore", DeprecationWarning)
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
    return Doc, Segmenter(), NewsNERTagger(NewsEmbedding())


def natasha_spans(text: str) -> list[Span]:
    """Persons, places and organisations natasha finds in Russian text."""
    doc_class, segmenter, tagger = _natasha()
    doc = doc_class(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [_widened(text, s.start, s.stop, NATASHA_TYPES[s.type], "ner:natasha")
            for s in doc.spans if s.type in NATASHA_TYPES]


@lru_cache(maxsize=1)
def spacy_model():
    """An installed spaCy pipeline with NER, or None."""
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        return None
    for name in SPACY_MODELS:
        try:
            return spacy.load(name)
        except (OSError, ImportError):
            continue
    return None


def spacy_spans(text: str) -> list[Span]:
    nlp = spacy_model()
    if nlp is None:
        return []
    return [_widened(text, e.start_char, e.end_char, SPACY_TYPES[e.label_], "ner:spacy")
            for e in nlp(text).ents if e.label_ in SPACY_TYPES]


def _widened(text, start, end, category, source) -> Span:
    if category == ORGANISATION:
        start, end = widen_org(text, start, end)
    elif category == PLACE:
        start, end = widen_place(text, start, end)
    return Span(start, end, category, source, text=text[start:end])
