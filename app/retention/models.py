"""Destruction requests (two people: a coordinator asks, the ethics reviewer countersigns) and
the certificate each destruction leaves."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow


class DestructionStatus(enum.StrEnum):
    REQUESTED = "requested"
    DONE = "done"
    CANCELLED = "cancelled"


class DestructionRequest(db.Model):
    __tablename__ = "destruction_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    status: Mapped[DestructionStatus] = mapped_column(enum_column(DestructionStatus),
                                                      default=DestructionStatus.REQUESTED)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    countersigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    countersigned_at: Mapped[datetime | None]
    performed_at: Mapped[datetime | None]
    # What was destroyed and what remains, with checksums: the certificate's content.
    certificate: Mapped[dict | None] = mapped_column(sa.JSON)
    # Stored files to remove once the destruction is committed; emptied by the sweep.
    pending_files: Mapped[list | None] = mapped_column(sa.JSON)
    pending_kek: Mapped[str | None] = mapped_column(sa.String(32))

    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    countersigned_by: Mapped[User | None] = relationship(foreign_keys=[countersigned_by_id])


class ErasureRecord(db.Model):
    """A participant's erasure, with the withdrawal of their data: what went, and the line that
    certifies it. Their scans are removed from storage after the commit (pending_files)."""

    __tablename__ = "erasure_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id", ondelete="SET NULL"))
    pseudonym: Mapped[str] = mapped_column(sa.String(16))
    performed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    performed_at: Mapped[datetime] = mapped_column(default=utcnow)
    counts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    certificate_line: Mapped[str] = mapped_column(sa.Text)
    pending_files: Mapped[list | None] = mapped_column(sa.JSON)

    performed_by: Mapped[User | None] = relationship()
