"""Sessions: scheduled, confirmed and completed through the fieldwork services, so the
conflict checks and rule 3 (attendance needs valid consent) apply as they do for a user."""
from datetime import datetime, timedelta

from app.core.extensions import db
from app.fieldwork import calendar, services as fieldwork
from app.fieldwork.models import Attendance, FieldSession, SessionStatus, SessionType
from tests.builders.clock import day_at


class FieldworkBuilder:
    def session(self, study, *, type: SessionType = SessionType.FOCUS_GROUP, starts: datetime | None = None,
                hours: float = 1, facilitators=(), note_taker=None, participants=(), audio: bool = False,
                location: str | None = "Переговорная 1", host=None, actor=None,
                override: bool = False) -> FieldSession:
        """A planned session (three days ahead unless `starts` says otherwise); invitees become
        scheduled. Conflicts refuse it, as they would a coordinator, unless `override`."""
        starts = starts or day_at(3, study=study)
        plan = fieldwork.SessionPlan(
            type=type, starts_at=starts, ends_at=starts + timedelta(hours=hours), location=location,
            host_organisation_id=host.id if host else None, audio_recorded=audio,
            facilitator_ids=[u.id for u in facilitators], note_taker_id=note_taker.id if note_taker else None,
            participant_ids=[p.id for p in participants])
        session = fieldwork.create_session(study, plan, actor, override=override)
        db.session.commit()
        return session

    def confirm(self, session: FieldSession, actor=None) -> FieldSession:
        fieldwork.set_status(session, SessionStatus.CONFIRMED, actor)
        db.session.commit()
        return session

    def complete(self, session: FieldSession, *, no_show=(), notes: str | None = None, actor=None) -> FieldSession:
        """Everyone invited attended except `no_show`; refused (AttendanceRefused) without consent."""
        absent = {p.id for p in no_show}
        attendance = {link.participant_id: Attendance.NO_SHOW if link.participant_id in absent
                      else Attendance.ATTENDED for link in session.attendees}
        fieldwork.complete_session(session, attendance, notes, actor)
        db.session.commit()
        return session

    def completed_session(self, study, *, days_ago: int = 5, no_show=(), notes: str | None = None,
                          actor=None, **plan) -> FieldSession:
        """A session held `days_ago` days ago and completed with its attendance; the attendees
        need valid consent for that day. `plan` takes the arguments of `session`."""
        starts = plan.pop("starts", None) or day_at(-days_ago, study=study)
        session = self.session(study, starts=starts, actor=actor, **plan)
        return self.complete(session, no_show=no_show, notes=notes, actor=actor)

    def feed_token(self, user) -> str:
        """The secret token of the user's calendar feed."""
        token = calendar.create_feed_token(user, user)
        db.session.commit()
        return token
