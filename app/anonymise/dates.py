"""Dates of birth: a date expression with a birth word next to it."""
from __future__ import annotations

import re
from itertools import chain

from .scan import digit_runs, matches_from, occurrences, starts_a_word
from .spans import DATE, Span

_RU_MONTHS = (r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|"
              r"ноября|декабря)")
_KK_MONTHS = (r"(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|"
              r"қараша|желтоқсан)\w*")
_EN_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
              r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sep\.?|"
              r"Sept\.?|Oct\.?|Nov\.?|Dec\.?)")
_YEAR = r"(?:19|20)\d{2}"
# Every alternative begins with a digit or an English month's capital: the
# look-ahead turns the other word starts away before the alternatives are tried.
DATE_EXPR = re.compile(
    rf"\b(?=[\dJFMASOND])(?:"
    rf"\d{{1,2}}\s+{_RU_MONTHS}\s+{_YEAR}(?:\s*(?:года|г\.|г\b))?"
    rf"|{_YEAR}\s*(?:жылы|жылғы|ж\.)\s+\d{{1,2}}\s+{_KK_MONTHS}"
    rf"|\d{{1,2}}\s+{_KK_MONTHS}\s+{_YEAR}(?:\s*(?:жылы|ж\.))?"
    rf"|{_EN_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTHS},?\s+{_YEAR}"
    rf"|\d{{1,2}}[./-]\d{{1,2}}[./-](?:{_YEAR}|\d{{2}})"
    rf"|{_YEAR}(?:\s*(?:года|году|г\.|г\b|жылы|ж\.))?"
    rf")(?!\d)")
BIRTH_BEFORE = re.compile(
    r"(?:родил\w*|рожд\w*|туған\w*|туылған\w*|туды\w*|born|birth|DOB|д\.\s?р\.)"
    r"[^.!?\n]{0,25}$", re.I)
BIRTH_AFTER = re.compile(
    r"^[\s,]{0,3}(?:\S+\s){0,1}(?:рожд\w*|р\.|туылған\w*|туды\w*|туып\w*|born"
    # not "туған жер": native land; in lower case only (Елжас, Жеркен: names)
    r"|туған(?!\s+(?-i:жер|ел|өлке|топырақ|тіл|мекен)\w*)\w*"
    r"|дүниеге\s+кел\w*)",
    re.I)
# A Kazakh clause puts its verb last: "1931 жылғы 14 қарашада Торғай өңірінде
# туған" has the place between the date and "туған" (born). A full Kazakh date
# (year, day and month) with a birth verb closing the same clause a few words
# on is a date of birth; "туған" before a noun is "native" ("туған жерімізге":
# to our native land), no birth.
# A year alone with "жылы" ("2001 жылы ... туған") counts as well: the clause
# ends in the birth verb, which may take a personal ending ("туғанмын": I was
# born, "туғансыз": you were).
_KK_FULL_DATE = re.compile(rf"{_YEAR}\s*(?:жылы|жылғы|ж\.)\s+\d|\d\s+{_KK_MONTHS}|{_YEAR}\s*жылы$")
KK_BIRTH_LATER = re.compile(
    r"[^.!?\n;]{0,60}?(?<!\w)(?:(?:туған|туылған)(?:мын|мін|сыз|сіз|сың|мыз|быз|сыздар)?"
    r"(?:\s+(?:екен|еді|болатын|ба|бе))?(?=\s*(?:[.,;!?\n]|$))"
    r"|туды(?!\w)|туыпты|дүниеге\s+кел\w*)")


# Every birth word of the two patterns above holds one of these (in lower case):
# a text with none of them has no date of birth to find.
# ("р." first: the one most texts hold, so the test of a text stops there)
_BIRTH_PARTS = ("р.", "д.", "родил", "рожд", "туған", "туылған", "туды", "туып", "born", "birth",
                "dob", "дүниеге")


# The opening of a turn that answers: a dash, or a speaker's label and colon.
_TURN_OPENING = re.compile(r"[ \t]*(?:[—–-]|[^\n:?!]{1,40}:)?[ \t]*$")


def _answers_a_birth_question(text: str, start: int) -> bool:
    """The date opens a turn (after a dash or a speaker's label) and the turn
    before is a question with a birth word ("— Туған күніңіз?" / "— 12
    наурыз 1985"; "Қай жылы туғансыз?" / "Ұлпан: 1993 жылғы ...")."""
    line_start = text.rfind("\n", 0, start) + 1
    if not line_start or not _TURN_OPENING.match(text, line_start, start) \
            or _TURN_OPENING.match(text, line_start, start).end() != start:
        return False
    before = text[:line_start - 1].rstrip()
    turn = before[before.rfind("\n") + 1:]
    end = turn.rfind("?")  # its last question ("... туғансыз? Сауалнамаға керек.")
    question = _LAST_SENTENCE.search(turn, 0, end + 1) if end >= 0 else None
    if question is None:
        # a request, no question ("Дата рождения нужна для анкеты.", "Your date
        # of birth, please."): the turn's first sentence asks
        question = _FIRST_SENTENCE.match(_LABEL.sub("", turn, count=1))
    return question is not None and any(part in question.group().lower() for part in _BIRTH_PARTS)


_LAST_SENTENCE = re.compile(r"[^.!?]*\?$")
_FIRST_SENTENCE = re.compile(r"[^.!?]*")
_LABEL = re.compile(r"^[ \t]*(?:[—–-]|[^\n:?!]{1,40}:)?[ \t]*")


# Where a date may begin: a digit or an English month's capital (``DATE_EXPR``'s
# look-ahead) with no word character before it (its ``\b`` before a word
# character), read after the first character: a pattern that begins with a
# class, which Python's re skips to, where ``DATE_EXPR``, beginning with
# ``\b``, is tried at every position of the text.
_DATE_START = re.compile(r"[\dJFMASOND](?<!\w.)")


def _date_matches(text: str):
    """``DATE_EXPR.finditer(text)``, tried only where a date may begin."""
    return matches_from(DATE_EXPR, text, _date_starts(text))


def _date_starts(text: str) -> list[int]:
    """Where ``_DATE_START`` matches, in order, read without it: the first
    digit of each run of digits, and each English month's capital letter (a
    plain search for each), that no word character precedes (a digit after
    another is no run's first)."""
    return sorted(i for i in chain((start for start, _ in digit_runs(text)),
                                   (i for first in "JFMASOND" for i in occurrences(text, first)))
                  if starts_a_word(text, i))


def _may_hold_a_birth(text: str) -> bool:
    """One of ``_BIRTH_PARTS`` stands in the text in lower case. "р." is looked
    for in the text itself first, in both cases: the lower case of a text holds
    it where the text holds "р." or "Р." (no other letter's lower case ends in
    "р", nothing else's begins with "."), and most texts do, so they are not
    put in lower case."""
    if "р." in text or "Р." in text:
        return True
    low = text.lower()
    return any(part in low for part in _BIRTH_PARTS)


def dates_of_birth(text: str) -> list[Span]:
    if not _may_hold_a_birth(text):
        return []
    out = []
    for m in _date_matches(text):
        before = text[max(0, m.start() - 40):m.start()]
        after = text[m.end():m.end() + 30]
        if BIRTH_BEFORE.search(before) or BIRTH_AFTER.search(after) or (
                _KK_FULL_DATE.match(m.group()) and KK_BIRTH_LATER.match(text, m.end())) \
                or _answers_a_birth_question(text, m.start()):
            out.append(Span(m.start(), m.end(), DATE, "pattern:dob", text=m.group()))
    return out
