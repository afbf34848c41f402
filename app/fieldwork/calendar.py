"""Calendar views by week and month, and iCalendar: a feed per user and one file per session.

Feeds carry pseudonyms and session codes, never participants' names or contacts.
"""
import secrets
from calendar import Calendar
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import icalendar
import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.core.audit import services as audit
from app.core import timezones
from app.core.extensions import db
from app.core.hashing import sha256_bytes
from app.fieldwork.labels import SESSION_STATUS_LABELS, SESSION_TYPE_LABELS
from app.fieldwork.models import (
    CalendarToken,
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
)
from app.studies.models import Membership

ICS_STATUS = {SessionStatus.PLANNED: "TENTATIVE", SessionStatus.CONFIRMED: "CONFIRMED",
              SessionStatus.POSTPONED: "TENTATIVE", SessionStatus.CANCELLED: "CANCELLED",
              SessionStatus.COMPLETED: "CONFIRMED"}


def month_range(year: int, month: int) -> tuple[date, date]:
    """The first and last day shown in a month grid (whole weeks, Monday first)."""
    weeks = Calendar().monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


def sessions_between(study, first: date, last: date, user=None) -> dict[date, list[FieldSession]]:
    """Sessions starting on each local day from first to last (their staff: queries.staff_shown)."""
    start, end = timezones.days_to_utc(first, last, study.timezone)
    query = (sa.select(FieldSession).where(FieldSession.study_id == study.id,
                                           FieldSession.starts_at >= start, FieldSession.starts_at < end)
             .order_by(FieldSession.starts_at))
    if user is not None:
        query = query.where(FieldSession.id.in_(
            sa.select(SessionStaff.session_id).where(SessionStaff.user_id == user.id)))
    days: dict[date, list[FieldSession]] = {}
    for session in db.session.scalars(query):
        days.setdefault(timezones.local_day(session.starts_at, study.timezone), []).append(session)
    return days


def week_days(anchor: date) -> list[date]:
    monday = anchor - timedelta(days=anchor.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


# --- iCalendar ---------------------------------------------------------------------------

def _event(session: FieldSession, study, url: str | None = None) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"session-{session.id}@dala")
    event.add("dtstamp", datetime.now(timezone.utc))
    event.add("dtstart", session.starts_at.replace(tzinfo=timezone.utc))
    event.add("dtend", session.ends_at.replace(tzinfo=timezone.utc))
    event.add("summary", f"{session.code} · {SESSION_TYPE_LABELS[session.type]}")
    event.add("status", ICS_STATUS[session.status])
    event.add("sequence", session.version)
    if session.location:
        event.add("location", session.location)
    lines = [f"{SESSION_STATUS_LABELS[session.status]}"]
    if session.host_organisation:
        lines.append(session.host_organisation.pseudonym)
    pseudonyms = sorted(link.participant.pseudonym for link in session.attendees)
    if pseudonyms:
        lines.append(", ".join(pseudonyms))
    if session.online_url:
        lines.append(session.online_url)
    event.add("description", "\n".join(lines))
    if url:
        event.add("url", url)
    return event


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Dala//fieldwork//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def calendar_bytes(sessions, study_of, name: str, url_of=None) -> bytes:
    """An iCalendar document with one event per session."""
    cal = _calendar(name)
    for session in sessions:
        cal.add_component(_event(session, study_of(session), url_of(session) if url_of else None))
    return cal.to_ical()


_END = b"END:VCALENDAR\r\n"


def calendar_chunks(sessions, study_of, name: str, url_of=None, batch: int = 100) -> Iterator[bytes]:
    """The bytes of `calendar_bytes` in pieces: the calendar's opening lines at once, before
    `sessions` (an iterable, read only then) is read, then the events `batch` at a time, then
    its closing line (issue 18: a feed of 2,000 sessions took 8 s before its first byte)."""
    empty = _calendar(name).to_ical()
    assert empty.endswith(_END)
    yield empty[:-len(_END)]
    pieces = []
    for session in sessions:
        pieces.append(_event(session, study_of(session), url_of(session) if url_of else None).to_ical())
        if len(pieces) >= batch:
            yield b"".join(pieces)
            pieces = []
    yield b"".join(pieces) + _END


def feed_sessions(user, since_days: int = 90) -> list[FieldSession]:
    """The sessions a user runs in every study they still belong to, recent and coming."""
    since = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=since_days)
    member_of = sa.select(Membership.study_id).where(Membership.user_id == user.id)
    query = (sa.select(FieldSession)
             .where(FieldSession.id.in_(sa.select(SessionStaff.session_id).where(SessionStaff.user_id == user.id)),
                    FieldSession.study_id.in_(member_of), FieldSession.ends_at >= since)
             .options(joinedload(FieldSession.host_organisation), joinedload(FieldSession.study))
             .order_by(FieldSession.starts_at).limit(2000))
    sessions = list(db.session.scalars(query))
    # their attendees in one query (a selectinload asks once per 500 sessions: the feed's
    # queries grew with the user's sessions up to the cap, 6 to 10)
    attendees: dict[int, list] = {}
    if sessions:
        for attendee in db.session.scalars(
                sa.select(SessionParticipant).where(SessionParticipant.session_id.in_([s.id for s in sessions]))
                .options(joinedload(SessionParticipant.participant)).order_by(SessionParticipant.id)):
            attendees.setdefault(attendee.session_id, []).append(attendee)
    for session in sessions:
        set_committed_value(session, "attendees", attendees.get(session.id, []))
    return sessions


# --- feed tokens -------------------------------------------------------------------------

def _hash(token: str) -> str:
    return sha256_bytes(token.encode())


def create_feed_token(user, actor) -> str:
    """A new secret feed address for the user; any earlier one stops working."""
    revoke_feed_token(user, actor, audited=False)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarToken(user_id=user.id, token_hash=_hash(token)))
    db.session.flush()
    audit.record(actor, "calendar.token_create", user, entity_type="users", entity_id=user.id)
    return token


def revoke_feed_token(user, actor, audited: bool = True) -> bool:
    existing = db.session.scalar(sa.select(CalendarToken).where(CalendarToken.user_id == user.id))
    if existing is None:
        return False
    db.session.delete(existing)
    db.session.flush()
    if audited:
        audit.record(actor, "calendar.token_revoke", user, entity_type="users", entity_id=user.id)
    return True


def has_feed_token(user) -> bool:
    return db.session.scalar(sa.select(CalendarToken.id).where(CalendarToken.user_id == user.id)) is not None


def user_for_token(token: str):
    """The active user a feed token belongs to, or None."""
    found = db.session.scalar(sa.select(CalendarToken).where(CalendarToken.token_hash == _hash(token)))
    if found is None or not found.user.active:
        return None
    return found.user
