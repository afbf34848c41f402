"""The ethics desk's flags, reading only the rows that can raise one (issue 18).

app.consent.flags computes every flag from the whole study (the ethics report does so, it
prints everything). The desk and the session consent check must not grow with the study, so
here SQL picks the rows that could be flagged and the same rules (app.consent.standing,
app.consent.flags) decide on them only:

- session flags: the attendees marked as raising one (app.consent.desk_marks keeps the marks
  in the transaction of every change the rule depends on), read by the marks' index, so the
  desk reads as many attendees as there are flags, not every attended invitee, and the rule
  decides again on those;
- written consent without a scan: counted and paged in SQL, opened only for the page shown;
- the approval: sessions on or after the day it expired, only once it has;
- the flags of higher areas (MORE_FLAGS) from the study's withdrawals, which are few.

Review states come from the notes in SQL (the last "reviewed" or "query" note decides; an
answer after a query makes it "answered"), so the desk's filters are subqueries, not sets of
every participant.
"""
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload

from app.consent import flags as rules
from app.consent import review, standing
from app.consent.flags import ConsentData, Flag
from app.consent.models import (
    ConsentMethod,
    ConsentNote,
    ConsentRecord,
    ConsentWithdrawal,
    NoteKind,
    SessionFlagMark,
)
from app.core import timezones
from app.core.extensions import db
from app.fieldwork.models import Attendance, FieldSession, SessionParticipant, SessionStatus
from app.recruitment.models import Organisation, Participant

MISSING_SCAN = "missing_scan"
NOT_REVIEWED = "not_reviewed"
MARKS = (NoteKind.REVIEWED, NoteKind.QUERY)
# Aliases made once: an alias adapts its columns on first use, which costs more than the query
# (SQL scopes each subquery's aliases, so one alias serves every subquery of a statement).
_REPLACING, _LATER, _REPLACING_LATER = aliased(ConsentRecord), aliased(ConsentRecord), aliased(ConsentRecord)
_MARK, _AFTER, _ANSWER = aliased(ConsentNote), aliased(ConsentNote), aliased(ConsentNote)
_IN_REVIEW, _SCANLESS = aliased(ConsentRecord), aliased(ConsentRecord)


# --- the current record and its review, as SQL -------------------------------------------

def is_current(record):
    """`record` (an alias of ConsentRecord) is its participant's current record, as
    standing.current_records picks it: no correction replaced it, and it is the latest such."""
    replacing, later, replacing_later = _REPLACING, _LATER, _REPLACING_LATER
    return sa.and_(
        ~sa.exists().where(replacing.supersedes_id == record.id),
        ~sa.exists().where(later.study_id == record.study_id, later.participant_id == record.participant_id,
                           later.id > record.id,
                           ~sa.exists().where(replacing_later.supersedes_id == later.id)
                           .correlate_except(replacing_later)))


def _review_is(record, state: str):
    """The review of `record` stands at `state` (review.review_state over its notes)."""
    mark, after, answer = _MARK, _AFTER, _ANSWER
    if state == NOT_REVIEWED:
        return ~sa.exists().where(mark.record_id == record.id, mark.kind.in_(MARKS))
    last_mark = sa.and_(mark.record_id == record.id,
                        ~sa.exists().where(after.record_id == record.id, after.kind.in_(MARKS), after.id > mark.id)
                        .correlate_except(after))
    if state == review.REVIEWED:
        return sa.exists().where(last_mark, mark.kind == NoteKind.REVIEWED)
    answered = (sa.exists().where(answer.record_id == record.id, answer.kind == NoteKind.ANSWER, answer.id > mark.id)
                .correlate_except(answer))
    if state == review.ANSWERED:
        return sa.exists().where(last_mark, mark.kind == NoteKind.QUERY, answered)
    return sa.exists().where(last_mark, mark.kind == NoteKind.QUERY, ~answered)  # review.QUERY_OPEN


def participants_in_review(study, state: str | None = None, open_only: bool = False):
    """SELECT of the participants whose current record's review stands at `state` (or, with
    open_only, is not done)."""
    record = _IN_REVIEW
    condition = sa.not_(_review_is(record, review.REVIEWED)) if open_only else _review_is(record, state)
    return sa.select(record.participant_id).where(record.study_id == study.id, is_current(record), condition)


# --- session flags ------------------------------------------------------------------------

