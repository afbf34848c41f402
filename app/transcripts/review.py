"""Reviewing detected spans: accept, reject, edit, add; each decision audited."""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.anonymise import propose
from app.core import concurrency
from app.core.audit import services as audit
from app.core.extensions import db
from app.core.models_base import utcnow
from app.transcripts.models import (
    Decision,
    SpanCategory,
    Transcript,
    TranscriptSpan,
    TranscriptStatus,
)
from app.transcripts.services import TranscriptError, load_spans, unmapped_labels

SPAN_GUARD_FIELDS = ["start", "end", "category", "decision"]  # what a span's guard compares


def touch(transcript: Transcript) -> None:
    """Mark a review change: the transcript's version moves, so stale approvals are refused."""
    transcript.review_changed_at = utcnow()


def check_reviewable(transcript: Transcript) -> None:
    if transcript.status == TranscriptStatus.APPROVED:
        raise TranscriptError(_("This transcript is approved; its review is closed."))
    unmapped = unmapped_labels(transcript)
    if unmapped or transcript.status != TranscriptStatus.IN_REVIEW:
        raise TranscriptError(_("Map every speaker to a participant or staff member first; "
                                "not mapped: %(labels)s.", labels=", ".join(unmapped)))


def _same_text(spans, text: str, target: TranscriptSpan) -> list[TranscriptSpan]:
    wanted = target.covered(text).casefold()
    return [s for s in spans if s.covered(text).casefold() == wanted]


def decide(transcript: Transcript, span: TranscriptSpan, decision: Decision, actor,
           everywhere: bool = False, expected_version=None) -> list[TranscriptSpan]:
    """Accept or reject one span, or every span with the same text.

    `expected_version` is the span's version on the page the reviewer decided from; a span
    someone else decided or edited since then is refused (concurrency.StaleEdit)."""
    check_reviewable(transcript)
    concurrency.check(span, expected_version, None, SPAN_GUARD_FIELDS,
                      values=audit.snapshot(span, SPAN_GUARD_FIELDS))
    targets = _same_text(load_spans(transcript), transcript.raw_text, span) if everywhere else [span]
    for target in targets:
        if target.decision == decision and target.category == span.category:
            continue
        before = _state(transcript, target)
        target.decision, target.category = decision, span.category
        _mark(target, actor)
        audit.record(actor, f"transcript.span.{decision.value}", target,
                     study_id=transcript.study_id, before=before, after=_state(transcript, target))
    touch(transcript)
    if decision == Decision.ACCEPTED:
        propose_mentions(transcript, [(span.covered(transcript.raw_text), span.category)], actor)
    return targets


def edit_span(transcript: Transcript, span: TranscriptSpan, category: SpanCategory,
              start: int, end: int, actor, expected_version=None, loaded=None) -> TranscriptSpan:
    """Change a span's category or boundaries; an edited span counts as accepted.

    A span someone else decided or edited since the form was opened: concurrency.StaleEdit."""
    check_reviewable(transcript)
    concurrency.check(span, expected_version, loaded, SPAN_GUARD_FIELDS)
    start, end = _trimmed(transcript.raw_text, start, end)
    others = [s for s in load_spans(transcript) if s.id != span.id]
    if any(s.start < end and s.end > start for s in others):
        raise TranscriptError(_("The new boundaries overlap another span; change that one first."))
    before = _state(transcript, span)
    span.start, span.end, span.category, span.decision = start, end, category, Decision.ACCEPTED
    _mark(span, actor)
    concurrency.flush()
    audit.record(actor, "transcript.span.edit", span, study_id=transcript.study_id,
                 before=before, after=_state(transcript, span))
    touch(transcript)
    return span


def add_span(transcript: Transcript, category: SpanCategory, actor, *, start=None, end=None,
             text: str = "", everywhere: bool = False) -> list[TranscriptSpan]:
    """Add a span by offsets (a selection) or by its exact text; optionally every occurrence."""
    check_reviewable(transcript)
    raw = transcript.raw_text
    if start is not None and end is not None and (not text or raw[start:end] == text):
        start, end = _trimmed(raw, start, end)
        text = raw[start:end]
        places = _occurrences(raw, text) if everywhere else [(start, end)]
    else:
        text = (text or "").strip()
        places = _occurrences(raw, text)
        if not text or not places:
            raise TranscriptError(_("This text does not occur in the transcript."))
        places = places if everywhere else places[:1]
    added = []
    for s, e in places:
        _remove_overlapping(transcript, s, e, actor)
        span = TranscriptSpan(transcript=transcript, start=s, end=e, category=category,
                              source="user", decision=Decision.ACCEPTED)
        _mark(span, actor)
        db.session.add(span)
        db.session.flush()
        audit.record(actor, "transcript.span.add", span, study_id=transcript.study_id,
                     after=_state(transcript, span))
        added.append(span)
    touch(transcript)
    propose_mentions(transcript, [(text, category)], actor)
    return added


