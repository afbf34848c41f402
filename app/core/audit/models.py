"""The append-only, hash-chained audit trail."""
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    study_id: Mapped[int | None] = mapped_column(sa.ForeignKey("studies.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64))
    entity_type: Mapped[str] = mapped_column(sa.String(64))
    entity_id: Mapped[str] = mapped_column(sa.String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # Unique: two writers that read the same tail cannot both append after it.
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    actor: Mapped["User | None"] = relationship("User")  # noqa: F821 (app.auth sits above the audit trail)

    __table_args__ = (
        sa.Index("ix_audit_events_entity", "entity_type", "entity_id"),
        # the study's trail, newest first, whole or for one record: keyset pages (issue 18)
        sa.Index("ix_audit_events_study_newest", "study_id", "id"),
        sa.Index("ix_audit_events_study_entity_id", "study_id", "entity_type", "entity_id", "id"),
    )


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise PermissionError("Audit events are append-only.")
