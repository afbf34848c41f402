"""The ethics desk's flags, reading only the rows that can raise one (issue 18).

app.consent.flags computes every flag from the whole study (the ethics report does so, it
prints everything). The desk and the session consent check must not grow with the study, so
here SQL picks the rows that could be flagged and the same rules (app.consent.standing,
app.consent.flags) decide on them only:

- session flags: the attendees marked as raising one (app.consent.desk_marks keeps the marks
  in the transaction of every change the rule depends on), read by the marks' index, so the
  desk reads as many attendees as there are flags, not every attended invitee, and the rule
  decides again on those;
- written consent without a scan: the stored state (app.consent.desk_state: each participant's
  current record, its review, a missing scan, an open item, kept in the transaction of every
  change) counts them and pages them by index, opened only for the page shown;
- the approval: sessions on or after the day it expired, only once it has;
- the flags of higher areas (MORE_FLAGS) from the study's withdrawals, which are few: the one
  rule, app.consent.flags.withdrawal_flags, called as it is (the stored state's open items
  include them: app.consent.flags.MORE_FLAGS_REACH).

The desk's filters (review state, only open items, missing scans) are conditions on that stored
state, each one index range of the participant list in its order, not sets of every participant.
"""
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from app.consent import desk_state, standing
from app.consent import flags as rules
from app.consent.flags import ConsentData, Flag
from app.consent.models import ConsentRecord, SessionFlagMark
from app.core import keyset, timezones
from app.core.extensions import db
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStatus,
)
from app.recruitment.models import Organisation, Participant

MISSING_SCAN = "missing_scan"
NOT_REVIEWED = desk_state.NOT_REVIEWED


# --- the current record and its review: the stored state (app.consent.desk_state) ---------

def participants_in_review(study, state: str | None = None, open_only: bool = False):
    """SELECT of the participants whose current record's review stands at `state` (or, with
    open_only, is not done), from the stored state: one index range."""
    return sa.select(Participant.id).where(Participant.study_id == study.id, _review_condition(state, open_only))


def _review_condition(state: str | None, open_only: bool = False):
    if open_only:
        return Participant.desk_review.in_(desk_state.NOT_DONE)
    return Participant.desk_review == state


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


# --- written consent without a scan -------------------------------------------------------

def missing_scans(study, sector: str | None = None, participant_ids=None):
    """SELECT of the participants whose current record is written consent without a scan (one
    flag each), with that record's id, in the list's order: the stored state's index
    (app.consent.desk_state)."""
    query = sa.select(Participant.id, Participant.desk_record_id).where(
        Participant.study_id == study.id, Participant.desk_scanless == sa.true())
    if sector:
        query = query.join(Organisation, Organisation.id == Participant.organisation_id).where(
            Organisation.sector == sector)
    if participant_ids is not None:
        query = query.where(Participant.id.in_(list(participant_ids) or [-1]))
    return query.order_by(Participant.pseudonym_order, Participant.id)


def scan_flags(study, today, query, offset: int = 0, limit: int | None = None) -> list[Flag]:
    """The flags of a page of missing scans: the page by index, then its records by id."""
    page = query.offset(offset)
    if limit is not None:
        page = page.limit(limit)
    order = {record_id: n for n, (_pid, record_id) in enumerate(db.session.execute(page))}
    if not order:
        return []
    found = sorted(db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.id.in_(sorted(order)))
                                      .options(joinedload(ConsentRecord.participant))),
                   key=lambda r: order[r.id])
    data = ConsentData(study=study, today=today, records={r.participant_id: r for r in found})
    return rules.written_without_scan(data)


def _capped_count(query) -> tuple[int, bool]:
    found = db.session.scalar(sa.select(sa.func.count()).select_from(
        query.order_by(None).limit(keyset.COUNT_CAP + 1).subquery())) or 0
    return min(found, keyset.COUNT_CAP), found > keyset.COUNT_CAP


def own_flags(study, participant_ids) -> list[Flag]:
    """The flags these participants raise outside any session (a missing scan, the flags of
    higher areas), for the rows of the desk and the session consent check."""
    ids = list(participant_ids)
    if not ids:
        return []
    today = timezones.today(study.timezone)
    return (scan_flags(study, today, missing_scans(study, participant_ids=ids))
            + rules.withdrawal_flags(study, ids, today))


