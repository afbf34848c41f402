"""Word normalisation for matching inflected Russian and Kazakh names.

Names are matched by a crude stem instead of a dictionary lemma: the word is
folded (Kazakh letters to their Russian look-alikes, ё to е, lower case), one
case ending (Russian or Kazakh, Kazakh ones possibly followed by a personal
ending) is cut, then one final vowel or soft sign. "Нурлановой", "Нурлановна"
and "Нурлановнаға" all become "нурлановн". It needs no dictionary (unknown
surnames are the norm in fieldwork), costs a few set look-ups per word, and is
the same function for the roster and for the text, so both sides agree.
"""
from __future__ import annotations

import re
from functools import lru_cache

_FOLD = {}
for _pair in ("әа", "ғг", "қк", "ңн", "өо", "ұу", "үу", "һх", "іи", "ёе",
              "ӘА", "ҒГ", "ҚК", "ҢН", "ӨО", "ҰУ", "ҮУ", "ҺХ", "ІИ", "ЁЕ", "’'"):
    _FOLD[ord(_pair[0])] = _pair[1]

_RU_ENDINGS = (
    "а я у ю е ы и о ь ой ей ою ею ом ем ым им ью ого его ому ему ая яя ую юю "
    "ый ий ых их ыми ими ами ями ах ях"
)
_KK_CASES = (
    "га ге ка ке нын нин дын дин тын тин ны ни ды ди ты ти да де та те нда нде "
    "дан ден тан тен нан нен ндан нден мен бен пен менен ымен имен ына ине ынан "
    "инен ында инде ын ин ынын инин"
)
# The locative adjective ("Алматыдағы", "Жаркенттегі"): a Kazakh ending too,
# but not cut from every word: cut, it makes "Қасымдағы" read as a first
# name and shifts the Kazakh model's features (learnt on the stems without
# it); measured on kaz, kkmeet and kknews, and an organisation test broke.
_KK_ADJECTIVAL = "дагы деги тагы теги ндагы ндеги"
_KK_PERSONAL = "мын мин мыз миз сын син сыз сиз пын пин быз"

# A locative or ablative case with a personal ending ("үйдемін": I am at home).
_KK_CASES_PERSONAL = [c + p for c in ("да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен")
                      for p in _KK_PERSONAL.split()]

ENDINGS = frozenset(_RU_ENDINGS.split() + _KK_CASES.split() + _KK_CASES_PERSONAL)
# The Kazakh endings, the locative adjective too: ``places`` reads a listed
# town's Kazakh forms by them (one list for both).
KK_ENDINGS = frozenset(_KK_CASES.split() + _KK_ADJECTIVAL.split() + _KK_CASES_PERSONAL)
_MAX_ENDING = max(map(len, ENDINGS))
# Every ending's last letters (each of its suffixes): a word's last k letters
# that are none of them are no ending's last k letters, nor are its longer ones.
_ENDING_TAILS = frozenset(e[-k:] for e in ENDINGS for k in range(1, len(e) + 1))
_FINAL = frozenset("аяеоуюыиь")
_POSSESSIVE = re.compile(r"['’]s$")

MIN_STEM = 3


def fold(text: str) -> str:
    """Fold Kazakh letters and ё to Russian ones; keeps length and offsets."""
    if text.isascii():
        return text  # (nothing of ``_FOLD`` is ASCII: a Latin word folds to itself)
    return _fold_word(text) if len(text) < 40 else text.translate(_FOLD)


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    return word.translate(_FOLD)


@lru_cache(maxsize=1 << 16)
def folded_lower(word: str) -> str:
    """``fold(word).lower()`` of a word, remembered: the Kazakh steps ask it of
    the same new word several times (its attribute, cue, stems and trigger).
    The fold is not read through ``_fold_word``'s cache: this one remembers it."""
    return (word if word.isascii() else word.translate(_FOLD)).lower()


def _base(stem: str) -> str:
    if len(stem) > MIN_STEM - 1 and stem[-1] in _FINAL:
        return stem[:-1]
    return stem


def _folded(word: str) -> str:
    """The word folded, in lower case, without an English possessive ("'s")."""
    return _without_possessive(folded_lower(word))


