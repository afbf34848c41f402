"""A small Kazakh named-entity tagger: a linear-chain CRF (python-crfsuite).

The model file ``data/kk_ner.crfsuite`` ships inside the package and loads
without network, once per process. It was trained by ``bench/train_kk_crf.py``
on part of KazNERD's validation split (Yeshpanov, Khassanov, Varol, LREC 2022,
CC BY 4.0); the script prints its figures on the held-out rest.

Features are the word itself (folded, lower case), its endings and
beginning, its shape, the engine's own Kazakh lexicon cues (first names,
surname, patronymic and place endings, organisation head words) and the same
for the neighbouring words. Without python-crfsuite or the model file the
engine falls back to the rules.
"""
from __future__ import annotations

import hashlib
import importlib.resources
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import compress, islice
from operator import itemgetter

from . import kk, places
from .normalise import folded_lower, unfolded
from .spans import ORGANISATION, PERSON, PLACE, Span
from .tokens import known_class, only_known

MODEL = "kk_ner.crfsuite"
TYPES = {"PER": PERSON, "LOC": PLACE, "ORG": ORGANISATION}
# Words, numbers and single punctuation marks, with offsets.
TOKEN = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*|[^\w\s]")
# The same in a text without "_" (where "[^\W_]" is "\w"), a fifth faster.
_TOKEN_WITHOUT_UNDERSCORE = re.compile(r"\w+(?:[-’']\w+)*|[^\w\s]")
_VOWELS = frozenset("аәеиоөұүыіэюяё")


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[0].isalpha():
        return "p"
    if word.isupper():
        return "U" if len(word) > 1 else "I"
    if word[0].isupper():
        return "T"
    return "l"


def _word_features(word: str) -> list[str]:
    """A word's own attributes (cached with the rest by ``_word_parts``)."""
    low = word.lower()
    itself = _word_attribute(word)
    f = itself[2:]  # the same, from the fold the cues and stems make of the word
    feats = [itself, "s=" + _shape(word)]
    if word[0].isalpha():
        feats += ["x2=" + f[-2:], "x3=" + f[-3:], "x4=" + f[-4:], "p3=" + f[:3]]
        if not _VOWELS.isdisjoint(low) and len(low) > 1 and low != f:
            feats.append("kkl")
        cue = kk.word_cue(word)
        if cue:
            feats.append("c=" + cue)
    if "-" in word:
        feats.append("hy")
    return feats


def _word_attribute(word: str) -> str:
    """The attribute that is the word itself ("w=" and its fold in lower case):
    a word's first, and all a word two away lends (``_word_lent``)."""
    return "w=" + folded_lower(word)


@lru_cache(maxsize=1 << 16)
def _word_parts(word: str) -> tuple[tuple[bytes, ...], ...]:
    """A word's own attributes, and those it lends its neighbours, ready to
    join: (own, as the word two before, one before, one after, two after)."""
    own = _word_features(word)
    # own[0] is the word ("w="), own[1] its shape ("s="): the word is lent to
    # the words two away, both to the next ones with the cues and endings.
    if not _KNOWN:  # no attribute list: every attribute kept
        near = own[:2] + [a for a in own[2:] if a[0] in "cx"]
        return (_known("", own), _known("-2", own[:1]), _known("-1", near),
                _known("1", near), _known("2", own[:1]))
    # each attribute looked up once, in all its prefixed UTF-8 forms (made at
    # load): a new word's first sight costs one look-up per attribute, not five
    # passes; the same attributes in the same order as the lists by prefix
    # (``_KNOWN``) give (tests/anonymise/test_word_caches.py). The forms an
    # attribute is never lent in are None (``_set_known``), as are those the
    # model has no weight for: each part is its attributes' forms but None.
    forms = list(filter(None, map(_KNOWN_FORMS.get, own)))
    word_forms = _KNOWN_FORMS.get(own[0]) or _NONE
    return (tuple(filter(None, map(_AS_OWN, forms))),
            (word_forms[1],) if word_forms[1] is not None else (),
            tuple(filter(None, map(_AS_BEFORE, forms))), tuple(filter(None, map(_AS_AFTER, forms))),
            (word_forms[4],) if word_forms[4] is not None else ())


