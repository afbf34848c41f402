"""Sessions: scheduling, status changes, attendance and completion."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import defer, selectinload

from app.core import concurrency, keyset, reasons, timezones
from app.core.audit import services as audit
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork.checks import attendance_refusals, completion_refusals
from app.fieldwork.conflicts import find_conflicts
from app.fieldwork import own
from app.fieldwork.models import (
    SESSION_TYPE_PREFIX,
    Attendance,
    CompletionDraft,
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.recruitment import services as recruitment
from app.recruitment.models import Organisation, Participant, RecruitmentStatus
from app.studies.models import Membership, Role

SESSION_FIELDS = ["code", "type", "starts_at", "ends_at", "location", "online_url",
                  "host_organisation_id", "audio_recorded", "status"]
GUARDED_FIELDS = SESSION_FIELDS + ["staff", "participants"]  # what the edit form's guard compares
BEFORE_SCHEDULED = (RecruitmentStatus.IDENTIFIED, RecruitmentStatus.CONTACTED, RecruitmentStatus.AGREED)
OPEN = (SessionStatus.PLANNED, SessionStatus.CONFIRMED, SessionStatus.POSTPONED)


class FieldworkError(DomainError):
    """A user-facing reason why a session change was refused."""


class ConflictWarning(FieldworkError):
    """The session clashes with others; saving needs the coordinator's explicit override."""

    def __init__(self, warnings: list[str]):
        super().__init__("; ".join(warnings))
        self.warnings = warnings


class AttendanceRefused(FieldworkError):
    """Attendance or completion refused by a registered check (e.g. consent is missing)."""

    def __init__(self, messages: list[str], participant_ids: list[int] | None = None):
        super().__init__(" ".join(messages))
        self.messages = messages
        self.participant_ids = participant_ids or []


@dataclass
class SessionPlan:
    """What a coordinator decides when scheduling a session; times are naive UTC."""

    type: SessionType
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    online_url: str | None = None
    host_organisation_id: int | None = None
    audio_recorded: bool = False
    facilitator_ids: list[int] = field(default_factory=list)
    note_taker_id: int | None = None
    participant_ids: list[int] = field(default_factory=list)


def create_session(study, plan: SessionPlan, actor, override: bool = False) -> FieldSession:
    """Schedule a session; conflicts stop it unless the coordinator overrides them."""
    warnings = _check_plan(study, plan, override, exclude_id=None)
    session = FieldSession(study_id=study.id, code=recruitment.next_pseudonym(
        study.id, SESSION_TYPE_PREFIX[plan.type], sep="-"), status=SessionStatus.PLANNED)
    _apply_plan(session, plan)
    db.session.add(session)
    db.session.flush()
    audit.record(actor, "session.create", session, after=_snapshot(session))
    _schedule_invited(session, plan.participant_ids, actor)
    _audit_override(session, warnings, actor)
    return session


def update_session(session: FieldSession, plan: SessionPlan, actor, override: bool = False,
                   expected_version=None, loaded=None) -> FieldSession:
    """Change a session's logistics; completed and cancelled sessions stay as they are.

    `expected_version`/`loaded` are the form's guard: a session saved by someone else since the
    form was opened is refused with concurrency.StaleEdit (app/concurrency.py).
    """
    concurrency.check(session, expected_version, loaded, GUARDED_FIELDS, values=guarded_values(session))
    if session.status not in OPEN:
        raise FieldworkError(_("A completed or cancelled session cannot be edited."))
    study = session.study
    warnings = _check_plan(study, plan, override, exclude_id=session.id)
    before = _snapshot(session)
    moved = (plan.starts_at, plan.ends_at) != (session.starts_at, session.ends_at)
    _apply_plan(session, plan)
    if moved and session.status == SessionStatus.POSTPONED:
        session.status = SessionStatus.PLANNED  # rescheduled: planned again, to be confirmed
    if _snapshot(session) != before:
        concurrency.touch(session)  # staff or attendees alone changed: the counter moves too
    concurrency.flush()
    audit.record(actor, "session.update", session, before=before, after=_snapshot(session))
    _schedule_invited(session, plan.participant_ids, actor)
    _audit_override(session, warnings, actor)
    return session


