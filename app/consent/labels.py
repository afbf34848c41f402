"""Translated words for the consent area's codes (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.consent.models import ConsentMethod, NoteKind, VersionStatus, WithdrawalScope
from app.recruitment.models import RecruitmentStatus

METHOD_LABELS = {
    ConsentMethod.WRITTEN: _l("Written"),
    ConsentMethod.ORAL_RECORDED: _l("Oral, recorded"),
    ConsentMethod.ELECTRONIC: _l("Electronic"),
}
SCOPE_LABELS = {
    WithdrawalScope.STOP: _l("Stop taking part (data already given is kept)"),
    WithdrawalScope.WITHDRAW_DATA: _l("Stop taking part and withdraw the data already given"),
}
VERSION_STATUS_LABELS = {
    VersionStatus.DRAFT: _l("Draft"),
    VersionStatus.SUBMITTED: _l("Submitted"),
    VersionStatus.APPROVED: _l("Approved"),
    VersionStatus.RETIRED: _l("Retired"),
}
ITEM_SHORT_LABELS = {
    "participation": _l("Take part"),
    "audio": _l("Audio recording"),
    "quotation": _l("Anonymised quotation"),
    "archiving": _l("Archiving and sharing"),
}
NOTE_LABELS = {
    NoteKind.REVIEWED: _l("Marked reviewed"),
    NoteKind.QUERY: _l("Query"),
    NoteKind.ANSWER: _l("Answer"),
}
REVIEW_LABELS = {"reviewed": _l("Reviewed"), "query": _l("Query open"), "answered": _l("Query answered")}
FLAG_LABELS = {
    "attended_without_consent": _l("Attended without valid consent"),
    "audio_without_consent": _l("Recorded without recording consent"),
    "retired_version": _l("Consent on a retired version"),
    "approval_expiring": _l("Ethics approval expiring"),
    "approval_expired": _l("Ethics approval expired"),
    "missing_scan": _l("Written consent without a scan"),
    "withdrawn_data_in_transcript": _l("Withdrawn data still in an approved transcript"),
}
PARTICIPANT_STATUS_LABELS = {
    RecruitmentStatus.IDENTIFIED: _l("identified"),
    RecruitmentStatus.CONTACTED: _l("contacted"),
    RecruitmentStatus.AGREED: _l("agreed"),
    RecruitmentStatus.SCHEDULED: _l("scheduled"),
    RecruitmentStatus.PARTICIPATED: _l("participated"),
    RecruitmentStatus.DECLINED: _l("declined"),
    RecruitmentStatus.WITHDRAWN: _l("withdrawn"),
    RecruitmentStatus.UNREACHABLE: _l("unreachable"),
}

LABELS = {"consent_method": METHOD_LABELS, "withdrawal_scope": SCOPE_LABELS,
          "version_status": VERSION_STATUS_LABELS, "consent_item": ITEM_SHORT_LABELS,
          "consent_note": NOTE_LABELS, "review_state": REVIEW_LABELS, "flag": FLAG_LABELS}