_AS_OWN, _AS_BEFORE, _AS_AFTER = itemgetter(0), itemgetter(2), itemgetter(3)


# the first letters of the attributes a word lends the words one away: the word
# itself ("w="), its shape ("s="), endings ("x2=" ...) and cue ("c="); no other
# attribute begins with w or s (``_word_features``)
_NEAR = frozenset("wscx")
_NONE = (None,) * 5


# The attributes the model has weights for (filled when the model loads), by
# the prefix that says whose they are ("": the word's own, "-1": the word
# before's ...), without it, each mapped to its prefixed form in UTF-8: the
# tagger skips any other, so they are dropped once per word instead of being
# handed to it at every occurrence (same labels), and a new word's kept ones
# are looked up, not joined to their prefix and encoded. Empty: all kept.
_KNOWN: dict[str, dict[str, bytes]] = {}
# The same by attribute: its forms for ("", "-2", "-1", "1", "2"), None where
# the model has no weight for it.
_KNOWN_FORMS: dict[str, tuple[bytes | None, ...]] = {}
_PREFIXES = ("-2", "-1", "1", "2")
_BOS, _EOS = b"BOS", b"EOS"


def _set_known(attributes: list[str]) -> None:
    _KNOWN.clear()
    _KNOWN_FORMS.clear()
    if not attributes:
        return
    _KNOWN.update((p, {}) for p in ("", *_PREFIXES))
    for a in attributes:
        prefix = next((p for p in _PREFIXES if a.startswith(p)), "")
        _KNOWN[prefix][a[len(prefix):]] = a.encode()
    order = ("", *_PREFIXES)
    for attribute in set().union(*_KNOWN.values()):
        forms = [_KNOWN[p].get(attribute) for p in order]
        if attribute[:1] not in _NEAR:  # lent to no neighbour (``_word_parts``)
            forms[2] = forms[3] = None
        _KNOWN_FORMS[attribute] = tuple(forms)


def _known(prefix: str, attributes: list[str]) -> tuple[bytes, ...]:
    """Every attribute, prefixed, in UTF-8 (no attribute list: all kept):
    python-crfsuite takes bytes as they are, a str it encodes again at every
    occurrence."""
    return tuple([(prefix + a).encode() for a in attributes])


def features(words: list[str], lo: int = 0, hi: int | None = None) -> list[list[bytes]]:
    """CRF attributes of the words ``words[lo:hi]`` of one sentence: each
    word's own and its neighbours' (two either side, in the whole sentence),
    all cached per word."""
    n = len(words)
    hi = n if hi is None else hi
    # the parts of words[lo - 2:hi + 2], past the sentence's edges the parts
    # that lend BOS and EOS (``_BEFORE_FIRST``, ``_AFTER_LAST``); the words two
    # away from the stretch lend it their word alone (``_word_lent``)
    parts = list(_BEFORE_FIRST[lo - 2:]) if lo < 2 else [_word_lent(words[lo - 2])]
    parts += map(_word_parts, words[max(0, lo - 1):hi + 1])
    parts += [_word_lent(words[hi + 1])] if hi + 1 < n else _AFTER_LAST[:hi + 2 - n]
    # each word: its own, then what the words two and one before and one and
    # two after lend it (the order of the attributes the model was trained on)
    return [[*own[0], *two_before[1], *one_before[2], *one_after[3], *two_after[4]]
            for two_before, one_before, own, one_after, two_after
            in zip(parts, parts[1:], parts[2:], parts[3:], parts[4:])]


