"""Translated words for roles and study statuses (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.studies.models import PlaceholderWords, Role, StudyStatus

ROLE_LABELS = {
    Role.COORDINATOR: _l("Coordinator"),
    Role.FIELDWORKER: _l("Fieldworker"),
    Role.ETHICS_REVIEWER: _l("Ethics reviewer"),
}
STATUS_LABELS = {
    StudyStatus.PLANNING: _l("Planning"),
    StudyStatus.FIELDWORK: _l("Fieldwork"),
    StudyStatus.ANALYSIS: _l("Analysis"),
    StudyStatus.CLOSED: _l("Closed"),
}
PLACEHOLDER_WORDS_LABELS = {
    PlaceholderWords.CODES: _l("Codes as they are: [PERSON-2], [CONTACT-3], STAFF-2"),
    PlaceholderWords.TRANSCRIPT_LANGUAGE: _l("Category words in the transcript's language: [ЧЕЛОВЕК-2], [АДАМ-2]"),
}

LABELS = {"role": ROLE_LABELS, "study_status": STATUS_LABELS, "placeholder_words": PLACEHOLDER_WORDS_LABELS}
