"""Transcripts, their speakers and turns, detected spans, and the study's pseudonym key."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.anonymise.spans import CATEGORIES
from app.auth.models import User
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow
from app.fieldwork.models import FieldSession
from app.recruitment.models import Participant


class TranscriptStatus(enum.StrEnum):
    RAW = "raw"
    IN_REVIEW = "in_review"
    APPROVED = "approved"


class TurnKind(enum.StrEnum):
    SPEECH = "speech"  # a speaker's words (speaker set)
    UNATTRIBUTED = "unattributed"  # no evidence of who said it: blocks approval until assigned
    NOT_SPEECH = "not_speech"  # a title, a metadata line, a note: nobody's words, never bundled


class SourceFormat(enum.StrEnum):
    TXT = "txt"
    DOCX = "docx"
    VTT = "vtt"
    SRT = "srt"


# The engine's categories (person, organisation, place, contact, identifier, date, other).
SpanCategory = enum.StrEnum("SpanCategory", [(name.upper(), name) for name in CATEGORIES])


class Decision(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Transcript(db.Model):
    """One uploaded transcript of a session. `raw_text` is identifiable; turns index into it."""

    __tablename__ = "transcripts"
    __table_args__ = (sa.Index("ix_transcripts_study_status", "study_id", "status"),
                      sa.UniqueConstraint("session_id", "part"))

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("field_sessions.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(sa.String(8))
    source_format: Mapped[SourceFormat] = mapped_column(enum_column(SourceFormat))
    encoding: Mapped[str | None] = mapped_column(sa.String(32))
    layout: Mapped[str | None] = mapped_column(sa.String(32))  # app/transcripts/layouts code
    # Several transcripts of one session (a focus group in two recordings, a re-transcription).
    part: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))
    part_label: Mapped[str | None] = mapped_column(sa.String(80))
    file_sha256: Mapped[str] = mapped_column(sa.String(64))
    file_size: Mapped[int]
    raw_text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[TranscriptStatus] = mapped_column(
        enum_column(TranscriptStatus), default=TranscriptStatus.RAW)
    anonymised_text: Mapped[str | None] = mapped_column(sa.Text)
    replacement_counts: Mapped[dict | None] = mapped_column(sa.JSON)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None]
    # Every review change updates this, so the row's version moves and a stale approval is caught.
    review_changed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    session: Mapped[FieldSession] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    speakers: Mapped[list["TranscriptSpeaker"]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="TranscriptSpeaker.id")
    turns: Mapped[list["Turn"]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="Turn.position")
    spans: Mapped[list["TranscriptSpan"]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="TranscriptSpan.start")

    __mapper_args__ = {"version_id_col": version}

    @property
    def reference(self) -> str:
        """The transcript's name in bundles and protocols: the session code, and its part."""
        return self.session.code if self.part == 1 else f"{self.session.code}-part{self.part}"


class TranscriptSpeaker(db.Model):
    """A speaker label as written in the file, mapped once to a participant or a staff member."""

    __tablename__ = "transcript_speakers"
    __table_args__ = (
        sa.UniqueConstraint("transcript_id", "label"),
        sa.CheckConstraint("participant_id IS NULL OR user_id IS NULL", name="one_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(
        sa.ForeignKey("transcripts.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(200))
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    transcript: Mapped[Transcript] = relationship(back_populates="speakers")
    participant: Mapped[Participant | None] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def is_mapped(self) -> bool:
        return self.participant_id is not None or self.user_id is not None


class Turn(db.Model):
    """What one speaker said at a stretch: raw_text[start:end] of the transcript."""

    __tablename__ = "transcript_turns"
    __table_args__ = (sa.UniqueConstraint("transcript_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(
        sa.ForeignKey("transcripts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("transcript_speakers.id", ondelete="SET NULL"))
    start: Mapped[int]
    end: Mapped[int]
    time_code: Mapped[str | None] = mapped_column(sa.String(16))
    kind: Mapped[TurnKind] = mapped_column(enum_column(TurnKind, length=16), default=TurnKind.SPEECH,
                                           server_default=TurnKind.SPEECH.value)
    anonymised_text: Mapped[str | None] = mapped_column(sa.Text)

    transcript: Mapped[Transcript] = relationship(back_populates="turns")
    speaker: Mapped[TranscriptSpeaker | None] = relationship()

    @property
    def participant_id(self) -> int | None:
        return self.speaker.participant_id if self.speaker else None

    @property
    def user_id(self) -> int | None:
        return self.speaker.user_id if self.speaker else None


class TranscriptSpan(db.Model):
    """A detected or added stretch of identifying text and the reviewer's decision on it."""

    __tablename__ = "transcript_spans"
    __table_args__ = (
        sa.CheckConstraint('"end" > start', name="not_empty"),
        sa.Index("ix_transcript_spans_transcript_start", "transcript_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(sa.ForeignKey("transcripts.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    category: Mapped[SpanCategory] = mapped_column(enum_column(SpanCategory))
    source: Mapped[str] = mapped_column(sa.String(40))
    entity: Mapped[str | None] = mapped_column(sa.String(300))
    decision: Mapped[Decision] = mapped_column(enum_column(Decision), default=Decision.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))  # concurrent edits

    transcript: Mapped[Transcript] = relationship(back_populates="spans")

    __mapper_args__ = {"version_id_col": version}

    def covered(self, text: str) -> str:
        return text[self.start:self.end]


class KeyEntry(db.Model):
    """One line of the study's key: a real entity's name and its pseudonym (identifiable)."""

    __tablename__ = "pseudonym_key"
    __table_args__ = (sa.Index("ix_pseudonym_key_study_category", "study_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"))
    category: Mapped[SpanCategory] = mapped_column(enum_column(SpanCategory))
    name: Mapped[str] = mapped_column(sa.String(300))
    pseudonym: Mapped[str] = mapped_column(sa.String(32))
    replacement: Mapped[str | None] = mapped_column(sa.String(200))
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
