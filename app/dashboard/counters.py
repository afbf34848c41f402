"""Per-study counters behind the dashboard, kept current in the transaction of every change.

The dashboard shows counts over every participant and session of a study (the funnel, the
targets' strata, each fieldworker's completed sessions); counting them on every view reads
the whole study. Instead each flush adds what it changed to a few counters:

    organisations                          organisations of the study
    participants/<sector or ->/<status>    participants by their organisation's sector and status
    sessions/<type>/<sector or ->/<status> sessions by type, host organisation's sector and status
    done/<user id>                         completed sessions a staff member ran

`install()` (called from app/wiring.py) listens to the ORM's flushes, so every service that
adds, changes or removes a participant, organisation, session or session staff updates the
counts in its own transaction, whichever area it belongs to. Writes that bypass the ORM (bulk
inserts in benches and volume tests) must call `recount`. `flask dashboard recount` compares
the counters with a full count and repairs them (`--check` only reports).
"""
from __future__ import annotations

from collections import Counter
from functools import cache

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.extensions import db
from app.core.models_base import attrs_changed
from app.dashboard.models import StudyCounter
from app.fieldwork.models import FieldSession, SessionStaff, SessionStatus
from app.recruitment.models import Organisation, Participant

NONE = "-"


def participant_name(sector, status) -> str:
    return f"participants/{_code(sector)}/{_code(status)}"


def session_name(type_, sector, status) -> str:
    return f"sessions/{_code(type_)}/{_code(sector)}/{_code(status)}"


def done_name(user_id: int) -> str:
    return f"done/{user_id}"


def _code(value) -> str:
    if value is None:
        return NONE
    return getattr(value, "value", value)


# --- reading -----------------------------------------------------------------------------

def counts_of(study_id: int) -> dict[str, int]:
    """Every counter of the study: one indexed query over at most a few hundred rows."""
    rows = db.session.execute(_counts_of(), {"study_id": study_id})
    return {name: value for name, value in rows if value}


@cache
def _counts_of() -> sa.Select:
    """counts_of's statement, built once, the study bound (issue 18)."""
    return sa.select(StudyCounter.name, StudyCounter.value).where(StudyCounter.study_id == sa.bindparam("study_id"))


def split(counts: dict[str, int], family: str) -> list[tuple[list[str], int]]:
    """The counters of one family with their name parts: ("participants", ...) → [([sector, status], n)]."""
    prefix = family + "/"
    return [(name[len(prefix):].split("/"), n) for name, n in counts.items() if name.startswith(prefix)]


# --- the flush listener ------------------------------------------------------------------

def _old(obj, attr: str):
    """The value before this flush (the current one when it did not change)."""
    history = inspect(obj).attrs[attr].history
    if history.deleted:
        return history.deleted[0]
    return getattr(obj, attr)


def _sector(session: Session, org_id, old: bool):
    """The sector of an organisation, as it was before this flush (old) or is now."""
    if org_id is None:
        return None
    org = session.get(Organisation, org_id)
    if org is None:
        return None
    return _old(org, "sector") if old else org.sector


def _is_done(status) -> bool:
    return _code(status) == SessionStatus.COMPLETED.value


