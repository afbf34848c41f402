"""Each study's data key, wrapped by the study's key-encryption key (which lives in the keystore)."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models_base import utcnow


class StudyKey(db.Model):
    __tablename__ = "study_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The studies table belongs to app.studies, above this layer: named, not imported.
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), unique=True)
    key_id: Mapped[str] = mapped_column(sa.String(16), unique=True)  # written into every sealed value
    kek_id: Mapped[str] = mapped_column(sa.String(32))  # the keystore file that unwraps it
    wrapped_key: Mapped[bytes | None] = mapped_column(sa.LargeBinary)  # None once destroyed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    destroyed_at: Mapped[datetime | None]


def destroyed_studies():
    """The ids of studies whose identifiable data was destroyed (their scans and originals went too)."""
    return sa.select(StudyKey.study_id).where(StudyKey.destroyed_at.is_not(None))
