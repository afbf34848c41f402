"""What the engine finds in a text, measured without spaCy (the Kazakh and mixed misses' tests):
import `no_spacy` (autouse) with `found` and `of`."""
import pytest

from app.anonymise import detect
from app.anonymise import ner


@pytest.fixture(autouse=True)
def no_spacy(monkeypatch):
    """Measured without spaCy: an installed spaCy model stays out."""
    monkeypatch.setattr(ner, "spacy_spans", lambda text: [])


def found(text, lang="kk"):
    """(words, category) of every span found in the text."""
    return [(text[s.start:s.end], s.category) for s in detect(text, None, lang)]


def of(text, category, lang="kk"):
    """The words of the spans of that category."""
    return [w for w, c in found(text, lang) if c == category]
