"""Template helpers of recruitment and fieldwork: enum labels and who may see contacts."""
from flask import g
from flask_babel import format_time

from app.fieldwork.labels import (ATTENDANCE_LABELS, SESSION_STATUS_LABELS, SESSION_TYPE_LABELS,
                                  STAFF_ROLE_LABELS)
from app.recruitment import bp
from app.recruitment.labels import (GENDER_LABELS, LANGUAGE_LABELS, RECRUITMENT_LABELS,
                                    SECTOR_LABELS, TARGET_KIND_LABELS)
from app.studies.models import Role
from app.templating import to_study_time

LABELS = {
    "sector_label": SECTOR_LABELS, "recruitment_label": RECRUITMENT_LABELS,
    "gender_label": GENDER_LABELS, "language_label": LANGUAGE_LABELS,
    "target_kind_label": TARGET_KIND_LABELS, "session_type_label": SESSION_TYPE_LABELS,
    "session_status_label": SESSION_STATUS_LABELS, "attendance_label": ATTENDANCE_LABELS,
    "staff_role_label": STAFF_ROLE_LABELS,
}


def local_time(value, tz_name: str) -> str:
    """The time of day of a naive UTC timestamp in the study's zone (`14:30`, `2:30 PM`)."""
    return format_time(to_study_time(value, tz_name).replace(tzinfo=None), "short") if value else ""


def sees_contacts(role) -> bool:
    """Coordinators and fieldworkers see contact details; ethics reviewers never do."""
    return role in (Role.COORDINATOR, Role.FIELDWORKER)


def current_role():
    membership = g.get("membership")
    return membership.role if membership else None


@bp.app_context_processor
def recruitment_helpers() -> dict:
    helpers = {name: (lambda value, labels=labels: labels.get(value, value) if value else "")
               for name, labels in LABELS.items()}
    helpers["local_time"] = local_time
    role = current_role()
    helpers.update(sees_contacts=sees_contacts(role), is_coordinator=role == Role.COORDINATOR,
                   is_staff=sees_contacts(role))
    return helpers
