"""Files kept in the database itself (DALA_STORAGE=db): one row per file, its bytes in chunks."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models_base import utcnow


class FileEntry(db.Model):
    __tablename__ = "stored_files"
    __table_args__ = (sa.UniqueConstraint("area", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(sa.String(20))
    # SHA-256 of the plain content; empty only while the file is being written, inside one transaction.
    key: Mapped[str | None] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)  # bytes stored (sealed)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)


class FileChunk(db.Model):
    __tablename__ = "stored_file_chunks"

    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id", ondelete="CASCADE"),
                                         primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
