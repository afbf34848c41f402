"""Issue 15: one search box for the study (participants, organisations, sessions, transcripts by
session code), results grouped by kind. Each group is searched only for the roles the access
policy lets see it, and contact details only for the roles that may see contacts."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.core import policy
from app.core.extensions import db
from app.fieldwork import own
from app.fieldwork.models import FieldSession
from app.recruitment.models import Organisation, Participant
from app.core.crypto import keyring
from app.recruitment import search as sealed_search
from app.recruitment.services import matches_text
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
        return matches_text(column, wanted)

    if policy.grant(role, "participants.view"):
        results.searched.append("participants")
        found = db.session.scalars(
            sa.select(Participant).outerjoin(Organisation, Participant.organisation_id == Organisation.id)
            .where(Participant.study_id == study.id,
                   sa.or_(*_participant_matches(study, wanted, role, like)))
            .order_by(sa.func.length(Participant.pseudonym), Participant.pseudonym).limit(PER_GROUP * 3))
        if keyring.active() is not None and not policy.grant(role, "contacts.view"):
            found = [p for p in found if _not_by_contact(p, wanted)]
        results.participants = list(found)[:PER_GROUP]
    if policy.grant(role, "study.view"):
        results.searched.append("organisations")
        plain = [like(Organisation.pseudonym), like(Organisation.region)]
        if keyring.active() is None:
            plain.append(like(Organisation.name))
        else:  # names are sealed: opened and compared for the study's few organisations
            plain.append(Organisation.id.in_(sealed_search.organisations_named(study.id, wanted)))
        results.organisations = list(db.session.scalars(
            sa.select(Organisation).where(Organisation.study_id == study.id, sa.or_(*plain))
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
                own.own_sessions(study, user).with_only_columns(FieldSession.id)))
        results.transcripts = list(db.session.scalars(
            query.order_by(FieldSession.code, Transcript.uploaded_at).limit(PER_GROUP)))
    return results


def _looks_like_contact(wanted: str) -> bool:
    digits = sum(ch.isdigit() for ch in wanted)
    return "@" in wanted or digits >= 4


def _participant_matches(study, wanted: str, role, like) -> list:
    """Pseudonyms and organisation codes by their text; names (and, for roles that may see them,
    e-mails and phones) through the blind index of sealed values, or by text when encryption is off.
    A role without contacts never finds anyone by an e-mail or phone typed in."""
    matches = [like(Participant.pseudonym), like(Organisation.pseudonym)]
    contacts = policy.grant(role, "contacts.view")
    if keyring.active() is None:
        columns = [Participant.name, Participant.position, Organisation.name]
        matches += [like(c) for c in columns + ([Participant.email, Participant.phone] if contacts else [])]
    else:
        if contacts or not _looks_like_contact(wanted):
            sealed = sealed_search.matching(study.id, wanted)
            if sealed is not None:
                matches.append(sealed)
        matches.append(Participant.organisation_id.in_(sealed_search.organisations_named(study.id, wanted)))
    return matches


def _not_by_contact(participant, wanted: str) -> bool:
    """For a role without contacts: found by pseudonym, name, position or organisation, never only
    by the words of an e-mail address (the blind index holds those too)."""
    org = participant.organisation
    return (wanted in participant.pseudonym.lower() or (org is not None and (
        wanted in org.pseudonym.lower() or wanted in (org.name or "").lower()))
        or sealed_search.name_has_words(f"{participant.name} {participant.position or ''}", wanted))
