"""Translated words for roles and study statuses (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.studies.models import Role, StudyStatus

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

LABELS = {"role": ROLE_LABELS, "study_status": STATUS_LABELS}
