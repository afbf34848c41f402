"""Statistical named-entity recognisers: natasha for Russian, spaCy if installed.

Both load lazily once per process. natasha ships its model in the package;
spaCy is optional (``import spacy`` and an installed English or multilingual
pipeline with NER: ``en_core_web_sm`` or any installed spaCy model package
whose language is English, e.g. the ``ner-en`` extra); without it English and
Kazakh rely on the rules in ``rules.py``. Only the components NER needs run.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import re
import warnings
from functools import lru_cache

from threadpoolctl import threadpool_limits

from .names import TITLES_BEFORE
from .spans import ORGANISATION, PERSON, PLACE, Span
from .widen import widen_org, widen_place

NATASHA_TYPES = {"PER": PERSON, "LOC": PLACE, "ORG": ORGANISATION}
SPACY_TYPES = {"PERSON": PERSON, "PER": PERSON, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE,
               "ORG": ORGANISATION}
SPACY_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "xx_ent_wiki_sm")
SPACY_LANGS = ("en", "xx")
# Components the English pipelines carry that NER does not listen to.
SPACY_SKIP = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")


# natasha's news embedding and NER model, in its package's data folder.
_NATASHA_EMBEDDING = ("data", "emb", "navec_news_v1_1B_250K_300d_100q.tar")
_NATASHA_NER = ("data", "model", "slovnet_ner_news_v1.tar")


def _one_blas_thread() -> None:
    """natasha's model multiplies small matrices through numpy's OpenBLAS, which by default
    starts a thread per core that spins after each call: on two cores a short sentence cost
    4x the CPU and 5x the wall time of one thread (9.1 against 2.1 ms CPU, 53 against 11 ms
    at a busy machine's load), and a web or job worker beside other workers only makes it
    worse. So the engine keeps BLAS to one thread, unless the environment chose a number
    (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS)."""
    if not any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        threadpool_limits(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _natasha():
    """natasha's news NER tagger: its slovnet model over its navec embedding,
    loaded from natasha's own files by slovnet and navec themselves, which
    is all ``NewsNERTagger(NewsEmbedding())`` does; importing the ``natasha``
    package would also import pymorphy2 and the rest of natasha (morphology,
    syntax, documents), which NER does not use: 88 modules and about 11 MB
    fewer (same model, same spans; the package's way if the files are not
    where they were)."""
    try:
        spec = importlib.util.find_spec("natasha")
        root = spec.submodule_search_locations[0]
        embedding, model = (os.path.join(root, *p) for p in (_NATASHA_EMBEDDING, _NATASHA_NER))
        if os.path.isfile(embedding) and os.path.isfile(model):
            from navec import Navec
            from slovnet import NER

            tagger = NER.load(model)
            tagger.navec(Navec.load(embedding))
            _one_blas_thread()
            return tagger
    except (ImportError, AttributeError, TypeError, IndexError):
        pass
    with warnings.catch_warnings():
        # natasha imports pymorphy2, which still touches deprecated APIs.
        warnings.simplefilter("ignore", DeprecationWarning)
        from natasha import NewsEmbedding, NewsNERTagger
    tagger = NewsNERTagger(NewsEmbedding())
    _one_blas_thread()
    return tagger


def load_models() -> None:
    """Load the recognisers now (a server loads them once, before it forks its workers)."""
    _natasha()
    spacy_model()


def natasha_spans(text: str) -> list[Span]:
    """Persons, places and organisations natasha finds in Russian text.

    The NER tagger is called on the text itself, as natasha's ``Doc.tag_ner`` does inside:
    the tagger splits the text by itself, so the ``Doc.segment`` pass natasha's examples run
    first (its tokens and sentences, only used to attach tokens to the spans) would be
    spent for nothing. Same spans, about a tenth less time (issue 18)."""
    if not text.strip():
        return []
    markup = _natasha()(text)
    return _model_spans(text, [(s.start, s.stop, NATASHA_TYPES[s.type])
                               for s in markup.spans if s.type in NATASHA_TYPES], "ner:natasha")


@lru_cache(maxsize=1)
def spacy_model():
    """An installed English or multilingual spaCy pipeline with NER, or None."""
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        return None
    for name in _spacy_candidates(spacy):
        try:
            nlp = spacy.load(name, exclude=SPACY_SKIP)
        except (OSError, ImportError, ValueError):
            continue
        if nlp.lang in SPACY_LANGS and "ner" in nlp.pipe_names:
            return nlp
    return None


def _spacy_candidates(spacy) -> list[str]:
    """The well-known model names first, then every other installed model package."""
    try:
        installed = sorted(spacy.util.get_installed_models())
    except Exception:  # noqa: BLE001 - discovery is best effort
        installed = []
    return list(SPACY_MODELS) + [n for n in installed if n not in SPACY_MODELS]


def spacy_spans(text: str) -> list[Span]:
    nlp = spacy_model()
    if nlp is None:
        return []
    return _model_spans(text, [(e.start_char, e.end_char, SPACY_TYPES[e.label_])
                               for e in nlp(text).ents if e.label_ in SPACY_TYPES], "ner:spacy")


# List bullets and separators a model sometimes runs a name across
# ("Монако • Намибия"): each side is a name of its own.
_SEPARATOR = re.compile(r"\s*[•·▪●◦|;]\s*")


def _model_spans(text, found, source) -> list[Span]:
    spans = []
    for start, end, category in found:
        for piece_start, piece_end in _pieces(text, start, end):
            spans.append(_widened(text, piece_start, piece_end, category, source))
    return spans


def _pieces(text, start, end):
    pos = start
    for m in _SEPARATOR.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def _widened(text, start, end, category, source) -> Span:
    if category == PERSON:
        start = _after_title(text, start, end)
    elif category == ORGANISATION:
        start, end = widen_org(text, start, end)
    elif category == PLACE:
        start, end = widen_place(text, start, end)
    return Span(start, end, category, source, text=text[start:end])


_TITLE = re.compile(r"(?:the\s+)?(?:(?:%s)\.?\s+)+" % "|".join(
    sorted((re.escape(t) for t in TITLES_BEFORE), key=len, reverse=True)), re.I)


def _after_title(text, start, end) -> int:
    """Start of the name in a model's person span that begins with a title
    ("Mrs Whitfield", "Dr. Pranav Rao"): the title is no identifier."""
    m = _TITLE.match(text, start, end)
    return m.end() if m and m.end() < end else start
