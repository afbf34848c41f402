"""A fieldworker's own sessions: those where they are a facilitator or the note-taker (DESIGN.md).

The one definition every page, list and check uses (the access policy's "own", a fieldworker's
session list, their participants, the transcripts they may open).
"""
import sqlalchemy as sa

from app.core.extensions import db
from app.fieldwork.models import SessionStaff


def own_session_ids(user_id: int):
    """A select of the ids of the sessions this user facilitates or takes notes in."""
    return sa.select(SessionStaff.session_id).where(SessionStaff.user_id == user_id)


def is_own_session(session, user) -> bool:
    """Is this session one of the user's own?"""
    query = own_session_ids(user.id).where(SessionStaff.session_id == session.id)
    return db.session.scalar(sa.select(query.exists())) is True
