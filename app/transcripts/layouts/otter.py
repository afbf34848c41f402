"""Otter.ai text export: a "Name  0:03" line, then the paragraph that person said."""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    MAX_LABEL,
    Layout,
    ParsedTurn,
    Source,
    header_turns,
)

HEADER = re.compile(rf"^(?P<label>[^\d\s][^\n]{{0,{MAX_LABEL - 1}}}?)\s+(?P<time>\d{{1,2}}:\d{{2}}(?::\d{{2}})?)$")


class OtterLayout(Layout):
    code = "otter"
    name = _l("Otter.ai (name and time, then the paragraph)")
    formats = ("txt",)

    def turns(self, source: Source) -> list[ParsedTurn]:
        return header_turns(source.lines, HEADER)


LAYOUT = OtterLayout()