def collect(session: Session) -> Counter:
    """(study id, counter name) → change, from the objects this flush writes."""
    deltas: Counter = Counter()
    new, dirty, deleted = list(session.new), list(session.dirty), list(session.deleted)
    moved_people, moved_sessions = set(), set()
    for obj in new:
        if isinstance(obj, Participant):
            deltas[obj.study_id, participant_name(_sector(session, obj.organisation_id, False), obj.status)] += 1
        elif isinstance(obj, FieldSession):
            deltas[obj.study_id, session_name(obj.type, _sector(session, obj.host_organisation_id, False),
                                              obj.status)] += 1
        elif isinstance(obj, Organisation):
            deltas[obj.study_id, "organisations"] += 1
    for obj in deleted:
        if isinstance(obj, Participant):
            deltas[obj.study_id, participant_name(_sector(session, _old(obj, "organisation_id"), True),
                                                  _old(obj, "status"))] -= 1
        elif isinstance(obj, FieldSession):
            deltas[obj.study_id, session_name(_old(obj, "type"), _sector(session, _old(obj, "host_organisation_id"),
                                                                         True), _old(obj, "status"))] -= 1
        elif isinstance(obj, Organisation):
            deltas[obj.study_id, "organisations"] -= 1
    for obj in dirty:
        if isinstance(obj, Participant) and attrs_changed(obj, "status", "organisation_id"):
            moved_people.add(obj.id)
            deltas[obj.study_id, participant_name(_sector(session, _old(obj, "organisation_id"), True),
                                                  _old(obj, "status"))] -= 1
            deltas[obj.study_id, participant_name(_sector(session, obj.organisation_id, False), obj.status)] += 1
        elif isinstance(obj, FieldSession) and attrs_changed(obj, "status", "type", "host_organisation_id"):
            moved_sessions.add(obj.id)
            deltas[obj.study_id, session_name(_old(obj, "type"), _sector(session, _old(obj, "host_organisation_id"),
                                                                         True), _old(obj, "status"))] -= 1
            deltas[obj.study_id, session_name(obj.type, _sector(session, obj.host_organisation_id, False),
                                              obj.status)] += 1
    for obj in dirty:  # an organisation changing sector moves its people and hosted sessions
        if isinstance(obj, Organisation) and attrs_changed(obj, "sector") and _old(obj, "sector") != obj.sector:
            _move_sector(session, obj, moved_people, moved_sessions, deltas)
    _staff_deltas(session, new, dirty, deleted, deltas)
    return deltas


def _move_sector(session, org, moved_people, moved_sessions, deltas) -> None:
    before, after = _old(org, "sector"), org.sector
    people = session.connection().execute(
        sa.select(Participant.status, sa.func.count()).where(
            Participant.organisation_id == org.id, Participant.id.not_in(moved_people or [-1]))
        .group_by(Participant.status))
    for status, n in people:
        deltas[org.study_id, participant_name(before, status)] -= n
        deltas[org.study_id, participant_name(after, status)] += n
    hosted = session.connection().execute(
        sa.select(FieldSession.type, FieldSession.status, sa.func.count()).where(
            FieldSession.host_organisation_id == org.id, FieldSession.id.not_in(moved_sessions or [-1]))
        .group_by(FieldSession.type, FieldSession.status))
    for type_, status, n in hosted:
        deltas[org.study_id, session_name(type_, before, status)] -= n
        deltas[org.study_id, session_name(type_, after, status)] += n


def _staff_deltas(session, new, dirty, deleted, deltas) -> None:
    """done/<user>: staff added count with the session's new status, removed with its old one,
    kept staff with the change of status."""
    added = [o for o in new if isinstance(o, SessionStaff)]
    removed = [o for o in deleted if isinstance(o, SessionStaff)]
    studies: dict[int, int] = {}

    def study_of(session_id):
        if session_id not in studies:
            found = session.get(FieldSession, session_id)
            studies[session_id] = found.study_id if found is not None else None
        return studies[session_id]

    for staff in added:
        fs = session.get(FieldSession, staff.session_id)
        if fs is not None and _is_done(fs.status):
            deltas[fs.study_id, done_name(staff.user_id)] += 1
    for staff in removed:
        fs = session.get(FieldSession, _old(staff, "session_id"))
        if fs is not None and _is_done(_old(fs, "status")):
            deltas[fs.study_id, done_name(_old(staff, "user_id"))] -= 1
    for fs in dirty:
        if not (isinstance(fs, FieldSession) and attrs_changed(fs, "status")):
            continue
        change = int(_is_done(fs.status)) - int(_is_done(_old(fs, "status")))
        if not change:
            continue
        just_added = {s.user_id for s in added if s.session_id == fs.id}
        current = session.connection().execute(
            sa.select(SessionStaff.user_id).where(SessionStaff.session_id == fs.id)).scalars()
        for user_id in set(current) - just_added:
            deltas[study_of(fs.id), done_name(user_id)] += change


