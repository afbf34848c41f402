"""The ethics desk's marks (issue 18): which attendees raise a session flag, kept current in the
transaction of every change the rule depends on.

A session flag (attended without valid consent, recorded without a yes to recording, consent on
a version retired before the session) depends only on stored data: the attendee's attendance,
the session's start, status and recording, the participant's consent records and withdrawals,
the versions' status and retirement day and the study's time zone; not on today. So each
attendee that raises one is marked (SessionFlagMark) and the desk reads the marked rows of
the study by index, however many sessions were attended.

`install()` (called from app/wiring.py) listens to the ORM's flushes like the dashboard's
counters: a flush that writes any of those notes what it touched (attendees, sessions,
participants, versions, studies) and, once the flush is done, the marks of every attendee
they reach are worked out again in the same transaction by the one rule
(app.consent.flags.session_flags over app.consent.standing), a few hundred attendees a
time (a change reaches a participant's sessions or a session's attendees; retiring a
version or moving the study's zone reaches more, and is rare). Writes that bypass the
ORM (bulk inserts in benches and volume tests) must call `recount`; `flask dashboard recount`
compares the marks with the rule run over the whole study and repairs them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, joinedload

from app.consent import desk_state, flagged
from app.consent import flags as rules
from app.consent.models import (
    ConsentFormVersion,
    ConsentNote,
    ConsentRecord,
    ConsentWithdrawal,
    SessionFlagMark,
)
from app.core import timezones
from app.core.extensions import db
from app.core.models_base import attrs_changed
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStatus,
)
from app.recruitment.models import Participant
from app.studies.models import Study

PENDING = "consent.desk_marks"
SESSION_FIELDS = ("starts_at", "status", "audio_recorded", "study_id")
ATTENDEE_FIELDS = ("attendance", "participant_id", "session_id")
VERSION_FIELDS = ("status", "retired_on")


@dataclass
class Touched:
    """What a flush wrote that a session flag depends on."""

    attendees: set = field(default_factory=set)
    sessions: set = field(default_factory=set)
    participants: set = field(default_factory=set)
    versions: set = field(default_factory=set)
    studies: set = field(default_factory=set)
    # participants whose desk state only (app.consent.desk_state) may change: a note on their
    # record, an attendee removed (its mark goes with it), a higher area's flag
    # (app.consent.flags.MORE_FLAGS_REACH)
    desk: set = field(default_factory=set)

    def marks(self) -> bool:
        return bool(self.attendees or self.sessions or self.participants or self.versions or self.studies)

    def __bool__(self) -> bool:
        return self.marks() or bool(self.desk)

    def add(self, other: Touched) -> None:
        for name in ("attendees", "sessions", "participants", "versions", "studies", "desk"):
            getattr(self, name).update(getattr(other, name))

    def reach(self):
        """The attendees these reach, as a condition on SessionParticipant and FieldSession."""
        conditions = []
        if self.attendees:
            conditions.append(SessionParticipant.id.in_(sorted(self.attendees)))
        if self.sessions:
            conditions.append(SessionParticipant.session_id.in_(sorted(self.sessions)))
        if self.participants:
            conditions.append(SessionParticipant.participant_id.in_(sorted(self.participants)))
        if self.versions:
            conditions.append(SessionParticipant.participant_id.in_(
                sa.select(ConsentRecord.participant_id).where(ConsentRecord.version_id.in_(sorted(self.versions)))))
        if self.studies:
            conditions.append(FieldSession.study_id.in_(sorted(self.studies)))
        return sa.or_(*conditions)


# --- working the marks out ---------------------------------------------------------------

CHUNK = 500


def flagged_attendees(where) -> dict[int, int]:
    """Attendee id -> study id of the attended invitees `where` reaches (sessions not cancelled)
    that raise a session flag, by the one rule (app.consent.flags.session_flags), in chunks."""
    reached = list(db.session.scalars(
        sa.select(SessionParticipant.id).join(FieldSession, FieldSession.id == SessionParticipant.session_id)
        .where(where, FieldSession.status != SessionStatus.CANCELLED,
               SessionParticipant.attendance == Attendance.ATTENDED).order_by(SessionParticipant.id)))
    found: dict[int, int] = {}
    for start in range(0, len(reached), CHUNK):
        attendees = db.session.scalars(
            sa.select(SessionParticipant).where(SessionParticipant.id.in_(reached[start:start + CHUNK]))
            .options(joinedload(SessionParticipant.session), joinedload(SessionParticipant.participant))).all()
        by_study: dict[int, list] = {}
        for attendee in attendees:
            by_study.setdefault(attendee.session.study_id, []).append(attendee)
        for study_id, group in by_study.items():
            study = db.session.get(Study, study_id)
            data = flagged.consent_data(study, timezones.today(study.timezone), group)
            raised = {(f.participant_id, f.session_id) for f in rules.session_flags(data)}
            found.update({a.id: study_id for a in group if (a.participant_id, a.session_id) in raised})
    return found


def refresh(connection, touched: Touched) -> None:
    """Work the marks of every attendee `touched` reaches out again, then the desk state of
    their participants and of the others touched (app.consent.desk_state)."""
    if not touched:
        return
    people = set(touched.desk) | set(touched.participants)
    if touched.marks():
        where = touched.reach()
        reached = (sa.select(SessionParticipant.id)
                   .join(FieldSession, FieldSession.id == SessionParticipant.session_id).where(where))
        people.update(connection.execute(
            sa.select(SessionParticipant.participant_id)
            .join(FieldSession, FieldSession.id == SessionParticipant.session_id).where(where)).scalars())
        connection.execute(sa.delete(SessionFlagMark).where(SessionFlagMark.session_participant_id.in_(reached)))
        found = flagged_attendees(where)
        if found:
            connection.execute(sa.insert(SessionFlagMark), [{"session_participant_id": attendee, "study_id": study}
                                                            for attendee, study in sorted(found.items())])
    desk_state.refresh(connection, people)


# --- the flush listener ------------------------------------------------------------------

def _participants(obj) -> set:
    """The participant of a record or withdrawal, and the one before this flush if it changed."""
    history = inspect(obj).attrs["participant_id"].history
    return {v for v in (*history.deleted, obj.participant_id) if v is not None}


def _dropped_invitees(field_session) -> set:
    """The participants taken off a session's invitees in this flush: the rows are orphans the
    flush deletes (delete-orphan), so they never stand in the session's deleted objects."""
    removed = inspect(field_session).attrs["attendees"].history.deleted
    return {link.participant_id for link in removed if link.participant_id is not None}


