"""A Word table of turns: (time, speaker, words) or (speaker, words), read with python-docx.

A row names its speaker in its own speaker cell. A row whose cells are merged across the
columns, or whose speaker cell is empty or merged down from the row above, is unattributed.
A header row ("Время | Говорящий | Текст") is not speech; paragraphs outside the table are
metadata or unattributed.
"""
from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    NOT_SPEECH,
    TIME_ONLY,
    Layout,
    ParsedTurn,
    Source,
    is_metadata,
    plausible_label,
    squash,
    unattributed_or_metadata,
)

HEADER_WORDS = frozenset(w.casefold() for w in (
    "Время", "Тайм-код", "Говорящий", "Спикер", "Кто говорит", "Участник", "Текст", "Реплика",
    "Уақыт", "Сөйлеуші", "Мәтін", "Time", "Timestamp", "Speaker", "Name", "Text", "Words",
    "Utterance", "Имя", "Аты"))


def _columns(rows: list[list[tuple[str, bool, bool]]]) -> tuple[int | None, int, int] | None:
    """(time column, speaker column, words column) of a table, or None when it has no such shape."""
    width = max((len(r) for r in rows), default=0)
    if width < 2:
        return None
    full = [r for r in rows if len(r) == width]
    times = [i for i in range(width)
             if full and sum(1 for r in full if TIME_ONLY.match(r[i][0])) >= 0.6 * len(full)]
    rest = [i for i in range(width) if i not in times]
    if len(rest) < 2:
        return None
    return (times[0] if times else None), rest[0], rest[-1]


class DocxTableLayout(Layout):
    code = "docx_table"
    name = _l("Word table (time, speaker, words)")
    formats = ("docx",)
    reads_tables = True

    def turns(self, source: Source) -> list[ParsedTurn]:
        turns = [unattributed_or_metadata(p.strip()) for p in source.lines if p.strip()]
        for rows in source.grids:
            columns = _columns(rows)
            for number, cells in enumerate(rows):
                words = squash(" ".join(dict.fromkeys(c[0] for c in cells if c[0])))
                if not words:
                    continue
                if columns is None or len(cells) <= max(c for c in columns if c is not None):
                    turns.append(ParsedTurn(None, words))  # merged across: nobody's by evidence
                    continue
                time_col, speaker_col, words_col = columns
                speaker, merged, continued = cells[speaker_col]
                text = cells[words_col][0]
                if number == 0 and {squash(c[0]).casefold() for c in cells if c[0]} & HEADER_WORDS:
                    turns.append(ParsedTurn(None, words, kind=NOT_SPEECH))
                elif (speaker and text and not merged and not continued and plausible_label(speaker)
                      and not is_metadata(speaker) and not cells[words_col][1]):
                    time = cells[time_col][0] if time_col is not None else None
                    turns.append(ParsedTurn(squash(speaker), text, (time or None) and time[:16]))
                else:
                    turns.append(ParsedTurn(None, text or words))
        return turns


LAYOUT = DocxTableLayout()
