"""Transcript layouts: read an upload, find which tool's layout it is in, and parse it.

One module per layout; ``LAYOUTS`` lists them in the order ties are broken (the more
specific first). ``read`` picks the layout that gives the most words to speakers on
evidence; a file that no layout explains well enough is read as plain paragraphs.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import docx
import pysrt
import webvtt
from flask_babel import lazy_gettext as _l

from app.core import unpacking
from app.transcripts.layouts import (
    dala,
    docx_table,
    otter,
    plain,
    subtitles,
    teams,
    whisper,
    word_transcribe,
    zoom,
)
from app.transcripts.layouts.base import (
    NOT_SPEECH,
    SPEECH,
    UNATTRIBUTED,
    Cue,
    Layout,
    ParsedTranscript,
    ParsedTurn,
    Source,
    table_rows,
)
from app.transcripts.parsing import ParseError, decode

__all__ = ["LAYOUTS", "NOT_SPEECH", "SPEECH", "UNATTRIBUTED", "Candidate", "ParsedTranscript",
           "ParsedTurn", "by_code", "candidates", "read", "source_of"]

LAYOUTS: tuple[Layout, ...] = (
    teams.LAYOUT, word_transcribe.LAYOUT, docx_table.LAYOUT, whisper.LAYOUT, otter.LAYOUT,
    subtitles.LAYOUT, zoom.LAYOUT, dala.LAYOUT, plain.LAYOUT)
MIN_COVERAGE = 0.4  # share of the turns a layout must give to speakers to be chosen
MAX_SPEAKERS = 200
MAX_TIME_CODE = 16
_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]*>|\{\\[^}]*\}")


def by_code(code: str | None) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.code == code), None)


@dataclass(frozen=True)
class Candidate:
    layout: Layout
    coverage: float  # share of the text given to speakers
    speakers: int
    unattributed: int


def source_of(data: bytes, fmt: str) -> Source:
    """The decoded upload; ParseError when it is empty, binary, unreadable or too large unpacked."""
    if not data.strip():
        raise ParseError(_l("The file is empty."))
    if fmt == "docx":
        return _docx(data)
    text, encoding = decode(data)
    if fmt == "vtt":
        return Source(fmt, text.split("\n"), cues=_vtt(text), encoding=encoding)
    if fmt == "srt":
        return Source(fmt, text.split("\n"), cues=_srt(text), encoding=encoding)
    return Source(fmt, text.split("\n"), encoding=encoding)


def _docx(data: bytes) -> Source:
    try:
        unpacking.check_zip(data)
    except unpacking.NotAZip:
        raise ParseError(_l("This is not a Word (.docx) document Dala can read.")) from None
    except unpacking.UnpackRefused as refused:
        raise ParseError(str(refused)) from None
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        tables = list(document.tables)
    except Exception:  # python-docx raises zip, XML and key errors alike
        raise ParseError(_l("This is not a Word (.docx) document Dala can read.")) from None
    return Source("docx", lines, tables=tables)


def _vtt(text: str) -> list[Cue]:
    if not text.lstrip().startswith("WEBVTT"):
        raise ParseError(_l("A WebVTT file must begin with the line WEBVTT."))
    try:
        captions = webvtt.from_buffer(io.StringIO(text))
        return [Cue(c.start, _TAG.sub("", c.text).strip(), _voice(c.raw_text)) for c in captions]
    except Exception:  # webvtt-py raises its own errors and ValueError on bad timings
        raise ParseError(_l("This WebVTT file has a cue Dala cannot read (check its time lines).")) from None


def _srt(text: str) -> list[Cue]:
    if "-->" not in text:
        raise ParseError(_l("No subtitle timings (00:00:01,000 --> ...) found in this SRT file."))
    try:
        items = pysrt.from_string(text)
    except Exception:  # pysrt raises on what it cannot read with error handling on
        raise ParseError(_l("This SRT file has a subtitle Dala cannot read (check its time lines).")) from None
    return [Cue(str(item.start), _TAG.sub("", item.text).strip(), _voice(item.text)) for item in items]


def _voice(raw: str) -> str | None:
    match = _VOICE.search(raw or "")
    return match.group(1).strip() if match else None


def _finish(layout: Layout, source: Source) -> ParsedTranscript:
    found = layout.turns(source)
    if source.tables and not layout.reads_tables:
        found += table_rows(source)
    turns = []
    for turn in found:
        turn.text = turn.text.strip()
        if turn.text:
            turn.time_code = (turn.time_code or None) and turn.time_code[:MAX_TIME_CODE]
            turns.append(turn)
    labels = list(dict.fromkeys(t.speaker for t in turns if t.kind == SPEECH and t.speaker))
    return ParsedTranscript(turns, source.encoding, layout.code, labels)


def _coverage(parsed: ParsedTranscript) -> float:
    """The share of the turns (titles and notes aside) that a layout gives to speakers."""
    spoken = sum(1 for t in parsed.turns if t.kind == SPEECH)
    loose = sum(1 for t in parsed.turns if t.kind == UNATTRIBUTED)
    return spoken / (spoken + loose) if spoken else 0.0


def candidates(source: Source) -> list[Candidate]:
    """Every layout that reads this format, with how much of the text it gives to speakers."""
    result = []
    for layout in LAYOUTS:
        if source.fmt in layout.formats:
            parsed = _finish(layout, source)
            result.append(Candidate(layout, _coverage(parsed), len(parsed.labels), len(parsed.unattributed)))
    return result


def detect(source: Source) -> Layout:
    """The layout giving the most words to speakers (the first in LAYOUTS on a tie); plain
    paragraphs when none gives at least MIN_COVERAGE of them."""
    best, best_coverage = plain.LAYOUT, 0.0
    for layout in LAYOUTS:
        if source.fmt not in layout.formats or layout is plain.LAYOUT:
            continue
        coverage = _coverage(_finish(layout, source))
        if coverage > best_coverage:
            best, best_coverage = layout, coverage
    return best if best_coverage >= MIN_COVERAGE else plain.LAYOUT


def read(data: bytes, fmt: str, layout: str | None = None) -> ParsedTranscript:
    """Turns of an uploaded file in the given layout (detected when None)."""
    source = source_of(data, fmt)
    chosen = by_code(layout) if layout else detect(source)
    if chosen is None or fmt not in chosen.formats:
        raise ParseError(_l("This layout does not read this kind of file; choose another."))
    parsed = _finish(chosen, source)
    if not parsed.turns:
        raise ParseError(_l("The file holds no transcript text."))
    if len(parsed.labels) > MAX_SPEAKERS:
        raise ParseError(_l("The file names %(num)d different speakers; Dala takes at most %(max)d in "
                            "one transcript. Check the layout, or split the file into parts.",
                            num=len(parsed.labels), max=MAX_SPEAKERS))
    return parsed