def _check_plan(study, plan: SessionPlan, override: bool, exclude_id) -> list[str]:
    """Refuse a plan that cannot be; return the conflicts the coordinator chose to override."""
    if plan.ends_at <= plan.starts_at:
        raise FieldworkError(_("The session must end after it starts."))
    if not (plan.location or plan.online_url):
        raise FieldworkError(_("Give a place or an online link."))
    staff = set(plan.facilitator_ids) | ({plan.note_taker_id} if plan.note_taker_id else set())
    _check_staff(study, staff)
    _check_in_study(study, plan)
    warnings = find_conflicts(study, plan.starts_at, plan.ends_at, staff, set(plan.participant_ids),
                              exclude_id)
    if warnings and not override:
        raise ConflictWarning(warnings)
    return warnings


def _audit_override(session, warnings: list[str], actor) -> None:
    """Saving despite a warning is a deliberate choice, and the trail says so."""
    if warnings:
        audit.record(actor, "session.conflict_override", session, after={"warnings": warnings})


def _check_staff(study, user_ids: set[int]) -> None:
    if not user_ids:
        return
    found = set(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.study_id == study.id, Membership.user_id.in_(user_ids),
        Membership.role.in_([Role.COORDINATOR, Role.FIELDWORKER]))))
    if found != user_ids:
        raise FieldworkError(_("Facilitators and note-takers must be coordinators or fieldworkers of the study."))


def _check_in_study(study, plan: SessionPlan) -> None:
    """The invitees and the host organisation are the study's own."""
    invited = set(plan.participant_ids)
    if invited and len(invited) != db.session.scalar(sa.select(sa.func.count()).select_from(Participant).where(
            Participant.id.in_(invited), Participant.study_id == study.id)):
        raise FieldworkError(_("Only participants of this study can be invited."))
    if plan.host_organisation_id is not None:
        host = db.session.get(Organisation, plan.host_organisation_id)
        if host is None or host.study_id != study.id:
            raise FieldworkError(_("The host organisation must be one of this study's organisations."))


def _apply_plan(session: FieldSession, plan: SessionPlan) -> None:
    for name in ("type", "starts_at", "ends_at", "location", "online_url", "host_organisation_id",
                 "audio_recorded"):
        setattr(session, name, getattr(plan, name))
    wanted = [(uid, StaffRole.FACILITATOR) for uid in dict.fromkeys(plan.facilitator_ids)]
    if plan.note_taker_id:
        wanted.append((plan.note_taker_id, StaffRole.NOTE_TAKER))
    session.staff = ([s for s in session.staff if (s.user_id, s.role) in wanted]
                     + [SessionStaff(user_id=u, role=r) for u, r in wanted
                        if (u, r) not in {(s.user_id, s.role) for s in session.staff}])
    keep = set(plan.participant_ids)
    existing = {a.participant_id for a in session.attendees}
    session.attendees = ([a for a in session.attendees if a.participant_id in keep]
                         + [SessionParticipant(participant_id=pid) for pid in plan.participant_ids
                            if pid not in existing])


def _schedule_invited(session: FieldSession, participant_ids: list[int], actor) -> None:
    """Invited participants not yet scheduled become scheduled, with a history entry."""
    if not participant_ids:
        return
    waiting = db.session.scalars(sa.select(Participant).where(
        Participant.id.in_(participant_ids), Participant.status.in_(BEFORE_SCHEDULED)))
    for participant in waiting:
        recruitment.change_status(participant, RecruitmentStatus.SCHEDULED, actor,
                                  reasons.coded("invited", session=session.code))


