"""Optional bigger English name lists: US Census 1990 first names and surnames
shipped by the ``names`` package (MIT licence; the census lists are public
domain). Without the package the engine uses only the lists in ``names.py``."""
from __future__ import annotations

import importlib.resources
from functools import lru_cache

# Frequent names that are also ordinary capitalised words in English text.
COMMON_WORDS = frozenset("""
the and will may june april august january march july september october november
december monday tuesday wednesday thursday friday saturday sunday
joy hope faith love art sun god young long black white brown green gray grey king
hill hall wood rose street church house park law day major english french
miles chance page price rich strong summer winter autumn spring early bank
star north south west east new good best little small short lord bishop pope
christian guy may man say see way well will sky
a an as at be by do go he if in is it me my no of on or so to up us we am are was
were has had have not but for you your our his her its their them they this that
these those what when where who why how which there here then than too very just
also only even still yet now all any both each few more most other some such own
same can could would should shall must might thank thanks please yes yeah okay oh
from with like after before about into over under through during without within
since until upon alright right today tonight tomorrow yesterday morning evening
hey hi hello well um uh mom dad mum nation national world people international
america american americans german spanish english french chinese russian european
african asian free peace pride games game block master pilot wild blue red gold
silver soon vice chair chairman senate congress president state states government
city county court school college university club team center centre office
department ministry council party union company news press times post daily
christmas easter mother father son daughter sister brother baby honey dear sweet
north south east west central western eastern northern southern great grand
saint holy human nature science history music money power fire water stone lake
river island bay sea ocean mountain forest field land earth moon star light
dark love hope
""".split())
# Closed-class and discourse words: never a name, never propagated as one.
FUNCTION_WORDS = frozenset("""
the a an and or but if of to in on at by for from with like after before about into
over under through during without within since until upon as so than then there here
this that these those what when where who why how which he she it we they i you me
him her us them my your his its our their alright right okay yes yeah no not well oh
""".split()) | frozenset(w.replace("'", q) for q in "'’" for w in """
i'm i've i'll i'd we're we've we'll we'd you're you've you'll you'd they're they've they'll
they'd he'd he'll she'd she'll it'll that'll there'll let's y'all ain't can't don't won't
""".split())
FIRST_LIMIT = {"dist.male.first": 1200, "dist.female.first": 2500}
LAST_LIMIT = 25000


def _read(name: str, limit: int) -> set[str]:
    path = importlib.resources.files("names") / name
    out = set()
    with path.open(encoding="ascii") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            out.add(line.split()[0].lower())
    return out


@lru_cache(maxsize=1)
def census_words() -> frozenset[str]:
    """Every listed first name and surname, common words included ("green")."""
    try:
        words = set(_read("dist.all.last", LAST_LIMIT))
        for name, limit in FIRST_LIMIT.items():
            words |= _read(name, limit)
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()
    return frozenset(words)


@lru_cache(maxsize=1)
def census_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames that are no first names, names that are both:
    "taylor", "harris") in lower case, common words removed; empty sets when
    the ``names`` package is not installed."""
    try:
        first = set()
        for name, limit in FIRST_LIMIT.items():
            first |= _read(name, limit)
        last = _read("dist.all.last", LAST_LIMIT)
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset(), frozenset(), frozenset()
    first -= COMMON_WORDS
    return frozenset(first), frozenset(last - COMMON_WORDS - first), frozenset(last & first)


@lru_cache(maxsize=1)
def census_surnames() -> frozenset[str]:
    """Every surname of the census list (about 89,000, lower case), the rare
    ones too ("einstein", "merkel"), ordinary words among them ("like",
    "monday"): a name only where grammar says person and no dictionary knows
    the word. Empty without the ``names`` package."""
    return _surnames(1 << 20)


@lru_cache(maxsize=1)
def frequent_surnames() -> frozenset[str]:
    """The thousand commonest surnames of the census list, ordinary words
    among them ("smith", "baker", "young"); empty without the ``names`` package."""
    return _surnames(1000)


def _surnames(count: int) -> frozenset[str]:
    """The census list's ``count`` commonest surnames (empty without the ``names`` package)."""
    try:
        return frozenset(_read("dist.all.last", count))
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()
