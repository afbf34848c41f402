"""What the consent pages and the ethics desk show: bounded queries, computed state."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.consent import flagged, flags, review, standing
from app.consent.flags import Flag
from app.consent.models import ConsentFormVersion, ConsentRecord
from app.core import keyset, timezones
from app.core.extensions import db
from app.fieldwork.models import Attendance, FieldSession
from app.recruitment.models import Participant

# Names are sealed at rest (app.core.crypto): "name" sorts by pseudonym, which reveals nothing.
SORTS = {"pseudonym": [Participant.pseudonym_order], "name": [Participant.pseudonym_order],
         "status": [Participant.status, Participant.pseudonym_order]}


@dataclass
class Row:
    participant: Participant
    record: ConsentRecord | None
    withdrawals: list = field(default_factory=list)
    flags: list = field(default_factory=list)

    @property
    def review_state(self) -> str | None:
        """Where the record's review stands: stored with the participant (app.consent.desk_state,
        kept with every note) when it is their current record, so a page reads no notes."""
        if self.record is None:
            return None
        if self.participant.desk_record_id == self.record.id and self.participant.desk_review:
            return None if self.participant.desk_review == flagged.NOT_REVIEWED else self.participant.desk_review
        return review.review_state(self.record.notes)


def participants_page(study, sort: str, direction: str, cursor: dict, only_ids=None, per_page: int = 50,
                      where=None):
    """A keyset page of the study's participants; `cursor` holds the request's after/before/last;
    `only_ids` (ids or a SELECT of them) and `where` narrow it."""
    query = sa.select(Participant).where(Participant.study_id == study.id)
    if only_ids is not None:
        query = query.where(Participant.id.in_(only_ids if isinstance(only_ids, sa.Select) else (list(only_ids) or [-1])))
    if where is not None:
        query = query.where(where)
    order = keyset.keys(*SORTS.get(sort, SORTS["pseudonym"]), Participant.id, direction=direction)
    if where is None:
        return keyset.paginate(query, order, per_page=per_page, **cursor)
    # The desk's filters are conditions on the stored state (app.consent.desk_state), each led
    # by the study in its index, or a few ids: counted up to the cap in the list's order, which
    # their indexes hold (unordered, the planner may take a scan that stops at the cap when most
    # rows match, as it did once VACUUM had not yet marked the pages all-visible).
    page = keyset.paginate(query, order, per_page=per_page, count=False, **cursor)
    counted = (sa.select(Participant.pseudonym_order, Participant.id).where(Participant.study_id == study.id, where)
               .order_by(Participant.pseudonym_order, Participant.id).limit(keyset.COUNT_CAP + 1).subquery())
    found = db.session.scalar(sa.select(sa.func.count()).select_from(counted)) or 0
    page.total, page.total_capped = min(found, keyset.COUNT_CAP), found > keyset.COUNT_CAP
    return page


def rows_for(participants, flags: list[Flag] = ()) -> list[Row]:
    """One row per participant with their current record (notes loaded), withdrawals and flags."""
    ids = [p.id for p in participants]
    # their current records and reviews: stored with them (app.consent.desk_state), read by id
    current = [p.desk_record_id for p in participants if p.desk_record_id is not None]
    records = {r.participant_id: r for r in db.session.scalars(
        sa.select(ConsentRecord).where(ConsentRecord.id.in_(current))
        .options(sa.orm.joinedload(ConsentRecord.version).joinedload(ConsentFormVersion.form),
                 sa.orm.joinedload(ConsentRecord.participant)))} if current else {}
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
    withdrawn data still in a transcript); and the session's own, an expired approval. Reads
    the invitees' consent only, whatever the study's size."""
    study = session.study
    ids = [a.participant_id for a in session.attendees]
    data = flags.ConsentData(study=study, today=timezones.today(study.timezone),
                             records=standing.current_records(ids), withdrawals=standing.withdrawals_by_participant(ids))
    day = data.day_of(session)
    invited = [a for a in session.attendees if a.attendance != Attendance.NO_SHOW]
    own_flags: dict[int, list] = {}
    for flag in flagged.own_flags(study, ids):
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
NOT_REVIEWED = flagged.NOT_REVIEWED


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


def desk_page(study, flt: DeskFilter, flag_page: int, sort: str, direction: str, cursor: dict):
    """What the desk shows: the flags (counts per kind, the asked page of those passing the
    filters) and a keyset page of the participants, each with their flags; reading only the
    rows that can raise a flag and the page shown (app.consent.flagged)."""
    found = flagged.desk_flags(study, flt, flag_page, FLAGS_PER_PAGE)
    page = participants_page(study, sort, direction, cursor, where=flagged.participant_filter(study, flt, found))
    own = flagged.own_flags(study, [p.id for p in page.items])
    shown_flags = [f for p in page.items for f in found.by_participant.get(p.id, [])]
    shown_flags += [f for f in own if f.kind == flagged.MISSING_SCAN]
    return found, page, rows_for(page.items, shown_flags)


SESSION_CHOICES = 200


def sessions_of_study(study, chosen: int | None = None) -> list:
    """The sessions for the desk's session filter: the latest SESSION_CHOICES, and the chosen one."""
    latest = list(db.session.scalars(sa.select(FieldSession).where(FieldSession.study_id == study.id)
                                      .order_by(FieldSession.starts_at.desc(), FieldSession.id.desc())
                                      .limit(SESSION_CHOICES)))
    if chosen and all(s.id != chosen for s in latest):
        extra = db.session.scalar(sa.select(FieldSession).where(FieldSession.study_id == study.id,
                                                                FieldSession.id == chosen))
        latest += [extra] if extra is not None else []
    return latest
