"""Language of a text or a sentence: Russian, Kazakh or English (or mixed)."""
from __future__ import annotations

import re
from functools import lru_cache

from . import kk

LANGS = ("ru", "kk", "en")
_KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KK_WORDS = frozenset(
    "және мен сен ол біз бұл осы бар жоқ емес деп үшін бірақ сондай қазір болды "
    "керек еді ғой ба бе ма ме иә жоқ".split())
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
SENTENCE = re.compile(r"[^\n.!?…]+(?:[.!?…]+|\n|$)")


def detect_lang(text: str) -> str:
    """'ru', 'kk', 'en', or 'mixed' when a second language holds 15% of the words."""
    words = {"ru": 0, "kk": 0, "en": 0}
    for part in SENTENCE.findall(text):
        words[sentence_lang(part)] += len(_WORD.findall(part))
    total = sum(words.values())
    if not total:
        return "en"
    ranked = sorted(LANGS, key=words.get, reverse=True)
    return "mixed" if words[ranked[1]] > 0.15 * total else ranked[0]


def sentence_lang(text: str) -> str:
    """The single most likely language of a sentence (Russian when unsure)."""
    return _clear_lang(lang_counts(text)) or "ru"


def _kazakh(counts, cyrillic: int) -> bool:
    """A Kazakh letter or function word in a fifth of the Cyrillic words, or most of
    them Kazakh by the lexicon of ordinary words: Kazakh written without its own
    letters ("Фермер биыл ауданда жаңа техника сатып алды") is no Russian."""
    return bool(counts["kk"]) and counts["kk"] >= 0.2 * cyrillic \
        or cyrillic >= 3 and counts["kk"] + counts["kk_lexicon"] > 0.5 * cyrillic


def sentence_langs(text: str) -> list[tuple[int, int, str]]:
    """[(start, end, lang)] covering the text, one per rough sentence.

    A sentence without a clear sign (punctuation only, a number, a short
    Cyrillic phrase without a Kazakh letter such as a name) takes the language
    of the sentence before it, or after it at the start; so a stray fragment
    never sends an English or Kazakh text through the Russian model.
    """
    if not _CYRILLIC.search(text):
        return [(0, len(text), "en")]  # no Cyrillic letter: every sentence would be English
    parts, langs = [], []
    for start, end in sentences(text):
        parts.append((start, end))
        langs.append(_clear_lang(lang_counts(text[start:end])))
    if not parts:
        return [(0, len(text), "en")]
    fallback = next((x for x in langs if x), None)
    for i, found in enumerate(langs):
        if found is None:
            langs[i] = fallback or sentence_lang(text[parts[i][0]:parts[i][1]])
        fallback = langs[i]
    out = [(parts[i][0], parts[i][1], langs[i]) for i in range(len(parts))]
    # The gaps between the rough sentences belong to the sentence before.
    fixed = []
    pos = 0
    for i, (start, end, found) in enumerate(out):
        end = out[i + 1][0] if i + 1 < len(out) else len(text)
        fixed.append((pos, end, found))
        pos = end
    return fixed


def _clear_lang(counts) -> str | None:
    cyrillic = counts["ru"] + counts["kk"]
    if counts["en"] > cyrillic:
        return "en"
    if _kazakh(counts, cyrillic):
        return "kk"
    if counts["ru"] >= 3:
        return "ru"
    return None


def sentences(text: str):
    """(start, end) of rough sentences: split after . ! ? … and at line ends."""
    for m in SENTENCE.finditer(text):
        yield m.start(), m.end()


def lang_counts(text: str) -> dict[str, int]:
    """Words per language: Latin words are English, Cyrillic words with a
    Kazakh letter or a Kazakh function word are Kazakh, other Cyrillic Russian;
    "kk_lexicon" counts those Russian ones that are ordinary Kazakh words too
    (learnt from Kazakh text, app.anonymise.kk.common_words)."""
    counts = {"ru": 0, "kk": 0, "en": 0, "kk_lexicon": 0, "": 0}
    words = _WORD.findall(text)
    kinds = list(map(_word_lang, words))
    if "en" in kinds and ("ru" in kinds or "kk_lexicon" in kinds):
        # A sentence in one script naming people, places or companies in the
        # other ("Her daughter Оля lives in Актобе now", "консультантом
        # выступает Cleary Gottlieb Steen & Hamilton LLP"): a capitalised
        # word after the first is a name, of no language.
        kinds = [k if i == 0 or k not in ("ru", "kk_lexicon", "en") or not words[i][0].isupper()
                 else "" for i, k in enumerate(kinds)]
    for kind in kinds:
        counts[kind] += 1
    del counts[""]
    counts["ru"] += counts["kk_lexicon"]  # an ordinary Kazakh word is a Russian-looking one too
    return counts


@lru_cache(maxsize=1 << 16)
def _word_lang(word: str) -> str:
    """What ``lang_counts`` counts a word as: "en", "kk", "ru", "kk_lexicon"
    (Russian-looking and an ordinary Kazakh word), "" (none)."""
    first = word[0]
    if first.isascii():
        return "en"
    if not _KK_LETTERS.isdisjoint(word) or word.lower() in _KK_WORDS:
        return "kk"
    if "\u0400" <= first <= "\u04ff":
        return "kk_lexicon" if word.lower() in kk.common_words() else "ru"
    return ""
