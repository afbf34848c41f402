"""One truth about consent: a participant's standing on a day, and what it means for a session.

Every place that asks about consent asks here: the attendance and completion checks (rule 3),
the session's consent check page, the ethics desk's flags and report, bundles (rule 2) and
protocols. `consent_on` answers for one participant, `consents_on` for many in a few queries;
both build a `Standing` with `standing_of`, the only place that decides what a record means on
a day. `attendee_problems` says, for one attendee of one session, every problem the ethics desk
flags and whether it refuses attendance, refuses completion or only warns.

A consent on a form version retired before the session day is a warning, not a refusal: the
version was approved when the participant consented (rule 3 asks for an approved version), so
attendance may be recorded and the session completed; the consent check shows the warning before
the session and the ethics desk flags it for the reviewer, who asks for a renewal on the current
version. Dala never lets it pass silently.
"""
import enum
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.consent.models import (
    ConsentFormVersion,
    ConsentRecord,
    ConsentWithdrawal,
    VersionStatus,
    WithdrawalScope,
)
from app.core import timezones
from app.core.extensions import db
from app.core.templating import local_date as format_date

VALID_VERSION_STATES = (VersionStatus.APPROVED, VersionStatus.RETIRED)
AUDIO = "audio"


class Missing(enum.StrEnum):
    """Why consent is not valid on a day."""

    NO_RECORD = "no_record"
    NOT_APPROVED = "not_approved"
    GIVEN_LATER = "given_later"
    WITHDRAWN = "withdrawn"


class Blocks(enum.StrEnum):
    """What a problem refuses; a problem that refuses nothing is a warning."""

    ATTENDANCE = "attendance"
    COMPLETION = "completion"


# --- the current record ------------------------------------------------------------------

# one alias for every query: a new one per call made each statement new to SQLAlchemy's
# compiled-statement cache (compiled again every time)
_REPLACING = sa.orm.aliased(ConsentRecord)


def _not_superseded():
    """No correction replaces the record: one probe of the unique supersedes_id index per record,
    instead of reading every study's corrections."""
    return ~sa.exists().where(_REPLACING.supersedes_id == ConsentRecord.id)


def current_record(participant_id: int) -> ConsentRecord | None:
    """The participant's latest record that no correction has replaced."""
    query = (sa.select(ConsentRecord)
             .where(ConsentRecord.participant_id == participant_id, _not_superseded())
             .order_by(ConsentRecord.id.desc()).limit(1))
    return db.session.scalar(query)


def current_records(participant_ids, with_participants: bool = True) -> dict[int, ConsentRecord]:
    """The current record of each of these participants, in one query; with their participants
    loaded (each a row of sealed values to open) unless the caller needs only the consent."""
    ids = list(participant_ids)
    if not ids:
        return {}
    loaded = [sa.orm.joinedload(ConsentRecord.version).joinedload(ConsentFormVersion.form)]
    if with_participants:
        loaded.append(sa.orm.joinedload(ConsentRecord.participant))
    query = (sa.select(ConsentRecord)
             .where(ConsentRecord.participant_id.in_(ids), _not_superseded())
             .options(*loaded).order_by(ConsentRecord.id))
    return {record.participant_id: record for record in db.session.scalars(query)}


def withdrawals_by_participant(participant_ids) -> dict[int, list[ConsentWithdrawal]]:
    ids = list(participant_ids)
    found: dict[int, list[ConsentWithdrawal]] = {}
    if not ids:
        return found
    for withdrawal in db.session.scalars(sa.select(ConsentWithdrawal)
                                         .where(ConsentWithdrawal.participant_id.in_(ids))
                                         .order_by(ConsentWithdrawal.withdrawn_on, ConsentWithdrawal.id)):
        found.setdefault(withdrawal.participant_id, []).append(withdrawal)
    return found


def record_for_day(record: ConsentRecord | None, on_date: date) -> ConsentRecord | None:
    """The record in force on a day: the current one, or the one it renewed.

    A record on another version than the one it supersedes renews consent, so the earlier
    record still covers the days before it; a correction on the same version replaces it.
    """
    while record is not None and record.consent_date > on_date:
        previous = record.supersedes
        if previous is None or previous.version_id == record.version_id:
            return record
        record = previous
    return record


