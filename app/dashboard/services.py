"""What a study's dashboard shows: the funnel, targets, sessions, stale contacts, load.

Counts over the whole study (the funnel, the targets' strata, sessions done per person) come
from the stored counters (app/dashboard/counters.py, one query); lists read only what they
show through an index (the next sessions, the overdue ones, the stale contacts), so the page
costs the same at 50,000 participants as at 50. Bars are computed here as percentages.
"""
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import g
from flask_login import current_user
from sqlalchemy.orm import aliased, joinedload, load_only, selectinload

from app.auth.models import User
from app.core.extensions import db
from app.core.models_base import utcnow
from app.dashboard import counters
from app.fieldwork import own
from app.fieldwork.models import FieldSession, SessionStaff, SessionStatus
from app.fieldwork.queries import LISTED, staff_shown
from app.recruitment import services as recruitment
from app.retention import services as retention
from app.recruitment.models import (
    Organisation,
    RecruitmentStatus,
    RecruitmentTarget,
    TargetKind,
)
from app.studies.models import Membership, Role

FUNNEL = [RecruitmentStatus.IDENTIFIED, RecruitmentStatus.CONTACTED, RecruitmentStatus.AGREED,
          RecruitmentStatus.SCHEDULED, RecruitmentStatus.PARTICIPATED]
OUT = [RecruitmentStatus.DECLINED, RecruitmentStatus.WITHDRAWN, RecruitmentStatus.UNREACHABLE]
# A participant counts towards every funnel stage up to the one they reached.
REACHED = {status: FUNNEL[: i + 1] for i, status in enumerate(FUNNEL)}
LIVE = (SessionStatus.PLANNED, SessionStatus.CONFIRMED, SessionStatus.POSTPONED)


@dataclass
class Progress:
    target: RecruitmentTarget
    planned: int
    completed: int

    @property
    def planned_pct(self) -> int:
        return min(100, round(100 * self.planned / self.target.target_count))

    @property
    def completed_pct(self) -> int:
        return min(100, round(100 * self.completed / self.target.target_count))

    @property
    def met(self) -> bool:
        return self.completed >= self.target.target_count


def status_counts(study, stored: dict | None = None) -> dict[RecruitmentStatus, int]:
    stored = counters.counts_of(study.id) if stored is None else stored
    counts = {status: 0 for status in RecruitmentStatus}
    for (_sector, status), n in counters.split(stored, "participants"):
        counts[RecruitmentStatus(status)] += n
    return counts


def funnel(study, stored: dict | None = None) -> list[dict]:
    """Each stage with everyone who reached it, then the ones who left; widths in percent."""
    counts = status_counts(study, stored)
    reached = {stage: sum(counts[s] for s, stages in REACHED.items() if stage in stages) for stage in FUNNEL}
    # Those who left the funnel had at least been identified.
    reached[RecruitmentStatus.IDENTIFIED] += sum(counts[s] for s in OUT)
    top = max(reached.values()) or 1
    rows = [{"status": s, "count": reached[s], "pct": round(100 * reached[s] / top), "out": False} for s in FUNNEL]
    rows += [{"status": s, "count": counts[s], "pct": round(100 * counts[s] / top), "out": True} for s in OUT]
    return rows


def _sector(code: str):
    return None if code == counters.NONE else code


def target_progress(study, stored: dict | None = None) -> list[Progress]:
    """Planned and completed against every target, from the stored counters."""
    stored = counters.counts_of(study.id) if stored is None else stored
    sessions = [(type_, _sector(sector), status, n)
                for (type_, sector, status), n in counters.split(stored, "sessions")
                if status != SessionStatus.CANCELLED.value]
    people = [(_sector(sector), status, n) for (sector, status), n in counters.split(stored, "participants")]
    result = []
    for target in recruitment.targets_of(study):
        if target.kind == TargetKind.SESSIONS:
            rows = [(status, n) for type_, sector, status, n in sessions
                    if type_ == target.session_type and (target.sector is None or sector == target.sector)]
            planned = sum(n for _s, n in rows)
            done = sum(n for s, n in rows if s == SessionStatus.COMPLETED)
        else:
            rows = [(status, n) for sector, status, n in people
                    if target.sector is None or sector == target.sector]
            planned = sum(n for s, n in rows if s in (RecruitmentStatus.AGREED, RecruitmentStatus.SCHEDULED,
                                                      RecruitmentStatus.PARTICIPATED))
            done = sum(n for s, n in rows if s == RecruitmentStatus.PARTICIPATED)
        result.append(Progress(target, planned, done))
    return result


