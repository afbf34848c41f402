"""Microsoft Teams "Download as .docx": a paragraph with the name and the time, the words in
the paragraphs after it. Lines before the first speaker (meeting title, date, "... started
transcription") are not speech when recognised, unattributed otherwise."""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    MAX_LABEL,
    Layout,
    ParsedTurn,
    Source,
    header_turns,
)

HEADER = re.compile(rf"^(?P<label>[^\d\s][^\n]{{0,{MAX_LABEL - 1}}}?)\s+(?P<time>\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d{{1,3}})?)$")


class TeamsLayout(Layout):
    code = "teams"
    name = _l("Microsoft Teams (.docx: name and time, then the words)")
    formats = ("docx",)

    def turns(self, source: Source) -> list[ParsedTurn]:
        return header_turns(source.lines, HEADER)


LAYOUT = TeamsLayout()
