"""The ethics desk's stored state of each participant's consent (issue 18), kept in the
transaction of every change it depends on, so the desk's filters are index ranges of the
participant list and its counts are stored, not rows read per request.

Per participant (columns of participants, indexed with the list's order):

    desk_record_id   the current record (standing.current_records: the latest no correction replaced)
    desk_review      where its review stands (review.review_state over its notes; NOT_REVIEWED
                     when none; None: no current record)
    desk_scanless    the current record is written consent without a scan (a "missing scan" flag)
    desk_open        an open item of the desk: a review not done, a missing scan, an attended
                     session raising a session flag (a desk mark, app.consent.desk_marks), or a
                     flag of a higher area (app.consent.flags.MORE_FLAGS, e.g. withdrawn data
                     still in an approved transcript)

and per study (ConsentDeskCount) the number of missing scans.

app.consent.desk_marks' flush listener calls `refresh` once the marks are current, with the
participants the flush reached (records, notes, withdrawals, attendees, sessions... and those
the higher areas name through app.consent.flags.MORE_FLAGS_REACH: a transcript approved, a
speaker mapped); the same rules as the pages decide, over those participants only, the higher
areas' flags included (MORE_FLAGS over those participants' withdrawals), so "only open items" is
desk_open alone. Writes that bypass the ORM (bulk inserts
in benches and volume tests) must call `recount`; `flask dashboard recount` compares the stored
state with the rules run over the whole study and repairs it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.consent import flags as rules
from app.consent import review, standing
from app.consent.models import (
    ConsentDeskCount,
    ConsentMethod,
    ConsentNote,
    SessionFlagMark,
)
from app.core.extensions import db
from app.fieldwork.models import SessionParticipant
from app.recruitment.models import Participant
from app.studies.models import Study

NOT_REVIEWED = "not_reviewed"
NOT_DONE = (NOT_REVIEWED, review.QUERY_OPEN, review.ANSWERED)
CHUNK = 500


@dataclass(frozen=True)
class State:
    record_id: int | None = None
    review: str | None = None
    scanless: bool = False
    open: bool = False


def state_of(record, notes, flagged: bool) -> State:
    """The desk's state of a participant whose current record is `record` (None: none), with
    that record's notes (oldest first) and whether a flag names them (an attended session of
    theirs, or a higher area's flag)."""
    if record is None:
        return State(open=flagged)
    state = review.review_state(notes) or NOT_REVIEWED
    scanless = record.method == ConsentMethod.WRITTEN and not record.scan_sha256
    return State(record.id, state, scanless, state != review.REVIEWED or scanless or flagged)


def higher_flagged(participant_ids) -> set[int]:
    """The participants among these that a higher area's flag names: rules.withdrawal_flags over
    these participants' withdrawals, study by study (what the providers read with the study, see
    app.consent.flags.MORE_FLAGS_REACH); none without a withdrawal."""
    ids = set(participant_ids)
    return {flag.participant_id for flag in rules.withdrawal_flags(participant_ids=ids, with_participants=False)
            if flag.participant_id in ids}


def work_out(participant_ids, marked: set[int] | None = None, higher: set[int] | None = None) -> dict[int, State]:
    """The state of each of these participants by the rules (`marked`: the participants with a
    desk mark, read from the marks when not given; `higher`: those a higher area's flag names,
    worked out for these participants when not given)."""
    ids = sorted(participant_ids)
    found: dict[int, State] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        records = standing.current_records(chunk, with_participants=False)  # no sealed name to open
        notes: dict[int, list] = {}
        if records:
            for note in db.session.execute(sa.select(ConsentNote.record_id, ConsentNote.kind)
                                           .where(ConsentNote.record_id.in_([r.id for r in records.values()]))
                                           .order_by(ConsentNote.id)):
                notes.setdefault(note.record_id, []).append(note)
        flagged = marked if marked is not None else set(db.session.scalars(
            sa.select(SessionParticipant.participant_id)
            .join(SessionFlagMark, SessionFlagMark.session_participant_id == SessionParticipant.id)
            .where(SessionParticipant.participant_id.in_(chunk))))
        raised = higher if higher is not None else higher_flagged(chunk)
        for pid in chunk:
            record = records.get(pid)
            found[pid] = state_of(record, notes.get(record.id, []) if record else [],
                                  pid in flagged or pid in raised)
    return found


def _stored(connection, participant_ids) -> dict[int, tuple[int, State]]:
    """Participant id -> (study id, stored state)."""
    table = Participant.__table__
    found = {}
    ids = sorted(participant_ids)
    for start in range(0, len(ids), CHUNK):
        for row in connection.execute(sa.select(table.c.id, table.c.study_id, table.c.desk_record_id,
                                                table.c.desk_review, table.c.desk_scanless, table.c.desk_open)
                                      .where(table.c.id.in_(ids[start:start + CHUNK]))):
            found[row.id] = (row.study_id, State(row.desk_record_id, row.desk_review, bool(row.desk_scanless),
                                                 bool(row.desk_open)))
    return found