def guarded_values(session: FieldSession) -> dict:
    """The session as the edit form's guard compares and shows it: local times and names."""
    values = audit.snapshot(session, SESSION_FIELDS)
    for name in ("starts_at", "ends_at"):
        moment = timezones.to_local(getattr(session, name), session.study.timezone)
        values[name] = moment.strftime("%Y-%m-%d %H:%M") if moment else None
    values["host_organisation_id"] = session.host_organisation.name if session.host_organisation else None
    values["staff"] = sorted(f"{s.user.name} ({s.role.value})" for s in session.staff)
    values["participants"] = sorted(a.participant.pseudonym for a in session.attendees)
    return values


def _snapshot(session: FieldSession) -> dict:
    values = audit.snapshot(session, SESSION_FIELDS)
    values["staff"] = sorted(f"{s.role}:{s.user_id}" for s in session.staff)
    values["participants"] = sorted(a.participant_id for a in session.attendees)
    return values


# --- status changes ----------------------------------------------------------------------

TRANSITIONS = {
    SessionStatus.CONFIRMED: (SessionStatus.PLANNED, SessionStatus.POSTPONED),
    SessionStatus.POSTPONED: (SessionStatus.PLANNED, SessionStatus.CONFIRMED),
    SessionStatus.CANCELLED: OPEN,
}
VERBS = {SessionStatus.CONFIRMED: "session.confirm", SessionStatus.POSTPONED: "session.postpone",
         SessionStatus.CANCELLED: "session.cancel"}


def set_status(session: FieldSession, to_status: SessionStatus, actor, reason: str | None = None) -> None:
    """Confirm, postpone or cancel a session, with the reason in the audit trail."""
    if session.status not in TRANSITIONS.get(to_status, ()):
        raise FieldworkError(_("This session cannot be changed that way in its current status."))
    before = {"status": session.status}
    session.status = to_status
    db.session.flush()
    audit.record(actor, VERBS[to_status], session, before=before,
                 after={"status": to_status, "reason": reason or None})


# --- attendance and completion -----------------------------------------------------------

def record_attendance(session: FieldSession, participant: Participant, attendance: Attendance, actor) -> None:
    """Record one participant's attendance; the registered checks may refuse `attended`."""
    link = _link(session, participant)
    if attendance == Attendance.ATTENDED and (refusals := attendance_refusals(session, participant)):
        raise AttendanceRefused(refusals, [participant.id])
    before = {"participant": participant.pseudonym, "attendance": link.attendance}
    link.attendance = attendance
    db.session.flush()
    audit.record(actor, "session.attendance", session, before=before,
                 after={"participant": participant.pseudonym, "attendance": attendance})
    if attendance == Attendance.ATTENDED and session.status == SessionStatus.COMPLETED:
        _mark_participated(session, [participant], actor)


def _link(session: FieldSession, participant: Participant) -> SessionParticipant:
    for link in session.attendees:
        if link.participant_id == participant.id:
            return link
    raise FieldworkError(_("%(who)s is not invited to this session.", who=participant.pseudonym))


def complete_session(session: FieldSession, attendance: dict[int, Attendance], field_notes: str | None,
                     actor) -> None:
    """Complete a session with everyone's attendance and the field notes; all or nothing."""
    if session.status not in (SessionStatus.PLANNED, SessionStatus.CONFIRMED):
        raise FieldworkError(_("Only a planned or confirmed session can be completed."))
    if session.starts_at > utcnow():
        raise FieldworkError(_("A session can be completed only once it has started."))
    marks = {link.participant_id: attendance.get(link.participant_id, link.attendance)
             for link in session.attendees}
    if any(mark == Attendance.INVITED for mark in marks.values()):
        raise FieldworkError(_("Mark every invited participant as attended or no-show."))
    _refuse_if_checks_fail(session, marks)
    before = {"status": session.status, "attendance": _attendance_of(session)}
    for link in session.attendees:
        link.attendance = marks[link.participant_id]
    session.field_notes, session.status = field_notes or None, SessionStatus.COMPLETED
    db.session.flush()
    audit.record(actor, "session.complete", session, before=before,
                 after={"status": session.status, "attendance": _attendance_of(session),
                        "field_notes_length": len(field_notes or "")})
    _mark_participated(session, [att.participant for att in session.attendees
                                 if att.attendance == Attendance.ATTENDED], actor)
    db.session.execute(sa.delete(CompletionDraft).where(CompletionDraft.session_id == session.id))


