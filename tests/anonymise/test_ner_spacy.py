"""The optional spaCy path: found by package discovery, skipped when absent.
A stand-in ``spacy`` module keeps these tests independent of the real one."""
import sys
import types

import pytest

from app.anonymise import ner


class FakeEnt:
    def __init__(self, text, start, label):
        self.start_char, self.end_char, self.label_ = start, start + len(text), label


class FakePipeline:
    def __init__(self, lang, pipes=("tok2vec", "ner")):
        self.lang, self.pipe_names = lang, list(pipes)

    def __call__(self, text):
        start = text.find("Tamsin Okafor")
        return types.SimpleNamespace(ents=[FakeEnt("Tamsin Okafor", start, "PERSON")])


def fake_spacy(installed):
    """A module whose ``load`` knows the pipelines in ``installed``."""
    loaded = []

    def load(name, exclude=()):
        loaded.append((name, tuple(exclude)))
        if name not in installed:
            raise OSError(f"[E050] Can't find model '{name}'")
        return installed[name]

    util = types.SimpleNamespace(get_installed_models=lambda: list(installed))
    return types.SimpleNamespace(load=load, util=util, loaded=loaded)


@pytest.fixture
def spacy_module(monkeypatch):
    def install(installed):
        module = fake_spacy(installed)
        monkeypatch.setitem(sys.modules, "spacy", module)
        ner.spacy_model.cache_clear()
        return module
    yield install
    ner.spacy_model.cache_clear()


def test_without_spacy_there_are_no_model_spans(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # import raises ImportError
    ner.spacy_model.cache_clear()
    try:
        assert ner.spacy_model() is None
        assert ner.spacy_spans("Tamsin Okafor came.") == []
    finally:
        ner.spacy_model.cache_clear()


def test_an_installed_english_model_package_is_discovered(spacy_module):
    module = spacy_module({"de_core_news_sm": FakePipeline("de"),
                           "en_core_web_sm_rebuilt": FakePipeline("en")})
    assert ner.spacy_model().lang == "en"
    assert all("parser" in exclude for _, exclude in module.loaded)
    text = "Yesterday Tamsin Okafor came."
    assert [s.text for s in ner.spacy_spans(text)] == ["Tamsin Okafor"]


def test_a_pipeline_without_ner_is_not_used(spacy_module):
    spacy_module({"en_core_web_sm": FakePipeline("en", pipes=("tok2vec", "tagger"))})
    assert ner.spacy_model() is None


@pytest.mark.parametrize("found, name", [
    ("Mrs Whitfield", "Whitfield"), ("Dr. Pranav Rao", "Pranav Rao"),
    ("the Reverend Ansel Moorcroft", "Ansel Moorcroft"), ("Senator", "Senator"),
    ("Tamsin Okafor", "Tamsin Okafor"),
])
def test_a_model_person_span_loses_its_title(found, name):
    text = f"Yesterday {found} came."
    start = text.index(found)
    span = ner._widened(text, start, start + len(found), "person", "ner:spacy")
    assert span.text == name


def test_a_model_span_across_list_bullets_is_split():
    text = "Страны: Монако • Намибия • Палау."
    start, end = text.index("Монако"), text.index(" • Палау")
    spans = ner._model_spans(text, [(start, end, "place")], "ner:natasha")
    assert [s.text for s in spans] == ["Монако", "Намибия"]