# What a sentence's edges lend its first and last words, as the parts of the
# words that are not there: nothing, but the first word's BOS (after its own
# attributes, where the word before would lend its own) and the last word's
# EOS (last, where the word two after would lend its own).
_BEFORE_FIRST = ((None, (), None, None, None), (None, (), (_BOS,), None, None))
_AFTER_LAST = ((None, None, None, (), ()), (None, None, None, None, (_EOS,)))


@lru_cache(maxsize=1 << 16)
def _word_lent(word: str) -> tuple:
    """The parts of ``_word_parts(word)`` that a word two away from a stretch
    lends it: its word alone, as the word two before ([1]) and two after ([4]);
    the others None, and the word's cue not asked."""
    if not _KNOWN:
        parts = _word_parts(word)
        return (None, parts[1], None, None, parts[4])
    forms = _KNOWN_FORMS.get(_word_attribute(word)) or _NONE
    return (None, () if forms[1] is None else (forms[1],), None, None,
            () if forms[4] is None else (forms[4],))


@lru_cache(maxsize=1)
def tagger():
    """The loaded crfsuite tagger, or None without the package or the model."""
    try:
        import pycrfsuite
    except ImportError:
        return None
    path = importlib.resources.files(__package__) / "data" / MODEL
    try:
        with importlib.resources.as_file(path) as real:
            t = pycrfsuite.Tagger()
            t.open(str(real))
    except (OSError, FileNotFoundError):
        return None
    _set_known(_model_attributes(path))
    _word_parts.cache_clear()
    _word_lent.cache_clear()
    _warm()
    return t


ATTRIBUTES = "kk_ner.attrs"


def model_digest(model: bytes) -> str:
    return hashlib.sha1(model).hexdigest()


def _model_attributes(model_path) -> list[str]:
    """The attributes the model weighs, from ``data/kk_ner.attrs`` (written
    beside the model by ``bench/train_kk_crf.py``: its first line is the
    model's SHA-1, the rest one attribute a line); nothing (no attribute
    dropped) when the file is missing or was written for another model."""
    try:
        lines = (importlib.resources.files(__package__) / "data" / ATTRIBUTES).read_text(
            encoding="utf-8").split("\n")
        model = model_path.read_bytes()
    except (OSError, FileNotFoundError):
        return []
    return lines[1:] if lines and lines[0] == model_digest(model) else []


def write_attributes(tagger, model_path: str, path: str) -> None:
    """Write the attribute list of a trained model (for ``_model_attributes``)."""
    with open(model_path, "rb") as fh:
        digest = model_digest(fh.read())
    known = sorted({attribute for attribute, _ in tagger.info().state_features})
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join([digest, *known]))


def _warm() -> None:
    """Attributes of the common Kazakh words, and whether they may be part of
    a name (``_trigger``: asked of every word), computed once at load: most
    words of a new text are among them, so a first document costs what later do."""
    for word in kk.common_words():
        _word_parts(word)
        _word_lent(word)
        _trigger(word)


_LINE = re.compile(r"[^\n]+")
_SENT_END = frozenset(".!?…")


def sentence_tokens(text: str, start: int = 0, end: int | None = None):
    """Token lists, one per sentence (a line, split again after . ! ?)."""
    end = len(text) if end is None else end
    for line in _LINE.finditer(text, start, end):
        sent = []
        for m in TOKEN.finditer(text, line.start(), line.end()):
            sent.append((m.start(), m.end(), m.group()))
            if m.group() in _SENT_END and len(sent) > 3:
                yield sent
                sent = []
        if sent:
            yield sent


