"""Fieldwork sessions, who runs them and who attends."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.crypto.columns import EncryptedText
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow
from app.recruitment.models import Organisation, Participant
from app.studies.models import Study


class SessionType(enum.StrEnum):
    FOCUS_GROUP = "focus_group"
    STRUCTURED_INTERVIEW = "structured_interview"
    SEMI_STRUCTURED_INTERVIEW = "semi_structured_interview"
    OBSERVATION = "observation"


SESSION_TYPE_PREFIX = {
    SessionType.FOCUS_GROUP: "FG",
    SessionType.STRUCTURED_INTERVIEW: "SI",
    SessionType.SEMI_STRUCTURED_INTERVIEW: "SSI",
    SessionType.OBSERVATION: "OBS",
}


class SessionStatus(enum.StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class StaffRole(enum.StrEnum):
    FACILITATOR = "facilitator"
    NOTE_TAKER = "note_taker"


class Attendance(enum.StrEnum):
    INVITED = "invited"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class FieldSession(db.Model):
    """A focus group, interview or observation. Times are naive UTC."""

    __tablename__ = "field_sessions"
    __table_args__ = (
        sa.UniqueConstraint("study_id", "code"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_field_sessions_study_starts", "study_id", "starts_at"),
        # keyset pages of the session list: one index per sort, the status and type filters too
        sa.Index("ix_field_sessions_study_starts_id", "study_id", "starts_at", "id"),
        sa.Index("ix_field_sessions_study_status_starts", "study_id", "status", "starts_at", "id"),
        sa.Index("ix_field_sessions_study_type_starts", "study_id", "type", "starts_at", "id"),
        # the dashboard's sessions not over yet; "My sessions" in the order they end (a seek)
        sa.Index("ix_field_sessions_study_ends_id", "study_id", "ends_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(16))
    type: Mapped[SessionType] = mapped_column(enum_column(SessionType))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    location: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    host_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.PLANNED
    )
    audio_recorded: Mapped[bool] = mapped_column(default=False)
    field_notes: Mapped[str | None] = mapped_column(EncryptedText)
    instrument_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("instrument_versions.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    study: Mapped[Study] = relationship()
    host_organisation: Mapped[Organisation | None] = relationship()
    staff: Mapped[list["SessionStaff"]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    attendees: Mapped[list["SessionParticipant"]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    instrument_version: Mapped["InstrumentVersion | None"] = relationship()  # noqa: F821

    __mapper_args__ = {"version_id_col": version}


class SessionStaff(db.Model):
    """A study member who facilitates or takes notes in a session.

    Issue 18: the row keeps a copy of its session's study and end (kept equal by
    app.fieldwork.own on every flush, checked and repaired by `flask dashboard recount`), so a
    user's sessions in the order they end are one range of the (user, study, end, session)
    index: "My sessions" seeks its page whether the user runs ten sessions of the study or
    thousands (walking the sessions' end index and testing each for the user's row read the
    whole coming range for someone on few of them)."""

    __tablename__ = "session_staff"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id", "role"),
                      sa.Index("ix_session_staff_user_study_ends", "user_id", "study_id", "ends_at", "session_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("field_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))  # leads the index above
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole))
    study_id: Mapped[int]  # the session's (a copy: see the class)
    ends_at: Mapped[datetime]  # the session's (a copy: see the class)

    session: Mapped[FieldSession] = relationship(back_populates="staff")
    user: Mapped[User] = relationship()


class SessionParticipant(db.Model):
    """An invited participant and, once the session is done, their attendance."""

    __tablename__ = "session_participants"
    __table_args__ = (sa.UniqueConstraint("session_id", "participant_id"),
                      # the ethics desk's attended invitees (issue 18, app.consent.flagged)
                      sa.Index("ix_session_participants_attendance", "attendance", "session_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("field_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    attendance: Mapped[Attendance] = mapped_column(
        enum_column(Attendance), default=Attendance.INVITED
    )

    session: Mapped[FieldSession] = relationship(back_populates="attendees")
    participant: Mapped[Participant] = relationship()


class CalendarToken(db.Model):
    """A user's secret calendar-feed address; only its SHA-256 is stored, revoking deletes it."""

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class CompletionDraft(db.Model):
    """Issue 15: what a user typed in a session's completion form (attendance choices and field
    notes) while they went to record a missing consent; restored when they come back, deleted
    when the session is completed."""

    __tablename__ = "completion_drafts"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("field_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    marks: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)  # participant id -> attendance
    field_notes: Mapped[str] = mapped_column(EncryptedText, default="")  # sealed like the session's own
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    @staticmethod
    def study_of(target, connection) -> int | None:
        """The study whose key seals the draft's notes: the session's."""
        return connection.scalar(sa.select(FieldSession.study_id).where(FieldSession.id == target.session_id))
