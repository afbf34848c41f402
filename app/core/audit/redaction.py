"""Keys of audit values that hold contact details or identifiable text.

Ethics reviewers read the audit trail but never see contact details or raw transcripts,
so these keys are masked for them. Services name such fields with these keys. (Their values are
also sealed under the study's key at rest: app.core.audit.services.IDENTIFYING_KEYS.)
"""
from typing import Any

SENSITIVE_KEYS = frozenset({
    "email", "phone", "contact", "contact_details", "address",
    "raw_text", "text", "original", "scan", "scan_path", "name_on_key",
})
# Keys masked only on the events of some records: free text a person typed while reading the raw
# transcript, which can quote it (why a transcript was reopened: "P03 named her manager, ...").
# The reviewer reads that it was reopened, by whom and when, not why; those who may read the
# transcript (coordinators) read the reason. (A reason elsewhere, a participant's status or a
# consent correction, is about the record the reviewer already sees.)
SENSITIVE_BY_RECORD = {"transcripts": frozenset({"reason"})}
MASK = "•••"


def redact(values: dict[str, Any] | None, entity_type: str | None = None) -> dict[str, Any] | None:
    """The values with those of sensitive keys masked (nested mappings too); `entity_type`, the
    event's record, adds its own (SENSITIVE_BY_RECORD)."""
    if values is None:
        return None
    keys = SENSITIVE_KEYS | SENSITIVE_BY_RECORD.get(entity_type, frozenset())
    return {k: (MASK if k in keys and v not in (None, "") else
                redact(v, entity_type) if isinstance(v, dict) else v) for k, v in values.items()}
