"""Word's Transcribe: a time stamp line, the speaker's line ("Speaker 1" or a name), then the
words until the next time stamp ("00:00:03 Speaker 1" on one line is read the same way)."""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    MAX_LABEL,
    NOT_SPEECH,
    TIME,
    TIME_ONLY,
    Layout,
    ParsedTurn,
    Source,
    is_metadata,
    metadata_line,
    plausible_label,
    squash,
    unattributed_or_metadata,
)

TIME_AND_NAME = re.compile(rf"^\s*(?P<time>{TIME})\s+(?P<label>[^\d\s][^\n]{{0,{MAX_LABEL - 1}}})$")


def _speaker_line(line: str) -> bool:
    line = squash(line)
    return (plausible_label(line) and not line.endswith((".", "?", "!", ",", ":", "…"))
            and not is_metadata(line) and (line[0].isupper() or line[0].isdigit()))


class WordTranscribeLayout(Layout):
    code = "word_transcribe"
    name = _l("Word Transcribe (time, speaker, words)")
    formats = ("docx", "txt")

    def turns(self, source: Source) -> list[ParsedTurn]:
        lines = [line.strip() for line in source.lines if line.strip()]
        turns: list[ParsedTurn] = []
        current: ParsedTurn | None = None
        loose: list[str] = []
        i = 0

        def flush():
            if loose:
                turns.append(unattributed_or_metadata("\n".join(loose)))
                loose.clear()

        while i < len(lines):
            line = lines[i]
            both = TIME_AND_NAME.match(line)
            if TIME_ONLY.match(line) and i + 1 < len(lines) \
                    and _speaker_line(lines[i + 1]) and not TIME_ONLY.match(lines[i + 1]):
                flush()
                current = ParsedTurn(squash(lines[i + 1]), "", line.strip("[]() "))
                turns.append(current)
                i += 2
                continue
            if both and _speaker_line(both["label"]):
                flush()
                current = ParsedTurn(squash(both["label"]), "", both["time"])
                turns.append(current)
            elif TIME_ONLY.match(line):
                flush()
                current = None  # a time stamp with no speaker after it: what follows is nobody's
            elif current is not None:
                current.text = f"{current.text}\n{line}" if current.text else line
            elif metadata_line(line):
                flush()
                turns.append(ParsedTurn(None, line, kind=NOT_SPEECH))
            else:
                loose.append(line)
            i += 1
        flush()
        return [t for t in turns if t.text]


LAYOUT = WordTranscribeLayout()