class _Named:
    """A study or user as a statement built once sees it: its id a bound parameter by name
    (own.own_sessions reads `.id` of both)."""

    def __init__(self, name: str):
        self.id = sa.bindparam(name)


_STUDY, _USER, _NOW = _Named("study_id"), _Named("user_id"), sa.bindparam("now")
# the dashboard's session statements, built once per variant (everyone's or a fieldworker's
# own, and the limit) with the study, the user and the moment as bound parameters: building
# them (an aliased entity over a union, its order and loader options adapted to it) was a
# fifth of the dashboard's CPU time at every request (cProfile, issue 18); the SQL is the same
_STATEMENTS: dict[tuple, sa.Select] = {}


def _statement(build, own_only: bool, limit: int) -> sa.Select:
    key = (build, own_only, limit)
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = build(own_only, limit)
    return found


def _parameters(study, user) -> dict:
    return {"study_id": study.id, "now": utcnow(), **({"user_id": user.id} if user is not None else {})}


def _sessions_of(own_only: bool):
    return own.own_sessions(_STUDY, _USER) if own_only else sa.select(FieldSession)


def upcoming_sessions(study, user=None, limit: int = 8) -> list[FieldSession]:
    """The next live sessions not over yet, by start: those under way (started, not ended:
    through the status index, a range that holds only the live sessions already started),
    then those to come (a range of the start index from now). Issue 18: one query with the
    end as a range read every session to come and sorted them. The two ranges are read in one
    statement (UNION ALL of the two bounded reads; every session under way starts before every
    one to come, so the start orders the whole), with the staff in one more and the host in
    the same: 3 to 6 statements were a quarter of the dashboard's CPU time."""
    query = _statement(_upcoming, user is not None, limit)
    return list(db.session.scalars(query, _parameters(study, user)))


def _upcoming(own_only: bool, limit: int) -> sa.Select:
    def live(*conditions, order):
        query = (_sessions_of(own_only)
                 .where(FieldSession.study_id == _STUDY.id, FieldSession.status.in_(LIVE), *conditions)
                 .order_by(order, FieldSession.id).limit(limit))
        return sa.select(query.subquery())

    under_way = live(FieldSession.starts_at < _NOW, sa.func.coalesce(FieldSession.ends_at, FieldSession.ends_at) >= _NOW,
                     order=sa.func.coalesce(FieldSession.starts_at, FieldSession.starts_at))
    both = sa.union_all(under_way, live(FieldSession.starts_at >= _NOW, order=FieldSession.starts_at)).subquery()
    session = aliased(FieldSession, both)
    return (sa.select(session).order_by(session.starts_at, session.id).limit(limit)
            .options(load_only(*[getattr(session, column.key) for column in LISTED]),
                     joinedload(session.host_organisation).load_only(Organisation.pseudonym)))


def awaiting_completion(study, user=None, limit: int = 8) -> list[FieldSession]:
    """Sessions that are over but still planned or confirmed: attendance is still to record."""
    query = _statement(_awaiting, user is not None, limit)
    return list(db.session.scalars(query, _parameters(study, user)))


