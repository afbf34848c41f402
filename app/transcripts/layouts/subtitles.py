"""Subtitles in general (WebVTT, SRT): a speaker only from a voice tag (<v Name>) or a
"[Name]" at the start of a cue. A colon inside a cue's words names nobody.

A cue without a mark continues the speaker before it only when that cue's sentence is not
finished; otherwise it is unattributed. A cue that is only a sound ("[Music]") is not speech.
"""
import re

from flask_babel import lazy_gettext as _l

from app.transcripts.layouts.base import (
    MAX_LABEL,
    NOT_SPEECH,
    SOUND_TAGS,
    SPEECH,
    UNATTRIBUTED,
    Layout,
    ParsedTurn,
    Source,
    merge_same_speaker,
    plausible_label,
    squash,
)

BRACKETED = re.compile(rf"^\[(?P<label>[^\[\]\n]{{1,{MAX_LABEL}}})\]\s*:?\s*(?P<text>.*)$", re.DOTALL)
SENTENCE_END = ("." , "?", "!", "…", "»", '"', "”", ")")


def cue_speaker(text: str, voice: str | None):
    """(speaker, words, sound): the speaker a cue names, its words, and whether it is a sound."""
    match = BRACKETED.match(text)
    if match:
        label = squash(match["label"])
        if label.casefold() in SOUND_TAGS:
            return None, squash(match["text"]) or text, not match["text"].strip()
        if plausible_label(label) and match["text"].strip():
            return label, squash(match["text"]), False
    if voice and plausible_label(voice):
        return squash(voice), squash(text), False
    return None, squash(text), False


class SubtitlesLayout(Layout):
    code = "subtitles"
    name = _l("Subtitles (voice tags or [Name])")
    formats = ("vtt", "srt")

    def turns(self, source: Source) -> list[ParsedTurn]:
        turns: list[ParsedTurn] = []
        for cue in source.cues or []:
            speaker, words, sound = cue_speaker(cue.text, cue.voice)
            dialogue = cue.text.lstrip().startswith("-") and "\n-" in cue.text
            previous = turns[-1] if turns else None
            if sound:
                turns.append(ParsedTurn(None, words, cue.start, kind=NOT_SPEECH))
            elif speaker is None and not dialogue and previous is not None and previous.kind == SPEECH \
                    and not previous.text.rstrip().endswith(SENTENCE_END):
                previous.text += " " + words  # the sentence runs on from the cue before
            else:
                turns.append(ParsedTurn(speaker, words, cue.start,
                                        kind=SPEECH if speaker else UNATTRIBUTED))
        return merge_same_speaker(turns)


LAYOUT = SubtitlesLayout()