def crf_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Persons, places and organisations the Kazakh CRF finds in text[start:end]."""
    t = tagger()
    if t is None:
        return []
    spans = []
    end = len(text) if end is None else end
    token, tokens_and_breaks = _token_patterns(text, start, end)
    # the tokens of every line found in one pass, with the line breaks between
    # them (no token holds one): each line's tokens as when found line by line
    every = tokens_and_breaks.findall(text, start, end)
    lines = None  # where the tokens are (``_Lines``), made once the model finds something
    for a, b, stretches in _sentence_stretches(every):
        words = every[a:b]
        for lo, hi in stretches:
            labels = t.tag(features(words, lo, hi))
            if lo > 0 and labels[0] != "O" or hi < len(words) and labels[-1] != "O":
                # A name at a cut: the model sees what is left of the sentence.
                lo = 0 if labels[0] != "O" else lo
                hi = len(words) if labels[-1] != "O" else hi
                labels = t.tag(features(words, lo, hi))
            if labels.count("O") < len(labels):
                if lines is None:
                    lines = _Lines(text, start, end, every, token)
                spans += _decode(text, lines.spans(a + lo, a + hi), labels)
    return spans


# Tokens (``TOKEN``, ``_TOKEN_WITHOUT_UNDERSCORE``) and line breaks.
_TOKEN_OR_BREAK = re.compile(TOKEN.pattern + r"|\n")
_TOKEN_OR_BREAK_WITHOUT_UNDERSCORE = re.compile(_TOKEN_WITHOUT_UNDERSCORE.pattern + r"|\n")
# ``TOKEN`` for a text of the usual characters alone (``tokens.only_known``):
# its classes listed, which re tests by a few comparisons instead of the
# Unicode tables (the same tokens, in a quarter less time)
_WORD_CHARS, _MARKS = known_class(r"[^\W_]"), known_class(r"[^\w\s]")
_TOKEN_KNOWN = re.compile(rf"{_WORD_CHARS}+(?:[-’']{_WORD_CHARS}+)*|{_MARKS}")
_TOKEN_OR_BREAK_KNOWN = re.compile(_TOKEN_KNOWN.pattern + r"|\n")


def _token_patterns(text: str, start: int, end: int):
    """(tokens, tokens and line breaks): the cheapest patterns that find
    ``TOKEN``'s tokens in text[start:end]."""
    if only_known(text, start, end):
        return _TOKEN_KNOWN, _TOKEN_OR_BREAK_KNOWN
    if text.find("_", start, end) >= 0:
        return TOKEN, _TOKEN_OR_BREAK
    return _TOKEN_WITHOUT_UNDERSCORE, _TOKEN_OR_BREAK_WITHOUT_UNDERSCORE


_BREAKS = _SENT_END | {"\n"}


def _sentence_stretches(every: list[str]):
    """(start, end, stretches) of each sentence of a text's tokens and line
    breaks (``every``) with a word that may be part of a name: the sentences
    of ``sentence_tokens``, and their ``_stretches`` (from the sentence's
    start). Each word's trigger is read from the cache in one go, then only the
    triggers and the marks that may end a sentence are looked at."""
    triggers = list(map(_trigger, every))  # (0 for a line break or a mark)
    hits = list(compress(range(len(every)), triggers))
    if not hits:
        return
    sentences = _sentences(every)
    j = 0
    for a, b in sentences:
        if hits[j] >= b:
            continue
        k = bisect_left(hits, b, j)  # the sentence's triggers: hits[j:k]
        own = hits[j:k]
        j = k
        if own[0] == a and triggers[a] == _ORDINARY_CAPITAL:  # not at a sentence's start
            own = own[1:]
        if own:
            yield a, b, _stretches_at(own, a, b)
        if j == len(hits):
            return


