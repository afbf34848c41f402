"""WhisperX and pyannote output: "[SPEAKER_00]: words" or "SPEAKER_00: words", optionally
after a time range ("[00:00:01.000 --> 00:00:04.000]", "[0.00s -> 4.10s]")."""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    TIME,
    Layout,
    ParsedTurn,
    Source,
    labelled_turns,
    source_blocks,
)

_RANGE = rf"(?:\[?\s*(?P<time>{TIME}|\d+(?:\.\d+)?s)\s*-+>\s*(?:{TIME}|\d+(?:\.\d+)?s)\s*\]?\s*)?"
LABEL = re.compile(rf"^\s*{_RANGE}\[?(?P<label>SPEAKER_\d{{1,3}})\]?\s*:?\s+(?P<text>\S.*)$")


class WhisperLayout(Layout):
    code = "whisper"
    name = _l("WhisperX / pyannote (SPEAKER_00: words)")
    formats = ("txt", "docx")

    def turns(self, source: Source) -> list[ParsedTurn]:
        def start(line: str) -> ParsedTurn | None:
            match = LABEL.match(line)
            return ParsedTurn(match["label"], match["text"].strip(), match["time"]) if match else None

        return labelled_turns(source_blocks(source), start)


LAYOUT = WhisperLayout()