def _refuse_if_checks_fail(session: FieldSession, marks: dict[int, Attendance]) -> None:
    """Run the registered checks on the attendance as it would be; restore it either way."""
    saved = {link.participant_id: link.attendance for link in session.attendees}
    for link in session.attendees:
        link.attendance = marks[link.participant_id]
    try:
        refused, messages = [], []
        for link in session.attendees:
            if link.attendance == Attendance.ATTENDED:
                found = attendance_refusals(session, link.participant)
                refused += [link.participant_id] if found else []
                messages += found
        messages += completion_refusals(session)
    finally:
        for link in session.attendees:
            link.attendance = saved[link.participant_id]
    if messages:
        raise AttendanceRefused(messages, refused)


def _attendance_of(session: FieldSession) -> dict[str, str]:
    return {link.participant.pseudonym: link.attendance for link in session.attendees}


def _mark_participated(session: FieldSession, participants, actor) -> None:
    for participant in participants:
        if participant.status != RecruitmentStatus.PARTICIPATED:
            recruitment.change_status(participant, RecruitmentStatus.PARTICIPATED, actor,
                                      reasons.coded("attended", session=session.code))


# --- who sees which sessions -------------------------------------------------------------

def invite(session: FieldSession, participants, actor) -> tuple[list, list]:
    """Issue 15 (bulk invite): add participants to an open session, each its own audit event,
    those not yet scheduled becoming scheduled. Already invited, declined, withdrawn or
    unreachable participants are skipped. Returns (invited, skipped)."""
    if session.status not in OPEN:
        raise FieldworkError(_("Only a planned, confirmed or postponed session takes invitees."))
    gone = (RecruitmentStatus.DECLINED, RecruitmentStatus.WITHDRAWN, RecruitmentStatus.UNREACHABLE)
    present = {a.participant_id for a in session.attendees}
    invited, skipped = [], []
    for participant in participants:
        if participant.id in present or participant.status in gone or participant.study_id != session.study_id:
            skipped.append(participant)
            continue
        session.attendees.append(SessionParticipant(participant_id=participant.id))
        present.add(participant.id)
        invited.append(participant)
    if invited:
        concurrency.touch(session)
        concurrency.flush()
        for participant in invited:
            audit.record(actor, "session.invite", session, after={"participant": participant.pseudonym})
        _schedule_invited(session, [p.id for p in invited], actor)
    return invited, skipped


INVITABLE_SHOWN = 100  # the bulk form's choice; a study plans far fewer sessions ahead than this


def invitable_sessions(study) -> list[sa.Row]:
    """Sessions still to be held (planned or confirmed and not over, or postponed), soonest first,
    at most INVITABLE_SHOWN of them, as rows of what the bulk form's choice shows (id, code,
    start, status). Issue 18: read as three bounded index ranges (postponed ones and those
    under way through the status index, those to come from now on the start index), not by
    walking every session over (25 ms at 50,000 participants); columns, not sessions: loading
    a hundred whole sessions (notes unsealed) was a sixth of the participant list's CPU time.
    The statement is built once, the study and the moment bound at each call (building its
    union of three selects was a twelfth of the participant list's CPU time)."""
    statement = _invitable_statement(INVITABLE_SHOWN)
    return list(db.session.execute(statement, {"study_id": study.id, "now": utcnow()}))


