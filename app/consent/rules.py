"""Rule 3 in fieldwork: attendance needs valid consent, a recorded session needs every
attendee's yes to recording. app.wiring adds them to app.fieldwork.checks.

Both ask app.consent.standing, as the ethics desk does: a problem the desk flags as refusing
attendance or completion refuses it here; the others are warnings the consent check shows.
"""
from flask_babel import gettext as _

from app.consent import standing
from app.consent.standing import Blocks
from app.fieldwork.models import Attendance


def consent_for_attendance(session, participant) -> str | None:
    """None if the participant may be marked attended, else what is missing."""
    found = standing.consent_on(participant, standing.session_day(session))
    problems = standing.attendee_problems(session, participant, found)
    if not any(p.blocks == Blocks.ATTENDANCE for p in problems):
        return None
    return _("%(who)s cannot be marked attended: %(missing)s for the session day. "
             "Record consent first.", who=participant.pseudonym, missing=found.missing_text())


def recording_consent(session) -> list[str]:
    """Messages for each attendee of an audio-recorded session who did not agree to recording."""
    attended = [a.participant for a in session.attendees if a.attendance == Attendance.ATTENDED]
    standings = standing.consents_on([p.id for p in attended], standing.session_day(session))
    refusals = []
    for participant in attended:
        problems = standing.attendee_problems(session, participant, standings[participant.id])
        if any(p.blocks == Blocks.COMPLETION for p in problems):
            refusals.append(_("%(who)s has not agreed to audio recording; the session cannot be "
                              "completed as audio-recorded. Record consent first or mark it not "
                              "recorded.", who=participant.pseudonym))
    return refusals
