"""Consent records, withdrawals and the questions other areas ask about consent.

Other areas call current_consent, has_valid_consent, consents_to and withdrew_data; they are
the one source of truth for rules 2 and 3.
"""
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.consent.models import (
    ConsentFormVersion,
    ConsentMethod,
    ConsentRecord,
    ConsentWithdrawal,
    VersionStatus,
    WithdrawalScope,
)
from app.consent.uploads import StoredScan
from app.consent.versions import ConsentError
from app.core import concurrency, timezones
from app.core.audit import services as audit
from app.core.extensions import db
from app.core.models_base import utcnow
from app.core.templating import local_date as format_date
from app.recruitment.models import Participant, RecruitmentStatus, StatusChange
from app.studies.models import Study

RECORD_FIELDS = ["participant_id", "version_id", "consent_date", "method", "obtained_by_id",
                 "answers", "scan_sha256", "supersedes_id", "correction_reason"]
VALID_VERSION_STATES = (VersionStatus.APPROVED, VersionStatus.RETIRED)


def study_today(study) -> date:
    return timezones.today(study.timezone)


local_day = timezones.local_day


# --- the questions other areas ask -------------------------------------------------------

def _not_superseded():
    superseding = sa.select(ConsentRecord.supersedes_id).where(ConsentRecord.supersedes_id.is_not(None))
    return ConsentRecord.id.not_in(superseding)


def current_consent(participant) -> ConsentRecord | None:
    """The participant's latest record that no correction has replaced."""
    query = (sa.select(ConsentRecord)
             .where(ConsentRecord.participant_id == participant.id, _not_superseded())
             .order_by(ConsentRecord.id.desc()).limit(1))
    return db.session.scalar(query)


def current_consents(participant_ids) -> dict[int, ConsentRecord]:
    """The current record of each of these participants, in one query."""
    ids = list(participant_ids)
    if not ids:
        return {}
    query = (sa.select(ConsentRecord)
             .where(ConsentRecord.participant_id.in_(ids), _not_superseded())
             .options(sa.orm.joinedload(ConsentRecord.version).joinedload(ConsentFormVersion.form),
                      sa.orm.joinedload(ConsentRecord.participant))
             .order_by(ConsentRecord.id))
    return {record.participant_id: record for record in db.session.scalars(query)}


def withdrawals_of(participant) -> list[ConsentWithdrawal]:
    query = (sa.select(ConsentWithdrawal).where(ConsentWithdrawal.participant_id == participant.id)
             .order_by(ConsentWithdrawal.withdrawn_on, ConsentWithdrawal.id))
    return list(db.session.scalars(query))


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


def missing_consent(record: ConsentRecord | None, withdrawals, on_date: date) -> str | None:
    """What keeps consent from being valid on this day (None: it is valid)."""
    record = record_for_day(record, on_date)
    if record is None:
        return _("no consent record")
    if record.version.status not in VALID_VERSION_STATES:
        return _("the consent is on a form version that is not approved")
    if record.consent_date > on_date:
        return _("consent was given only on %(day)s", day=format_date(record.consent_date))
    for withdrawal in withdrawals:
        if withdrawal.withdrawn_on <= on_date:
            return _("withdrew on %(day)s", day=format_date(withdrawal.withdrawn_on))
    return None


def has_valid_consent(participant, on_date: date) -> bool:
    """An approved version, consent on or before the day, no withdrawal by then (rule 3)."""
    return missing_consent(current_consent(participant), withdrawals_of(participant), on_date) is None


def withdrew_data(participant) -> bool:
    """The participant withdrew the data they had given as well (rule 2)."""
    query = sa.select(sa.func.count()).select_from(ConsentWithdrawal).where(
        ConsentWithdrawal.participant_id == participant.id,
        ConsentWithdrawal.scope == WithdrawalScope.WITHDRAW_DATA)
    return db.session.scalar(query) > 0


def consents_to(participant, item_key: str) -> bool:
    """The current record says yes to this item and the data was not withdrawn."""
    record = current_consent(participant)
    return record is not None and record.says_yes(item_key) and not withdrew_data(participant)


# --- recording consent --------------------------------------------------------------------

def _check_new_record(participant, version, consent_date, answers, supersedes) -> None:
    if withdrawals_of(participant):
        raise ConsentError(_("This participant has withdrawn; no new consent can be recorded."))
    if version.study_id != participant.study_id or version.status != VersionStatus.APPROVED:
        raise ConsentError(_("Consent can only be recorded on an approved form version."))
    if version.approved_on and consent_date < version.approved_on:
        raise ConsentError(_("This version was approved only on %(day)s; consent cannot be dated earlier.",
                             day=format_date(version.approved_on)))
    if consent_date > study_today(participant_study(participant)):
        raise ConsentError(_("The consent date cannot be in the future."))
    if set(answers) != set(version.item_keys) or not all(isinstance(v, bool) for v in answers.values()):
        raise ConsentError(_("Answer yes or no to every item of the form."))
    current = current_consent(participant)
    if supersedes is None and current is not None:
        raise ConsentError(_("This participant already has a consent record; correct or renew it instead."))
    if supersedes is not None:
        if supersedes.participant_id == participant.id and current is not None and current.supersedes_id \
                and current.id != supersedes.id and _descends_from(current, supersedes):
            raise corrected_meanwhile(current, supersedes)
        if supersedes.participant_id != participant.id or current is None or current.id != supersedes.id:
            raise ConsentError(_("Only the participant's current record can be corrected."))


