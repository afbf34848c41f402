"""Find the roster's people, organisations and places in a text, inflected."""
from __future__ import annotations

import re
from collections import defaultdict

from .normalise import candidates, fold
from .spans import PERSON, Span
from .tokens import (Token, initials_after, initials_before, name_gap, org_gap,
                     tokenize)
from .widen import widen_org, widen_place

FIRST, PATRONYMIC, SURNAME = "first", "patronymic", "surname"
_PATRONYMIC = re.compile(r"(?:ович|евич|овна|евна|ична|улы|кызы|уулу)$")


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
        self.firsts = defaultdict(list)  # stem of a first word -> [(entry index, words)]
        self.entries = roster.entries
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

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Span]:
        tokens = tokenize(text) if tokens is None else tokens
        return self._find_people(text, tokens) + self._find_named(text, tokens)

    # people -------------------------------------------------------------
    def _person_hits(self, tokens):
        for tok in tokens:
            if tok.is_title and len(tok.text) > 1:
                found = set()
                for stem in candidates(tok.text):
                    found |= self.people.get(stem, set())
                if found:
                    yield tok, found

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

    def _best_named(self, text, tokens, i):
        options = []
        for stem in candidates(tokens[i].text):
            options.extend(self.firsts.get(stem, ()))
        best = None
        for idx, words in options:
            n = _match_len(text, tokens, i, words)
            if n and (best is None or n > best[0]):
                best = (n, idx)
        return best


def _match_len(text: str, tokens: list[Token], i: int, words: list[str]) -> int:
    """How many words of a roster name match from token i (0: no match)."""
    n = 0
    while n < len(words) and i + n < len(tokens):
        tok = tokens[i + n]
        if n and not org_gap(text, tokens[i + n - 1], tok):
            break
        if candidates(tok.text).isdisjoint(candidates(words[n])):
            break
        n += 1
    if n == len(words):
        if n == 1 and words[0][0].isupper() and not tokens[i].is_title:
            return 0
        return n
    return n if n >= 2 and len(words) >= 3 else 0
