"""WhisperX and pyannote output: "[SPEAKER_00]: words" or "SPEAKER_00: words", optionally
after a time range ("[00:00:01.000 --> 00:00:04.000]", "[0.00s -> 4.10s]")."""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    TIME,
    Layout,
    ParsedTurn,
    Source,
    paragraph_blocks,
    unattributed_or_metadata,
)

_RANGE = rf"(?:\[?\s*(?P<time>{TIME}|\d+(?:\.\d+)?s)\s*-+>\s*(?:{TIME}|\d+(?:\.\d+)?s)\s*\]?\s*)?"
LABEL = re.compile(rf"^\s*{_RANGE}\[?(?P<label>SPEAKER_\d{{1,3}})\]?\s*:?\s+(?P<text>\S.*)$")


class WhisperLayout(Layout):
    code = "whisper"
    name = _l("WhisperX / pyannote (SPEAKER_00: words)")
    formats = ("txt", "docx")

    def turns(self, source: Source) -> list[ParsedTurn]:
        blocks = ([p.strip() for p in source.lines if p.strip()] if source.fmt == "docx"
                  else paragraph_blocks(source.lines))
        turns: list[ParsedTurn] = []
        for block in blocks:
            current, loose = None, []
            for line in block.split("\n"):
                match = LABEL.match(line)
                if match:
                    if loose:
                        turns.append(unattributed_or_metadata("\n".join(loose)))
                        loose = []
                    current = ParsedTurn(match["label"], match["text"].strip(), match["time"])
                    turns.append(current)
                elif current is not None:
                    current.text += "\n" + line.strip()
                else:
                    loose.append(line.strip())
            if loose:
                turns.append(unattributed_or_metadata("\n".join(loose)))
        return turns


LAYOUT = WhisperLayout()