def _write(connection, states: dict[int, State]) -> None:
    if not states:
        return
    table = Participant.__table__
    connection.execute(
        sa.update(table).where(table.c.id == sa.bindparam("pid")).values(
            desk_record_id=sa.bindparam("record_id"), desk_review=sa.bindparam("review"),
            desk_scanless=sa.bindparam("scanless"), desk_open=sa.bindparam("open"))
        .execution_options(synchronize_session=False),
        [{"pid": pid, "record_id": s.record_id, "review": s.review, "scanless": s.scanless, "open": s.open}
         for pid, s in sorted(states.items())])


def _add_counts(connection, deltas: Counter) -> None:
    table = ConsentDeskCount.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for study_id, change in sorted(deltas.items()):
        if change:
            insert = dialect.insert(table).values(study_id=study_id, missing_scans=change)
            connection.execute(insert.on_conflict_do_update(
                index_elements=[table.c.study_id], set_={"missing_scans": table.c.missing_scans + change}))


def refresh(connection, participant_ids) -> None:
    """Work the state of these participants out again and store what changed (the marks must
    be current), with the studies' missing-scan counts."""
    ids = {pid for pid in participant_ids if pid is not None}
    if not ids:
        return
    stored = _stored(connection, ids)  # deleted participants are gone: nothing to keep
    true = work_out(stored)
    changed = {pid: state for pid, state in true.items() if stored[pid][1] != state}
    _write(connection, changed)
    deltas: Counter = Counter()
    for pid, state in changed.items():
        deltas[stored[pid][0]] += int(state.scanless) - int(stored[pid][1].scanless)
    _add_counts(connection, deltas)


# --- reading -----------------------------------------------------------------------------

def missing_scan_count(study_id: int) -> int:
    return db.session.scalar(sa.select(ConsentDeskCount.missing_scans)
                             .where(ConsentDeskCount.study_id == study_id)) or 0


# --- recount -----------------------------------------------------------------------------

def full_state(study_id: int, data: rules.ConsentData | None = None) -> dict[int, State]:
    """Every participant's state by the rules over the whole study: the current records and
    notes read afresh, the session flags by the rule over every attended invitee and the higher
    areas' flags over every withdrawal (app.consent.flags.load, not the stored marks; `data`:
    that load, when the caller has it)."""
    if data is None:
        data = rules.load(db.session.get(Study, study_id))
    marked = {f.participant_id for f in rules.session_flags(data) if f.participant_id}
    higher = {f.participant_id for f in rules.higher_flags(data) if f.participant_id}
    ids = db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study_id)).all()
    return work_out(ids, marked, higher)


def differences(study_id: int, data: rules.ConsentData | None = None) -> dict[str, tuple]:
    """What is stored and what the rules say, wherever they differ: "P05" -> (stored, true)
    states, and "missing scans" -> (stored, true) counts."""
    return _compare(full_state(study_id, data), study_id)[1]


def _compare(true: dict[int, State], study_id: int) -> tuple[dict, dict[str, tuple]]:
    """The stored states of the participants in `true`, and where they differ from it."""
    db.session.flush()
    stored = {pid: state for pid, (_study, state) in _stored(db.session.connection(), true).items()}
    names = dict(db.session.execute(sa.select(Participant.id, Participant.pseudonym)
                                    .where(Participant.id.in_([p for p in true if stored[p] != true[p]] or [-1]))).all())
    wrong: dict[str, tuple] = {names[pid]: (stored[pid], true[pid]) for pid in sorted(true) if stored[pid] != true[pid]}
    counted, kept = sum(s.scanless for s in true.values()), missing_scan_count(study_id)
    if counted != kept:
        wrong["missing scans"] = (kept, counted)
    return stored, wrong


def recount(study_id: int, data: rules.ConsentData | None = None) -> dict[str, tuple]:
    """Replace the study's stored state with the rules'; returns what was wrong. Flushes."""
    true = full_state(study_id, data)
    stored, wrong = _compare(true, study_id)
    connection = db.session.connection()
    _write(connection, {pid: state for pid, state in true.items() if stored[pid] != state})
    connection.execute(sa.delete(ConsentDeskCount).where(ConsentDeskCount.study_id == study_id))
    counted = sum(s.scanless for s in true.values())
    if counted:
        connection.execute(sa.insert(ConsentDeskCount), [{"study_id": study_id, "missing_scans": counted}])
    db.session.expire_all()
    return wrong
