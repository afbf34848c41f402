"""Transcripts: upload, speaker mapping, detection, approval, and who may see raw text."""
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from app.anonymise import apply, detect, detect_lang, propose
from app.core import policy, storage
from app.core.audit import services as audit
from app.core.domain import DomainError
from app.core.crypto.models import destroyed_studies
from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStaff,
)
from app.fieldwork.own import own_session_ids
from app.studies.models import Role, Study
from app.studies.services import membership_of
from app.transcripts import keys, layouts, matching
from app.transcripts.models import (
    Decision,
    SourceFormat,
    Transcript,
    TranscriptSpan,
    TranscriptSpeaker,
    TranscriptStatus,
    Turn,
    TurnKind,
)
from app.transcripts.parsing import ParseError, format_of

LANGUAGES = ("ru", "kk", "en")
AREA = "transcripts"  # where the uploaded originals are stored
TRANSCRIPT_FIELDS = ["session_id", "part", "part_label", "language", "source_format", "layout",
                     "file_sha256", "file_size", "status"]
NOT_SPEECH = "x"  # the mapping and assignment forms' value for "not speech (a title, a note)"
SAME_AS_BEFORE = "prev"  # the assignment form's value for "the speaker of the line before"
MAX_PART_LABEL = 80
MAX_REOPEN_REASON = 500  # characters of the reason a transcript is reopened for review


class TranscriptError(DomainError):
    """A user-facing reason why a transcript action was refused."""


# --- who may see what -------------------------------------------------------------------

# The upload form offers the latest sessions only; an older one is still accepted when chosen
# (passed in the URL or posted), checked by a query rather than by the offered list.
UPLOAD_SESSION_CHOICES = 200


def _upload_sessions(user, role: Role, study: Study):
    query = sa.select(FieldSession).where(FieldSession.study_id == study.id,
                                          FieldSession.starts_at <= utcnow())
    if role != Role.COORDINATOR:
        query = query.where(FieldSession.id.in_(own_session_ids(user.id)))
    return query


