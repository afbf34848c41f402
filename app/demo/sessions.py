"""Demo targets and sessions: 6 focus groups and 25 interviews across the three sectors,
plus participant observation, spread over past and coming weeks; those more than three days
past are completed, the last few wait for attendance. Participants' statuses follow."""
from datetime import timedelta

from app.core.audit import services as audit
from app.core.extensions import db
from app.core.models_base import utcnow
from app.demo.context import DemoContext
from app.fieldwork.models import (
    SESSION_TYPE_PREFIX,
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.recruitment.models import (
    PseudonymCounter,
    RecruitmentStatus,
    RecruitmentTarget,
    Sector,
    StatusChange,
    TargetKind,
)

GONE = (RecruitmentStatus.DECLINED, RecruitmentStatus.WITHDRAWN, RecruitmentStatus.UNREACHABLE)
SESSION_BOUND = (RecruitmentStatus.SCHEDULED, RecruitmentStatus.PARTICIPATED)
SECTORS = [Sector.CENTRAL_GOVERNMENT, Sector.LOCAL_AUTHORITY, Sector.CIVIL_SOCIETY]
COUNTS = {SessionType.FOCUS_GROUP: 6, SessionType.SEMI_STRUCTURED_INTERVIEW: 15,
          SessionType.STRUCTURED_INTERVIEW: 10, SessionType.OBSERVATION: 2}
# The reference study's 6 focus groups and 25 interviews, each type spread evenly over the weeks
# so that every type has sessions both done and still to come.
PLAN = [t for _place, _order, t in sorted((i / n, order, t) for order, (t, n) in enumerate(COUNTS.items())
                                          for i in range(n))]


def build_targets(ctx: DemoContext) -> None:
    rows = [(TargetKind.SESSIONS, SessionType.FOCUS_GROUP, sector, 2) for sector in SECTORS]
    rows += [(TargetKind.SESSIONS, SessionType.SEMI_STRUCTURED_INTERVIEW, sector, 5) for sector in SECTORS]
    rows += [(TargetKind.SESSIONS, SessionType.STRUCTURED_INTERVIEW, Sector.CENTRAL_GOVERNMENT, 4),
             (TargetKind.SESSIONS, SessionType.STRUCTURED_INTERVIEW, Sector.LOCAL_AUTHORITY, 3),
             (TargetKind.SESSIONS, SessionType.STRUCTURED_INTERVIEW, Sector.CIVIL_SOCIETY, 3)]
    rows += [(TargetKind.PARTICIPANTS, None, sector, 12) for sector in SECTORS]
    for kind, session_type, sector, count in rows:
        db.session.add(RecruitmentTarget(study_id=ctx.study.id, kind=kind, sector=sector,
                                         session_type=session_type.value if session_type else None,
                                         target_count=count))


def build_sessions(ctx: DemoContext) -> None:
    counters: dict[str, int] = {}
    start = utcnow().replace(hour=4, minute=0, second=0, microsecond=0) - timedelta(days=52)
    for index, session_type in enumerate(PLAN):
        prefix = SESSION_TYPE_PREFIX[session_type]
        counters[prefix] = counters.get(prefix, 0) + 1
        starts = start + timedelta(days=index * 2, hours=(index % 3) * 2)
        host = _host(ctx, counters[prefix] - 1)
        ctx.sessions.append(_session(ctx, index, session_type, f"{prefix}-{counters[prefix]:02d}", starts, host))
    db.session.add_all(ctx.sessions)
    for prefix, value in counters.items():
        db.session.add(PseudonymCounter(study_id=ctx.study.id, prefix=prefix, last_value=value))
    db.session.flush()
    _align_statuses(ctx)
    _audit_demo(ctx)


def _align_statuses(ctx: DemoContext) -> None:
    """Who attended a completed session participated; who is invited to a coming one is scheduled."""
    attended = {link.participant_id for s in ctx.sessions for link in s.attendees
                if link.attendance == Attendance.ATTENDED}
    invited = {link.participant_id for s in ctx.sessions if s.status != SessionStatus.COMPLETED
               for link in s.attendees}
    for person in ctx.participants:
        wanted = (RecruitmentStatus.PARTICIPATED if person.id in attended else
                  RecruitmentStatus.SCHEDULED if person.id in invited else
                  RecruitmentStatus.AGREED if person.status in SESSION_BOUND else person.status)
        if wanted != person.status:
            person.history.append(StatusChange(from_status=person.status, to_status=wanted,
                                               changed_at=utcnow() - timedelta(days=1),
                                               actor_id=ctx.users["coordinator"].id, reason="demo"))
            person.status, person.status_changed_at = wanted, utcnow() - timedelta(days=1)


def _audit_demo(ctx: DemoContext) -> None:
    """The demo's records enter the audit trail as the coordinator's work."""
    actor = ctx.users["coordinator"]
    for org in ctx.organisations:
        audit.record(actor, "organisation.create", org, after={"pseudonym": org.pseudonym})
    for person in ctx.participants:
        audit.record(actor, "participant.create", person,
                     after={"pseudonym": person.pseudonym, "status": person.status})
    for session in ctx.sessions:
        audit.record(actor, "session.create", session, after={"code": session.code, "status": session.status})


def _host(ctx: DemoContext, number: int):
    """Sessions of each type take turns across the three sectors, as the targets expect."""
    sector = SECTORS[number % len(SECTORS)]
    hosts = [org for org in ctx.organisations if org.sector == sector]
    return hosts[(number // len(SECTORS)) % len(hosts)]


def _session(ctx: DemoContext, index: int, session_type: SessionType, code: str, starts,
             host) -> FieldSession:
    # Sessions of the last three days wait for the fieldworker to record attendance.
    past = starts < utcnow() - timedelta(days=3)
    length = timedelta(hours=2 if session_type == SessionType.FOCUS_GROUP else 1)
    session = FieldSession(
        study_id=ctx.study.id, code=code, type=session_type, starts_at=starts, ends_at=starts + length,
        location=f"{host.region}, переговорная {100 + index}", host_organisation=host,
        status=SessionStatus.COMPLETED if past else (SessionStatus.CONFIRMED if (index // 2) % 2 else SessionStatus.PLANNED),
        audio_recorded=session_type != SessionType.OBSERVATION,
        field_notes="Вымышленные полевые заметки." if past else None,
    )
    facilitator = ctx.users["fieldworker" if index % 2 == 0 else "fieldworker2"]
    session.staff.append(SessionStaff(user=facilitator, role=StaffRole.FACILITATOR))
    session.staff.append(SessionStaff(user=ctx.users["coordinator"], role=StaffRole.NOTE_TAKER))
    size = 6 if session_type == SessionType.FOCUS_GROUP else 1
    available = [p for p in ctx.participants if p.status not in GONE]
    for offset in range(size):
        participant = available[(index * 3 + offset) % len(available)]
        attendance = Attendance.ATTENDED if past else Attendance.INVITED
        if past and size > 1 and offset == size - 1:
            attendance = Attendance.NO_SHOW
        session.attendees.append(SessionParticipant(participant=participant, attendance=attendance))
    return session
