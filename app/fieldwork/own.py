"""A fieldworker's own sessions: those where they are a facilitator or the note-taker (DESIGN.md).

The one definition every page, list and check uses (the access policy's "own", a fieldworker's
session list, their participants, the transcripts they may open).

Issue 18: a staff row keeps a copy of its session's study and end (`SessionStaff.study_id`,
`.ends_at`), so the sessions of one user in one study, in the order they end, are one range of
the (user, study, end, session) index: `own_sessions` reads them from there, and a page of them
is a seek for a user on ten sessions of a 20,000-session study as for one on thousands (read
from the sessions' end index and tested for the user's row, it walked every coming session of
the study for the first). `install()` keeps the copies equal to the session on every flush of
the app's session, whichever service adds staff or moves a session; writes that bypass the ORM
must fill them in; `flask dashboard recount` checks and repairs them (`stale_copies`, `repair`).
"""
import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, aliased

from app.core.extensions import db
from app.fieldwork.models import FieldSession, SessionStaff


def own_session_ids(user_id: int):
    """A select of the ids of the sessions this user facilitates or takes notes in."""
    return sa.select(SessionStaff.session_id).where(SessionStaff.user_id == user_id)


def is_own_session(session, user) -> bool:
    """Is this session one of the user's own?"""
    query = own_session_ids(user.id).where(SessionStaff.session_id == session.id)
    return db.session.scalar(sa.select(query.exists())) is True


def own_sessions(study, user):
    """A select of the sessions of this study that the user facilitates or takes notes in, each
    once, read from the user's staff rows of the study: filter and order them by `OWN_ENDS` (the
    staff row's copy of the end) to read them as a range of the staff index, in its order."""
    other_role = aliased(SessionStaff)
    earlier = sa.exists().where(other_role.session_id == SessionStaff.session_id,
                                other_role.user_id == SessionStaff.user_id, other_role.role < SessionStaff.role)
    return (sa.select(FieldSession).join(SessionStaff, SessionStaff.session_id == FieldSession.id)
            .where(SessionStaff.user_id == user.id, SessionStaff.study_id == study.id,
                   FieldSession.study_id == study.id,  # the same: lets a plan start from a session index
                   ~earlier))  # facilitator and note-taker both: the session once


OWN_ENDS = (SessionStaff.ends_at, SessionStaff.session_id)  # own_sessions' order, as the index keeps it


# --- the copies on the staff rows ----------------------------------------------------------

def _copy_session_to_staff(session: Session, _context, _instances) -> None:
    """Before a flush: new staff rows (and rows moved to another session) take their session's
    study and end; a session whose end moves passes it to its staff rows."""
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, SessionStaff) and (obj in session.new or _moved(obj, "session_id")):
                owner = inspect(obj).dict.get("session")  # appended to a session: that one
                if owner is None and obj.session_id is not None:
                    owner = session.get(FieldSession, obj.session_id)
                if owner is not None:
                    obj.study_id, obj.ends_at = owner.study_id, owner.ends_at
            elif isinstance(obj, FieldSession) and obj not in session.new and _moved(obj, "ends_at", "study_id"):
                for staff in obj.staff:
                    staff.study_id, staff.ends_at = obj.study_id, obj.ends_at


def _moved(obj, *attrs) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in attrs)


def install() -> None:
    """Keep the staff rows' copies current on every flush of the app's session (once per process)."""
    if not event.contains(db.session, "before_flush", _copy_session_to_staff):
        event.listen(db.session, "before_flush", _copy_session_to_staff)


def _stale(study_id: int | None):
    query = (sa.select(SessionStaff.id).join(FieldSession, FieldSession.id == SessionStaff.session_id)
             .where(sa.or_(SessionStaff.study_id != FieldSession.study_id, SessionStaff.ends_at != FieldSession.ends_at)))
    return query if study_id is None else query.where(FieldSession.study_id == study_id)


def stale_copies(study_id: int | None = None) -> int:
    """How many staff rows (of the study's sessions, or all) differ from their session."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(_stale(study_id).subquery())) or 0


def repair(study_id: int | None = None) -> int:
    """Set the staff rows' copies from their sessions where they differ; returns how many. Flushes."""
    wrong = list(db.session.scalars(_stale(study_id)))
    of_session = sa.select(FieldSession).where(FieldSession.id == SessionStaff.session_id)
    for at in range(0, len(wrong), 500):
        db.session.execute(
            sa.update(SessionStaff).where(SessionStaff.id.in_(wrong[at:at + 500]))
            .values(study_id=of_session.with_only_columns(FieldSession.study_id).scalar_subquery(),
                    ends_at=of_session.with_only_columns(FieldSession.ends_at).scalar_subquery())
            .execution_options(synchronize_session=False))
    if wrong:
        db.session.expire_all()
    db.session.flush()
    return len(wrong)