def marked_attendees(study, participant_ids=None):
    """SELECT of the study's attendees marked as raising a session flag (app.consent.desk_marks),
    read from the marks' index: as many rows as there are flags, not as attended sessions."""
    query = (sa.select(SessionParticipant)
             .join(SessionFlagMark, SessionFlagMark.session_participant_id == SessionParticipant.id)
             .join(FieldSession, FieldSession.id == SessionParticipant.session_id)
             .where(SessionFlagMark.study_id == study.id, FieldSession.status != SessionStatus.CANCELLED,
                    SessionParticipant.attendance == Attendance.ATTENDED)
             .options(contains_eager(SessionParticipant.session), joinedload(SessionParticipant.participant))
             .order_by(FieldSession.starts_at, FieldSession.id, SessionParticipant.id))
    if participant_ids is not None:
        query = query.where(SessionParticipant.participant_id.in_(list(participant_ids) or [-1]))
    return query


def consent_data(study, today, attendees) -> ConsentData:
    """The consent of these attendees' participants, with the attendees and their session days."""
    ids = {a.participant_id for a in attendees}
    data = ConsentData(study=study, today=today, records=standing.current_records(ids),
                       withdrawals=standing.withdrawals_by_participant(ids))
    data.attended = [(a, data.day_of(a.session)) for a in attendees]
    return data


def session_flags(study, today, participant_ids=None) -> list[Flag]:
    """Every session flag of the study (or of these participants), as rules.session_flags, over
    the marked attendees only (the rule decides again on them)."""
    attendees = list(db.session.scalars(marked_attendees(study, participant_ids)).unique())
    if not attendees:
        return []
    return rules.session_flags(consent_data(study, today, attendees))


def approval_flags(study, today) -> list[Flag]:
    """The approval's flag, as rules.ethics_approval (the sessions read only once it expired)."""
    data = ConsentData(study=study, today=today)
    until = study.approval_valid_until
    if until is not None and until < today:
        data.sessions = list(db.session.scalars(
            sa.select(FieldSession).where(FieldSession.study_id == study.id,
                                          FieldSession.status != SessionStatus.CANCELLED,
                                          sa.func.date(FieldSession.starts_at) >= until)
            .order_by(FieldSession.starts_at)))
    return rules.ethics_approval(data)


def more_flags(study, today, participant_ids=None) -> list[Flag]:
    """The flags higher areas add (MORE_FLAGS), given the withdrawals of the study (or of these
    participants): the providers read data.withdrawals and data.study."""
    query = sa.select(ConsentWithdrawal).where(ConsentWithdrawal.study_id == study.id)
    if participant_ids is not None:
        query = query.where(ConsentWithdrawal.participant_id.in_(list(participant_ids) or [-1]))
    data = ConsentData(study=study, today=today)
    for withdrawal in db.session.scalars(query.options(joinedload(ConsentWithdrawal.participant))
                                         .order_by(ConsentWithdrawal.withdrawn_on, ConsentWithdrawal.id)):
        data.withdrawals.setdefault(withdrawal.participant_id, []).append(withdrawal)
    if not data.withdrawals:
        return []
    return [flag for provider in rules.MORE_FLAGS for flag in provider(data)]


# --- written consent without a scan -------------------------------------------------------

def missing_scans(study, sector: str | None = None, participant_ids=None):
    """SELECT of the current written records without a scan (one flag each)."""
    record = _SCANLESS
    query = sa.select(record).where(record.study_id == study.id, record.method == ConsentMethod.WRITTEN,
                                    record.scan_sha256.is_(None), is_current(record))
    if sector:
        query = query.join(Participant, Participant.id == record.participant_id).join(
            Organisation, Organisation.id == Participant.organisation_id).where(Organisation.sector == sector)
    if participant_ids is not None:
        query = query.where(record.participant_id.in_(list(participant_ids) or [-1]))
    return query, record


def _scan_flags(study, today, query, record, offset: int = 0, limit: int | None = None) -> list[Flag]:
    page = query.options(joinedload(record.participant)).order_by(record.id).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    found = list(db.session.scalars(page))
    data = ConsentData(study=study, today=today, records={r.participant_id: r for r in found})
    return rules.written_without_scan(data)


def own_flags(study, participant_ids) -> list[Flag]:
    """The flags these participants raise outside any session (a missing scan, the flags of
    higher areas), for the rows of the desk and the session consent check."""
    ids = list(participant_ids)
    if not ids:
        return []
    today = timezones.today(study.timezone)
    query, record = missing_scans(study, participant_ids=ids)
    return _scan_flags(study, today, query, record) + more_flags(study, today, ids)