def sessions_for(user, role: Role, study: Study, limit: int | None = None) -> list[FieldSession]:
    """Sessions a member may upload transcripts to (all for coordinators, own for fieldworkers),
    latest first; a session that has not started yet has nothing to transcribe."""
    query = _upload_sessions(user, role, study).order_by(FieldSession.starts_at.desc(), FieldSession.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def upload_session(user, role: Role, study: Study, session_id: int | None) -> FieldSession | None:
    """The session `session_id` if the member may upload a transcript to it, else None."""
    if session_id is None:
        return None
    return db.session.scalar(_upload_sessions(user, role, study).where(FieldSession.id == session_id))


def visible_transcripts(user, role: Role, study: Study):
    """A select of the transcripts a member may open (for the paged list)."""
    query = sa.select(Transcript).where(Transcript.study_id == study.id)
    if role != Role.COORDINATOR:
        query = query.where(Transcript.session_id.in_(own_session_ids(user.id)))
    return query


def pending_counts(transcript_ids: list[int]) -> dict[int, int]:
    """Unreviewed spans per transcript, in one query."""
    rows = db.session.execute(
        sa.select(TranscriptSpan.transcript_id, sa.func.count())
        .where(TranscriptSpan.transcript_id.in_(transcript_ids),
               TranscriptSpan.decision == Decision.PENDING)
        .group_by(TranscriptSpan.transcript_id))
    return dict(rows.all())


def approved_transcripts_of(study: Study, among) -> dict[int, list[tuple[int, str]]]:
    """Participant id -> (transcript id, session code) of each approved transcript of the study
    they speak in, in the sessions' order, for these participants only (the ethics desk's flag
    of withdrawn data points to each)."""
    rows = db.session.execute(
        sa.select(TranscriptSpeaker.participant_id, Transcript.id, FieldSession.code)
        .join(Transcript, Transcript.id == TranscriptSpeaker.transcript_id)
        .join(FieldSession, FieldSession.id == Transcript.session_id)
        .where(Transcript.study_id == study.id, Transcript.status == TranscriptStatus.APPROVED,
               TranscriptSpeaker.participant_id.in_(sorted(among) or [-1]))
        .order_by(TranscriptSpeaker.participant_id, FieldSession.starts_at, FieldSession.id, Transcript.id))
    found: dict[int, list[tuple[int, str]]] = {}
    for participant_id, transcript_id, code in rows:  # (two speakers of one transcript can be one person)
        theirs = found.setdefault(participant_id, [])
        if (transcript_id, code) not in theirs:
            theirs.append((transcript_id, code))
    return found


# --- upload ---------------------------------------------------------------------------

@dataclass
class SpeakerSummary:
    label: str
    turns: int
    first_words: str
    suggestion: str  # a choice ("p:3", "u:5") proposed from the label, or ""


@dataclass
class Preview:
    """What an upload would become, shown before anything is stored."""
    parsed: layouts.ParsedTranscript
    fmt: str
    candidates: list[layouts.Candidate]
    speakers: list[SpeakerSummary]
    part: int

    @property
    def layout(self):
        return layouts.by_code(self.parsed.layout)


def _read(session: FieldSession, filename: str, data: bytes, max_bytes: int, layout: str | None):
    if session.starts_at > utcnow():
        raise TranscriptError(_("This session has not taken place yet; upload its transcript afterwards."))
    if len(data) > max_bytes:
        raise TranscriptError(_("The file is larger than %(size)s MB.",
                                size=max(1, max_bytes // (1024 * 1024))))
    try:
        fmt = format_of(filename or "")
        return fmt, layouts.source_of(data, fmt), layouts.read(data, fmt, layout)
    except ParseError as error:
        raise TranscriptError(str(error)) from None


def next_part(session: FieldSession) -> int:
    held = db.session.scalar(sa.select(sa.func.max(Transcript.part)).where(Transcript.session_id == session.id))
    return (held or 0) + 1


def preview_upload(session: FieldSession, filename: str, data: bytes, *, max_bytes: int,
                   layout: str | None = None) -> Preview:
    """Parse an upload (in the layout found, or the one chosen) without storing anything."""
    fmt, source, parsed = _read(session, filename, data, max_bytes, layout)
    counts = Counter(t.speaker for t in parsed.turns if t.kind == layouts.SPEECH)
    first = {}
    for turn in parsed.turns:
        if turn.kind == layouts.SPEECH and turn.speaker not in first:
            first[turn.speaker] = " ".join(turn.text.split()[:8])
    suggestions = matching.suggest(parsed.labels, _people(session))
    speakers = [SpeakerSummary(label, counts[label], first[label], suggestions.get(label, ""))
                for label in parsed.labels]
    return Preview(parsed, fmt, layouts.candidates(source), speakers, next_part(session))


def upload_transcript(session: FieldSession, filename: str, data: bytes, language: str,
                      actor, *, max_bytes: int, ner: bool = True, layout: str | None = None,
                      part_label: str | None = None, mapping: dict[str, str] | None = None) -> Transcript:
    """Parse and store an uploaded file; nothing is stored when it cannot be read.

    ``mapping`` ({label: choice}) is what the uploader confirmed on the preview."""
    fmt, _source, parsed = _read(session, filename, data, max_bytes, layout)
    text = parsed.text
    if language not in LANGUAGES:
        language = detect_lang(text)
    original = storage.current().put(io.BytesIO(data), area=AREA, max_bytes=max_bytes, study_id=session.study_id)
    transcript = Transcript(study_id=session.study_id, session=session, language=language,
                            source_format=SourceFormat(fmt), encoding=parsed.encoding,
                            layout=parsed.layout, part=next_part(session),
                            part_label=(part_label or "").strip()[:MAX_PART_LABEL] or None,
                            file_sha256=original.key, file_size=original.size, raw_text=text,
                            uploaded_by_id=getattr(actor, "id", None))
    db.session.add(transcript)
    _add_turns(transcript, parsed)
    db.session.flush()
    audit.record(actor, "transcript.upload", transcript,
                 after=audit.snapshot(transcript, TRANSCRIPT_FIELDS) | {
                     "turns": len(parsed.turns), "unattributed": len(parsed.unattributed)})
    if mapping:
        map_speakers(transcript, {s.id: mapping.get(s.label, "") for s in transcript.speakers}, actor, ner=ner)
    elif not transcript.speakers:
        start_review(transcript, actor, ner=ner)
    return transcript


def _add_turns(transcript: Transcript, parsed) -> None:
    speakers = {label: TranscriptSpeaker(label=label[:200]) for label in parsed.labels}
    transcript.speakers.extend(speakers.values())
    for position, (turn, (start, end)) in enumerate(zip(parsed.turns, parsed.offsets())):
        speaker = speakers.get(turn.speaker) if turn.kind == layouts.SPEECH else None
        transcript.turns.append(Turn(position=position, start=start, end=end, speaker=speaker,
                                     kind=TurnKind(turn.kind), time_code=turn.time_code))


def stored_originals() -> Iterator[tuple[str, str, str]]:
    """(area, key, transcript) of every uploaded original, for `flask storage verify`."""
    rows = db.session.execute(sa.select(Transcript.id, Transcript.file_sha256)
                              .where(Transcript.study_id.not_in(destroyed_studies())).order_by(Transcript.id))
    return ((AREA, key, f"transcript {transcript_id}") for transcript_id, key in rows.all())


# --- speakers ---------------------------------------------------------------------------

def _attendees(session: FieldSession) -> list[SessionParticipant]:
    """The session's participants who were not recorded as a no-show."""
    return list(db.session.execute(
        sa.select(SessionParticipant).where(SessionParticipant.session_id == session.id,
                                            SessionParticipant.attendance != Attendance.NO_SHOW)
        .options(joinedload(SessionParticipant.participant))).scalars())


def _staff(session: FieldSession) -> dict[int, str]:
    staff = db.session.execute(
        sa.select(SessionStaff).where(SessionStaff.session_id == session.id)
        .options(joinedload(SessionStaff.user))).scalars()
    return {s.user.id: s.user.name for s in staff}


def _people(session: FieldSession) -> list[tuple[str, str, str]]:
    """(choice, name, pseudonym) of everyone who may be speaking, for label matching."""
    return ([(f"p:{a.participant.id}", a.participant.name, a.participant.pseudonym) for a in _attendees(session)]
            + [(f"u:{uid}", name, "") for uid, name in _staff(session).items()])


def speaker_choices(session: FieldSession) -> list[tuple[str, str]]:
    """("p:<id>", "P07 · name") for the session's participants (no-shows left out),
    ("u:<id>", name) for staff."""
    result = [(f"p:{a.participant.id}", f"{a.participant.pseudonym} · {a.participant.name}")
              for a in sorted(_attendees(session), key=lambda a: a.participant.pseudonym)]
    result += [(f"u:{uid}", name) for uid, name in sorted(_staff(session).items(), key=lambda i: i[1])]
    return result


def map_speakers(transcript: Transcript, mapping: dict[int, str], actor, ner: bool = True) -> None:
    """Map each speaker label to a participant or staff member of the session, or mark it as
    not a speaker (its lines become not speech)."""
    if transcript.status == TranscriptStatus.APPROVED:
        raise TranscriptError(_("This transcript is approved; its speakers can no longer change."))
    allowed = {value for value, _label in speaker_choices(transcript.session)}
    for speaker in transcript.speakers:
        value = mapping.get(speaker.id, "")
        if value and value != NOT_SPEECH and value not in allowed:
            raise TranscriptError(_("Choose a participant or staff member of this session."))
    for speaker in list(transcript.speakers):
        value = mapping.get(speaker.id, "")
        before = {"participant_id": speaker.participant_id, "user_id": speaker.user_id}
        if value == NOT_SPEECH:
            _not_a_speaker(transcript, speaker, actor)
            continue
        kind, _sep, ref = value.partition(":")
        speaker.participant_id = int(ref) if kind == "p" else None
        speaker.user_id = int(ref) if kind == "u" else None
        after = {"participant_id": speaker.participant_id, "user_id": speaker.user_id}
        if before != after:
            transcript.review_changed_at = utcnow()
            audit.record(actor, "transcript.speaker", speaker, study_id=transcript.study_id,
                         before=before, after=after)
    db.session.flush()
    if transcript.status == TranscriptStatus.RAW and not unmapped_labels(transcript):
        start_review(transcript, actor, ner=ner)


def _not_a_speaker(transcript: Transcript, speaker: TranscriptSpeaker, actor) -> None:
    """A label that names no one ("Note", "Вопрос 1"): its lines become not speech."""
    turns = [t for t in transcript.turns if t.speaker_id == speaker.id or t.speaker is speaker]
    for turn in turns:
        turn.speaker, turn.kind = None, TurnKind.NOT_SPEECH
    audit.record(actor, "transcript.speaker.not_speech", speaker, study_id=transcript.study_id,
                 before={"label": speaker.label, "participant_id": speaker.participant_id,
                         "user_id": speaker.user_id}, after={"turns": len(turns)})
    transcript.speakers.remove(speaker)
    transcript.review_changed_at = utcnow()


def assign_turns(transcript: Transcript, choices: dict[int, str], actor) -> int:
    """Give unattributed (or not-speech) turns to a speaker of the transcript ("s:<id>"), to a
    person of the session ("p:<id>", "u:<id>"), to the speaker of the line before ("prev", read
    in text order, so a run of lines follows one chosen above it), or mark them not speech ("x").
    Returns how many changed; an empty choice leaves a turn as it is."""
    if transcript.status == TranscriptStatus.APPROVED:
        raise TranscriptError(_("This transcript is approved; its turns can no longer change."))
    turns = {t.id: t for t in transcript.turns}
    people = {value for value, _label in speaker_choices(transcript.session)}
    own = {f"s:{s.id}": s for s in transcript.speakers}
    for turn_id, value in choices.items():
        turn = turns.get(turn_id)
        if turn is None or (value and turn.kind == TurnKind.SPEECH):
            raise TranscriptError(_("Only a line without a speaker can be assigned here."))
        if value and value not in (NOT_SPEECH, SAME_AS_BEFORE) and value not in people and value not in own:
            raise TranscriptError(_("Choose a speaker of this transcript or a person of this session."))
    changed = 0
    order = sorted(transcript.turns, key=lambda t: t.position)
    for turn_id, value in sorted(choices.items(), key=lambda item: turns[item[0]].position):
        if not value:
            continue
        turn = turns[turn_id]
        before = {"kind": turn.kind, "speaker": turn.speaker.label if turn.speaker else None}
        if value == NOT_SPEECH:
            turn.speaker, turn.kind = None, TurnKind.NOT_SPEECH
        elif value == SAME_AS_BEFORE:
            earlier = [t for t in order[:order.index(turn)] if t.kind == TurnKind.SPEECH]
            if not earlier:
                raise TranscriptError(_("No line before this one has a speaker; choose the speaker."))
            turn.speaker, turn.kind = earlier[-1].speaker, TurnKind.SPEECH
        else:
            turn.speaker = own.get(value) or _speaker_for(transcript, value)
            turn.kind = TurnKind.SPEECH
        after = {"kind": turn.kind, "speaker": turn.speaker.label if turn.speaker else None}
        if before != after:
            changed += 1
            audit.record(actor, "transcript.turn.assign", turn, study_id=transcript.study_id,
                         before=before, after=after)
    if changed:
        transcript.review_changed_at = utcnow()
    db.session.flush()
    return changed


def _speaker_for(transcript: Transcript, choice: str) -> TranscriptSpeaker:
    """The transcript's speaker mapped to this person, added (labelled by pseudonym or name) if none."""
    kind, _sep, ref = choice.partition(":")
    person = ("participant_id" if kind == "p" else "user_id", int(ref))
    for speaker in transcript.speakers:
        if getattr(speaker, person[0]) == person[1]:
            return speaker
    label = dict(speaker_choices(transcript.session))[choice].split(" · ")[0]
    taken = {s.label for s in transcript.speakers}
    unique, n = label, 1
    while unique in taken:
        n += 1
        unique = f"{label} ({n})"
    speaker = TranscriptSpeaker(label=unique[:200], **{person[0]: person[1]})
    transcript.speakers.append(speaker)
    db.session.flush()
    return speaker


def unattributed_turns(transcript: Transcript) -> list[Turn]:
    return [t for t in transcript.turns if t.kind == TurnKind.UNATTRIBUTED]


def load_spans(transcript: Transcript) -> list[TranscriptSpan]:
    """Every span of the transcript, in text order, in one query."""
    return list(db.session.scalars(
        sa.select(TranscriptSpan).where(TranscriptSpan.transcript_id == transcript.id)
        .order_by(TranscriptSpan.start, TranscriptSpan.id)))


def unmapped_labels(transcript: Transcript) -> list[str]:
    return [s.label for s in transcript.speakers if not s.is_mapped]


# --- detection and approval -------------------------------------------------------------

def start_review(transcript: Transcript, actor, ner: bool = True) -> int:
    """Run the engine over the raw text and store its spans for review."""
    entries = keys.sync_roster(_study(transcript), actor)
    lang = transcript.language if transcript.language in LANGUAGES else "auto"
    found = detect(transcript.raw_text, roster=keys.roster_from(entries), lang=lang, ner=ner)
    # Propagation: names on the study's key (found in transcripts approved before) and
    # names reviewers accepted in the study's other transcripts, in every form.
    names = [(e.name, e.category.value) for e in entries if e.participant_id is None
             and e.organisation_id is None and e.user_id is None] + _accepted_names(transcript)
    found += propose(transcript.raw_text, names, found)
    db.session.add_all(TranscriptSpan(transcript=transcript, start=s.start, end=s.end,
                                      category=s.category, source=s.source[:40],
                                      entity=(s.entity or None) and s.entity[:300])
                       for s in found)
    transcript.status = TranscriptStatus.IN_REVIEW
    db.session.flush()
    audit.record(actor, "transcript.detect", transcript, after={"spans": len(found),
                                                                 "status": transcript.status})
    return len(found)


def _accepted_names(transcript: Transcript) -> list[tuple[str, str]]:
    """(text, category) of the accepted people, organisations and places in the study's
    other transcripts under review."""
    rows = db.session.execute(
        sa.select(Transcript.raw_text, TranscriptSpan.start, TranscriptSpan.end,
                  TranscriptSpan.category)
        .join(TranscriptSpan, TranscriptSpan.transcript_id == Transcript.id)
        .where(Transcript.study_id == transcript.study_id, Transcript.id != transcript.id,
               Transcript.status == TranscriptStatus.IN_REVIEW,
               TranscriptSpan.decision == Decision.ACCEPTED))
    return list(dict.fromkeys((raw[start:end], category.value)
                              for raw, start, end, category in rows.all()))


def _study(transcript: Transcript) -> Study:
    return db.session.get(Study, transcript.study_id)


def approve(transcript: Transcript, actor, seen_version: int | None = None) -> Transcript:
    """Approve once every speaker is mapped and every span reviewed; store the anonymised text.

    ``seen_version`` is the version the approver looked at; a review change since then refuses.
    """
    if seen_version is not None and seen_version != transcript.version:
        raise TranscriptError(_("The review changed while you were reading it; look at it again "
                                "before approving."))
    _check_approvable(transcript)
    study = _study(transcript)
    keys.lock_key(study)
    entries = keys.sync_roster(study, actor)
    key = keys.engine_key(entries)
    known = len(key.entries)
    accepted = [s for s in load_spans(transcript) if s.decision == Decision.ACCEPTED]
    counts: Counter = Counter()
    for turn in transcript.turns:
        turn.anonymised_text, found = _apply_turn(transcript.raw_text, turn, accepted, key)
        counts.update(r.category for r in found)
    keys.save_new_entries(study, key, known, actor)
    labels = keys.speaker_pseudonyms(study, keys.key_entries(study))
    transcript.anonymised_text = "\n\n".join(_labelled(t, labels) for t in transcript.turns)
    transcript.replacement_counts = dict(sorted(counts.items()))
    transcript.status = TranscriptStatus.APPROVED
    transcript.approved_at, transcript.approved_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "transcript.approve", transcript,
                 after={"status": transcript.status, "replacements": transcript.replacement_counts})
    return transcript


def may_edit(user, transcript: Transcript) -> bool:
    """May this user change the transcript and its review (the role table's raw transcripts,
    edit: coordinators, and fieldworkers on their own sessions; never the ethics reviewer)?"""
    membership = membership_of(user, transcript.study_id) if user is not None else None
    return policy.allows(membership.role if membership else None, "raw_transcripts.edit", user, transcript)


def reopen(transcript: Transcript, actor, reason: str | None) -> Transcript:
    """Move an approved transcript back to review, with the reason in the audit trail.

    Its speakers, lines and spans can change again; its anonymised text is dropped (approval
    writes it again from the review and the study's key, whose pseudonyms stay), so it leaves
    the bundles until it is approved again. Refused, changing nothing, for anyone who may not
    edit it, for a transcript that is not approved, or without a reason."""
    if not may_edit(actor, transcript):
        raise TranscriptError(_("Only a coordinator of the study or a fieldworker of the session "
                                "may reopen this transcript."))
    if transcript.status != TranscriptStatus.APPROVED:
        raise TranscriptError(_("Only an approved transcript can be reopened for review."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise TranscriptError(_("Say why the transcript is reopened for review."))
    if len(reason) > MAX_REOPEN_REASON:
        raise TranscriptError(_("The reason can be at most %(max)d characters long.", max=MAX_REOPEN_REASON))
    if transcript.study_id in set(db.session.scalars(destroyed_studies())):
        raise TranscriptError(_("This study's identifiable data was destroyed; its transcripts "
                                "can no longer be reviewed."))
    before = {"status": transcript.status, "approved_at": transcript.approved_at}
    transcript.status = TranscriptStatus.IN_REVIEW
    transcript.anonymised_text = transcript.replacement_counts = None
    transcript.approved_at = transcript.approved_by_id = None
    for turn in transcript.turns:
        turn.anonymised_text = None
    transcript.review_changed_at = utcnow()
    db.session.flush()
    audit.record(actor, "transcript.reopen", transcript, study_id=transcript.study_id, before=before,
                 after={"status": transcript.status, "reason": reason})
    return transcript


def _check_approvable(transcript: Transcript) -> None:
    if transcript.status == TranscriptStatus.APPROVED:
        raise TranscriptError(_("This transcript is already approved."))
    unmapped = unmapped_labels(transcript)
    if unmapped:
        raise TranscriptError(_("Map every speaker before approval; not mapped: %(labels)s.",
                                labels=", ".join(unmapped)))
    loose = len(unattributed_turns(transcript))
    if loose:
        raise TranscriptError(ngettext(
            "%(num)d line has no speaker; assign it to a speaker or mark it as not speech before approval.",
            "%(num)d lines have no speaker; assign each to a speaker or mark it as not speech before approval.",
            loose))
    pending = sum(1 for s in load_spans(transcript) if s.decision == Decision.PENDING)
    if pending or transcript.status != TranscriptStatus.IN_REVIEW:
        raise TranscriptError(ngettext("%(num)d span is not reviewed yet; accept or reject it before approval.",
                                       "%(num)d spans are not reviewed yet; accept or reject each before approval.",
                                       pending))


def _apply_turn(raw_text: str, turn: Turn, accepted, key):
    """One turn's words with its accepted spans replaced (spans clipped to the turn)."""
    text = raw_text[turn.start:turn.end]
    spans = [{"start": max(s.start, turn.start) - turn.start,
              "end": min(s.end, turn.end) - turn.start, "category": s.category.value,
              "source": s.source, **({"entity": s.entity} if s.entity else {})}
             for s in accepted if s.start < turn.end and s.end > turn.start]
    return apply(text, spans, key)


def _labelled(turn: Turn, labels: dict) -> str:
    speaker = turn.speaker
    if speaker is None:
        return turn.anonymised_text
    ref = ("p", speaker.participant_id) if speaker.participant_id else ("u", speaker.user_id)
    return f"{labels.get(ref, '?')}: {turn.anonymised_text}"
