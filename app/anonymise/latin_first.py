"""International first names in Latin letters, for the English rules.

Jörg Michael's ``nam_dict.txt`` (about 48,000 first names of some 55
countries, GNU Free Documentation License), as shipped by the
``gender-guesser`` package (0.4.0), is read from the installed package, never
copied: Uzbek, Kyrgyz, Tatar, Turkish, Indian, Polish ... first names
("Nargiza", "Otabek", "Emre", "Priya", "Wojciech") that the US census lists
lack. Without the package the set is empty and the engine works as before.

The file's format (its header): column 1-2 the gender ("M", "F", "?M" ...),
the name from column 4, a "+" or "-" in column 30 (a "+" line repeats a name
with umlauts sorted another way: skipped, as the header advises), then from
column 31 one hexadecimal frequency digit per country, 1 (rare) to D
(extremely common), on a logarithmic scale where A is about 2 per cent of
the population and each step halves it. A "+" inside a name stands for "-",
" " or nothing ("Jun+Wei"). Lines starting with "#" are comments, with "="
equivalences (short and long form of a name listed elsewhere).

A name is kept when some country gives it at least ``MIN_FREQ`` (2: more
than the rarest class, about one person in 12,000 or more there), and it is
no ordinary English word (Webster's dictionary, the common-word lists, spoken
spellings such as "lotta" and "kinda", feasts such as "Ramadan": "Can",
"Hope", "Mark" keep the evidence of the census and the frames as before), no
known place ("Georgia", "Florence"), no maker, agency or service the engine
lists (``names.BRANDS``, ``names.NOT_NAMES``: "Huawei", "Xinhua", "Nissan"),
no proper noun of Webster's unless some
country gives it at least ``PROPER_MIN_FREQ``, no listed US surname that the census does
not give as a first name, and of at least three letters.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

MIN_FREQ = 2
# A word Webster's lists as a proper noun of its own (a people, place, figure or
# thing: "Virgo", "Assam", "Shiraz", "Ninja") needs this much: 4, about one
# person in 3,000 where the name is most common.
PROPER_MIN_FREQ = 4
_FREQ_COLUMNS = slice(30, 85)  # 55 countries, one digit each
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ'’]+")
# Spoken English spellings that no dictionary lists and the list has as names
# elsewhere ("a lotta money", "kinda", "yup"): never this lexicon's evidence.
_COLLOQUIAL = frozenset("""
kinda sorta lotta gotta outta gonna wanna oughta hafta coulda shoulda woulda musta dunno
lemme gimme gotcha betcha ya yep yup nope yeah yea nah yah okay alright hmm uh um mm ah oh
huh wow ugh yay aha oho ooh aww eh meh hey hiya cuz cos tho dude bro sis mama papa nana
""".split())


def _path() -> str | None:
    try:
        import gender_guesser
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
    return path if os.path.exists(path) else None


@lru_cache(maxsize=1)
def frequencies() -> dict[str, int]:
    """Every listed name in lower case -> its highest frequency (1-13) in any
    country; empty without the package."""
    path = _path()
    if path is None:
        return {}
    out: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line[0] in "#=" or len(line) < 31 or line[29] == "+":
                continue
            digits = line[_FREQ_COLUMNS].replace("$", " ")
            top = max(digits)
            if top == " ":
                continue
            freq = int(top, 16)
            name = line[3:29].strip().lower()
            forms = {name.replace("+", r) for r in ("", "-")} if "+" in name else (name,)
            for form in forms:
                if out.get(form, 0) < freq:
                    out[form] = freq
    return out


@lru_cache(maxsize=1)
def names() -> frozenset[str]:
    """The first names kept as evidence (lower case): see the module text."""
    from . import names as names_lists, places
    from .census import COMMON_WORDS, FUNCTION_WORDS, census_names
    from .en_words import dictionary_word, web2

    census_first, census_last, _both = census_names()
    proper = web2()[1]
    # the makers, agencies, platforms and services the engine lists as no name
    things = {w.lower() for w in names_lists.BRANDS | names_lists.NOT_NAMES}
    countries, cities = places.world()
    kept = set()
    for name, freq in frequencies().items():
        if freq < MIN_FREQ or len(name) < 3 or name in census_first:
            continue  # (a census first name is evidence already)
        if freq < PROPER_MIN_FREQ and name in proper:
            continue
        if name in COMMON_WORDS or name in FUNCTION_WORDS or name in _COLLOQUIAL or name in names_lists.FEASTS \
                or name in things \
                or name in census_last \
                or name in countries or name in cities or dictionary_word(name):
            continue
        kept.add(name)
    return frozenset(kept)


def is_first_name(word: str) -> bool:
    """A Latin word ("Nargiza", "Otabek") that the international list knows as
    a first name and that is no ordinary English word."""
    return _LATIN_WORD.fullmatch(word) is not None and word.lower() in names()
