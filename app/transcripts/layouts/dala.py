"""Dala's own layout: "Name: words" lines (a time stamp before the name is allowed).

A line continues the turn above it only inside one paragraph (no blank line between, and in a
Word document only inside one paragraph); a paragraph without a label is unattributed.
"""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    MAX_LABEL,
    NOT_SPEECH,
    TIME,
    Layout,
    ParsedTurn,
    Source,
    capitalised,
    is_metadata,
    labelled_turns,
    plausible_label,
    source_blocks,
    squash,
)

LABEL = re.compile(rf"^\s*(?:[\[(]?(?P<time>{TIME})[\])]?\s+)?"
                   rf"(?P<label>[^\W\d_][\w.'’\-() ]{{0,{MAX_LABEL - 1}}}?)\s*:\s+(?P<text>\S.*)$")


def label_counts(lines) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in lines:
        match = LABEL.match(line)
        if match:
            label = squash(match["label"])
            counts[label] = counts.get(label, 0) + 1
    return counts


def split_label(line: str, counts: dict[str, int]):
    """(label, words, time) when the line starts a turn, ("", line, None) for a metadata line,
    (None, line, None) otherwise."""
    match = LABEL.match(line)
    if not match:
        return None, line, None
    label, words = squash(match["label"]), match["text"].strip()
    if is_metadata(label, words):
        return "", line, None
    if plausible_label(label) and (capitalised(label) or counts.get(label, 0) > 1):
        return label, words, match["time"]
    return None, line, None


class DalaLayout(Layout):
    code = "dala"
    name = _l("Name: words")
    formats = ("txt", "docx")

    def turns(self, source: Source) -> list[ParsedTurn]:
        blocks = source_blocks(source)
        counts = label_counts(line for block in blocks for line in block.split("\n"))

        def start(line: str) -> ParsedTurn | None:
            label, words, time = split_label(line.strip(), counts)
            if label == "":
                return ParsedTurn(None, words, kind=NOT_SPEECH)
            return ParsedTurn(label, words, time) if label else None

        return labelled_turns(blocks, start)


LAYOUT = DalaLayout()
