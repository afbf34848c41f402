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

from .normalise import fold

try:  # a dependency (pyproject); the engine still runs without it
    import cyrtranslit
except ImportError:  # pragma: no cover
    cyrtranslit = None

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_STEPS = (
    (re.compile(r"^ye"), "e"), (re.compile(r"^yo"), "e"), (re.compile(r"^yu"), "iu"),
    (re.compile(r"^ya"), "ia"), (re.compile(r"kh"), "h"), (re.compile(r"x"), "ks"),
    (re.compile(r"shch|sch"), "s"), (re.compile(r"ts"), "c"), (re.compile(r"tch|ch"), "c"),
    (re.compile(r"sh"), "s"), (re.compile(r"[jy]"), "i"), (re.compile(r"ii+"), "i"),
    (re.compile(r"w"), "v"), (re.compile(r"q"), "k"), (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=1 << 15)
def latin_key(word: str) -> str:
    """A lower-case Latin skeleton of a name word in either script."""
    w = fold(word).lower()
    if _CYRILLIC.search(w) and cyrtranslit is not None:
        w = cyrtranslit.to_latin(w, "ru").lower()
    w = re.sub(r"[^a-z]", "", w)
    for pattern, repl in _STEPS:
        w = pattern.sub(repl, w)
    return w


def is_latin(word: str) -> bool:
    return word[:1].isascii()
