"""Conflicts caught when a session is saved: double bookings and the ethics approval's validity."""
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.auth.models import User
from app.core import timezones
from app.core.extensions import db
from app.core.templating import local_date, local_datetime
from app.fieldwork.models import (
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
)
from app.recruitment.models import Participant

# A postponed session no longer holds its old slot; it is planned again once given new times.
ACTIVE = (SessionStatus.PLANNED, SessionStatus.CONFIRMED)


def find_conflicts(study, starts_at: datetime, ends_at: datetime, staff_ids: set[int],
                   participant_ids: set[int], exclude_id: int | None = None) -> list[str]:
    """Warnings naming the other session, for each person booked twice and for the approval."""
    warnings = _approval_warnings(study, ends_at)
    overlapping = (sa.select(FieldSession.id).where(
        FieldSession.study_id == study.id, FieldSession.status.in_(ACTIVE),
        FieldSession.starts_at < ends_at, FieldSession.ends_at > starts_at))
    if exclude_id:
        overlapping = overlapping.where(FieldSession.id != exclude_id)
    if staff_ids:
        rows = db.session.execute(
            sa.select(FieldSession, User).join(SessionStaff, SessionStaff.session_id == FieldSession.id)
            .join(User, User.id == SessionStaff.user_id)
            .where(FieldSession.id.in_(overlapping), SessionStaff.user_id.in_(staff_ids))
            .order_by(FieldSession.starts_at))
        warnings += [_("%(person)s is already booked in %(code)s at %(when)s.", person=user.name,
                       code=other.code, when=_when(other, study)) for other, user in rows.unique()]
    if participant_ids:
        rows = db.session.execute(
            sa.select(FieldSession, Participant)
            .join(SessionParticipant, SessionParticipant.session_id == FieldSession.id)
            .join(Participant, Participant.id == SessionParticipant.participant_id)
            .where(FieldSession.id.in_(overlapping), SessionParticipant.participant_id.in_(participant_ids))
            .order_by(FieldSession.starts_at))
        warnings += [_("Participant %(person)s is already invited to %(code)s at %(when)s.",
                       person=p.pseudonym, code=other.code, when=_when(other, study))
                     for other, p in rows.unique()]
    return warnings


def _when(session: FieldSession, study) -> str:
    return local_datetime(session.starts_at, study.timezone)


def _approval_warnings(study, ends_at: datetime) -> list[str]:
    valid_until = study.approval_valid_until
    if valid_until is None:
        return []
    if timezones.local_day(ends_at, study.timezone) > valid_until:
        return [_("The session falls after the ethics approval's validity (until %(date)s).",
                  date=local_date(valid_until))]
    return []
