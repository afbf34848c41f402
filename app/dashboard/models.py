"""The dashboard's stored counts, kept current in the transaction that changes what they count."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db


class StudyCounter(db.Model):
    """One count of a study: participants of a sector in a status, sessions of a type, host
    sector and status, organisations, completed sessions per staff member (names in
    app/dashboard/counters.py). `flask dashboard recount` compares them with a full count."""

    __tablename__ = "study_counters"
    __table_args__ = (sa.UniqueConstraint("study_id", "name", name="uq_study_counters_study_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    value: Mapped[int] = mapped_column(default=0)
