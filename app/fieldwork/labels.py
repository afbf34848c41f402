"""Translated labels for the fieldwork enums."""
from flask_babel import lazy_gettext as _l

from app.fieldwork.models import Attendance, SessionStatus, SessionType, StaffRole

SESSION_TYPE_LABELS = {
    SessionType.FOCUS_GROUP: _l("Focus group"),
    SessionType.STRUCTURED_INTERVIEW: _l("Structured interview"),
    SessionType.SEMI_STRUCTURED_INTERVIEW: _l("Semi-structured interview"),
    SessionType.OBSERVATION: _l("Participant observation"),
}
SESSION_STATUS_LABELS = {
    SessionStatus.PLANNED: _l("Planned"),
    SessionStatus.CONFIRMED: _l("Confirmed"),
    SessionStatus.COMPLETED: _l("Completed"),
    SessionStatus.CANCELLED: _l("Cancelled"),
    SessionStatus.POSTPONED: _l("Postponed"),
}
ATTENDANCE_LABELS = {
    Attendance.INVITED: _l("Invited"),
    Attendance.ATTENDED: _l("Attended"),
    Attendance.NO_SHOW: _l("No-show"),
}
STAFF_ROLE_LABELS = {StaffRole.FACILITATOR: _l("Facilitator"), StaffRole.NOTE_TAKER: _l("Note-taker")}
LABELS = {"session_type": SESSION_TYPE_LABELS, "session_status": SESSION_STATUS_LABELS,
          "attendance": ATTENDANCE_LABELS, "staff_role": STAFF_ROLE_LABELS}