def collect(session: Session) -> Touched:
    touched = Touched()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, SessionParticipant):
            if obj in session.deleted:  # its mark goes with it (ON DELETE CASCADE)
                touched.desk.update(_participants(obj))
                continue
            if obj in session.new or attrs_changed(obj, *ATTENDEE_FIELDS):
                touched.attendees.add(obj.id)
        elif isinstance(obj, FieldSession):
            if obj in session.dirty and attrs_changed(obj, *SESSION_FIELDS):
                touched.sessions.add(obj.id)
            touched.desk.update(_dropped_invitees(obj))
        elif isinstance(obj, (ConsentRecord, ConsentWithdrawal)):
            if obj in session.new or obj in session.deleted or attrs_changed(obj, *_columns(obj)):
                touched.participants.update(_participants(obj))
        elif isinstance(obj, ConsentNote):
            record = session.get(ConsentRecord, obj.record_id) if obj.record_id else obj.record
            if record is not None:
                touched.desk.add(record.participant_id)
        elif isinstance(obj, ConsentFormVersion):
            if obj in session.dirty and attrs_changed(obj, *VERSION_FIELDS):
                touched.versions.add(obj.id)
        elif isinstance(obj, Study) and obj in session.dirty and attrs_changed(obj, "timezone"):
            touched.studies.add(obj.id)
    for reach in rules.MORE_FLAGS_REACH:  # the higher areas' flags (a transcript approved, a speaker mapped)
        touched.desk.update(pid for pid in reach(session) if pid is not None)
    return touched


def _columns(obj) -> list[str]:
    return [column.key for column in inspect(type(obj)).column_attrs]


def _after_flush(session: Session, _context) -> None:
    with session.no_autoflush:
        touched = collect(session)
    if touched:
        session.info.setdefault(PENDING, Touched()).add(touched)


def _after_flush_postexec(session: Session, _context) -> None:
    touched = session.info.pop(PENDING, None)
    if touched:
        with session.no_autoflush:
            refresh(session.connection(), touched)


def _forget(session: Session, _previous=None) -> None:
    session.info.pop(PENDING, None)


def install() -> None:
    """Keep the marks current on every flush of the app's session (once per process)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
        event.listen(db.session, "after_flush_postexec", _after_flush_postexec)
        event.listen(db.session, "after_soft_rollback", _forget)


# --- recount -----------------------------------------------------------------------------

def stored(study_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(SessionFlagMark.session_participant_id)
                                  .where(SessionFlagMark.study_id == study_id)))


def full_marks(study_id: int, data: rules.ConsentData | None = None) -> set[int]:
    """The attendees the rule flags, from the whole study (app.consent.flags.load: every
    attended invitee, record and withdrawal; no SQL filter). `data`: that load, when the
    caller has it (the recount reads the study once for the marks and the desk state)."""
    if data is None:
        data = rules.load(db.session.get(Study, study_id))
    raised = {(f.participant_id, f.session_id) for f in rules.session_flags(data)}
    return {attendee.id for attendee, _day in data.attended if (attendee.participant_id, attendee.session_id) in raised}


def differences(study_id: int, data: rules.ConsentData | None = None) -> dict[int, tuple[bool, bool]]:
    """Attendee id -> (marked, flagged by the rule) wherever they differ."""
    marked, true = stored(study_id), full_marks(study_id, data)
    return {attendee: (attendee in marked, attendee in true) for attendee in sorted(marked ^ true)}


def recount(study_id: int, data: rules.ConsentData | None = None) -> dict[int, tuple[bool, bool]]:
    """Make the study's marks the rule's: `differences` (the rule over the whole study, once),
    then each wrong mark dropped and each missing one added; returns what was wrong. Flushes."""
    wrong = differences(study_id, data)
    stale = [attendee for attendee, (marked, _flagged) in wrong.items() if marked]
    for start in range(0, len(stale), CHUNK):
        db.session.execute(sa.delete(SessionFlagMark).where(
            SessionFlagMark.study_id == study_id, SessionFlagMark.session_participant_id.in_(stale[start:start + CHUNK])))
    missing = [{"session_participant_id": attendee, "study_id": study_id}
               for attendee, (marked, _flagged) in wrong.items() if not marked]
    if missing:
        db.session.execute(sa.insert(SessionFlagMark), missing)
    db.session.flush()
    return wrong


def describe(attendee_ids) -> dict[int, str]:
    """Attendee id -> "P05 in SSI-03", for the recount's report."""
    ids = list(attendee_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(SessionParticipant.id, Participant.pseudonym, FieldSession.code)
        .join(Participant, Participant.id == SessionParticipant.participant_id)
        .join(FieldSession, FieldSession.id == SessionParticipant.session_id)
        .where(SessionParticipant.id.in_(ids)))
    return {attendee: f"{pseudonym} in {code}" for attendee, pseudonym, code in rows}
