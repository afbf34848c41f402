"""Issue 15: one search box for the study (participants, organisations, sessions, transcripts by
session code), results grouped by kind. Each group is searched only for the roles the access
policy lets see it, and contact details only for the roles that may see contacts."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.core import policy
from app.core.extensions import db
from app.fieldwork import services as fieldwork
from app.fieldwork.models import FieldSession
from app.recruitment.models import Organisation, Participant
from app.recruitment.search import casefold
from app.transcripts.models import Transcript

PER_GROUP = 10
LONGEST = 200  # longer than any name: nothing to find, and SQLite refuses a LIKE pattern that long


@dataclass
class Results:
    q: str
    participants: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    transcripts: list = field(default_factory=list)
    searched: list[str] = field(default_factory=list)  # the kinds this role may search

    @property
    def total(self) -> int:
        return len(self.participants) + len(self.organisations) + len(self.sessions) + len(self.transcripts)


def study_search(study, q: str, role: policy.Role, user) -> Results:
    wanted = " ".join((q or "").split()).lower()
    results = Results(q=wanted)
    if not wanted or len(wanted) > LONGEST:
        return results

    def like(column):
        return casefold(column).contains(wanted, autoescape=True)

    if policy.grant(role, "participants.view"):
        results.searched.append("participants")
        columns = [Participant.pseudonym, Participant.name, Participant.position]
        if policy.grant(role, "contacts.view"):
            columns += [Participant.email, Participant.phone]
        results.participants = list(db.session.scalars(
            sa.select(Participant).outerjoin(Organisation, Participant.organisation_id == Organisation.id)
            .where(Participant.study_id == study.id,
                   sa.or_(*[like(c) for c in columns], like(Organisation.name), like(Organisation.pseudonym)))
            .order_by(sa.func.length(Participant.pseudonym), Participant.pseudonym).limit(PER_GROUP)))
    if policy.grant(role, "study.view"):
        results.searched.append("organisations")
        results.organisations = list(db.session.scalars(
            sa.select(Organisation).where(Organisation.study_id == study.id,
                                          sa.or_(like(Organisation.name), like(Organisation.pseudonym),
                                                 like(Organisation.region)))
            .order_by(Organisation.pseudonym).limit(PER_GROUP)))
    if policy.grant(role, "sessions.view"):
        results.searched.append("sessions")
        results.sessions = list(db.session.scalars(
            sa.select(FieldSession).where(FieldSession.study_id == study.id,
                                          sa.or_(like(FieldSession.code), like(FieldSession.location)))
            .order_by(FieldSession.starts_at.desc()).limit(PER_GROUP)))
    reach = policy.grant(role, "raw_transcripts.view")
    if reach:
        results.searched.append("transcripts")
        query = (sa.select(Transcript).join(FieldSession, Transcript.session_id == FieldSession.id)
                 .where(Transcript.study_id == study.id, like(FieldSession.code)))
        if reach == "own":
            query = query.where(Transcript.session_id.in_(
                fieldwork.own_sessions_query(study, user).with_only_columns(FieldSession.id)))
        results.transcripts = list(db.session.scalars(
            query.order_by(FieldSession.code, Transcript.uploaded_at).limit(PER_GROUP)))
    return results
