"""Organisations, participants, their recruitment history and the study's targets."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.crypto.columns import EncryptedText
from app.core.extensions import db
from app.core.models_base import enum_column, natural_key_default, utcnow


class Sector(enum.StrEnum):
    CENTRAL_GOVERNMENT = "central_government"
    LOCAL_AUTHORITY = "local_authority"
    CIVIL_SOCIETY = "civil_society"
    INTERNATIONAL = "international"
    PRIVATE_SECTOR = "private_sector"
    ACADEMIC = "academic"
    OTHER = "other"


SECTOR_PREFIX = {
    Sector.CENTRAL_GOVERNMENT: "CGA",
    Sector.LOCAL_AUTHORITY: "LA",
    Sector.CIVIL_SOCIETY: "CSO",
    Sector.INTERNATIONAL: "IO",
    Sector.PRIVATE_SECTOR: "PS",
    Sector.ACADEMIC: "AC",
    Sector.OTHER: "OTH",
}


class RecruitmentStatus(enum.StrEnum):
    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    AGREED = "agreed"
    SCHEDULED = "scheduled"
    PARTICIPATED = "participated"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    UNREACHABLE = "unreachable"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class PseudonymCounter(db.Model):
    """The last number handed out per study and prefix, so a pseudonym is never reused."""

    __tablename__ = "pseudonym_counters"
    __table_args__ = (sa.UniqueConstraint("study_id", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"))
    prefix: Mapped[str] = mapped_column(sa.String(16))
    last_value: Mapped[int] = mapped_column(default=0)


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        sa.UniqueConstraint("study_id", "pseudonym"),
        # the selects of the forms and the picker: the first organisations in natural order, by index
        sa.Index("ix_organisations_study_order", "study_id", "pseudonym_order", "id"),
        sa.Index("ix_organisations_study_name", "study_id", "name", "id"),
        sa.Index("ix_organisations_study_sector_name", "study_id", "sector", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(EncryptedText)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector))
    region: Mapped[str | None] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(EncryptedText)
    pseudonym: Mapped[str] = mapped_column(sa.String(16))
    # natural order of the pseudonym (CS-7 before CS-12), stored so the selects read it by index
    pseudonym_order: Mapped[str] = mapped_column(sa.String(64), default=natural_key_default("pseudonym"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participants: Mapped[list["Participant"]] = relationship(back_populates="organisation")


class Participant(db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        sa.UniqueConstraint("study_id", "pseudonym"),
        # keyset pages of the participant list: one index per sort, the filter on status too
        sa.Index("ix_participants_study_order", "study_id", "pseudonym_order", "id"),
        sa.Index("ix_participants_study_status_order", "study_id", "status", "pseudonym_order", "id"),
        sa.Index("ix_participants_study_name", "study_id", "name", "id"),
        sa.Index("ix_participants_study_changed", "study_id", "status_changed_at", "id"),
        # an organisation's participants in the list's order; the study too, so a filter by the
        # organisations of a sector (the ethics desk) counts them from the index alone
        sa.Index("ix_participants_org_order", "organisation_id", "pseudonym_order", "id", "study_id"),
        # the dashboard's stale contacts: contacted, oldest change first
        sa.Index("ix_participants_study_status_changed", "study_id", "status", "status_changed_at", "id"),
        # the ethics desk's filters (issue 18): each one index range in the list's order
        sa.Index("ix_participants_desk_open", "study_id", "desk_open", "pseudonym_order", "id"),
        sa.Index("ix_participants_desk_review", "study_id", "desk_review", "pseudonym_order", "id"),
        sa.Index("ix_participants_desk_scanless", "study_id", "desk_scanless", "pseudonym_order", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(EncryptedText)
    position: Mapped[str | None] = mapped_column(EncryptedText)
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    referred_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL")
    )
    notes: Mapped[str | None] = mapped_column(EncryptedText)
    status: Mapped[RecruitmentStatus] = mapped_column(
        enum_column(RecruitmentStatus), default=RecruitmentStatus.IDENTIFIED
    )
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    pseudonym: Mapped[str] = mapped_column(sa.String(16))
    # natural order of the pseudonym (P7 before P12), stored so lists sort and seek by index
    pseudonym_order: Mapped[str] = mapped_column(sa.String(64), default=natural_key_default("pseudonym"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Issue 15: the fieldworker who looks after this participant's recruitment (bulk "assign").
    fieldworker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Issue 18: the ethics desk's stored view of this participant's consent, kept by
    # app.consent.desk_state in the transaction of every change to it (never set here): the
    # current record, its review state (None: no record), written without a scan, and "open"
    # (a review not done, a missing scan or a session flag).
    desk_record_id: Mapped[int | None] = mapped_column(sa.Integer)
    desk_review: Mapped[str | None] = mapped_column(sa.String(16))
    desk_scanless: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    desk_open: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    organisation: Mapped[Organisation | None] = relationship(back_populates="participants")
    referred_by: Mapped["Participant | None"] = relationship(remote_side=[id])
    fieldworker: Mapped[User | None] = relationship(foreign_keys=[fieldworker_id])
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="participant",
        order_by="StatusChange.changed_at",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class ParticipantSearchToken(db.Model):
    """The blind index of a participant's name, e-mail and phone (app.core.crypto.blind): keyed
    hashes of tokens, so sealed values are still found by what a coordinator types."""

    __tablename__ = "participant_search_tokens"
    # covering: the participants holding a token are read from the index alone (a one-letter
    # query's token is held by nearly everyone; issue 15's people picker)
    __table_args__ = (sa.Index("ix_participant_search_tokens_lookup", "study_id", "token", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(32))


class StatusChange(db.Model):
    """One dated step in a participant's recruitment history."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[RecruitmentStatus | None] = mapped_column(
        enum_column(RecruitmentStatus, name="from_status"))
    to_status: Mapped[RecruitmentStatus] = mapped_column(
        enum_column(RecruitmentStatus, name="to_status"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(EncryptedText)  # may tell about the person: sealed

    participant: Mapped[Participant] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()

    @staticmethod
    def study_of(target, connection) -> int | None:
        """The study whose key seals the reason: the participant's."""
        participant = target.__dict__.get("participant")
        if participant is not None and participant.study_id is not None:
            return participant.study_id
        return connection.scalar(sa.select(Participant.study_id).where(Participant.id == target.participant_id))


class TargetKind(enum.StrEnum):
    SESSIONS = "sessions"
    PARTICIPANTS = "participants"


class RecruitmentTarget(db.Model):
    """A count to reach for a stratum: sessions of a type per sector, or participants per sector."""

    __tablename__ = "recruitment_targets"
    __table_args__ = (sa.CheckConstraint("target_count > 0", name="positive_count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TargetKind] = mapped_column(enum_column(TargetKind))
    session_type: Mapped[str | None] = mapped_column(sa.String(32))
    sector: Mapped[Sector | None] = mapped_column(enum_column(Sector))
    target_count: Mapped[int]