# --- the desk -----------------------------------------------------------------------------

@dataclass
class DeskFlags:
    counts: Counter  # every flag the study raises, per kind
    shown: list[Flag]  # the page of flags that pass the filters
    shown_count: int
    page: int
    pages: int
    named: list = field(default_factory=list)  # participants of the session and higher flags passing the filters
    scans: bool = False  # the missing scans pass the filters (their participants: desk_scanless)
    by_participant: dict = field(default_factory=dict)  # participant id -> session and higher-area flags
    scans_capped: bool = False  # more missing scans pass the filters than were counted (keyset.COUNT_CAP)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def desk_flags(study, flt, page: int, per_page: int) -> DeskFlags:
    """The counts per kind, the asked page of the flags passing `flt` (same order as
    rules.study_flags: session flags, the approval, missing scans, higher areas) and the
    participants they name. The missing scans are counted by the stored count
    (app.consent.desk_state), within a sector up to keyset.COUNT_CAP."""
    today = timezones.today(study.timezone)
    in_sessions, approval = session_flags(study, today), approval_flags(study, today)
    higher = rules.withdrawal_flags(study, today=today)
    scan_total = desk_state.missing_scan_count(study.id)
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
    scan_count, capped = (scan_total if with_scans else 0), False
    scans_query = missing_scans(study, flt.sector)
    if with_scans and scan_total and flt.sector:
        scan_count, capped = _capped_count(scans_query)
    shown_count = len(before) + scan_count + len(after)
    pages = max(1, -(-shown_count // per_page))
    page = min(max(1, page), pages)
    start, end = (page - 1) * per_page, page * per_page
    shown = before[start:end]
    scan_start, scan_end = max(start - len(before), 0), min(end - len(before), scan_count)
    if scan_end > scan_start:
        shown += scan_flags(study, today, scans_query, scan_start, scan_end - scan_start)
    tail_start = max(start - len(before) - scan_count, 0)
    tail_end = max(end - len(before) - scan_count, 0)
    shown += after[tail_start:tail_end]
    by_participant: dict[int, list[Flag]] = {}
    for flag in in_sessions + higher:
        if flag.participant_id is not None:
            by_participant.setdefault(flag.participant_id, []).append(flag)
    return DeskFlags(counts, shown, shown_count, page, pages,
                     named=sorted({f.participant_id for f in before + after if f.participant_id}),
                     scans=with_scans and bool(scan_count), by_participant=by_participant,
                     scans_capped=capped)


def participant_filter(study, flt, found: DeskFlags):
    """The WHERE clause of the desk's participants (None: everyone): conditions on the stored
    state (app.consent.desk_state), each an index range in the list's order, and the few
    participants the flags name."""
    if not flt.narrows:
        return None
    conditions = []
    if flt.kind:  # (only open items adds nothing: a flagged participant is an open item)
        conditions.append(_any_of(Participant.desk_scanless == sa.true() if found.scans else None, found.named))
    elif flt.open_only and flt.session_id:  # the session's flags, or a review not done
        conditions.append(_any_of(_review_condition(None, open_only=True), found.named))
    elif flt.open_only:  # a flag, or a review not done: stored as desk_open (session flags: the
        # desk marks; the flags of higher areas: app.consent.flags.MORE_FLAGS_REACH), one index
        # range in the list's order (tests/consent/test_desk_plans.py shows the plan)
        conditions.append(Participant.desk_open == sa.true())
    if flt.session_id:
        conditions.append(Participant.id.in_(sa.select(SessionParticipant.participant_id)
                                             .where(SessionParticipant.session_id == flt.session_id)))
    if flt.sector:
        conditions.append(Participant.organisation_id.in_(
            sa.select(Organisation.id).where(Organisation.study_id == study.id, Organisation.sector == flt.sector)))
    if flt.review:
        conditions.append(_review_condition(flt.review))
    return sa.and_(*conditions)


def _any_of(condition, ids: list):
    """`condition` or one of these participants (few: the ones flags name)."""
    named = Participant.id.in_(ids) if ids else None
    either = [c for c in (condition, named) if c is not None]
    return sa.or_(*either) if either else sa.false()
