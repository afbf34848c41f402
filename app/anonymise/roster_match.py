"""Find the roster's people, organisations and places in a text, inflected."""
from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .normalise import candidates, fold
from .places import language_words, world_place
from .spans import PERSON, Span
from .tokens import Token, initials_after, initials_before, name_gap, tokenize
from .translit import latin_key
from .widen import widen_org, widen_place

FIRST, PATRONYMIC, SURNAME = "first", "patronymic", "surname"
_PATRONYMIC = re.compile(r"(?:ович|евич|овна|евна|ична|улы|кызы|уулу)$")
_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
# Two initials with or without a space, no surname after them.
_INITIALS = re.compile(
    rf"(?<![\w.])([{_CAP}])\.\s?([{_CAP}])\.(?!\s?[{_CAP}][a-zа-яёәғқңөұүһі])(?!\w)")

# Every place two initials could stand, whatever is around them (overlapping: the rest a
# look-ahead): where `_INITIALS` could match in any part of a text. The first capital is
# matched, not looked ahead for, so the regex engine skips to the next capital (3x faster).
INITIALS_ANYWHERE = re.compile(rf"[{_CAP}](?=\.\s?[{_CAP}]\.)")
# A capital and a full stop: every place `INITIALS_ANYWHERE` matches holds one (a text's words
# between white space with none hold no initials).
CAPITAL_DOT = re.compile(rf"[{_CAP}]\.")

_RU_PATR = re.compile(r"(?:ович|евич|овна|евна|ична)$")
_KK_PATR = re.compile(r"(?:улы|кызы)$")


def _other_patronymics(word: str) -> list[str]:
    """The Kazakh form of a Russian patronymic and back: "Маратовна" is also
    "Маратқызы", "Серікұлы" also "Серикович"/"Сериковна" (folded letters)."""
    low = fold(word).lower()
    female = low.endswith(("овна", "евна", "ична", "кызы"))
    if _RU_PATR.search(low):
        stem = _RU_PATR.sub("", low)
        return [stem + ("кызы" if female else "улы")]
    if _KK_PATR.search(low):
        stem = _KK_PATR.sub("", low)
        return [stem + ("овна" if female else "ович"), stem + ("евна" if female else "евич")]
    return []


def _initial(word: str) -> str:
    return fold(word[:1]).upper()


def _roles(words: list[str]) -> list[str]:
    roles = []
    for i, word in enumerate(words):
        if i == 0:
            roles.append(FIRST)
        elif _PATRONYMIC.search(fold(word).lower()) and len(words) > 2 or (
                i == 1 and len(words) == 3):
            roles.append(PATRONYMIC)
        else:
            roles.append(SURNAME)
    return roles