# --- the desk -----------------------------------------------------------------------------

@dataclass
class DeskFlags:
    counts: Counter  # every flag the study raises, per kind
    shown: list[Flag]  # the page of flags that pass the filters
    shown_count: int
    page: int
    pages: int
    flagged: list = field(default_factory=list)  # SELECTs of the participants whose flags pass the filters
    by_participant: dict = field(default_factory=dict)  # participant id -> session and higher-area flags

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def desk_flags(study, flt, page: int, per_page: int) -> DeskFlags:
    """The counts per kind, the asked page of the flags passing `flt` (same order as
    rules.study_flags: session flags, the approval, missing scans, higher areas) and the
    participants they name."""
    today = timezones.today(study.timezone)
    in_sessions, approval, higher = session_flags(study, today), approval_flags(study, today), more_flags(study, today)
    scans_query, record = missing_scans(study)
    scan_total = db.session.scalar(sa.select(sa.func.count()).select_from(scans_query.subquery())) or 0
    counts = Counter(f.kind for f in in_sessions + approval + higher)
    if scan_total:
        counts[MISSING_SCAN] = scan_total
    in_sector: set[int] = set()
    if flt.sector:
        named = {f.participant_id for f in in_sessions + higher if f.participant_id}
        in_sector = set(db.session.scalars(
            sa.select(Participant.id).join(Organisation, Organisation.id == Participant.organisation_id)
            .where(Participant.id.in_(list(named) or [-1]), Organisation.sector == flt.sector)))

    def passes(flag: Flag) -> bool:
        return ((not flt.kind or flag.kind == flt.kind) and (not flt.session_id or flag.session_id == flt.session_id)
                and (not flt.sector or flag.participant_id in in_sector))

    before = [f for f in in_sessions + approval if passes(f)]
    after = [f for f in higher if passes(f)]
    with_scans = (not flt.kind or flt.kind == MISSING_SCAN) and not flt.session_id
    scan_count = scan_total if with_scans else 0
    if with_scans and scan_total and flt.sector:
        scans_query, record = missing_scans(study, flt.sector)
        scan_count = db.session.scalar(sa.select(sa.func.count()).select_from(scans_query.subquery())) or 0
    shown_count = len(before) + scan_count + len(after)
    pages = max(1, -(-shown_count // per_page))
    page = min(max(1, page), pages)
    start, end = (page - 1) * per_page, page * per_page
    shown = before[start:end]
    scan_start, scan_end = max(start - len(before), 0), min(end - len(before), scan_count)
    if scan_end > scan_start:
        shown += _scan_flags(study, today, scans_query, record, scan_start, scan_end - scan_start)
    tail_start = max(start - len(before) - scan_count, 0)
    tail_end = max(end - len(before) - scan_count, 0)
    shown += after[tail_start:tail_end]
    named = sorted({f.participant_id for f in before + after if f.participant_id})
    flagged = [sa.select(Participant.id).where(Participant.id.in_(named or [-1]))]
    if with_scans and scan_count:
        flagged.append(scans_query.with_only_columns(record.participant_id))
    by_participant: dict[int, list[Flag]] = {}
    for flag in in_sessions + higher:
        if flag.participant_id is not None:
            by_participant.setdefault(flag.participant_id, []).append(flag)
    return DeskFlags(counts, shown, shown_count, page, pages, flagged, by_participant)


def participant_filter(study, flt, found: DeskFlags):
    """The WHERE clause of the desk's participants (None: everyone), as subqueries."""
    if not flt.narrows:
        return None
    conditions = []
    if flt.kind:
        conditions.append(Participant.id.in_(_union(found.flagged)))
    if flt.session_id:
        conditions.append(Participant.id.in_(sa.select(SessionParticipant.participant_id)
                                             .where(SessionParticipant.session_id == flt.session_id)))
    if flt.sector:
        conditions.append(Participant.organisation_id.in_(
            sa.select(Organisation.id).where(Organisation.study_id == study.id, Organisation.sector == flt.sector)))
    if flt.review:
        conditions.append(Participant.id.in_(participants_in_review(study, flt.review)))
    if flt.open_only:  # a flag, or a record whose review is not done
        conditions.append(Participant.id.in_(_union([*found.flagged, participants_in_review(study, open_only=True)])))
    return sa.and_(*conditions)


def _union(selects: list):
    return selects[0] if len(selects) == 1 else sa.union(*selects)
