"""Transcript files (txt, docx, vtt, srt) to speaker turns. Pure: bytes in, plain data out.

The text the reviewer sees and the spans index into is the turns' words joined by blank
lines; speaker labels stay out of it (they are mapped, not anonymised by detection).
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from flask_babel import lazy_gettext as _l

FORMATS = ("txt", "docx", "vtt", "srt")
TURN_SEPARATOR = "\n\n"
LIKELY_ENCODINGS = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "cp1251", "koi8_r",
                    "cp866", "mac_cyrillic", "iso8859_5", "kz1048", "cp1252", "latin_1"]
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_LABEL = re.compile(r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s+)?"
                    r"(?P<label>[^\W\d_][\w.'’\- ]{0,59}?)\s*:\s+(?P<text>\S.*)$")
_TIME = re.compile(r"(\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}\s*-->")
_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")


class ParseError(ValueError):
    """A user-facing reason why a file cannot be read as a transcript."""


@dataclass
class ParsedTurn:
    speaker: str | None
    text: str
    time_code: str | None = None


@dataclass
class ParsedTranscript:
    turns: list[ParsedTurn]
    encoding: str | None = None
    labels: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return TURN_SEPARATOR.join(t.text for t in self.turns)

    def offsets(self) -> list[tuple[int, int]]:
        """(start, end) of each turn's words in ``text``."""
        result, pos = [], 0
        for turn in self.turns:
            result.append((pos, pos + len(turn.text)))
            pos += len(turn.text) + len(TURN_SEPARATOR)
        return result


def format_of(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise ParseError(_l("Dala reads transcripts as .txt, .docx, .vtt or .srt files."))
    return extension


def parse(data: bytes, fmt: str) -> ParsedTranscript:
    """Turns of a transcript file; ParseError when it is empty, binary or unreadable."""
    if not data.strip():
        raise ParseError(_l("The file is empty."))
    if fmt == "docx":
        lines, encoding = docx_lines(data), None
    else:
        text, encoding = decode(data)
        lines = text.split("\n")
    turns = {"vtt": vtt_turns, "srt": srt_turns}.get(fmt, line_turns)(lines)
    turns = [t for t in turns if t.text]
    if not turns:
        raise ParseError(_l("The file holds no transcript text."))
    labels = list(dict.fromkeys(t.speaker for t in turns if t.speaker))
    return ParsedTranscript(turns, encoding, labels)


def decode(data: bytes) -> tuple[str, str]:
    """Text of a plain-text file: a BOM, else UTF-8, else the detected charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _clean(data.decode(encoding, errors="strict")), encoding.replace("-sig", "")
    try:
        if b"\x00" not in data:  # NULs: UTF-16 without a BOM, or binary
            return _clean(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # The study's languages first (short Cyrillic texts are otherwise misread), then any.
    best = from_bytes(data, cp_isolation=LIKELY_ENCODINGS).best()
    if best is None or not _plausible(str(best)):
        best = from_bytes(data).best()
    if best is None:
        raise ParseError(_l("This file is not text Dala can read (a binary file, or an "
                            "unknown encoding). Save it as UTF-8 text and upload it again."))
    return _clean(str(best)), best.encoding


def _plausible(text: str) -> bool:
    """Mostly Latin or Cyrillic letters: what Russian, Kazakh and English text looks like."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    ours = sum(1 for c in letters if unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC")))
    return ours >= 0.9 * len(letters)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t")
    if controls > max(2, len(text) // 100):
        raise ParseError(_l("This file is not text Dala can read (a binary file, or an "
                            "unknown encoding). Save it as UTF-8 text and upload it again."))
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def docx_lines(data: bytes) -> list[str]:
    """Paragraphs of a Word document, then its two-column tables as "speaker: words"."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises zip, XML and key errors alike
        raise ParseError(_l("This is not a Word (.docx) document Dala can read.")) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 2 and cells[0] and cells[-1]:
                lines.append(f"{cells[0]}: {cells[-1]}")
    return lines


def line_turns(lines: list[str]) -> list[ParsedTurn]:
    """`Name: words` starts a turn; other lines continue it; blank lines end paragraphs."""
    counts = _label_counts(lines)
    turns: list[ParsedTurn] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        label, words = _split_label(line, counts)
        if label is not None or not turns:
            turns.append(ParsedTurn(label, words))
        else:
            turns[-1].text += "\n" + line
    return turns


def _label_counts(lines: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in lines:
        match = _LABEL.match(line)
        if match:
            counts[match["label"].strip()] = counts.get(match["label"].strip(), 0) + 1
    return counts


def _split_label(line: str, counts: dict[str, int]) -> tuple[str | None, str]:
    """A speaker label is short and capitalised, or used as a label more than once."""
    match = _LABEL.match(line)
    if not match:
        return None, line
    label = match["label"].strip()
    words = label.split()
    capitalised = all(w[0].isupper() or w[0].isdigit() for w in words)
    if len(words) <= 4 and (capitalised or counts.get(label, 0) > 1):
        return label, match["text"].strip()
    return None, line


def vtt_turns(lines: list[str]) -> list[ParsedTurn]:
    if not lines or not lines[0].strip().startswith("WEBVTT"):
        raise ParseError(_l("A WebVTT file must begin with the line WEBVTT."))
    return _cue_turns(lines[1:])


def srt_turns(lines: list[str]) -> list[ParsedTurn]:
    if not any(_TIME.match(line.strip()) for line in lines):
        raise ParseError(_l("No subtitle timings (00:00:01,000 --> ...) found in this SRT file."))
    return _cue_turns(lines)


def _cue_turns(lines: list[str]) -> list[ParsedTurn]:
    """Cues of VTT or SRT; consecutive cues of one speaker make one turn."""
    turns: list[ParsedTurn] = []
    for time_code, cue in _cues(lines):
        speaker, words = _cue_speaker(cue)
        if speaker is None and turns:
            speaker = turns[-1].speaker
        if turns and turns[-1].speaker == speaker:
            turns[-1].text += " " + words
        elif words:
            turns.append(ParsedTurn(speaker, words, time_code))
    return turns


def _cues(lines: list[str]):
    time_code, text = None, []
    for line in lines + [""]:
        line = line.strip()
        if _TIME.match(line):
            time_code, text = line.split("-->")[0].strip()[:12], []
        elif not line:
            if time_code and text:
                yield time_code, " ".join(text)
            time_code, text = None, []
        elif time_code:
            text.append(line)


def _cue_speaker(cue: str) -> tuple[str | None, str]:
    voice = _VOICE.search(cue)
    speaker = voice.group(1).strip() if voice else None
    words = re.sub(r"\s+", " ", _TAG.sub("", cue)).strip()
    if speaker is None:
        match = _LABEL.match(words)
        if match and len(match["label"].split()) <= 4:
            speaker, words = match["label"].strip(), match["text"].strip()
    return speaker, words
