"""The faster per-word steps answer what the plain ones answer: the endings
``cuts`` reads from the word's last letter on, and the Kazakh model's
attributes of a stretch put together from padded parts (the words two away
from the stretch lending their word alone).

All texts are fictional, written for these tests.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import kk_crf
from app.anonymise.normalise import _MAX_ENDING, ENDINGS, MIN_STEM, cuts


def _plain_cuts(w):
    if w.isascii():
        return ()
    return tuple([w[:-k] for k in range(min(_MAX_ENDING, len(w) - MIN_STEM), 0, -1)
                  if w[-k:] in ENDINGS])


LETTERS = list("абвгдежзийклмнопрстуфхцчшщъыьэюяё") + sorted(ENDINGS) + ["x", "ә", "қ"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LETTERS), max_size=6).map("".join))
def test_cuts_are_the_endings_tried_at_every_length(word):
    assert cuts.__wrapped__(word) == _plain_cuts(word)


def test_cuts_of_some_words():
    for word in ["нурлановнага", "караганды", "алматыдан", "мектебинде", "ана", "", "abc"]:
        assert cuts.__wrapped__(word) == _plain_cuts(word)


def _plain_features(words, lo=0, hi=None):
    """The attributes joined word by word, as they were first written."""
    n = len(words)
    hi = n if hi is None else hi
    first = max(0, lo - 2)
    parts = [kk_crf._word_parts(w) for w in words[first:min(n, hi + 2)]]
    out = []
    for i in range(lo, hi):
        k = i - first
        feats = list(parts[k][0])
        if i == 0:
            feats.append(kk_crf._BOS)
        if i > 1:
            feats += parts[k - 2][1]
        if i > 0:
            feats += parts[k - 1][2]
        if i + 1 < n:
            feats += parts[k + 1][3]
        if i + 2 < n:
            feats += parts[k + 2][4]
        if i == n - 1:
            feats.append(kk_crf._EOS)
        out.append(feats)
    return out


WORDS = ["Нұрсұлу", "Бекмұратқызы", "ауылында", "ЖШС", "Теректі", "жаңа", ",", "2024", "«",
         "Ақжайық-Тоқыма", "министрлігі", "Алматыдағы", "Сәтбаев", "көшесі", ".", "Dana", "мен"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), st.data())
def test_stretch_attributes_are_the_plain_ones(words, data):
    kk_crf.tagger()
    lo = data.draw(st.integers(0, len(words) - 1))
    hi = data.draw(st.integers(lo + 1, len(words)))
    assert kk_crf.features(words, lo, hi) == _plain_features(words, lo, hi)
    assert kk_crf.features(words) == _plain_features(words)
