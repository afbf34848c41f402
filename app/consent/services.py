"""Consent records and withdrawals: recording, correcting, withdrawing.

What a participant's consent means on a day (rules 2 and 3) is decided in app.consent.standing,
which every other area asks.
"""
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.consent import standing
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
from app.core import concurrency, reasons, timezones
from app.core.audit import services as audit
from app.core.extensions import db
from app.core.models_base import utcnow
from app.core.templating import local_date as format_date
from app.recruitment.models import Participant, RecruitmentStatus, StatusChange
from app.studies.models import Study

RECORD_FIELDS = ["participant_id", "version_id", "consent_date", "method", "obtained_by_id",
                 "answers", "scan_sha256", "supersedes_id", "correction_reason"]


def study_today(study) -> date:
    return timezones.today(study.timezone)


local_day = timezones.local_day


# --- the records themselves (what they mean on a day: app.consent.standing) -------------

def current_consent(participant) -> ConsentRecord | None:
    """The participant's latest record that no correction has replaced."""
    return standing.current_record(participant.id)


def withdrawals_of(participant) -> list[ConsentWithdrawal]:
    return standing.withdrawals_by_participant([participant.id]).get(participant.id, [])


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
                                            reason=reasons.coded("consent_withdrawal", scope=WithdrawalScope(scope).value)))
    db.session.flush()
    audit.record(actor, "participant.status", participant, before={"status": before},
                 after={"status": RecruitmentStatus.WITHDRAWN})
