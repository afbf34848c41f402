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
    __table_args__ = (sa.UniqueConstraint("study_id", "purpose"),)

    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"))
    # "data": the study's identifying values and files; "consent": its consent scans, kept for the
    # consent-evidence period, which may outlast the identifiable data (app.retention).
    purpose: Mapped[str] = mapped_column(sa.String(16), default="data", server_default="data")
    key_id: Mapped[str] = mapped_column(sa.String(16), unique=True)  # written into every sealed value
    kek_id: Mapped[str] = mapped_column(sa.String(32))  # the keystore file that unwraps it
    wrapped_key: Mapped[bytes | None] = mapped_column(sa.LargeBinary)  # None once destroyed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    destroyed_at: Mapped[datetime | None]


def scans_destroyed():
    """The ids of studies whose consent scans were destroyed: their consent key was, or their data
    key was and no consent key kept them."""
    kept = sa.select(StudyKey.study_id).where(StudyKey.purpose == "consent", StudyKey.wrapped_key.is_not(None))
    return sa.union(
        sa.select(StudyKey.study_id).where(StudyKey.destroyed_at.is_not(None), StudyKey.purpose == "consent"),
        sa.select(StudyKey.study_id).where(StudyKey.destroyed_at.is_not(None), StudyKey.purpose == "data",
                                           StudyKey.study_id.not_in(kept)))


def destroyed_studies(purpose: str = "data"):
    """The ids of studies whose identifiable data (purpose "data": uploaded originals) or consent
    evidence (purpose "consent": scans) was destroyed."""
    return sa.select(StudyKey.study_id).where(StudyKey.destroyed_at.is_not(None), StudyKey.purpose == purpose)