@cache
def _invitable_statement(shown: int) -> sa.Select:
    study_id, now = sa.bindparam("study_id"), sa.bindparam("now")
    query = (sa.select(FieldSession.id, FieldSession.code, FieldSession.starts_at, FieldSession.status)
             .where(FieldSession.study_id == study_id))
    held = [SessionStatus.PLANNED, SessionStatus.CONFIRMED]
    later = sa.func.coalesce(FieldSession.starts_at, FieldSession.starts_at)  # sorted, not walked
    parts = [  # three sets apart (postponed; held, started; held, to come): one statement, no duplicates
        query.where(FieldSession.status == SessionStatus.POSTPONED).order_by(FieldSession.starts_at),
        query.where(FieldSession.status.in_(held), FieldSession.starts_at < now,
                    sa.func.coalesce(FieldSession.ends_at, FieldSession.ends_at) >= now).order_by(later),
        query.where(FieldSession.status.in_(held), FieldSession.starts_at >= now).order_by(FieldSession.starts_at),
    ]
    both = sa.union_all(*(sa.select(part.limit(shown).subquery()) for part in parts)).subquery()
    return sa.select(both).order_by(both.c.starts_at, both.c.id).limit(shown)


def save_completion_draft(session: FieldSession, user, marks: dict[int, str], field_notes: str | None) -> None:
    """Issue 15: keep what the user typed in the completion form (one draft per session and user)."""
    draft = db.session.scalar(sa.select(CompletionDraft).filter_by(session_id=session.id, user_id=user.id))
    if draft is None:
        draft = CompletionDraft(session_id=session.id, user_id=user.id)
        db.session.add(draft)
    invited = {link.participant_id for link in session.attendees}
    draft.marks = {str(pid): str(mark) for pid, mark in marks.items()
                   if pid in invited and mark in {a.value for a in Attendance}}
    draft.field_notes = field_notes or ""
    draft.saved_at = utcnow()
    db.session.flush()


def completion_draft(session: FieldSession, user) -> CompletionDraft | None:
    return db.session.scalar(sa.select(CompletionDraft).filter_by(session_id=session.id, user_id=user.id))


def overdue_own_sessions(study, user) -> list:
    """Issue 15: the user's sessions that are over but still planned or confirmed (attendance
    not yet recorded) in the last OVERDUE_WINDOW, oldest first; the first OVERDUE_SHOWN of them.
    Issue 18: read through the status index (the sessions not done that started before now,
    which are only the overdue and the under way), the end worked out on those rows: as a range
    of the end index it read every session of the window (5x more at 50,000 participants)."""
    now = utcnow()
    ended = sa.func.coalesce(FieldSession.ends_at, FieldSession.ends_at)  # not the end index's range
    query = own_sessions_page(study, user).where(
        FieldSession.starts_at < now, ended < now, ended >= now - OVERDUE_WINDOW,
        FieldSession.status.in_([SessionStatus.PLANNED, SessionStatus.CONFIRMED]))
    # sorted on those few rows: an order the start index serves would walk every session begun
    started = sa.func.coalesce(FieldSession.starts_at, FieldSession.starts_at)
    return list(db.session.scalars(query.order_by(started, FieldSession.id).limit(OVERDUE_SHOWN)))


def own_sessions_page(study, user):
    """The user's own sessions of this study (own.own_sessions: read from their staff rows),
    with what a row of "My sessions" shows."""
    return (own.own_sessions(study, user)
            .options(defer(FieldSession.field_notes),  # sealed, and not on the page
                     selectinload(FieldSession.host_organisation).load_only(Organisation.pseudonym)))


def my_sessions_order(when: str) -> list:
    """'My sessions' in the order the sessions end, coming ones (not over) first: a range of
    the user's (user, study, end, session) staff index read in order (own.OWN_ENDS), so a page
    costs the same at any study size and however many of its sessions the user runs (issue 18).
    One person's sessions do not overlap (conflicts.py warns), so this is also the order they start."""
    return keyset.keys(*own.OWN_ENDS, direction="desc" if when == "past" else "asc")


def my_sessions_query(study, user, when: str):
    now = utcnow()
    ends = own.OWN_ENDS[0]
    return own_sessions_page(study, user).where(ends < now if when == "past" else ends >= now)


OVERDUE_SHOWN = 50
OVERDUE_WINDOW = timedelta(days=90)  # older ones stay under "Past" with their marker


def is_overdue(session) -> bool:
    return session.status in (SessionStatus.PLANNED, SessionStatus.CONFIRMED) and session.ends_at < utcnow()


def has_started(session) -> bool:
    return session.starts_at <= utcnow()