def _sentences(every: list[str]) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a text's tokens and line breaks, as
    ``sentence_tokens`` (a line, split again after . ! ? past its third word)."""
    out, first = [], 0
    for k in compress(range(len(every)), map(_BREAKS.__contains__, every)):
        if every[k] == "\n":
            if k > first:
                out.append((first, k))
            first = k + 1
        elif k - first >= 3:
            out.append((first, k + 1))
            first = k + 1
    if first < len(every):
        out.append((first, len(every)))
    return out


def _stretches_at(hits: list[int], a: int, b: int) -> list[tuple[int, int]]:
    """``_stretches`` of the sentence every[a:b] whose triggers (but an ordinary
    word at its start) are at ``hits``, from the sentence's start."""
    n = b - a
    if len(hits) == 1:  # (most sentences)
        i = hits[0] - a
        return [(max(0, i - MARGIN), min(n, i + MARGIN + 1))]
    if not hits:
        return []
    out = []
    for i in hits:
        i -= a
        if out and i - MARGIN <= out[-1][1]:
            out[-1][1] = i + MARGIN + 1
        else:
            out.append([i - MARGIN, i + MARGIN + 1])
    # Cut to the sentence only now: only the first stretch can begin before it
    # and only the last end after it (the others are more than a margin from
    # its edges), and two stretches meet cut as they meet uncut.
    out[0][0] = max(0, out[0][0])
    out[-1][1] = min(n, out[-1][1])
    return [(lo, hi) for lo, hi in out]


class _Lines:
    """Where the tokens of a text's lines are: the (start, end) of the tokens
    ``every[i:j]`` (tokens and line breaks), each line's found by ``token``,
    as far as asked."""

    def __init__(self, text, start, end, every, token):
        self.text, self.token = text, token
        breaks = [m.start() for m in _NEWLINE.finditer(text, start, end)]
        self.bounds = list(zip([start] + [b + 1 for b in breaks], breaks + [end]))
        self.firsts = _line_firsts(every, len(breaks))
        self.found = {}

    def spans(self, i: int, j: int) -> list[tuple[int, int]]:
        """(start, end) of the tokens every[i:j], all of one line."""
        line = bisect_right(self.firsts, i) - 1
        first = self.firsts[line]
        found = self.found.get(line)
        if found is None:
            found = self.found[line] = []
        if len(found) < j - first:
            # the line's tokens found so far only up to the last one asked
            # for (the rest may not be): the next found from where the last
            # ends, as a scan of the whole line finds them
            line_start, line_end = self.bounds[line]
            more = self.token.finditer(self.text, found[-1][1] if found else line_start, line_end)
            found += [m.span() for m in islice(more, j - first - len(found))]
        return found[i - first:j - first]


_NEWLINE = re.compile("\n")


def _line_firsts(every: list[str], breaks: int) -> list[int]:
    """Where each line's tokens start in ``every`` (a text's tokens and its
    line breaks, ``breaks`` of them): 0, and one past each break, each found
    by ``list.index`` (one scan in C for them all: a third of the time of
    comparing every token through map and compress)."""
    firsts, k = [0], -1
    index = every.index
    for _ in range(breaks):
        k = index("\n", k + 1)
        firsts.append(k + 1)
    return firsts


# Words the model is given around each word that may begin or end a name.
MARGIN = 2


def _stretches(words: list[str]) -> list[tuple[int, int]]:
    """Stretches of the sentence worth tagging: each word that may be part of
    a name (capitalised, but for an ordinary word at the sentence start; an
    organisation head; a number word) with MARGIN words either side. The
    model sees the same attributes there as in the whole sentence; the rest
    of a sentence has nothing to find ("Мәдениет министрлігі" starts a
    sentence with an ordinary word)."""
    triggers = list(map(_trigger, words))
    hits = list(compress(range(len(words)), triggers))
    if hits and hits[0] == 0 and triggers[0] == _ORDINARY_CAPITAL:
        hits = hits[1:]
    return _stretches_at(hits, 0, len(words))


# "№14 сайлау учаскесі", "үшінші бөлімше": numbered places and units.
_NUMBERED = ("нөмір", "учаске", "бөлімше")
_ORDINARY_CAPITAL = 2