def apply(connection, deltas: Counter) -> None:
    """Add the deltas to the counters (an upsert per counter touched)."""
    table = StudyCounter.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for (study_id, name), change in sorted(deltas.items(), key=lambda item: (item[0][0] or 0, item[0][1])):
        if not change or study_id is None:
            continue
        insert = dialect.insert(table).values(study_id=study_id, name=name, value=change)
        connection.execute(insert.on_conflict_do_update(
            index_elements=[table.c.study_id, table.c.name],
            set_={"value": table.c.value + insert.excluded.value}))


def _after_flush(session: Session, _context) -> None:
    with session.no_autoflush:
        deltas = collect(session)
    if deltas:
        apply(session.connection(), deltas)


# The attributes the counters depend on: their value before a change is loaded even when the
# object was expired by a commit, so a flush knows what it moves a count from.
WATCHED = [Participant.status, Participant.organisation_id, FieldSession.status, FieldSession.type,
           FieldSession.host_organisation_id, Organisation.sector, SessionStaff.user_id, SessionStaff.session_id]


def _keep_old_value(target, value, oldvalue, initiator):
    return value


def install() -> None:
    """Keep the counters current on every flush of the app's session (once per process)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        for attribute in WATCHED:
            event.listen(attribute, "set", _keep_old_value, active_history=True, retval=True)
        event.listen(db.session, "after_flush", _after_flush)


# --- recount -----------------------------------------------------------------------------

def full_count(study_id: int) -> dict[str, int]:
    """Every counter computed from the records themselves (reads the whole study)."""
    counts: Counter = Counter()
    counts["organisations"] = db.session.scalar(
        sa.select(sa.func.count()).select_from(Organisation).where(Organisation.study_id == study_id)) or 0
    people = db.session.execute(
        sa.select(Organisation.sector, Participant.status, sa.func.count())
        .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
        .where(Participant.study_id == study_id).group_by(Organisation.sector, Participant.status))
    for sector, status, n in people:
        counts[participant_name(sector, status)] += n
    sessions = db.session.execute(
        sa.select(FieldSession.type, Organisation.sector, FieldSession.status, sa.func.count())
        .outerjoin(Organisation, FieldSession.host_organisation_id == Organisation.id)
        .where(FieldSession.study_id == study_id)
        .group_by(FieldSession.type, Organisation.sector, FieldSession.status))
    for type_, sector, status, n in sessions:
        counts[session_name(type_, sector, status)] += n
    done = db.session.execute(
        sa.select(SessionStaff.user_id, sa.func.count())
        .join(FieldSession, FieldSession.id == SessionStaff.session_id)
        .where(FieldSession.study_id == study_id, FieldSession.status == SessionStatus.COMPLETED)
        .group_by(SessionStaff.user_id))
    for user_id, n in done:
        counts[done_name(user_id)] += n
    return {name: n for name, n in counts.items() if n}


def differences(study_id: int) -> dict[str, tuple[int, int]]:
    """Counter name → (stored, true) wherever they differ."""
    stored, true = counts_of(study_id), full_count(study_id)
    return {name: (stored.get(name, 0), true.get(name, 0))
            for name in sorted(set(stored) | set(true)) if stored.get(name, 0) != true.get(name, 0)}


def recount(study_id: int) -> dict[str, tuple[int, int]]:
    """Replace the study's counters with a full count; returns what was wrong. Flushes."""
    wrong = differences(study_id)
    db.session.execute(sa.delete(StudyCounter).where(StudyCounter.study_id == study_id))
    rows = [{"study_id": study_id, "name": name, "value": n} for name, n in full_count(study_id).items()]
    if rows:
        db.session.execute(sa.insert(StudyCounter), rows)
    db.session.flush()
    return wrong
