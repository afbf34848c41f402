"""Round 35's Kazakh CRF shortcuts against plain versions of the same steps.

``kk_crf._decode`` reads a labelled run's words from the tokens it is given
instead of finding them again in the text at every step: it must give the
spans the plain decoding below (the earlier rounds' code, token scans and
all) gives, for any labels.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import kk, kk_crf
from app.anonymise.spans import Span

TOKEN = kk_crf.TOKEN


def _plain_decode(text, sent, labels):
    spans, cur = [], None
    for word, lab in zip(sent, labels):
        if lab == "O":
            cur = None
            continue
        s, e = word[0], word[1]
        kind, typ = lab.split("-", 1)
        if kind == "B" or cur is None or cur[2] != typ:
            cur = [s, e, typ]
            spans.append(cur)
        else:
            cur[1] = e
    out = []
    for s, e, t in spans:
        first = TOKEN.match(text, s)
        if first and kk_crf._ordinary_start(text, s, first.end()):
            nxt = TOKEN.search(text, first.end(), e)
            if nxt is None:
                continue
            if t == "PER" and kk.word_cue(nxt.group()) in ("F", "L") \
                    or first.group().lower() in kk.NEVER_NAMES:
                s = nxt.start()
        s, e, t = _plain_by_the_grammar(text, s, e, t)
        elder = kk_crf._ELDER_AFTER.match(text, e)
        if t == "PER" and elder and kk.word_cue(text[s:e]) != "F":
            e = elder.end()
        if t == "LOC" and _plain_person_words(text, s, e) or t == "ORG" and _plain_full_name(text, s, e):
            t = "PER"
        elif t == "LOC" and kk_crf._org_head_last(text, s, e):
            t = "ORG"
        out.append(Span(s, e, kk_crf.TYPES[t], "ner:crf", text=text[s:e]))
    return out


def _plain_by_the_grammar(text, start, end, typ):
    words = list(TOKEN.finditer(text, start, end))
    if len(words) < 2:
        return start, end, typ
    if typ in ("LOC", "PER") and kk.bare_place_noun(words[-1].group()):
        words.pop()
    if typ in ("LOC", "PER"):
        for k in range(1, len(words) - 1):
            if words[k].group() in kk_crf._AND and words[k + 1].group()[:1].islower():
                words = words[:k]
                break
    if typ != "PER" and kk.case_marked(words[0].group()) and (
            kk.word_cue(words[0].group()) == "F" or kk.name_shaped(words[0].group())):
        words = words[:1]
    elif typ == "PER":
        for k in range(1, len(words)):
            if kk.word_cue(words[k].group()) == "L":
                words = words[:k]
                break
    return words[0].start(), words[-1].end(), typ


def _plain_person_words(text, start, end):
    words = [m.group() for m in TOKEN.finditer(text, start, end)]
    cues = [kk.word_cue(w) for w in words]
    if len(words) == 1 and kk.affectionate(words[0]):
        return True
    if 2 <= len(words) <= 3 and cues[0] == "" and cues[-1] in ("S", "P") \
            and kk_crf._first_of_a_name(words[0]) and not kk_crf._PLACE_NOUN_AFTER.match(text, end):
        return True
    if not words or not (cues[0] == "F" or kk.name_shaped(words[0]) and (
            len(words) > 1 or kk_crf._PERSON_CASE.search(words[0]))):
        return False
    return all(c in ("F", "S", "P") for c in cues[1:]) \
        and (len(cues) == 1 or "S" in cues or "P" in cues)


def _plain_full_name(text, start, end):
    words = [m.group() for m in TOKEN.finditer(text, start, end)]
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and not w.isupper() for w in words):
        return False
    cues = [kk.word_cue(w) for w in words]
    return cues[-1] in ("S", "P") and not any(c in ("O", "G", "L") for c in cues)


_WORDS = [
    "Нұрсұлу", "Бекмұратқызы", "Әлімжанова", "Серікбол", "Жаманқұлов", "Алматыда", "Алматыдағы",
    "Шалқар", "ауданының", "әкімдігі", "Мәдениет", "министрлігі", "қорының", "ЖШС-нің", "Кеше",
    "Оған", "ол", "жаңа", "ауылда", "ауылында", "мен", "және", "ата", "әже", "Сондай-ақ", "Аяз",
    "Дәуренге", "Нұрланға", "Нұрболатты", "Нұрекең", "Қайыркен", "Сәрсембин", "Ақтөбе", "шығыс",
    "Есірткіге", "қарсы", "күрес", "Ләйлә", "Бекмағамбетоваға", "Қазақстан", "Helen", "2024",
    "№14", "«", "»", ",", ".", "—", ":", "-",
]
_LABELS = ["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]


@st.composite
def _labelled_texts(draw):
    """A text of the words above between spaces, line breaks and marks, and
    labels for a stretch of its tokens."""
    pieces = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12))
    gaps = draw(st.lists(st.sampled_from([" ", " ", "  ", "\n", ". "]),
                         min_size=len(pieces), max_size=len(pieces)))
    text = "".join(g + p for g, p in zip(gaps, pieces))
    sent = [m.span() for m in TOKEN.finditer(text)]
    lo = draw(st.integers(0, len(sent) - 1))
    hi = draw(st.integers(lo + 1, len(sent)))
    labels = draw(st.lists(st.sampled_from(_LABELS), min_size=hi - lo, max_size=hi - lo))
    return text, sent[lo:hi], labels


@settings(max_examples=1500, deadline=None)
@given(_labelled_texts())
def test_decoding_reads_the_runs_words_as_the_plain_decoding_finds_them(case):
    text, sent, labels = case
    assert kk_crf._decode(text, sent, labels) == _plain_decode(text, sent, labels)


def test_decoding_gives_what_the_plain_decoding_gives_on_the_models_own_labels():
    text = ("Кеше Нұрсұлу Әлімжанова Алматыдағы Мәдениет министрлігі қорының жиынында сөйледі. "
            "Аяз ата мен Дәуренге ауыл тұрғындары келді.\nҚайыркен Сәрсембин ауылында "
            "Есірткіге қарсы күрес қорының өкілі Ләйлә Бекмағамбетоваға хат жазды.")
    tagger = kk_crf.tagger()
    decoded = 0
    for sent in kk_crf.sentence_tokens(text):
        labels = tagger.tag(kk_crf.features([w for _, _, w in sent]))
        assert kk_crf._decode(text, sent, labels) == _plain_decode(text, sent, labels)
        decoded += labels.count("O") < len(labels)
    assert decoded


def test_a_region_cut_inside_its_last_word_reads_that_word_whole_at_a_sentence_start():
    # crf_spans(text, start, end) with ``end`` inside a word: the run's first
    # word is found whole (as the plain decoding's ``TOKEN.match``) for the
    # ordinary-word test, and cut where ``sent`` cuts it for the span
    text = "Кеше Алматыда"
    for end in range(1, len(text) + 1):
        sent = [m.span() for m in TOKEN.finditer(text, 0, end)]
        for lab in _LABELS[2:]:
            labels = [lab] * len(sent)
            assert kk_crf._decode(text, sent, labels) == _plain_decode(text, sent, labels)


_LINE_PIECES = _WORDS + ["x_y", "_", "Ержан😀", "漢字", " ", "\n", "\n", "\r\n", "\n\n", "…", "!"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join),
       st.integers(0, 3), st.integers(0, 3))
def test_the_lines_start_where_the_tokens_after_each_line_break_start(text, cut_start, cut_end):
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    token, tokens_and_breaks = kk_crf._token_patterns(text, start, end)
    every = tokens_and_breaks.findall(text, start, end)
    plain = [0] + [k + 1 for k, t in enumerate(every) if t == "\n"]
    assert kk_crf._Lines(text, start, end, every, token).firsts == plain


def _plain_stretches_at(hits, a, b):
    out = []
    n = b - a
    for i in hits:
        i -= a
        lo, hi = max(0, i - kk_crf.MARGIN), min(n, i + kk_crf.MARGIN + 1)
        if out and lo <= out[-1][1]:
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def test_stretches_cut_to_their_sentence_at_the_end_are_the_plainly_cut_ones():
    # every set of triggers of every sentence of up to 14 words, at two offsets
    for n in range(1, 15):
        for a in (0, 7):
            for chosen in range(1 << n):
                hits = [a + i for i in range(n) if chosen >> i & 1]
                assert kk_crf._stretches_at(hits, a, a + n) == _plain_stretches_at(hits, a, a + n)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8))
def test_a_lines_tokens_found_as_far_as_asked_are_those_of_the_whole_line(text, asked):
    token, tokens_and_breaks = kk_crf._token_patterns(text, 0, len(text))
    every = tokens_and_breaks.findall(text)
    lines = kk_crf._Lines(text, 0, len(text), every, token)
    firsts = lines.firsts + [len(every) + 1]
    for x, y in asked:  # any stretch of one line's tokens, in any order
        line = min(x, len(firsts) - 2)
        first, last = firsts[line], firsts[line + 1] - 1  # (its tokens: every[first:last])
        i = min(first + y % 7, last)
        j = min(i + y % 5, last)
        whole = [m.span() for m in token.finditer(text, *lines.bounds[line])]
        assert lines.spans(i, j) == whole[i - first:j - first]
