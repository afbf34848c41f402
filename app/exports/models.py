"""The record of every bundle that left Dala: who, when, which filters, its checksum."""
import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow


class BundleFormat(enum.StrEnum):
    ZIP = "zip"
    QDPX = "qdpx"


class Bundle(db.Model):
    __tablename__ = "bundles"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    format: Mapped[BundleFormat] = mapped_column(enum_column(BundleFormat))
    filters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    file_name: Mapped[str] = mapped_column(sa.String(200))
    checksum: Mapped[str] = mapped_column(sa.String(64))
    size_bytes: Mapped[int]
    transcript_count: Mapped[int]
    withheld_turns: Mapped[int] = mapped_column(default=0)
    # Session codes left out and why: shown on the confirmation page, never in the bundle.
    left_out: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)

    created_by: Mapped[User | None] = relationship()
