"""Rule 3 in fieldwork: attendance needs valid consent, a recorded session needs every
attendee's yes to recording. app.wiring adds them to app.fieldwork.checks."""
from flask_babel import gettext as _

from app.consent import services
from app.core.extensions import db
from app.fieldwork.models import Attendance
from app.studies.models import Study


def _session_day(session):
    study = db.session.get(Study, session.study_id)
    return services.local_day(session.starts_at, study.timezone)


def consent_for_attendance(session, participant) -> str | None:
    """None if the participant may be marked attended, else what is missing."""
    day = _session_day(session)
    missing = services.missing_consent(services.current_consent(participant),
                                       services.withdrawals_of(participant), day)
    if missing is None:
        return None
    return _("%(who)s cannot be marked attended: %(missing)s for the session day. "
             "Record consent first.", who=participant.pseudonym, missing=missing)


def recording_consent(session) -> list[str]:
    """Messages for each attendee of an audio-recorded session who did not agree to recording."""
    if not session.audio_recorded:
        return []
    refusals = []
    for attendee in session.attendees:
        if attendee.attendance != Attendance.ATTENDED:
            continue
        record = services.current_consent(attendee.participant)
        if record is None or not record.says_yes("audio"):
            refusals.append(_("%(who)s has not agreed to audio recording; the session cannot be "
                              "completed as audio-recorded. Record consent first or mark it not "
                              "recorded.", who=attendee.participant.pseudonym))
    return refusals

