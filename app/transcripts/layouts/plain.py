"""No layout recognised: the text as plain paragraphs (cues, table rows), none given to anyone."""
from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    Layout,
    ParsedTurn,
    Source,
    paragraph_blocks,
    squash,
    table_rows,
    unattributed_or_metadata,
)


class PlainLayout(Layout):
    code = "plain"
    name = _l("Plain paragraphs (no speakers)")
    formats = ("txt", "docx", "vtt", "srt")
    reads_tables = True

    def turns(self, source: Source) -> list[ParsedTurn]:
        if source.cues is not None:
            return [ParsedTurn(None, squash(c.text), c.start) for c in source.cues if c.text.strip()]
        if source.fmt == "docx":
            return [unattributed_or_metadata(p.strip()) for p in source.lines if p.strip()] + table_rows(source)
        return [unattributed_or_metadata(block) for block in paragraph_blocks(source.lines)]


LAYOUT = PlainLayout()
