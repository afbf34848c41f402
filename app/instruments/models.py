"""Instruments, their versions, sections and questions, and the answers recorded against them.

Texts are stored per language as JSON objects ({"en": ..., "ru": ..., "kk": ...}).
An approved or retired version never changes: the services refuse, and a flush guard
(see `guard_locked_versions`) refuses as a last line of defence.
"""
import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.crypto.columns import EncryptedJSON, EncryptedText
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow

LANGUAGES = ("en", "ru", "kk")


class InstrumentKind(enum.StrEnum):
    STRUCTURED_INTERVIEW = "structured_interview"
    SEMI_STRUCTURED_INTERVIEW = "semi_structured_interview"
    FOCUS_GROUP_GUIDE = "focus_group_guide"
    OBSERVATION_PROTOCOL = "observation_protocol"
    QUESTIONNAIRE = "questionnaire"


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


class QuestionType(enum.StrEnum):
    TEXT = "text"
    SINGLE = "single_choice"
    MULTIPLE = "multiple_choice"
    SCALE = "scale"
    YES_NO = "yes_no"
    NUMBER = "number"  # a decimal number (XLSForm decimal)
    NOTE = "note"
    INTEGER = "integer"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"
    ACKNOWLEDGE = "acknowledge"
    CALCULATE = "calculate"  # computed by the XLSForm's calculation; hidden in Dala's answer form
    KEPT = "kept"  # an XLSForm row Dala keeps for the round trip but does not ask (photo, GPS, metadata)


CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE})
UNASKED_TYPES = frozenset({QuestionType.NOTE, QuestionType.CALCULATE, QuestionType.KEPT})
UNLABELLED_TYPES = frozenset({QuestionType.CALCULATE, QuestionType.KEPT})  # may have no text


class SectionKind(enum.StrEnum):
    GROUP = "group"
    REPEAT = "repeat"  # an XLSForm repeat: kept as a repeatable section
    PLAIN = "plain"  # questions outside any XLSForm group: no begin/end group on export


class AnswerStatus(enum.StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


class Instrument(db.Model):
    """An interview guide, questionnaire or observation protocol of a study."""

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[InstrumentKind] = mapped_column(enum_column(InstrumentKind))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["InstrumentVersion"]] = relationship(
        back_populates="instrument", order_by="InstrumentVersion.number",
        cascade="all, delete-orphan")


class InstrumentVersion(db.Model):
    """One numbered version of an instrument: draft, approved by an ethics reviewer, retired."""

    __tablename__ = "instrument_versions"
    __table_args__ = (sa.UniqueConstraint("instrument_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        sa.ForeignKey("instruments.id", ondelete="CASCADE"), index=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[VersionStatus] = mapped_column(
        enum_column(VersionStatus), default=VersionStatus.DRAFT)
    based_on_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("instrument_versions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    retired_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    # What an imported XLSForm had beyond questions, kept for the round trip (form_id, version,
    # settings, language columns, shared choice lists, other sheets); {} for a version made in Dala.
    xlsform: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")

    instrument: Mapped[Instrument] = relationship(back_populates="versions")
    sections: Mapped[list["Section"]] = relationship(
        back_populates="instrument_version", order_by="Section.position",
        cascade="all, delete-orphan")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="instrument_version", order_by="Question.position",
        cascade="all, delete-orphan")
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def label(self) -> str:
        return _("%(title)s, version %(n)s", title=self.instrument.title, n=self.number)


class Section(db.Model):
    __tablename__ = "instrument_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("instrument_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))  # concurrent edits
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("instrument_sections.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(sa.String(64))  # the XLSForm group's name
    kind: Mapped[SectionKind] = mapped_column(
        enum_column(SectionKind, length=16), default=SectionKind.GROUP, server_default="group")
    relevant: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    xlsform: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")  # other columns

    instrument_version: Mapped[InstrumentVersion] = relationship(back_populates="sections")
    parent: Mapped["Section | None"] = relationship(remote_side=[id])
    questions: Mapped[list["Question"]] = relationship(
        back_populates="section", order_by="Question.position")

    __mapper_args__ = {"version_id_col": version}


class Question(db.Model):
    """A question (or a note to read out) with its text, probes and choices per language."""

    __tablename__ = "instrument_questions"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "name"),
        sa.CheckConstraint("scale_min IS NULL OR scale_max > scale_min", name="scale_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("instrument_versions.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(
        sa.ForeignKey("instrument_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(64))
    type: Mapped[QuestionType] = mapped_column(enum_column(QuestionType))
    text: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    probes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"value", "label": {lang: ..}}]
    scale_min: Mapped[int | None]
    scale_max: Mapped[int | None]
    scale_labels: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # {"low": {..}, "high": {..}}
    required: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))  # concurrent edits
    # Skip logic and checks as XLSForm expressions, kept unchanged; messages per language.
    relevant: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    constraint: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    constraint_message: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")
    required_message: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")
    # The XLSForm row's own type, list name and every other column, kept for the round trip.
    xlsform: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")

    instrument_version: Mapped[InstrumentVersion] = relationship(back_populates="questions")
    section: Mapped[Section] = relationship(back_populates="questions")

    __mapper_args__ = {"version_id_col": version}

    @property
    def takes_answer(self) -> bool:
        return self.type not in UNASKED_TYPES


class AnswerSet(db.Model):
    """One attendee's answers in one session, keyed by question name; a draft until finished."""

    __tablename__ = "answer_sets"
    __table_args__ = (sa.UniqueConstraint("session_participant_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("field_sessions.id", ondelete="CASCADE"), index=True)
    session_participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("session_participants.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("instrument_versions.id", ondelete="CASCADE"), index=True)
    status: Mapped[AnswerStatus] = mapped_column(enum_column(AnswerStatus), default=AnswerStatus.DRAFT)
    values: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)  # answers may identify: sealed
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    instrument_version: Mapped[InstrumentVersion] = relationship()

    __mapper_args__ = {"version_id_col": version}


class QuestionNote(db.Model):
    """Notes taken against one question of a semi-structured interview or focus group."""

    __tablename__ = "question_notes"
    __table_args__ = (sa.UniqueConstraint("session_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("field_sessions.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("instrument_questions.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(EncryptedText, default="")  # may name people: sealed at rest
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class VersionLocked(RuntimeError):
    """A change to an approved or retired version reached the database layer."""


@sa.event.listens_for(sa.orm.Session, "before_flush")
def guard_locked_versions(session, flush_context, instances) -> None:
    """Refuse to write a new, changed or deleted question or section of a non-draft version."""
    touched = [obj for obj in session.dirty if session.is_modified(obj)]
    for obj in [*session.new, *touched, *session.deleted]:
        if not isinstance(obj, (Question, Section)):
            continue
        version = obj.instrument_version
        if version is None or version.status == VersionStatus.DRAFT:
            continue
        if version in session.deleted or version.instrument in session.deleted:
            continue
        raise VersionLocked(f"version {version.id} is {version.status.value}; it cannot change")