# Categories whose other mentions are proposed once one is accepted or added.
PROPAGATED = (SpanCategory.PERSON, SpanCategory.ORGANISATION, SpanCategory.PLACE)


def propose_mentions(transcript: Transcript, names, actor) -> int:
    """Propose (as pending spans) every other mention of ``names`` — ``(text, category)``
    pairs a reviewer accepted or added — in each transcript of the study under review: the
    name alone, its first name or surname, inflected or in the other script. Returns how
    many spans were proposed."""
    names = [(text, SpanCategory(category).value) for text, category in names
             if SpanCategory(category) in PROPAGATED and text.strip()]
    if not names:
        return 0
    total = 0
    for target in _in_review(transcript):
        total += store_proposals(target, names, actor)
    return total


def store_proposals(transcript: Transcript, names, actor) -> int:
    """Pending spans from the engine's ``propose`` for one transcript; audited once."""
    existing = load_spans(transcript)
    proposed = propose(transcript.raw_text, names, existing)
    for found in proposed:
        db.session.add(TranscriptSpan(transcript=transcript, start=found.start, end=found.end,
                                      category=SpanCategory(found.category), source=found.source,
                                      entity=(found.entity or None) and found.entity[:300],
                                      decision=Decision.PENDING))
    if proposed:
        db.session.flush()
        touch(transcript)
        audit.record(actor, "transcript.propose", transcript, study_id=transcript.study_id,
                     after={"spans": len(proposed)})
    return len(proposed)


def _in_review(transcript: Transcript) -> list[Transcript]:
    """This transcript first, then the study's other transcripts under review."""
    others = db.session.scalars(
        sa.select(Transcript).where(Transcript.study_id == transcript.study_id,
                                    Transcript.status == TranscriptStatus.IN_REVIEW,
                                    Transcript.id != transcript.id).order_by(Transcript.id))
    return [transcript, *others]


def _trimmed(raw: str, start: int, end: int) -> tuple[int, int]:
    if not 0 <= start < end <= len(raw):
        raise TranscriptError(_("The selection lies outside the transcript text."))
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    if start == end:
        raise TranscriptError(_("Select some words, not only spaces."))
    return start, end


def _occurrences(raw: str, text: str) -> list[tuple[int, int]]:
    if not text:
        return []
    folded, needle, places, pos = raw.casefold(), text.casefold(), [], 0
    if len(folded) != len(raw):  # casefold changed lengths (ß, ligatures): match exactly
        folded, needle = raw, text
    while (found := folded.find(needle, pos)) >= 0:
        places.append((found, found + len(text)))
        pos = found + len(text)
    return places


def _remove_overlapping(transcript, start: int, end: int, actor) -> None:
    """A person's span supersedes detected spans it overlaps."""
    for span in load_spans(transcript):
        if span.start < end and span.end > start:
            audit.record(actor, "transcript.span.remove", span, study_id=transcript.study_id,
                         before=_state(transcript, span))
            db.session.delete(span)
            if span in transcript.spans:
                transcript.spans.remove(span)
    db.session.flush()


def _mark(span: TranscriptSpan, actor) -> None:
    span.decided_by_id, span.decided_at = getattr(actor, "id", None), utcnow()


def _state(transcript: Transcript, span: TranscriptSpan) -> dict:
    return {"start": span.start, "end": span.end, "category": span.category,
            "decision": span.decision, "source": span.source,
            "text": transcript.raw_text[span.start:span.end]}


@dataclass(frozen=True)
class Segment:
    text: str
    span: TranscriptSpan | None = None


def segments(raw: str, start: int, end: int, spans: list[TranscriptSpan]) -> list[Segment]:
    """One turn's words cut into plain text and highlighted spans (spans in text order)."""
    result, pos = [], start
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        s, e = max(span.start, pos), min(span.end, end)
        if s > pos:
            result.append(Segment(raw[pos:s]))
        if e > s:
            result.append(Segment(raw[s:e], span))
        pos = max(pos, e)
    if pos < end:
        result.append(Segment(raw[pos:end]))
    return result


def next_pending(spans: list[TranscriptSpan], after: TranscriptSpan | None) -> TranscriptSpan | None:
    """The first unreviewed span after ``after`` (wrapping round), for the review cursor."""
    pending = [s for s in spans if s.decision == Decision.PENDING]
    if not pending:
        return None
    if after is not None:
        later = [s for s in pending if (s.start, s.id) > (after.start, after.id)]
        if later:
            return later[0]
    return pending[0]