def _awaiting(own_only: bool, limit: int) -> sa.Select:
    # over means started before now too: the bound the status index serves. Issue 18: the end
    # and the order are worked out on the rows the status index finds (the sessions not done
    # that started before now); as ranges of the end or start index they read every session
    # over in the study (18 ms at 50,000 participants).
    ended = sa.func.coalesce(FieldSession.ends_at, FieldSession.ends_at) < _NOW
    return (_sessions_of(own_only)
            .where(FieldSession.study_id == _STUDY.id, ended, FieldSession.starts_at < _NOW,
                   FieldSession.status.in_([SessionStatus.PLANNED, SessionStatus.CONFIRMED]))
            .options(load_only(*LISTED), selectinload(FieldSession.host_organisation).load_only(Organisation.pseudonym))
            .order_by(sa.func.coalesce(FieldSession.starts_at, FieldSession.starts_at), FieldSession.id).limit(limit))


def fieldworker_load(study, days: int = 28, stored: dict | None = None) -> list[dict]:
    """Sessions each coordinator or fieldworker runs in the coming weeks (the sessions of
    those weeks, through the study's index on start), and done so far (the counters)."""
    stored = counters.counts_of(study.id) if stored is None else stored
    now = utcnow()
    coming = dict(db.session.execute(_statement(_coming, False, 0), {"study_id": study.id, "now": now,
                                                                     "until": now + timedelta(days=days)}).all())
    users = db.session.execute(_statement(_staff, False, 0), {"study_id": study.id}).all()  # (id, name)
    top = max([coming.get(u.id, 0) for u in users] + [1])
    return [{"user": u, "coming": coming.get(u.id, 0), "done": stored.get(counters.done_name(u.id), 0),
             "pct": round(100 * coming.get(u.id, 0) / top)} for u in users]


def _coming(_own_only: bool, _limit: int) -> sa.Select:
    return (sa.select(SessionStaff.user_id, sa.func.count())
            .join(FieldSession, FieldSession.id == SessionStaff.session_id)
            .where(FieldSession.study_id == _STUDY.id, FieldSession.starts_at >= _NOW,
                   FieldSession.starts_at < sa.bindparam("until"), FieldSession.status.in_(LIVE))
            .group_by(SessionStaff.user_id))


def _staff(_own_only: bool, _limit: int) -> sa.Select:
    return (sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
            .where(Membership.study_id == _STUDY.id, Membership.role.in_([Role.COORDINATOR, Role.FIELDWORKER]))
            .order_by(User.name))


def _members(_own_only: bool, _limit: int) -> sa.Select:
    return sa.select(sa.func.count()).select_from(Membership).where(Membership.study_id == _STUDY.id)


def dashboard_context(study, user=None, role=None) -> dict:
    """Coordinators see everything; fieldworkers their own sessions; reviewers no contacts.

    The study view calls this with the study only; the member comes from the request then.
    """
    if role is None and g.get("membership") is not None:
        user, role = current_user, g.membership.role
    stored = counters.counts_of(study.id)
    context = {
        "counts": {"organisations": stored.get("organisations", 0),
                   "participants": sum(n for _parts, n in counters.split(stored, "participants")),
                   "sessions": sum(n for _parts, n in counters.split(stored, "sessions")),
                   "members": db.session.scalar(_statement(_members, False, 0), {"study_id": study.id})},
        "funnel": funnel(study, stored),
        "progress": target_progress(study, stored),
        "upcoming": upcoming_sessions(study, user if role == Role.FIELDWORKER else None),
        "stale": [], "load": [], "to_complete": [],
        "destruction_due": retention.destruction_warning(study) if role in (Role.COORDINATOR, Role.ETHICS_REVIEWER)
        else None,
    }
    if role in (Role.COORDINATOR, Role.FIELDWORKER):
        context["stale"] = recruitment.stale_contacts(study)
        context["to_complete"] = awaiting_completion(study, user if role == Role.FIELDWORKER else None)
    if role == Role.COORDINATOR:
        context["load"] = fieldworker_load(study, stored=stored)
    context["staff"] = staff_shown([s.id for s in [*context["upcoming"], *context["to_complete"]]])
    return context