def _descends_from(record: ConsentRecord, ancestor: ConsentRecord) -> bool:
    while record is not None and record.supersedes_id is not None:
        if record.supersedes_id == ancestor.id:
            return True
        record = record.supersedes
    return False


def guarded_values(record: ConsentRecord) -> dict:
    """A record's values the way a correction form shows them: one entry per item."""
    values = audit.snapshot(record, ["consent_date", "method", "version_id"])
    values["obtained_by"] = record.obtained_by_id
    values.update({f"item_{key}": answer for key, answer in record.answers.items()})
    return values


class CorrectedMeanwhile(concurrency.StaleEdit, ConsentError):
    """The record was corrected by someone else since the correction form was opened."""


def corrected_meanwhile(current: ConsentRecord, supersedes: ConsentRecord) -> CorrectedMeanwhile:
    """Two corrections of one record: the later is refused, with what the first one changed."""
    loaded, stored = guarded_values(supersedes), guarded_values(current)
    fields = list(dict.fromkeys([*stored, *loaded]))
    error = CorrectedMeanwhile(
        concurrency.changes(current, fields, loaded, values=stored),
        _("Someone else corrected this consent record after you opened the page; nothing of yours "
          "was saved. Compare the changes below; saving again corrects the current record."))
    error.current = current
    return error


def participant_study(participant):
    return db.session.get(Study, participant.study_id)


def record_consent(participant, version: ConsentFormVersion, consent_date: date, method: ConsentMethod,
                   obtained_by, answers: dict[str, bool], actor, scan: StoredScan | None = None,
                   supersedes: ConsentRecord | None = None, reason: str | None = None) -> ConsentRecord:
    """Record a participant's consent, or a correction that supersedes their current record."""
    _check_new_record(participant, version, consent_date, answers, supersedes)
    if supersedes is not None and not (reason or "").strip():
        raise ConsentError(_("Say why the record is corrected."))
    record = ConsentRecord(
        study_id=participant.study_id, participant_id=participant.id, version_id=version.id,
        consent_date=consent_date, method=method, obtained_by_id=obtained_by.id, answers=dict(answers),
        scan_sha256=scan.sha256 if scan else None, scan_mime=scan.mime if scan else None,
        scan_size=scan.size if scan else None, supersedes_id=supersedes.id if supersedes else None,
        correction_reason=(reason or "").strip() or None, recorded_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():  # two corrections of one record: the second is refused
            db.session.add(record)
    except IntegrityError:  # the savepoint is rolled back; the other correction is visible now
        current = current_consent(participant)
        if current is not None and supersedes is not None and current.id != supersedes.id:
            raise corrected_meanwhile(current, supersedes) from None
        raise ConsentError(_("This record was corrected by someone else meanwhile; reload the page.")) from None
    before = audit.snapshot(supersedes, RECORD_FIELDS) if supersedes else None
    audit.record(actor, "consent.correct" if supersedes else "consent.record", record,
                 before=before, after=audit.snapshot(record, RECORD_FIELDS))
    return record


def records_of(participant) -> list[ConsentRecord]:
    """Every record of a participant, newest first, superseded ones included."""
    query = (sa.select(ConsentRecord).where(ConsentRecord.participant_id == participant.id)
             .options(sa.orm.joinedload(ConsentRecord.version).joinedload(ConsentFormVersion.form),
                      sa.orm.joinedload(ConsentRecord.obtained_by))
             .order_by(ConsentRecord.id.desc()))
    return list(db.session.scalars(query))


def superseded_ids(records) -> set[int]:
    return {r.supersedes_id for r in records if r.supersedes_id}


# --- withdrawal ---------------------------------------------------------------------------

def withdraw(participant, withdrawn_on: date, scope: WithdrawalScope, actor,
             note: str | None = None) -> ConsentWithdrawal:
    """Record a withdrawal; the participant's status becomes withdrawn."""
    if withdrawn_on > study_today(participant_study(participant)):
        raise ConsentError(_("The withdrawal date cannot be in the future."))
    if any(w.scope == WithdrawalScope.WITHDRAW_DATA for w in withdrawals_of(participant)):
        raise ConsentError(_("This participant has already withdrawn their data."))
    withdrawal = ConsentWithdrawal(study_id=participant.study_id, participant_id=participant.id,
                                   withdrawn_on=withdrawn_on, scope=scope, note=(note or "").strip() or None,
                                   recorded_by_id=getattr(actor, "id", None))
    db.session.add(withdrawal)
    db.session.flush()
    audit.record(actor, "consent.withdraw", withdrawal,
                 after={"participant_id": participant.id, "withdrawn_on": withdrawn_on, "scope": scope})
    _mark_withdrawn(participant, actor, scope)
    return withdrawal


def _mark_withdrawn(participant: Participant, actor, scope: WithdrawalScope) -> None:
    if participant.status == RecruitmentStatus.WITHDRAWN:
        return
    before = participant.status
    participant.status = RecruitmentStatus.WITHDRAWN
    participant.status_changed_at = utcnow()
    participant.history.append(StatusChange(from_status=before, to_status=RecruitmentStatus.WITHDRAWN,
                                            actor_id=getattr(actor, "id", None),
                                            reason=f"consent withdrawal ({WithdrawalScope(scope).value})"))
    db.session.flush()
    audit.record(actor, "participant.status", participant, before={"status": before},
                 after={"status": RecruitmentStatus.WITHDRAWN})