def _without_possessive(w: str) -> str:
    """A folded lower-case word without an English possessive ("'s")."""
    return _POSSESSIVE.sub("", w) if "'" in w else w  # fold turned ’ into '


@lru_cache(maxsize=1 << 16)
def cuts(w: str) -> tuple[str, ...]:
    """The folded lower-case word ``w`` with each ending it may have cut,
    longest ending first (one look-up per length); shared by ``canonical``,
    ``candidates`` and the Kazakh cues, which all cut the same endings."""
    if w.isascii():
        return ()  # every ending is Cyrillic
    # the word's last letters read from the shortest on, up to the first that
    # end no ending (``_ENDING_TAILS``): the same cuts as trying every length
    stems = []
    for k in range(1, min(_MAX_ENDING, len(w) - MIN_STEM) + 1):
        tail = w[-k:]
        if tail not in _ENDING_TAILS:
            break
        if tail in ENDINGS:
            stems.append(w[:-k])
    return tuple(stems[::-1])


@lru_cache(maxsize=1 << 16)
def canonical(word: str) -> str:
    """One stable stem for a word: the longest case ending cut, then a final vowel."""
    w = _folded(word)
    cut = cuts(w)
    return _canonical_of(w, cut)


def _canonical_of(w: str, cut: tuple[str, ...]) -> str:
    """``canonical`` of a word ``w`` folded in lower case (``_folded``) and cut (``cuts``)."""
    stem = cut[0] if cut else w
    # ``_base`` written out (asked of every new word)
    return stem[:-1] if len(stem) > MIN_STEM - 1 and stem[-1] in _FINAL else stem


@lru_cache(maxsize=1 << 16)
def candidates(word: str) -> frozenset[str]:
    """Every stem the word could have (each possible ending cut, or none).

    Two words are forms of one name when their candidate sets meet; this is
    more forgiving than comparing `canonical` stems ("Караганда" and
    "Қарағандыда" meet at "караганд").
    """
    w = _folded(word)
    return _candidates_of(w, cuts(w))


def _candidates_of(w: str, cut: tuple[str, ...]) -> frozenset[str]:
    """``candidates`` of a word ``w`` folded in lower case (``_folded``) and cut (``cuts``)."""
    if w.isascii():
        return frozenset((w,))  # a Latin word: no ending to cut, no final vowel of ``_FINAL``
    found = {w}
    for stem in (w, *cut):
        if len(stem) > MIN_STEM - 1 and stem[-1] in _FINAL:  # ``_base`` written out
            stem = stem[:-1]
        if len(stem) >= MIN_STEM:
            found.add(stem)
    return frozenset(found)


def word_stems(word: str) -> tuple[str, frozenset[str], str]:
    """The word folded in lower case (``fold(word).lower()``), its
    ``candidates`` and its ``canonical`` stem, for a word's first sight: the
    candidates from their cache (other steps ask them of the same words), the
    stem from the same fold and cut, its cache left to the few that ask it."""
    low = folded_lower(word)
    stems = candidates(word)
    w = _without_possessive(low)  # ``_folded(word)``, from the fold at hand
    return low, stems, _canonical_of(w, cuts(w))


def same_word(a: str, b: str) -> bool:
    """True when the two words can be forms of the same name."""
    return not candidates(a).isdisjoint(candidates(b))


def entity_tokens(name: str) -> list[str]:
    """Canonical stems of the words of a name, initials and punctuation dropped."""
    return [canonical(w) for w in re.findall(r"\w[\w'’-]*", name) if len(w) > 1]


def unfolded(word: str) -> frozenset[str]:
    """Every spelling that ``fold`` turns into ``word`` (each letter as it is,
    unless folding changes it, or any letter that folds to it): "апа" is
    "апа", "әпа", "апә", "әпә"; a word with a letter no fold gives ("аға")
    has none."""
    options = [[ch for ch in (letter,) if ord(ch) not in _FOLD]
               + [chr(k) for k, v in _FOLD.items() if v == letter] for letter in word]
    spellings = [""]
    for choice in options:
        spellings = [s + ch for s in spellings for ch in choice]
    return frozenset(spellings)
