"""Build ``app/anonymise/data/ru_short_names.txt``: Russian short and
diminutive first names (Саша, Ваня, Лёша, Таня, Наташа, Серёжа ...) from
pymorphy2's dictionary (OpenCorpora, CC BY-SA), which tags first names
``Name``.

    python bench/build_ru_short_names.py

Kept: the dictionary's nominative singular forms tagged ``Name`` whose most
likely reading is the name (no "вера", "слава"), of three to seven letters, a
man's name (or either sex's) ending in -а/-я (Russian men's full names end
in a consonant but Илья, Никита, Фома: the rest are short forms), or a
woman's with a diminutive ending (-ша, -ня, -ля, -тя, -ся, -жа, -ка, -дя,
-зя: Наташа, Таня, Оля, Катя, Дуся, Глаша, Маринка). Written lower case,
sorted; the engine drops any that are ordinary Kazakh words when it loads
them. Deterministic; takes some minutes (it walks the whole dictionary).
pymorphy2 0.9 asks ``inspect.getargspec``, which Python 3.11 removed: the
script puts back the equivalent before it imports pymorphy2.
"""
from __future__ import annotations

import inspect
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "app", "anonymise", "data", "ru_short_names.txt")
_MAN_SHORT = re.compile(r"[ая]$")
_WOMAN_SHORT = re.compile(r"(?:ша|ня|ля|тя|ся|жа|ка|дя|зя)$")


def _analyzer():
    if not hasattr(inspect, "getargspec"):
        def getargspec(func):
            spec = inspect.getfullargspec(func)
            return spec.args, spec.varargs, spec.varkw, spec.defaults
        inspect.getargspec = getargspec
    import pymorphy2

    return pymorphy2.MorphAnalyzer()


def short_names(morph) -> list[str]:
    lemmas = {word for word, tag, _, _, index in morph.dictionary.iter_known_words()
              if index == 0 and {"Name", "nomn", "sing"} <= tag.grammemes}
    out = []
    for word in sorted(lemmas):
        if not 3 <= len(word) <= 7 or "-" in word:
            continue
        best = morph.parse(word)[0]
        grammemes = best.tag.grammemes
        if "Name" not in grammemes or best.score < 0.5:
            continue
        if ("masc" in grammemes or "ms-f" in grammemes) and _MAN_SHORT.search(word) \
                or "femn" in grammemes and _WOMAN_SHORT.search(word):
            out.append(word)
    return out


def main() -> None:
    words = short_names(_analyzer())
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# Russian short and diminutive first names, from pymorphy2's dictionary\n"
                 "# (OpenCorpora, CC BY-SA); built by bench/build_ru_short_names.py\n")
        fh.write("\n".join(words) + "\n")
    print(f"{len(words)} names written to {OUT}")


if __name__ == "__main__":
    main()
