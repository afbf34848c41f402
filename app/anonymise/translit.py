"""Names across scripts: one Latin skeleton for a Cyrillic or Latin spelling.

Cyrillic goes to Latin with cyrtranslit (Kazakh letters first folded to their
Russian look-alikes); the skeleton then drops what spellings of one name
disagree on: the apostrophe cyrtranslit writes for ы, the "Y" of "Yerlan",
j/y/i, kh/h, doubled letters ("Kassymova" = "Касымова"). "Ерлан", "Yerlan",
"Erlan" share one key; "Жақсылықов" and "Zhaksylykov" too.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from .normalise import fold

try:  # a dependency (pyproject); the engine still runs without it
    import cyrtranslit
except ImportError:  # pragma: no cover
    cyrtranslit = None

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NON_LATIN = re.compile(r"[^a-z]+")
_STARTS = (("ye", "e"), ("yo", "e"), ("yu", "iu"), ("ya", "ia"))
_START_OF = dict(_STARTS)
# Plain replacements (in ``latin_key``), then the few that need a pattern.
_SH = re.compile(r"shch|sch")
_LETTERS = str.maketrans({"j": "i", "y": "i", "w": "v", "q": "k"})
_II = re.compile(r"ii+")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 15)
def latin_key(word: str) -> str:
    """A lower-case Latin skeleton of a name word in either script."""
    w = fold(word).lower()
    if cyrtranslit is not None and not w.isascii() and _CYRILLIC.search(w):
        w = cyrtranslit.to_latin(w, "ru").lower()
    if not (w.isascii() and w.isalpha()):  # (a word of Latin letters has nothing to drop)
        w = _NON_LATIN.sub("", w)
    start = _START_OF.get(w[:2])  # (the starts are two letters each: one look-up)
    if start is not None:
        w = start + w[2:]
    w = w.replace("kh", "h").replace("x", "ks")
    if "sch" in w or "shch" in w:
        w = _SH.sub("s", w)
    w = w.replace("ts", "c").replace("tch", "c").replace("ch", "c").replace("sh", "s")
    w = w.translate(_LETTERS)
    if "ii" in w:
        w = _II.sub("i", w)
    # each run of one letter written once: ``(.)\1+`` -> ``\1`` without the
    # template substitution's call per match (asked of every new Latin word)
    return "".join([ch for ch, _run in groupby(w)]) if _DOUBLE.search(w) else w


def is_latin(word: str) -> bool:
    return word[:1].isascii()
