"""Studies and per-study roles."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow
from app.core.policy import Role

__all__ = ["Membership", "PlaceholderWords", "Role", "Study", "StudyStatus"]


class StudyStatus(enum.StrEnum):
    PLANNING = "planning"
    FIELDWORK = "fieldwork"
    ANALYSIS = "analysis"
    CLOSED = "closed"


class PlaceholderWords(enum.StrEnum):
    """How pseudonym placeholders read in a bundle: the engine's codes ([PERSON-2]) or category
    words in each transcript's language ([ЧЕЛОВЕК-2], [АДАМ-2]); [P07] stays either way."""

    CODES = "codes"
    TRANSCRIPT_LANGUAGE = "transcript"


class Study(db.Model):
    __tablename__ = "studies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    ethics_ref: Mapped[str | None] = mapped_column(sa.String(100))
    approving_body: Mapped[str | None] = mapped_column(sa.String(300))
    approval_valid_until: Mapped[date | None]
    status: Mapped[StudyStatus] = mapped_column(
        enum_column(StudyStatus), default=StudyStatus.PLANNING
    )
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Almaty")
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: ["ru", "kk", "en"])
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    placeholder_words: Mapped[PlaceholderWords] = mapped_column(
        enum_column(PlaceholderWords, length=16), default=PlaceholderWords.CODES,
        server_default=PlaceholderWords.CODES.value)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="study", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Study {self.id}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("study_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    study: Mapped[Study] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()
