"""What a study's dashboard shows. Every figure is one bounded query."""
import sqlalchemy as sa

from app.extensions import db
from app.fieldwork.models import FieldSession, SessionStatus
from app.models_base import utcnow
from app.recruitment.models import Organisation, Participant
from app.studies.models import Membership


def _count(model, study) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(model.study_id == study.id)
    )


def dashboard_context(study) -> dict:
    upcoming = db.session.scalars(
        sa.select(FieldSession)
        .where(FieldSession.study_id == study.id, FieldSession.starts_at >= utcnow(),
               FieldSession.status.in_([SessionStatus.PLANNED, SessionStatus.CONFIRMED]))
        .order_by(FieldSession.starts_at)
        .limit(5)
    ).all()
    return {
        "counts": {
            "organisations": _count(Organisation, study),
            "participants": _count(Participant, study),
            "sessions": _count(FieldSession, study),
            "members": _count(Membership, study),
        },
        "upcoming": upcoming,
    }
