"""Printable session protocols: one session, or every session of a day or a week, in one PDF."""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app.consent import standing
from app.core import timezones
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.pdf import render_pdf
from app.fieldwork.models import (
    FieldSession,
    SessionParticipant,
    SessionStaff,
    StaffRole,
)
from app.instruments.models import InstrumentVersion, Section
from app.instruments.texts import pick

LANGUAGES = ("ru", "kk", "en")
MAX_SESSIONS = 60


class ProtocolError(DomainError):
    """A user-facing reason why no protocol was printed."""


@dataclass
class ProtocolPage:
    session: FieldSession
    starts: datetime
    ends: datetime
    facilitators: list[str]
    note_takers: list[str]
    attendees: list[tuple[str, list[tuple[str, bool]] | None]]  # pseudonym, [(item label, yes)]


def _query():
    return sa.select(FieldSession).options(
        sa.orm.selectinload(FieldSession.staff).joinedload(SessionStaff.user),
        sa.orm.selectinload(FieldSession.attendees).joinedload(SessionParticipant.participant),
        sa.orm.joinedload(FieldSession.host_organisation),
        sa.orm.joinedload(FieldSession.instrument_version).selectinload(InstrumentVersion.sections)
        .selectinload(Section.questions),
        sa.orm.joinedload(FieldSession.instrument_version).joinedload(InstrumentVersion.instrument))


def sessions_between(study, first: date, last: date) -> list[FieldSession]:
    """The study's sessions whose start falls on these days in the study's time zone."""
    if last < first:
        raise ProtocolError(_("The end date is before the start date."))
    start, end = timezones.days_to_utc(first, last, study.timezone)
    query = _query().where(FieldSession.study_id == study.id, FieldSession.starts_at >= start,
                           FieldSession.starts_at < end).order_by(FieldSession.starts_at, FieldSession.code)
    sessions = list(db.session.scalars(query).unique())
    if not sessions:
        raise ProtocolError(_("No session starts between these dates."))
    if len(sessions) > MAX_SESSIONS:
        raise ProtocolError(ngettext("More than %(num)d session: choose a shorter period.",
                                       "More than %(num)d sessions: choose a shorter period.", MAX_SESSIONS))
    return sessions


def one_session(session_id: int) -> FieldSession:
    return db.session.scalars(_query().where(FieldSession.id == session_id)).unique().one()


def protocol_pages(study, sessions: list[FieldSession], lang: str) -> list[ProtocolPage]:
    """What each page shows: attendees by pseudonym with their consent items as a checklist."""
    ids = [a.participant_id for s in sessions for a in s.attendees]
    records, withdrawals = standing.current_records(ids), standing.withdrawals_by_participant(ids)
    pages = []
    for session in sessions:  # each attendee's consent on the session day
        day = timezones.local_day(session.starts_at, study.timezone)
        attendees = []
        for link in sorted(session.attendees, key=lambda a: a.participant.pseudonym):
            pid = link.participant_id
            record = standing.standing_of(records.get(pid), withdrawals.get(pid, []), day).record
            items = ([(record.version.item_label(key, lang), record.says_yes(key))
                      for key in record.version.item_keys] if record else None)
            attendees.append((link.participant.pseudonym, items))
        pages.append(ProtocolPage(
            session, timezones.to_local(session.starts_at, study.timezone), timezones.to_local(session.ends_at, study.timezone),
            [s.user.name for s in session.staff if s.role == StaffRole.FACILITATOR],
            [s.user.name for s in session.staff if s.role == StaffRole.NOTE_TAKER], attendees))
    return pages


def protocol_language(requested: str | None, study) -> str:
    if requested in LANGUAGES:
        return requested
    return next((code for code in (study.languages or []) if code in LANGUAGES), "en")


def render_protocols(study, sessions: list[FieldSession], lang: str) -> bytes:
    """One PDF with a protocol per session, through the one safe renderer; fixed words and dates in `lang`."""
    return render_pdf("pdf/protocol.html", locale=lang, study=study, pages=protocol_pages(study, sessions, lang),
                      lang=lang, pick=pick)
