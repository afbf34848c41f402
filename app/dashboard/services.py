"""What a study's dashboard shows: the funnel, targets, sessions, stale contacts, load.

Every figure is one bounded, aggregated query, so the page costs the same at 5,000
participants as at 50. Bars are computed here as percentages for SVG attributes.
"""
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import g
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork import services as fieldwork
from app.fieldwork.models import FieldSession, SessionStaff, SessionStatus
from app.recruitment import services as recruitment
from app.retention import services as retention
from app.recruitment.models import (
    Organisation,
    Participant,
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


def _count(model, study) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(model.study_id == study.id))


def status_counts(study) -> dict[RecruitmentStatus, int]:
    rows = db.session.execute(sa.select(Participant.status, sa.func.count()).where(
        Participant.study_id == study.id).group_by(Participant.status))
    counts = {status: 0 for status in RecruitmentStatus}
    counts.update({RecruitmentStatus(status): n for status, n in rows})
    return counts


def funnel(study) -> list[dict]:
    """Each stage with everyone who reached it, then the ones who left; widths in percent."""
    counts = status_counts(study)
    reached = {stage: sum(counts[s] for s, stages in REACHED.items() if stage in stages) for stage in FUNNEL}
    # Those who left the funnel had at least been identified.
    reached[RecruitmentStatus.IDENTIFIED] += sum(counts[s] for s in OUT)
    top = max(reached.values()) or 1
    rows = [{"status": s, "count": reached[s], "pct": round(100 * reached[s] / top), "out": False} for s in FUNNEL]
    rows += [{"status": s, "count": counts[s], "pct": round(100 * counts[s] / top), "out": True} for s in OUT]
    return rows


def target_progress(study) -> list[Progress]:
    """Planned and completed against every target, from two grouped queries."""
    sessions = db.session.execute(
        sa.select(FieldSession.type, Organisation.sector, FieldSession.status, sa.func.count())
        .outerjoin(Organisation, FieldSession.host_organisation_id == Organisation.id)
        .where(FieldSession.study_id == study.id, FieldSession.status != SessionStatus.CANCELLED)
        .group_by(FieldSession.type, Organisation.sector, FieldSession.status)).all()
    people = db.session.execute(
        sa.select(Organisation.sector, Participant.status, sa.func.count())
        .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
        .where(Participant.study_id == study.id).group_by(Organisation.sector, Participant.status)).all()
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


def upcoming_sessions(study, user=None, limit: int = 8) -> list[FieldSession]:
    query = (sa.select(FieldSession) if user is None else fieldwork.own_sessions_query(study, user))
    query = (query.where(FieldSession.study_id == study.id, FieldSession.ends_at >= utcnow(),
                         FieldSession.status.in_(LIVE))
             .options(selectinload(FieldSession.staff).joinedload(SessionStaff.user),
                      selectinload(FieldSession.host_organisation))
             .order_by(FieldSession.starts_at).limit(limit))
    return list(db.session.scalars(query))


def awaiting_completion(study, user=None, limit: int = 8) -> list[FieldSession]:
    """Sessions that are over but still planned or confirmed: attendance is still to record."""
    query = (sa.select(FieldSession) if user is None else fieldwork.own_sessions_query(study, user))
    query = (query.where(FieldSession.study_id == study.id, FieldSession.ends_at < utcnow(),
                         FieldSession.status.in_([SessionStatus.PLANNED, SessionStatus.CONFIRMED]))
             .options(selectinload(FieldSession.staff).joinedload(SessionStaff.user),
                      selectinload(FieldSession.host_organisation))
             .order_by(FieldSession.starts_at).limit(limit))
    return list(db.session.scalars(query))


def fieldworker_load(study, days: int = 28) -> list[dict]:
    """Sessions each coordinator or fieldworker runs in the coming weeks, and done so far."""
    horizon = utcnow() + timedelta(days=days)
    coming = sa.func.sum(sa.case((sa.and_(FieldSession.status.in_(LIVE), FieldSession.starts_at >= utcnow(),
                                          FieldSession.starts_at < horizon), 1), else_=0))
    done = sa.func.sum(sa.case((FieldSession.status == SessionStatus.COMPLETED, 1), else_=0))
    rows = db.session.execute(
        sa.select(User, sa.func.coalesce(coming, 0), sa.func.coalesce(done, 0))
        .join(Membership, Membership.user_id == User.id)
        .outerjoin(SessionStaff, SessionStaff.user_id == User.id)
        .outerjoin(FieldSession, sa.and_(FieldSession.id == SessionStaff.session_id,
                                         FieldSession.study_id == study.id))
        .where(Membership.study_id == study.id, Membership.role.in_([Role.COORDINATOR, Role.FIELDWORKER]))
        .group_by(User.id).order_by(User.name)).all()
    top = max([c for _u, c, _d in rows] + [1])
    return [{"user": u, "coming": int(c), "done": int(d), "pct": round(100 * c / top)} for u, c, d in rows]


def dashboard_context(study, user=None, role=None) -> dict:
    """Coordinators see everything; fieldworkers their own sessions; reviewers no contacts.

    The study view calls this with the study only; the member comes from the request then.
    """
    if role is None and g.get("membership") is not None:
        user, role = current_user, g.membership.role
    context = {
        "counts": {"organisations": _count(Organisation, study), "participants": _count(Participant, study),
                   "sessions": _count(FieldSession, study), "members": _count(Membership, study)},
        "funnel": funnel(study),
        "progress": target_progress(study),
        "upcoming": upcoming_sessions(study, user if role == Role.FIELDWORKER else None),
        "stale": [], "load": [], "to_complete": [],
        "destruction_due": retention.destruction_warning(study) if role in (Role.COORDINATOR, Role.ETHICS_REVIEWER)
        else None,
    }
    if role in (Role.COORDINATOR, Role.FIELDWORKER):
        context["stale"] = recruitment.stale_contacts(study)
        context["to_complete"] = awaiting_completion(study, user if role == Role.FIELDWORKER else None)
    if role == Role.COORDINATOR:
        context["load"] = fieldworker_load(study)
    return context
