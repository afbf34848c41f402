"""What the consent pages and the ethics desk show: bounded queries, computed state."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.consent import flags, review, standing
from app.consent.flags import Flag
from app.consent.models import ConsentRecord
from app.core.extensions import db
from app.fieldwork.models import Attendance, FieldSession, SessionParticipant
from app.recruitment.models import Organisation, Participant

SORTS = {"pseudonym": Participant.pseudonym, "name": Participant.name, "status": Participant.status}


@dataclass
class Row:
    participant: Participant
    record: ConsentRecord | None
    withdrawals: list = field(default_factory=list)
    flags: list = field(default_factory=list)

    @property
    def review_state(self) -> str | None:
        return review.review_state(self.record.notes) if self.record else None


def participants_page(study, sort: str, direction: str, page: int, only_ids=None, per_page: int = 50):
    column = SORTS.get(sort, Participant.pseudonym)
    query = sa.select(Participant).where(Participant.study_id == study.id)
    if only_ids is not None:
        query = query.where(Participant.id.in_(only_ids or [-1]))
    order = column.desc() if direction == "desc" else column.asc()
    return db.paginate(query.order_by(order, Participant.id), page=page, per_page=per_page,
                       error_out=False)


def rows_for(participants, flags: list[Flag] = ()) -> list[Row]:
    """One row per participant with their current record (notes loaded) and withdrawals."""
    ids = [p.id for p in participants]
    records = standing.current_records(ids)
    if records:  # the review thread of each shown record, in one query
        db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.id.in_([r.id for r in records.values()]))
                           .options(sa.orm.selectinload(ConsentRecord.notes))).all()
    withdrawals = standing.withdrawals_by_participant(ids)
    by_participant: dict[int, list[Flag]] = {}
    for flag in flags:
        if flag.participant_id is not None:
            by_participant.setdefault(flag.participant_id, []).append(flag)
    return [Row(p, records.get(p.id), withdrawals.get(p.id, []), by_participant.get(p.id, []))
            for p in participants]


@dataclass
class InviteeCheck:
    """One invitee on the session's consent check: what refuses them, every problem the desk flags."""

    attendee: object
    refusals: list
    problems: list  # Problem or Flag: each has kind and cause, as on the desk


def session_check(session, refusals_of) -> tuple[list[InviteeCheck], list]:
    """The consent check of a session: per invitee (as if attended, unless a no-show) the
    problems the desk flags for this session and the participant's own flags (a missing scan,
    withdrawn data still in a transcript); and the session's own, an expired approval."""
    study = session.study
    data = flags.load(study)
    day = data.day_of(session)
    invited = [a for a in session.attendees if a.attendance != Attendance.NO_SHOW]
    own_flags: dict[int, list] = {}
    for flag in flags.study_flags(study, data):
        if flag.session_id is None and flag.participant_id is not None:
            own_flags.setdefault(flag.participant_id, []).append(flag)
    rows = []
    for attendee in sorted(session.attendees, key=lambda a: (len(a.participant.pseudonym), a.participant.pseudonym)):
        problems = []
        if attendee in invited:
            found = standing.standing_of(data.records.get(attendee.participant_id),
                                         data.withdrawals.get(attendee.participant_id, []), day)
            problems = standing.attendee_problems(session, attendee.participant, found)
        rows.append(InviteeCheck(attendee, refusals_of(attendee) if attendee in invited else [],
                                 problems + own_flags.get(attendee.participant_id, [])))
    session_problem = standing.approval_problem(session, study, data.today)
    return rows, [session_problem] if session_problem else []


# --- issue 15: the desk's filters, counts per flag kind and "only open items" -------------------

FLAGS_PER_PAGE = 20
NOT_REVIEWED = "not_reviewed"


@dataclass
class DeskFilter:
    kind: str | None = None
    review: str | None = None  # NOT_REVIEWED or one of review's states
    session_id: int | None = None
    sector: str | None = None
    open_only: bool = True

    @property
    def narrows(self) -> bool:
        return bool(self.kind or self.review or self.session_id or self.sector or self.open_only)


def _sector_ids(study, sector: str) -> set[int]:
    return set(db.session.scalars(sa.select(Participant.id).join(
        Organisation, Participant.organisation_id == Organisation.id).where(
        Participant.study_id == study.id, Organisation.sector == sector)))


def _session_ids(session_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(SessionParticipant.participant_id)
                                  .where(SessionParticipant.session_id == session_id)))


def review_states(study) -> dict[int, str]:
    """participant id -> where the review of their current record stands (NOT_REVIEWED when none
    yet); participants with no record are absent. Three queries whatever the study's size."""
    ids = list(db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id)))
    records = standing.current_records(ids)
    if not records:
        return {}
    loaded = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.id.in_([r.id for r in records.values()]))
                                .options(sa.orm.selectinload(ConsentRecord.notes))).all()
    by_id = {r.id: r for r in loaded}
    return {pid: review.review_state(by_id[r.id].notes) or NOT_REVIEWED for pid, r in records.items()}


def filter_flags(study, raised: list[Flag], flt: DeskFilter) -> list[Flag]:
    shown = [f for f in raised if (not flt.kind or f.kind == flt.kind)
             and (not flt.session_id or f.session_id == flt.session_id)]
    if flt.sector:
        in_sector = _sector_ids(study, flt.sector)
        shown = [f for f in shown if f.participant_id in in_sector]
    return shown


def participant_ids(study, flt: DeskFilter, shown_flags: list[Flag]) -> set[int] | None:
    """The participants the desk's table shows (None: everyone)."""
    if not flt.narrows:
        return None
    ids: set[int] | None = None

    def narrow(found: set[int]) -> None:
        nonlocal ids
        ids = found if ids is None else ids & found

    flagged = {f.participant_id for f in shown_flags if f.participant_id}
    if flt.kind:
        narrow(flagged)
    if flt.session_id:
        narrow(_session_ids(flt.session_id))
    if flt.sector:
        narrow(_sector_ids(study, flt.sector))
    states = review_states(study) if (flt.review or flt.open_only) else {}
    if flt.review:
        narrow({pid for pid, state in states.items() if state == flt.review})
    if flt.open_only:  # a flag, or a record whose review is not done
        narrow(flagged | {pid for pid, state in states.items() if state != review.REVIEWED})
    return ids


def sessions_of_study(study) -> list:
    """The study's sessions for the desk's session filter, latest first."""
    return list(db.session.scalars(sa.select(FieldSession).where(FieldSession.study_id == study.id)
                                   .order_by(FieldSession.starts_at.desc())))
