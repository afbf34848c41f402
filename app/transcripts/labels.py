"""Translated words for the transcripts area's codes (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.core.labels import LANGUAGE_LABELS as _LANGUAGES
from app.transcripts.models import SpanCategory

LANGUAGE_CHOICES = {"auto": _l("Detect automatically"), **_LANGUAGES}
LANGUAGE_LABELS = {**LANGUAGE_CHOICES, "mixed": _l("Mixed languages")}
STATUS_LABELS = {"raw": _l("Speakers to map"), "in_review": _l("In review"),
                 "approved": _l("Approved")}
DECISION_LABELS = {"pending": _l("Not reviewed"), "accepted": _l("Accepted"),
                   "rejected": _l("Rejected")}
CATEGORY_LABELS = {
    SpanCategory.PERSON: _l("Person"),
    SpanCategory.ORGANISATION: _l("Organisation"),
    SpanCategory.PLACE: _l("Place"),
    SpanCategory.CONTACT: _l("Contact"),
    SpanCategory.IDENTIFIER: _l("Identifier"),
    SpanCategory.DATE: _l("Date"),
    SpanCategory.OTHER: _l("Other"),
}

LABELS = {"transcript_language": LANGUAGE_LABELS, "transcript_status": STATUS_LABELS,
          "span_decision": DECISION_LABELS, "span_category": CATEGORY_LABELS}
