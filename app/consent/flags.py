"""Ethics flags, computed from the data every time they are shown, so they clear themselves.

A flag provider takes a ConsentData (everything about consent in one study, loaded in a few
queries) and returns Flags. Higher areas add theirs to MORE_FLAGS through app.wiring, e.g. the
transcripts area's "withdrawal with data still in an approved transcript"; `data.withdrawals`
maps participant ids to their withdrawals (WithdrawalScope.WITHDRAW_DATA is the one that
matters to transcripts).
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app.consent import standing
from app.consent.models import ConsentMethod, ConsentWithdrawal
from app.core import timezones
from app.core.extensions import db
from app.core.hooks import Hook
from app.core.templating import local_date as format_date
from app.fieldwork.models import (
    Attendance,
    FieldSession,
    SessionParticipant,
    SessionStatus,
)
from app.recruitment.models import Participant
from app.studies.models import Study

APPROVAL_WARNING_DAYS = 30


@dataclass(frozen=True)
class Act:
    """Where a member acts on a flag: a page of the study (an endpoint, its arguments besides
    the study's id as (name, value) pairs, and the section of the page), offered to those whose
    role allows `action` (app.core.policy). A higher area's flag says so: the consent area knows
    its own pages only."""

    label: str
    endpoint: str
    params: tuple = ()
    anchor: str = ""
    action: str = ""


@dataclass(frozen=True)
class Flag:
    kind: str
    cause: str
    participant_id: int | None = None
    session_id: int | None = None
    record_id: int | None = None
    acts: tuple[Act, ...] = ()  # where it is put right, when elsewhere than the consent pages


@dataclass
class ConsentData:
    """A study's consent state: current records, withdrawals, attended sessions."""

    study: object
    today: date
    records: dict = field(default_factory=dict)  # participant id -> current ConsentRecord
    withdrawals: dict = field(default_factory=dict)  # participant id -> [ConsentWithdrawal]
    attended: list = field(default_factory=list)  # (SessionParticipant, session day)
    sessions: list = field(default_factory=list)  # every session that is not cancelled

    def day_of(self, session: FieldSession) -> date:
        return timezones.local_day(session.starts_at, self.study.timezone)

    def standing_on(self, participant_id: int, day: date) -> standing.Standing:
        """The participant's consent on the day, by the one rule (app.consent.standing)."""
        return standing.standing_of(self.records.get(participant_id), self.withdrawals.get(participant_id, []), day)


def load(study) -> ConsentData:
    data = ConsentData(study=study, today=timezones.today(study.timezone))
    kept = (FieldSession.study_id == study.id, FieldSession.status != SessionStatus.CANCELLED)
    data.sessions = list(db.session.scalars(sa.select(FieldSession).where(*kept).order_by(FieldSession.starts_at)))
    # the attendees of every session in one query (a selectinload asks in batches of 500
    # sessions: its queries grew with the study, 40 of them at 20,000 sessions)
    attendees: dict[int, list] = {}
    for attendee in db.session.scalars(
            sa.select(SessionParticipant).join(FieldSession, SessionParticipant.session_id == FieldSession.id)
            .where(*kept).options(sa.orm.joinedload(SessionParticipant.participant))
            .order_by(SessionParticipant.id)):
        attendees.setdefault(attendee.session_id, []).append(attendee)
    for session in data.sessions:
        sa.orm.attributes.set_committed_value(session, "attendees", attendees.get(session.id, []))
    data.attended = [(a, data.day_of(s)) for s in data.sessions for a in s.attendees
                     if a.attendance == Attendance.ATTENDED]
    ids = db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id)).all()
    data.records = standing.current_records(ids)
    for withdrawal in db.session.scalars(sa.select(ConsentWithdrawal)
                                         .where(ConsentWithdrawal.study_id == study.id)
                                         .order_by(ConsentWithdrawal.withdrawn_on)):
        data.withdrawals.setdefault(withdrawal.participant_id, []).append(withdrawal)
    return data


def session_flags(data: ConsentData) -> list[Flag]:
    """Each attendee's problems with consent, as app.consent.standing finds them for the session
    check and the attendance and completion checks: no valid consent, no yes to recording, a
    version retired before the session."""
    flags = []
    for attendee, day in data.attended:
        found = data.standing_on(attendee.participant_id, day)
        for problem in standing.attendee_problems(attendee.session, attendee.participant, found):
            flags.append(Flag(problem.kind, problem.cause, problem.participant_id, problem.session_id,
                              problem.record_id))
    return flags


