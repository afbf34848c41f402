"""What every layout parser shares: the decoded file, the turns it yields, and the evidence rules.

A layout parser gives a line to a speaker only on evidence of its own shape (a label it
recognises, or the structure that ties words to the label before them). Any other line
becomes an unattributed turn; a title or metadata line ("Дата: 12.03.2024") is not speech.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.table import _Cell

SPEECH = "speech"
UNATTRIBUTED = "unattributed"
NOT_SPEECH = "not_speech"
TURN_SEPARATOR = "\n\n"
MAX_LABEL = 80  # a longer "label" is a sentence, not a name
MAX_LABEL_WORDS = 6

TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
TIME_ONLY = re.compile(rf"^\s*[\[(]?{TIME}[\])]?\s*$")
DATE_LIKE = re.compile(r"^\s*\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}\b|^\s*\d{1,2}\s+\w+\s+\d{4}\b")
# Keys of title and metadata lines, in the study's languages (compared case-folded).
METADATA_KEYS = frozenset(k.casefold() for k in (
    "Дата", "Время", "Место", "Место проведения", "Тема", "Проект", "Продолжительность",
    "Длительность", "Язык", "Участники", "Количество участников", "Файл", "Запись", "Сессия",
    "Код", "Код сессии", "Транскрипт", "Расшифровка", "Расшифровал", "Расшифровала",
    "Күні", "Уақыты", "Орны", "Өткізілген орны", "Тақырыбы", "Тақырып", "Ұзақтығы", "Тілі",
    "Қатысушылар", "Жоба", "Date", "Time", "Place", "Location", "Venue", "Topic", "Subject",
    "Project", "Duration", "Length", "Language", "Participants", "File", "Recording",
    "Session", "Session code", "Transcript", "Transcribed by", "Meeting", "Meeting title",
    "Title", "Название", "Атауы", "Organisation", "Organization", "Организация", "Ұйым"))
SOUND_TAGS = frozenset(k.casefold() for k in (
    "music", "applause", "laughter", "laughs", "laughing", "inaudible", "crosstalk", "silence",
    "noise", "pause", "unclear", "foreign language", "speaking foreign language", "background noise",
    "музыка", "смех", "аплодисменты", "неразборчиво", "пауза", "шум", "тишина", "неразб",
    "музыка играет", "күлкі", "үзіліс", "түсініксіз"))
UNKNOWN_SPEAKERS = frozenset(k.casefold() for k in (
    "Unknown Speaker", "Unknown", "Speaker unknown", "Неизвестный", "Неизвестный спикер",
    "Белгісіз"))


@dataclass
class ParsedTurn:
    speaker: str | None
    text: str
    time_code: str | None = None
    kind: str = SPEECH  # SPEECH (with a speaker), UNATTRIBUTED, NOT_SPEECH (a title, a note)

    def __post_init__(self):
        if self.speaker is None and self.kind == SPEECH:
            self.kind = UNATTRIBUTED


@dataclass
class ParsedTranscript:
    turns: list[ParsedTurn]
    encoding: str | None = None
    layout: str = "plain"
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

    @property
    def unattributed(self) -> list[ParsedTurn]:
        return [t for t in self.turns if t.kind == UNATTRIBUTED]


@dataclass
class Cue:
    """One subtitle cue: its start, the voice its tags name (if any) and its words."""
    start: str | None
    text: str
    voice: str | None = None


@dataclass
class Source:
    """A decoded upload: its lines (a Word document's paragraphs), tables and cues."""
    fmt: str
    lines: list[str] = field(default_factory=list)
    tables: list = field(default_factory=list)  # python-docx tables (docx only)
    cues: list[Cue] | None = None  # vtt and srt, read by webvtt-py and pysrt
    encoding: str | None = None
    _grids: list | None = field(default=None, repr=False)

    @property
    def grids(self) -> list[list[list[tuple[str, bool, bool]]]]:
        """Each table's rows, each row's own cells as (text, merged across, continued from
        above): read from python-docx once, whatever number of layouts look at them."""
        if self._grids is None:
            self._grids = [[[(_Cell(tc, table).text.strip(), tc.grid_span > 1, tc.vMerge == "continue")
                             for tc in row._tr.tc_lst] for row in table.rows] for table in self.tables]
        return self._grids


class Layout:
    """One transcript layout: its code, its name for people, the formats it reads."""

    code = ""
    name = ""
    formats: tuple[str, ...] = ()
    reads_tables = False  # a layout that does not read a Word document's tables leaves their rows unattributed

    def turns(self, source: Source) -> list[ParsedTurn]:  # pragma: no cover - each layout's own
        raise NotImplementedError


# --- evidence helpers ---------------------------------------------------------------------

def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_metadata(label: str, value: str = "") -> bool:
    """A "Key: value" line that describes the recording rather than someone speaking."""
    key = squash(label).rstrip(".").casefold()
    return key in METADATA_KEYS or bool(DATE_LIKE.match(value)) or bool(TIME_ONLY.match(value))


def plausible_label(label: str) -> bool:
    """Short enough, few enough words, and not a time stamp, a sound or an unknown speaker."""
    label = squash(label)
    if not label or len(label) > MAX_LABEL or len(label.split()) > MAX_LABEL_WORDS:
        return False
    if TIME_ONLY.match(label) or label.casefold() in SOUND_TAGS | UNKNOWN_SPEAKERS:
        return False
    return any(c.isalpha() for c in label)


def capitalised(label: str) -> bool:
    """Every word starts with a capital, a digit or a bracket (a name, "Speaker 2", "(Host)")."""
    return all(w[0].isupper() or w[0].isdigit() or w[0] in "([" for w in squash(label).split())


def not_speech_line(line: str) -> bool:
    """A line no one says: a tool's note ("Transcribed by otter.ai", "... started transcription")."""
    folded = line.casefold()
    return ("otter.ai" in folded or "started transcription" in folded
            or "stopped transcription" in folded or "начал(а) транскрибирование" in folded)


def paragraph_blocks(lines: list[str]) -> list[str]:
    """Blank-line separated paragraphs, each with its lines joined by newlines."""
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    return blocks


def source_blocks(source: "Source") -> list[str]:
    """The paragraphs of a file: a Word document's paragraphs, or blank-separated blocks of text."""
    if source.fmt == "docx":
        return [p.strip() for p in source.lines if p.strip()]
    return paragraph_blocks(source.lines)


def labelled_turns(blocks: list[str], start) -> list[ParsedTurn]:
    """Turns from paragraphs whose lines may open a turn. `start(line)` gives the turn a line opens
    (a speaker's, or a not-speech one), or None for a line that goes on with the turn above it in
    the same paragraph; lines before any turn of their paragraph are unattributed (or metadata),
    never given to the speaker of an earlier paragraph."""
    turns: list[ParsedTurn] = []
    for block in blocks:
        current, loose = None, []
        for line in block.split("\n"):
            opened = start(line)
            if opened is not None:
                if loose:
                    turns.append(unattributed_or_metadata("\n".join(loose)))
                    loose = []
                turns.append(opened)
                current = opened if opened.kind != NOT_SPEECH else None
            elif current is not None:
                current.text += "\n" + line.strip()
            else:
                loose.append(line.strip())
        if loose:
            turns.append(unattributed_or_metadata("\n".join(loose)))
    return turns


def merge_same_speaker(turns: list[ParsedTurn], joiner: str = " ") -> list[ParsedTurn]:
    """Consecutive turns of one named speaker become one turn (cues of one utterance);
    consecutive unattributed cues become one unattributed block (still nobody's)."""
    merged: list[ParsedTurn] = []
    for turn in turns:
        if not turn.text:
            continue
        if (merged and turn.kind == SPEECH and merged[-1].kind == SPEECH
                and merged[-1].speaker == turn.speaker):
            merged[-1].text += joiner + turn.text
        elif merged and turn.kind == UNATTRIBUTED and merged[-1].kind == UNATTRIBUTED:
            merged[-1].text += "\n" + turn.text
        else:
            merged.append(turn)
    return merged


def metadata_line(line: str) -> bool:
    """A title or metadata line ("Дата: 12.03.2024", "Transcript") or a tool's note."""
    line = line.strip()
    key, sep, value = line.partition(":")
    return (not_speech_line(line) or line.rstrip(":").casefold() in METADATA_KEYS
            or bool(sep and len(key) <= MAX_LABEL and is_metadata(key, value.strip())))


def unattributed_or_metadata(block: str) -> ParsedTurn:
    """A block no layout rule attributes: metadata or a tool's note is not speech, else unattributed."""
    if metadata_line(block.split("\n", 1)[0]):
        return ParsedTurn(None, block, kind=NOT_SPEECH)
    return ParsedTurn(None, block, kind=UNATTRIBUTED)


def table_rows(source: Source) -> list[ParsedTurn]:
    """Every row of a Word document's tables as one unattributed turn (cells once each)."""
    turns = []
    for rows in source.grids:
        for cells in rows:
            words = squash(" ".join(dict.fromkeys(c[0] for c in cells if c[0])))
            if words:
                turns.append(ParsedTurn(None, words))
    return turns


def header_turns(lines: list[str], header: re.Pattern) -> list[ParsedTurn]:
    """Layouts where a header line names the speaker (and time) and the words follow it.

    The words of a turn are the lines after its header up to a blank line that follows some
    words; any further paragraph before the next header is unattributed.
    """
    turns: list[ParsedTurn] = []
    current: ParsedTurn | None = None  # the turn whose words are still being read
    loose: list[str] = []  # lines that belong to no header

    counts: dict[str, int] = {}
    for line in lines:
        match = header.match(line.strip())
        if match:
            counts[squash(match["label"])] = counts.get(squash(match["label"]), 0) + 1

    def flush_loose():
        if loose:
            turns.append(unattributed_or_metadata("\n".join(loose)))
            loose.clear()

    for line in lines:
        stripped = line.strip()
        match = header.match(stripped) if stripped else None
        label = match["label"].strip() if match else None
        if (match and plausible_label(label) and not is_metadata(label)
                and (capitalised(label) or counts.get(squash(label), 0) > 1)):
            flush_loose()
            current = ParsedTurn(squash(label), "", match.groupdict().get("time"))
            turns.append(current)
        elif match and label and label.casefold() in UNKNOWN_SPEAKERS:
            flush_loose()
            current = ParsedTurn(None, "", match.groupdict().get("time"), kind=UNATTRIBUTED)
            turns.append(current)
        elif not stripped:
            if current is not None and current.text:
                current = None
            flush_loose()
        elif current is not None:
            current.text = f"{current.text}\n{stripped}" if current.text else stripped
        elif metadata_line(stripped):
            flush_loose()
            turns.append(ParsedTurn(None, stripped, kind=NOT_SPEECH))
        else:
            loose.append(stripped)
    flush_loose()
    return [t for t in turns if t.text]