@lru_cache(maxsize=1 << 16)
def _trigger(word: str) -> int:
    """0: no part of a name; 1: may be; 2: capitalised ordinary word (a name
    only away from the sentence start)."""
    if word[0].isupper():
        if kk.ordinary(word) and folded_lower(word) not in kk.first_names():
            return _ORDINARY_CAPITAL
        return 1
    # (most lower-case words begin with no pair of letters a trigger begins with)
    return int(len(word) >= 5 and word[:2] in _TRIGGER_OPENINGS
               and (kk.org_head(word) or word.lower().startswith(_NUMBERED)))


def _written_openings(openings) -> frozenset[str]:
    """Every spelling of two letters whose fold in lower case (``kk.org_head``
    asks it), or whose lower case, is one of ``openings``: each letter as it
    is, any letter folding to it, and their capitals (no other character
    lowers to one of them: tests/anonymise/test_fast_word_facts.py)."""
    return frozenset(a + b for opening in openings for x, y in unfolded(opening) | {opening}
                     for a in (x, x.upper()) for b in (y, y.upper()))


# How a lower-case trigger begins: an organisation head's opening
# (``kk.org_head``) or a number word's.
_TRIGGER_OPENINGS = _written_openings(
    {w[:2] for w in kk.ORG_HEAD_PREFIXES + tuple(kk.ORG_HEAD_WORDS) + _NUMBERED})


def _decode(text, sent, labels) -> list[Span]:
    """The spans of the labelled words; ``sent``: each word's (start, end, ...)."""
    runs, cur = [], None  # [first word, last word, type] of each labelled run
    for i, lab in zip(range(len(sent)), labels):
        if lab == "O":
            cur = None
            continue
        kind, typ = lab.split("-", 1)
        if kind == "B" or cur is None or cur[2] != typ:
            cur = [i, i, typ]
            runs.append(cur)
        else:
            cur[1] = i
    out = []
    for i, j, t in runs:
        # the run's words, (start, end, ...): the tokens ``TOKEN`` finds between
        # its first word's start and its last word's end, read from ``sent``
        # instead of found again at every step below
        words = sent[i:j + 1]
        # An ordinary word capitalised at a sentence start is no part of a name
        # (its whole word: a region's last may be cut short in ``sent``).
        s = words[0][0]
        first_end = TOKEN.match(text, s).end()
        if _ordinary_start(text, s, first_end):
            if len(words) == 1:
                continue
            if t == "PER" and kk.word_cue(_word(text, words[1])) in ("F", "L") \
                    or text[s:first_end].lower() in kk.NEVER_NAMES:  # "Сондай-ақ"
                words = words[1:]
        words = _by_the_grammar(text, words, t)
        s, e = words[0][0], words[-1][1]
        elder = _ELDER_AFTER.match(text, e)
        if t == "PER" and elder and kk.word_cue(text[s:e]) != "F":
            e = elder.end()  # "Аяз ата": the word is a name with "ата" only
        if t == "LOC" or t == "ORG":  # (a person's words, with "ата" or not, are not read)
            names = [_word(text, word) for word in words]
            if t == "LOC" and _person_words(names, text, e) or t == "ORG" and _full_name(names):
                t = "PER"
            elif t == "LOC" and _org_head_last(text, s, e):
                t = "ORG"  # "Есірткіге қарсы күрес қорының": a fund, whatever its first word
        out.append(Span(s, e, TYPES[t], "ner:crf", text=text[s:e]))
    return out


def _word(text, word) -> str:
    return text[word[0]:word[1]]


def _org_head_last(text, start, end) -> bool:
    """The span's last word is an organisation's head word in lower case."""
    last = text.rfind(" ", start, end) + 1 or start
    word = text[last:end]
    return word.islower() and kk.word_cue(word) == "O"


_PERSON_CASE = re.compile(r"\w{3}(?:ны|ні|ды|ді|ты|ті|мен|бен|пен)$")
_ELDER_AFTER = re.compile(r" (?:ата|әже|ана)(?!\w)")


