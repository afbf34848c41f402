"""The figures of the ethics report: coverage, items, flags, withdrawals, session by session.

Issue 18: the report is built in a background job (app.consent.background) at any size of
study, so nothing here holds the whole study in memory:

- the counts are SQL aggregates, but "valid today" and the items said yes to, which ask the one
  rule (app.consent.standing), read the current records (each participant's stored
  desk_record_id, app.consent.desk_state) in one streamed query (yield_per);
- the flags are the desk's (app.consent.flagged), which read only the rows that can raise one,
  in the order app.consent.flags.study_flags gives them;
- the withdrawals are read with their participants only (not every participant of the study);
- the session lines are a generator over one streamed query: each non-cancelled session with
  its attended invitees and their current record, a row each, decided by the same rule as the
  desk's flags.

The form versions and the records a correction or renewal replaced (which the rule may walk
back to, app.consent.standing.record_for_day) are read once beforehand and kept, so the
streamed records find them in the session's identity map instead of asking for each: the
number of queries does not grow with the study.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from app.consent import flagged, standing
from app.consent import flags as rules
from app.consent.models import (
    STANDARD_ITEMS,
    ConsentFormVersion,
    ConsentRecord,
    ConsentWithdrawal,
)
from app.core import timezones
from app.core.extensions import db
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStatus,
)
from app.recruitment.models import Participant

STREAM_ROWS = 1000  # rows a streamed query fetches at a time


@dataclass
class SessionLine:
    session: object
    day: object
    attended: int
    with_consent: int
    recording_yes: int


@dataclass
class ReportFigures:
    """Everything the report prints before the sessions; their lines come from session_lines."""

    generated_on: date
    coverage: dict
    item_counts: dict
    flags: list
    withdrawals: list  # (Participant, ConsentWithdrawal), by date
    session_count: int


def _kept_sessions(study):
    return (FieldSession.study_id == study.id, FieldSession.status != SessionStatus.CANCELLED)


def preload_rule_rows(study) -> list:
    """The study's form versions and the records later ones replaced, kept by the caller so the
    rule's look-ups (record.version, record.supersedes) find them without a query."""
    replacing = aliased(ConsentRecord)
    versions = list(db.session.scalars(sa.select(ConsentFormVersion).where(ConsentFormVersion.study_id == study.id)))
    replaced = list(db.session.scalars(sa.select(ConsentRecord).where(
        ConsentRecord.study_id == study.id, sa.exists().where(replacing.supersedes_id == ConsentRecord.id))))
    return versions + replaced


def _withdrawals(study) -> list[ConsentWithdrawal]:
    return list(db.session.scalars(
        sa.select(ConsentWithdrawal).where(ConsentWithdrawal.study_id == study.id)
        .options(joinedload(ConsentWithdrawal.participant))
        .order_by(ConsentWithdrawal.withdrawn_on, ConsentWithdrawal.id)))


def withdrawals_by_participant(withdrawals) -> dict[int, list]:
    found: dict[int, list] = {}
    for withdrawal in withdrawals:
        found.setdefault(withdrawal.participant_id, []).append(withdrawal)
    return found


def _coverage(study, today: date, by_participant: dict) -> tuple[dict, dict]:
    current = aliased(ConsentRecord)
    participants = db.session.scalar(sa.select(sa.func.count()).select_from(Participant)
                                     .where(Participant.study_id == study.id)) or 0
    attended = (sa.select(SessionParticipant.participant_id)
                .join(FieldSession, FieldSession.id == SessionParticipant.session_id)
                .where(*_kept_sessions(study), SessionParticipant.attendance == Attendance.ATTENDED)
                .distinct().subquery())
    attended_count, attended_with_record = db.session.execute(sa.select(
        sa.func.count(), sa.func.count(sa.case((sa.exists().where(
            ConsentRecord.participant_id == attended.c.participant_id), 1)))).select_from(attended)).one()
    with_record = valid = 0
    items = dict.fromkeys(STANDARD_ITEMS, 0)
    records = (sa.select(current).join(Participant, Participant.desk_record_id == current.id)
               .where(Participant.study_id == study.id).execution_options(yield_per=STREAM_ROWS))
    for record in db.session.scalars(records):
        with_record += 1
        found = standing.standing_of(record, by_participant.get(record.participant_id, ()), today)
        valid += found.valid
        for key in STANDARD_ITEMS:
            items[key] += record.says_yes(key)
    return {"participants": participants, "with_record": with_record, "valid_today": valid,
            "attended": attended_count or 0, "attended_with_record": attended_with_record or 0}, items


def report_flags(study, today: date) -> list:
    """Every flag the study raises now, as app.consent.flags.study_flags lists them (session
    flags, the approval, written consent without a scan, the flags of higher areas), read the
    desk's way (app.consent.flagged)."""
    return (flagged.session_flags(study, today) + flagged.approval_flags(study, today)
            + flagged.scan_flags(study, today, flagged.missing_scans(study))
            + rules.withdrawal_flags(study, today=today))


def report_figures(study, keep: list) -> ReportFigures:
    """The figures before the sessions; `keep` receives the rows the session lines' rule looks
    up (keep it as long as session_lines runs)."""
    today = timezones.today(study.timezone)
    keep.extend(preload_rule_rows(study))
    withdrawals = _withdrawals(study)
    keep.extend(withdrawals)
    coverage, items = _coverage(study, today, withdrawals_by_participant(withdrawals))
    session_count = db.session.scalar(sa.select(sa.func.count()).select_from(FieldSession)
                                      .where(*_kept_sessions(study))) or 0
    return ReportFigures(today, coverage, items, report_flags(study, today),
                         [(w.participant, w) for w in withdrawals], session_count)


def session_lines(study, withdrawals: dict) -> Iterator[SessionLine]:
    """Each non-cancelled session (by start) with its attended invitees counted: those with
    valid consent on its day and those whose current record says yes to recording, from one
    streamed query (a row per attendee, with their current record)."""
    current = aliased(ConsentRecord)
    query = (sa.select(FieldSession, SessionParticipant.participant_id, current)
             .outerjoin(SessionParticipant, sa.and_(SessionParticipant.session_id == FieldSession.id,
                                                    SessionParticipant.attendance == Attendance.ATTENDED))
             .outerjoin(Participant, Participant.id == SessionParticipant.participant_id)
             .outerjoin(current, current.id == Participant.desk_record_id)
             .where(*_kept_sessions(study))
             .order_by(FieldSession.starts_at, FieldSession.id, SessionParticipant.id)
             .execution_options(yield_per=STREAM_ROWS))
    line = None
    for session, participant_id, record in db.session.execute(query):
        if line is None or line.session.id != session.id:
            if line is not None:
                yield line
            line = SessionLine(session, timezones.local_day(session.starts_at, study.timezone), 0, 0, 0)
        if participant_id is None:
            continue
        found = standing.standing_of(record, withdrawals.get(participant_id, ()), line.day)
        line.attended += 1
        line.with_consent += found.valid
        line.recording_yes += found.says_yes(standing.AUDIO)
    if line is not None:
        yield line