class RosterMatcher:
    """An index of the roster's name stems for fast look-up in running text."""

    def __init__(self, roster):
        self.people = defaultdict(set)   # stem -> {(entry index, role)}
        self.keys = defaultdict(set)     # Latin skeleton of a name word -> {(index, role)}
        self.initials = defaultdict(set)  # "БЖ" (first + patronymic or surname) -> {index}
        self.firsts = defaultdict(list)  # stem of a first word -> [(entry index, words)]
        self.entries = roster.entries
        self._cache: dict[str, set] = {}
        for idx, entry in enumerate(roster.entries):
            for variant in entry.variants:
                words = [t.text for t in tokenize(variant)]
                if not words:
                    continue
                if entry.category == PERSON:
                    self._add_person(idx, words)
                else:
                    for stem in candidates(words[0]):
                        self.firsts[stem].append((idx, words))

    def _add_person(self, idx: int, words: list[str]) -> None:
        for word, role in zip(words, _roles(words)):
            if len(word) > 1:
                for stem in candidates(word):
                    self.people[stem].add((idx, role))
                key = latin_key(word)
                if len(key) > 2:
                    self.keys[key].add((idx, role))
                if role == PATRONYMIC:
                    for other in _other_patronymics(word):
                        for stem in candidates(other):
                            self.people[stem].add((idx, role))
        if len(words) >= 2:
            for other in words[1:]:
                self.initials[_initial(words[0]) + _initial(other)].add(idx)

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Span]:
        tokens = tokenize(text) if tokens is None else tokens
        return self._find_people(text, tokens) + self._find_named(text, tokens) \
            + self._find_initials(text)

    def could_start(self, word: str) -> bool:
        """Whether `find` could start a name at this word: a person's word (title or upper
        case, as `_person_hits` reads them) or the first word of an organisation or place."""
        if len(word) > 1 and (word[0].isupper() or word.isupper() and len(word) > 3) and self.hits(word):
            return True
        return any(stem in self.firsts for stem in _named_candidates(word))

    # people -------------------------------------------------------------
    def _person_hits(self, tokens):
        for tok in tokens:
            if len(tok.text) > 1 and (tok.is_title or tok.text.isupper() and len(tok.text) > 3):
                found = self.hits(tok.text)
                if found:
                    yield tok, found

    def hits(self, word: str) -> set:
        """{(entry index, role)} a word can be a form of: inflected, written in
        the other script, or one or two letters off (longer words only)."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) > 50000:
                self._cache.clear()
            found = self._cache[word] = self._hits(word)
        return found

    def _hits(self, word: str) -> set:
        if word.isupper():
            word = word.title()
        found = set()
        for stem in candidates(word):
            found |= self.people.get(stem, set())
        if found:
            return found
        key = latin_key(word)
        found = set(self.keys.get(key, ()))
        if found or len(key) < 5:
            return found
        return self._fuzzy(word, key)

    def _fuzzy(self, word: str, key: str) -> set:
        low = word.lower()
        if low in language_words() or world_place(word):  # "Russian" is not a misspelt "Ruslan"
            return set()
        if self._fuzzy_keys is None:
            self._fuzzy_keys = list(self.keys)
        limit = 2 if len(key) >= 8 else 1
        cyrillic = not word[:1].isascii()
        forms = {latin_key(s) for s in candidates(word)} if cyrillic else {key}
        found = set()
        # a stem as short as the words the whole-word look-up leaves out is one
        # letter off too many words ("Какие" -> "как" -> "Кан", "Пак")
        for form in [f for f in forms if len(f) >= 5]:
            for match, _score, _ in process.extract(
                    form, self._fuzzy_keys, scorer=Levenshtein.distance,
                    score_cutoff=limit, limit=5):
                found |= {h for h in self.keys[match]
                          if h[1] != FIRST or len(match) >= 6 and _score <= 1}
        return found

    _fuzzy_keys = None

    def _find_initials(self, text: str) -> list[Span]:
        """Initials alone ("Б.Ж.", "Б. Ж.") of exactly one roster person."""
        spans = []
        for m in _INITIALS.finditer(text):
            found = self.initials.get(fold(m.group(1) + m.group(2)).upper(), set())
            if len(found) == 1:
                idx = next(iter(found))
                spans.append(Span(m.start(), m.end(), PERSON, "roster",
                                  self.entries[idx].name, m.group()))
        return spans

    def _find_people(self, text, tokens) -> list[Span]:
        groups = []  # [first token, last token, {(idx, role)}]
        for tok, hits in self._person_hits(tokens):
            if groups and name_gap(text, groups[-1][1], tok):
                prev = groups[-1][2]
                common = {i for i, _ in prev} & {i for i, _ in hits}
                if common:
                    groups[-1][1] = tok
                    groups[-1][2] = {h for h in prev | hits if h[0] in common}
                    continue
            groups.append([tok, tok, hits])
        return [s for g in groups if (s := self._person_span(text, *g))]

    def _person_span(self, text, first: Token, last: Token, hits) -> Span | None:
        roles = {role for _, role in hits}
        if roles == {PATRONYMIC}:
            return None
        idx = min(i for i, _ in hits)
        start, end = initials_before(text, first.start), last.end
        if SURNAME in roles and first is last:
            end = initials_after(text, end)
        return Span(start, end, PERSON, "roster", self.entries[idx].name, text[start:end])

    # organisations and places -------------------------------------------
    def _find_named(self, text, tokens) -> list[Span]:
        spans, i = [], 0
        while i < len(tokens):
            best = self._best_named(text, tokens, i)
            if best is None:
                i += 1
                continue
            n, idx = best
            entry = self.entries[idx]
            start, end = tokens[i].start, tokens[i + n - 1].end
            widen = widen_org if entry.kind == "organisation" else widen_place
            start, end = widen(text, start, end)
            spans.append(Span(start, end, entry.category, "roster", entry.name, text[start:end]))
            i += n
        return spans

    _heads = None

    def _best_named(self, text, tokens, i):
        word = tokens[i].text
        if self._heads is None:
            self._heads = frozenset(s[:3] for s in self.firsts)
        if len(word) >= 5 and fold(word[:3]).lower() not in self._heads:
            # Every stem of a longer word begins with its first three letters.
            return None
        options = []
        for stem in _named_candidates(word):
            options.extend(self.firsts.get(stem, ()))
        best = None
        for idx, words in options:
            n = _match_len(text, tokens, i, words)
            if n and (best is None or n > best[0]):
                best = (n, idx)
        return best


# Between two words of a roster organisation or place: what ``org_gap``
# allows, and the long dash a name may hold ("«Жасыл бақ — балаларға»").
_GAP = re.compile(r"[\s«»\"“”„,\-–—]{1,5}")
# The Kazakh locative adjective on a roster place or organisation
# ("Талдысайдағы", "Көктеректегі": of, in that village); ``candidates`` leaves
# it on (see normalise), the roster's known names can take it off.
_ADJECTIVAL = re.compile(r"(?:н?[дт][аеә][гғ][ыі])$")


def _named_candidates(word: str) -> frozenset[str]:
    """``candidates`` of a word, and of the word without a locative adjective."""
    m = _ADJECTIVAL.search(word)
    if m is None or m.start() < 3:
        return candidates(word)
    return candidates(word) | candidates(word[:m.start()])


def _match_len(text: str, tokens: list[Token], i: int, words: list[str]) -> int:
    """How many words of a roster name match from token i (0: no match)."""
    n = 0
    while n < len(words) and i + n < len(tokens):
        tok = tokens[i + n]
        if n and not _GAP.fullmatch(text, tokens[i + n - 1].end, tok.start):
            break
        if _named_candidates(tok.text).isdisjoint(candidates(words[n])):
            break
        n += 1
    if n == len(words):
        if n == 1 and words[0][0].isupper() and not tokens[i].is_title:
            return 0
        return n
    return n if n >= 2 and len(words) >= 3 else 0
