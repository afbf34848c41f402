"""Read-only queries behind the session pages: lists, counts, choices, one session in full."""
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only, selectinload

from app.auth.models import User
from app.core import keyset
from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork.own import own_session_ids
from app.fieldwork.models import (
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.recruitment.models import Organisation, Participant, RecruitmentStatus
from app.recruitment.services import known, participant_choices

SESSION_SORTS = {"starts": FieldSession.starts_at, "code": FieldSession.code,
                 "type": FieldSession.type, "status": FieldSession.status}


LISTED = (FieldSession.id, FieldSession.study_id, FieldSession.version, FieldSession.code, FieldSession.type,
          FieldSession.starts_at, FieldSession.ends_at, FieldSession.status, FieldSession.host_organisation_id)


def staff_shown(session_ids) -> dict[int, list[tuple[StaffRole, str]]]:
    """What a session row shows of its staff (templates/fieldwork/_session_row.html): (role,
    name) of each session's staff, facilitators first, in one query of plain rows. Issue 18:
    loaded as objects (every column of the staff rows and of their users, each an instance in
    the session's identity map) they were a sixth of the session list's CPU time."""
    shown: dict[int, list[tuple[StaffRole, str]]] = {}
    ids = list(session_ids)
    if ids:
        for session_id, role, name in db.session.execute(_staff_shown(), {"ids": ids}):
            shown.setdefault(session_id, []).append((role, name))
    for staff in shown.values():
        staff.sort(key=lambda pair: pair[0])  # stable: in the order they were added within a role
    return shown


@cache
def _staff_shown() -> sa.Select:
    return (sa.select(SessionStaff.session_id, SessionStaff.role, User.name)
            .join(User, User.id == SessionStaff.user_id)
            .where(SessionStaff.session_id.in_(sa.bindparam("ids", expanding=True)))
            .order_by(SessionStaff.session_id, SessionStaff.id))


def session_list(study, *, status=None, type_=None, fieldworker_id=None, when=None,
                 sort: str = "starts", direction: str = "asc"):
    """The study's sessions, filtered and sorted, as a select for paging, with only the columns
    a list row shows (issue 18: the sealed field notes were opened, and the other columns
    converted, for fifty sessions a page and never shown)."""
    query = (sa.select(FieldSession).where(FieldSession.study_id == study.id)
             .options(load_only(*LISTED),
                      joinedload(FieldSession.host_organisation)  # in the page's query, host or not
                      .load_only(Organisation.id, Organisation.study_id, Organisation.pseudonym)))
    if known(SessionStatus, status):
        query = query.where(FieldSession.status == status)
    if known(SessionType, type_):
        query = query.where(FieldSession.type == type_)
    if fieldworker_id:
        query = query.where(FieldSession.id.in_(
            own_session_ids(fieldworker_id)))
    if when == "upcoming":
        query = query.where(FieldSession.ends_at >= utcnow())
    elif when == "past":
        query = query.where(FieldSession.ends_at < utcnow())
    return query.order_by(*[k.order() for k in session_order(sort, direction)])


def session_order(sort: str = "starts", direction: str = "asc") -> list[keyset.Key]:
    """The session list's order as seek keys: the sort column, then start and id."""
    if sort == "code":  # unique in the study: the constraint's index serves the order alone
        return keyset.keys(FieldSession.code, direction=direction)
    terms = {"type": [FieldSession.type, FieldSession.starts_at],
             "status": [FieldSession.status, FieldSession.starts_at]}.get(sort, [FieldSession.starts_at])
    return keyset.keys(*terms, FieldSession.id, direction=direction)


def invited_counts(session_ids: list[int]) -> dict[int, int]:
    """How many participants each of these sessions invites, in one query (its statement built
    once, the ids bound: issue 18)."""
    return dict(db.session.execute(_invited_counts(), {"ids": list(session_ids)}).all())


@cache
def _invited_counts() -> sa.Select:
    return (sa.select(SessionParticipant.session_id, sa.func.count())
            .where(SessionParticipant.session_id.in_(sa.bindparam("ids", expanding=True)))
            .group_by(SessionParticipant.session_id))


def invitable_participants(study, session: FieldSession | None = None, keep=()) -> list[tuple[int, str]]:
    """Participants who can still be invited (not declined, withdrawn or unreachable), the
    first few hundred of them (recruitment.CHOICES_CAP; the people picker searches the rest),
    plus those already invited to this session and those in `keep` (chosen in the form);
    labelled with pseudonym and name."""
    gone = (RecruitmentStatus.DECLINED, RecruitmentStatus.WITHDRAWN, RecruitmentStatus.UNREACHABLE)
    current = [a.participant_id for a in session.attendees] if session else []
    return participant_choices(study, keep=[*current, *keep], where=Participant.status.not_in(gone))


def load_session(session_id: int):
    """A session with its staff, invitees and host, for the detail page."""
    return db.session.scalar(
        sa.select(FieldSession).where(FieldSession.id == session_id)
        .options(selectinload(FieldSession.staff).joinedload(SessionStaff.user),
                 selectinload(FieldSession.attendees).joinedload(SessionParticipant.participant)
                 .joinedload(Participant.organisation),
                 selectinload(FieldSession.host_organisation)))


def participants_of_fieldworker(user_id: int):
    """Ids of the participants invited to sessions the user facilitates or takes notes in."""
    return (sa.select(SessionParticipant.participant_id)
            .where(SessionParticipant.session_id.in_(own_session_ids(user_id))))


def sessions_of_participant(participant: Participant):
    return list(db.session.execute(
        sa.select(FieldSession, SessionParticipant.attendance)
        .join(SessionParticipant, SessionParticipant.session_id == FieldSession.id)
        .where(SessionParticipant.participant_id == participant.id)
        .order_by(FieldSession.starts_at)))


def own_participant_ids(study, user) -> set[int]:
    """The participants of this study invited to the user's own sessions."""
    return set(db.session.scalars(participants_of_fieldworker(user.id).join(
        FieldSession, FieldSession.id == SessionParticipant.session_id).where(FieldSession.study_id == study.id)))


def is_own_participant(user, participant: Participant) -> bool:
    """Is the participant invited to one of the user's own sessions?"""
    query = participants_of_fieldworker(user.id).where(SessionParticipant.participant_id == participant.id)
    return db.session.scalar(sa.select(query.exists())) is True