# --- the standing on a day ---------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    """A participant's consent on one day: the record in force, and what keeps it from being valid."""

    day: date
    record: ConsentRecord | None  # the record in force on the day
    withdrawals: tuple = field(default=())
    current: ConsentRecord | None = None  # the participant's current record (a renewal may be later)

    @property
    def withdrawal(self) -> ConsentWithdrawal | None:
        """The first withdrawal on or before the day."""
        return next((w for w in self.withdrawals if w.withdrawn_on <= self.day), None)

    @property
    def missing(self) -> Missing | None:
        if self.record is None:
            return Missing.NO_RECORD
        if self.record.version.status not in VALID_VERSION_STATES:
            return Missing.NOT_APPROVED
        if self.record.consent_date > self.day:
            return Missing.GIVEN_LATER
        if self.withdrawal is not None:
            return Missing.WITHDRAWN
        return None

    @property
    def valid(self) -> bool:
        return self.missing is None

    @property
    def retired_before(self) -> date | None:
        """The day the current record's version was retired, if that was before this day (a
        renewal on a version in use clears it, whenever it was given)."""
        retired = self.current.version.retired_on if self.current is not None else None
        return retired if retired is not None and retired < self.day else None

    @property
    def withdrew_data(self) -> bool:
        """The participant withdrew the data they had given as well (rule 2), whenever that was."""
        return any(w.scope == WithdrawalScope.WITHDRAW_DATA for w in self.withdrawals)

    def says_yes(self, item_key: str) -> bool:
        """The current record says yes to this item (a correction or renewal counts at once)."""
        return self.current is not None and self.current.says_yes(item_key)

    def shares(self, item_key: str) -> bool:
        """The record says yes to this item and the data was not withdrawn (rule 2)."""
        return self.says_yes(item_key) and not self.withdrew_data

    def missing_text(self) -> str | None:
        """What keeps consent from being valid on the day, in words (None: it is valid)."""
        missing = self.missing
        if missing == Missing.NO_RECORD:
            return _("no consent record")
        if missing == Missing.NOT_APPROVED:
            return _("the consent is on a form version that is not approved")
        if missing == Missing.GIVEN_LATER:
            return _("consent was given only on %(day)s", day=format_date(self.record.consent_date))
        if missing == Missing.WITHDRAWN:
            return _("withdrew on %(day)s", day=format_date(self.withdrawal.withdrawn_on))
        return None


def standing_of(current: ConsentRecord | None, withdrawals, day: date) -> Standing:
    """The one rule: which record is in force on the day and whether it is valid (rule 3)."""
    return Standing(day, record_for_day(current, day), tuple(withdrawals or ()), current)


def consent_on(participant, day: date) -> Standing:
    """The current consent of a participant on a day."""
    withdrawals = withdrawals_by_participant([participant.id]).get(participant.id, [])
    return standing_of(current_record(participant.id), withdrawals, day)


def consents_on(participant_ids, day: date) -> dict[int, Standing]:
    """The consent of each of these participants on a day, in two queries."""
    ids = list(dict.fromkeys(participant_ids))
    records, withdrawals = current_records(ids, with_participants=False), withdrawals_by_participant(ids)
    return {pid: standing_of(records.get(pid), withdrawals.get(pid, []), day) for pid in ids}


def sharing(participant_ids, item_key: str) -> set[int]:
    """Those of these participants whose `consents_on(...)[id].shares(item_key)` on any day
    (`Standing.shares` does not depend on the day): the current record says yes to the item and
    no withdrawal took the data back. Two queries of the columns it reads (a bundle asks for
    every speaker: no record, version or form object is loaded)."""
    ids = list(dict.fromkeys(participant_ids))
    if not ids:
        return set()
    answers = {pid: found for pid, found in db.session.execute(
        sa.select(ConsentRecord.participant_id, ConsentRecord.answers)
        .where(ConsentRecord.participant_id.in_(ids), _not_superseded()).order_by(ConsentRecord.id))}
    took_back = set(db.session.scalars(
        sa.select(ConsentWithdrawal.participant_id)
        .where(ConsentWithdrawal.participant_id.in_(ids), ConsentWithdrawal.scope == WithdrawalScope.WITHDRAW_DATA)))
    return {pid for pid, found in answers.items() if found.get(item_key) is True and pid not in took_back}


def session_day(session) -> date:
    """The study's calendar day of a session."""
    return timezones.local_day(session.starts_at, session.study.timezone)


# --- what it means for one attendee of one session ---------------------------------------

@dataclass(frozen=True)
class Problem:
    """One problem with an attendee's consent for a session: the desk's flag kind and cause."""

    kind: str
    cause: str
    blocks: Blocks | None
    participant_id: int | None = None
    session_id: int | None = None
    record_id: int | None = None


def attendee_problems(session, participant, standing: Standing) -> list[Problem]:
    """Every problem the ethics desk flags for this participant attending this session."""
    day, problems = standing.day, []
    ids = {"participant_id": participant.id, "session_id": session.id}
    if standing.missing is not None:
        problems.append(Problem("attended_without_consent", _(
            "%(who)s attended %(session)s on %(day)s without valid consent: %(missing)s.",
            who=participant.pseudonym, session=session.code, day=format_date(day),
            missing=standing.missing_text()), Blocks.ATTENDANCE, **ids))
    current = standing.current
    if session.audio_recorded and current is not None and not current.says_yes(AUDIO):
        problems.append(Problem("audio_without_consent", _(
            "%(session)s was audio-recorded but %(who)s did not agree to recording.",
            session=session.code, who=participant.pseudonym), Blocks.COMPLETION, record_id=current.id, **ids))
    if (retired := standing.retired_before) is not None:
        problems.append(Problem("retired_version", _(
            "%(who)s consented on %(version)s, retired on %(retired)s, before %(session)s on %(day)s.",
            who=participant.pseudonym, version=current.version.label, retired=format_date(retired),
            session=session.code, day=format_date(day)), None, record_id=current.id, **ids))
    return problems


def approval_problem(session, study, today: date) -> Problem | None:
    """The session falls after the study's ethics approval expired (a warning the desk flags)."""
    until = study.approval_valid_until
    day = timezones.local_day(session.starts_at, study.timezone)
    if until is None or not (until < today and day > until):
        return None
    return Problem("approval_expired", _("The ethics approval expired on %(day)s, before %(session)s on %(when)s.",
                                         day=format_date(until), session=session.code, when=format_date(day)),
                   None, session_id=session.id)
