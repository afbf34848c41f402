"""The figures of the ethics report: coverage, items, withdrawals, session by session."""
from dataclasses import dataclass

import sqlalchemy as sa

from app.consent import flags
from app.consent.models import STANDARD_ITEMS
from app.core.extensions import db
from app.fieldwork.models import Attendance
from app.recruitment.models import Participant


@dataclass
class SessionLine:
    session: object
    day: object
    attended: int
    with_consent: int
    recording_yes: int


def _session_lines(data: flags.ConsentData) -> list[SessionLine]:
    lines = []
    for session in data.sessions:
        day = data.day_of(session)
        attended = [a for a in session.attendees if a.attendance == Attendance.ATTENDED]
        valid = [a for a in attended if data.standing_on(a.participant_id, day).valid]
        recording = [a for a in attended if data.standing_on(a.participant_id, day).says_yes("audio")]
        lines.append(SessionLine(session, day, len(attended), len(valid), len(recording)))
    return lines


def report_context(study) -> dict:
    data = flags.load(study)
    participants = db.session.scalars(sa.select(Participant).where(Participant.study_id == study.id)
                                      .order_by(Participant.pseudonym)).all()
    by_id = {p.id: p for p in participants}
    attended_ids = {a.participant_id for a, _day in data.attended}
    withdrawals = sorted((w for ws in data.withdrawals.values() for w in ws), key=lambda w: w.withdrawn_on)
    return {
        "generated_on": data.today,
        "flags": flags.study_flags(study, data),
        "coverage": {
            "participants": len(participants),
            "with_record": len(data.records),
            "valid_today": sum(1 for pid in data.records if data.standing_on(pid, data.today).valid),
            "attended": len(attended_ids),
            "attended_with_record": len(attended_ids & set(data.records)),
        },
        "item_counts": {key: sum(1 for r in data.records.values() if r.says_yes(key)) for key in STANDARD_ITEMS},
        "withdrawals": [(by_id.get(w.participant_id), w) for w in withdrawals],
        "sessions": _session_lines(data),
    }