def ethics_approval(data: ConsentData) -> list[Flag]:
    until = data.study.approval_valid_until
    if until is None:
        return []
    if data.today <= until <= data.today + timedelta(days=APPROVAL_WARNING_DAYS):
        return [Flag("approval_expiring", ngettext("The ethics approval expires on %(day)s, in %(num)d day.",
                                                   "The ethics approval expires on %(day)s, in %(num)d days.",
                                                   (until - data.today).days, day=format_date(until)))]
    later = [s.code for s in data.sessions if standing.approval_problem(s, data.study, data.today)]
    if later:
        return [Flag("approval_expired", _(
            "The ethics approval expired on %(day)s; sessions after it: %(codes)s.",
            day=format_date(until), codes=", ".join(later)))]
    return []


def written_without_scan(data: ConsentData) -> list[Flag]:
    """A flag for each current written record without a scan, in the participant list's order."""
    records = sorted(data.records.values(), key=lambda r: (r.participant.pseudonym_order or "", r.participant_id))
    return [Flag("missing_scan", _("%(who)s gave written consent on %(day)s but no scan is attached.",
                                    who=record.participant.pseudonym, day=format_date(record.consent_date)),
                 record.participant_id, None, record.id)
            for record in records
            if record.method == ConsentMethod.WRITTEN and not record.scan_sha256]


FlagProvider = Callable[[ConsentData], list[Flag]]
FLAG_PROVIDERS: list[FlagProvider] = [
    session_flags,
    ethics_approval,
    written_without_scan,
]
MORE_FLAGS = Hook("consent flags from higher areas")
# Issue 18: the ethics desk stores whether each participant has an open item
# (app.consent.desk_state), the flags of higher areas included, in the transaction of every change
# they depend on. The consent area hears its own changes; what the higher areas' flags read
# besides (approved transcripts and who speaks in them) only those areas know. Each function
# here is called at every flush (after it is written, with the flushed session: its new, dirty
# and deleted objects and their history) and answers the ids of the participants whose
# higher-area flags that flush may have changed; their desk state is worked out again, MORE_FLAGS
# run over their withdrawals. A provider of MORE_FLAGS must read stored data only (not today) and
# raise flags only for participants with a withdrawal (it is given data.study and data.withdrawals,
# those of the participants worked out); one that reads anything else must fill this hook too.
MORE_FLAGS_REACH = Hook("participants whose flags from higher areas a flush may change")


def higher_flags(data: ConsentData) -> list[Flag]:
    """The flags higher areas add (MORE_FLAGS) to this study's data."""
    return [flag for provider in MORE_FLAGS for flag in provider(data)]


def withdrawal_flags(study=None, participant_ids=None, today: date | None = None,
                     with_participants: bool = True) -> list[Flag]:
    """The flags higher areas add (MORE_FLAGS) given the withdrawals of the study, or of these
    participants (of that study; of any study when none is given), study by study: a provider
    reads data.study and data.withdrawals only (each participant's, oldest first; see
    MORE_FLAGS_REACH), `today` the study's unless given. The one rule behind the desk's pages
    (app.consent.flagged), its stored state (app.consent.desk_state) and the ethics report;
    `with_participants` loads the withdrawals' participants with them (the flags name them)."""
    if participant_ids is not None:
        participant_ids = sorted(participant_ids)
        if not participant_ids:
            return []
    if not len(MORE_FLAGS):
        return []
    query = sa.select(ConsentWithdrawal).order_by(ConsentWithdrawal.withdrawn_on, ConsentWithdrawal.id)
    if study is not None:
        query = query.where(ConsentWithdrawal.study_id == study.id)
    if participant_ids is not None:
        query = query.where(ConsentWithdrawal.participant_id.in_(participant_ids))
    if with_participants:
        query = query.options(sa.orm.joinedload(ConsentWithdrawal.participant))
    by_study: dict[int, dict[int, list]] = {}
    for withdrawal in db.session.scalars(query):
        by_study.setdefault(withdrawal.study_id, {}).setdefault(withdrawal.participant_id, []).append(withdrawal)
    flags: list[Flag] = []
    for study_id, withdrawals in sorted(by_study.items()):
        of = study if study is not None else db.session.get(Study, study_id)
        flags += higher_flags(ConsentData(study=of, today=today or timezones.today(of.timezone),
                                          withdrawals=withdrawals))
    return flags


def study_flags(study, data: ConsentData | None = None) -> list[Flag]:
    """Every flag the study raises now."""
    data = data or load(study)
    return [flag for provider in FLAG_PROVIDERS for flag in provider(data)] + higher_flags(data)