def _by_the_grammar(text, words, typ) -> list:
    """A span's words (start, end, ...) cut where Kazakh grammar says the name
    ends: a bare place noun at its end is no part of it ("Айдана Сейітова
    ауылда": in the village); a first name with a case ending ends the name
    ("Дәуренге ауыл тұрғындары": only a name's last word takes an ending); a
    known place after a person's first word starts something else ("Дана
    Серікқызы Алматыдағы")."""
    if len(words) < 2:
        return words
    if typ in ("LOC", "PER") and kk.bare_place_noun(_word(text, words[-1])):
        words = words[:-1]
    if typ in ("LOC", "PER"):  # "Ақтөбе мен шығыс аудандарда": the conjunction ends it
        for k in range(1, len(words) - 1):
            if _word(text, words[k]) in _AND and _word(text, words[k + 1])[:1].islower():
                words = words[:k]
                break
    first = _word(text, words[0])
    if typ != "PER" and kk.case_marked(first) and (
            kk.word_cue(first) == "F" or kk.name_shaped(first)):
        words = words[:1]
    elif typ == "PER":
        for k in range(1, len(words)):
            if kk.word_cue(_word(text, words[k])) == "L":
                words = words[:k]
                break
    return words


_AND = frozenset(("мен", "пен", "бен", "және"))


def _person_words(words: list[str], text, end) -> bool:
    """A span the model calls a place whose words say person: a listed first
    name alone ("Нұрланға"), a compound one in a case no place takes
    (accusative, instrumental: "Нұрболатты"), or a first name with surname or patronymic
    shapes after it ("Нұрсұлу Әлімжанова"), and no place word among them;
    ``words``: the span's, ``end``: where it ends in ``text``."""
    cues = [kk.word_cue(w) for w in words]
    if len(words) == 1 and kk.affectionate(words[0]):
        return True  # "Нұрекең", "Ерекеге": a man's name made short and fond
    if 2 <= len(words) <= 3 and cues[0] == "" and cues[-1] in ("S", "P") \
            and _first_of_a_name(words[0]) and not _PLACE_NOUN_AFTER.match(text, end):
        return True  # "Қайыркен Сәрсембин": an unlisted first name, then a surname
    if not words or not (cues[0] == "F" or kk.name_shaped(words[0]) and (
            len(words) > 1 or _PERSON_CASE.search(words[0]))):
        return False
    return all(c in ("F", "S", "P") for c in cues[1:]) \
        and (len(cues) == 1 or "S" in cues or "P" in cues)


# A place noun after a span: "Қайыркен Сәрсембин ауылында" is a village named
# after a person.
_PLACE_NOUN_AFTER = re.compile(r"[ \t]+(?:ауыл|аул|аудан|қала|кент|көше|даңғыл|облыс|округ|"
                               r"станса|поселке|елді)")


def _first_of_a_name(word: str) -> bool:
    """A capitalised word that may open a person's name: no ordinary word,
    no case ending (only a name's last word takes one), no country."""
    return word[:1].isupper() and not word.isupper() and "-" not in word \
        and not kk.ordinary(word) and not kk.case_marked(word) \
        and not places.is_country(word) and not kk.role_word(word)


def _full_name(words: list[str]) -> bool:
    """A span the model calls an organisation that is two or three
    capitalised words ending in a surname or patronymic ("Ләйлә
    Бекмағамбетоваға"), with no organisation, place or place-head word
    (``words``: the span's)."""
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and not w.isupper() for w in words):
        return False
    cues = [kk.word_cue(w) for w in words]
    return cues[-1] in ("S", "P") and not any(c in ("O", "G", "L") for c in cues)


def _ordinary_start(text, start, end) -> bool:
    """One ordinary word capitalised by its place at a sentence start."""
    word = text[start:end]
    if not kk.ordinary(word):
        return False
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?\n«\"—–-:"
