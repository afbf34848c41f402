"""Keys of audit values that hold contact details or identifiable text.

Ethics reviewers read the audit trail but never see contact details or raw transcripts,
so these keys are masked for them. Services name such fields with these keys.
"""
from typing import Any

SENSITIVE_KEYS = frozenset({
    "email", "phone", "contact", "contact_details", "address",
    "raw_text", "text", "original", "scan", "scan_path", "name_on_key",
})
MASK = "•••"


def redact(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (MASK if k in SENSITIVE_KEYS and v not in (None, "") else
                redact(v) if isinstance(v, dict) else v) for k, v in values.items()}
