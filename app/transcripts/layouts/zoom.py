"""Zoom's transcript (WebVTT; also SRT made the same way): each cue "Display Name: words".

Display names may carry brackets, dots and initials ("Aigerim S. (University)"). A cue
without a name is unattributed: Zoom names the speaker of every cue.
"""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    MAX_LABEL,
    Layout,
    ParsedTurn,
    Source,
    capitalised,
    is_metadata,
    merge_same_speaker,
    plausible_label,
    squash,
)

ZOOM_SHARE = 0.6
LABEL = re.compile(rf"^(?P<label>[^\s:\[\-][^:\n]{{0,{MAX_LABEL - 1}}}?)\s*:\s+(?P<text>\S.*)$", re.DOTALL)


def voice_like(label: str) -> bool:
    """A display name in lower case ("aigerim s.") is still a name when it is one or two words."""
    return len(label.split()) <= 2


def cue_label(text: str, counts: dict[str, int], zoom_like: bool):
    match = LABEL.match(text)
    if not match:
        return None, text
    label = squash(match["label"])
    if (plausible_label(label) and not is_metadata(label)
            and (counts.get(label, 0) > 1 or (zoom_like and capitalised(label)))):
        return label, match["text"].strip()
    return None, text


class ZoomLayout(Layout):
    code = "zoom"
    name = _l("Zoom (Name: words in each cue)")
    formats = ("vtt", "srt")

    def turns(self, source: Source) -> list[ParsedTurn]:
        counts: dict[str, int] = {}
        for cue in source.cues or []:
            match = LABEL.match(cue.text)
            label = squash(match["label"]) if match else ""
            if match and plausible_label(label) and (capitalised(label) or voice_like(label)):
                counts[label] = counts.get(label, 0) + 1
        # A name used once counts only in a file where most cues start with a name, as Zoom's do.
        zoom_like = sum(counts.values()) >= ZOOM_SHARE * len(source.cues or [])
        turns = []
        for cue in source.cues or []:
            label, words = cue_label(cue.text, counts, zoom_like)
            if label is None and cue.voice and plausible_label(cue.voice):
                label = squash(cue.voice)
            turns.append(ParsedTurn(label, squash(words), cue.start))
        return merge_same_speaker(turns)


LAYOUT = ZoomLayout()
