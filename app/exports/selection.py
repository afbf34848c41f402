"""Which approved transcripts a bundle takes, and whose words may go in (rule 2)."""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.consent import standing
from app.core import labels, timezones
from app.core.extensions import db
from app.core.templating import local_date
from app.fieldwork.models import FieldSession
from app.recruitment.models import Organisation
from app.transcripts.models import Transcript, TranscriptSpeaker, TranscriptStatus

ARCHIVING = "archiving"
NO_PARTICIPANT = "no_participant"  # reasons a transcript is left out, translated where shown
NO_CONSENT = "no_consent"


@dataclass(frozen=True)
class BundleFilters:
    session_types: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def to_dict(self) -> dict:
        return {"session_types": list(self.session_types), "sectors": list(self.sectors),
                "date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None}

    def describe(self) -> str:
        """The filters in words of the current locale (the README of each language)."""
        every = _("all")
        types = ", ".join(labels.label("session_type", t) for t in self.session_types) or every
        sectors = ", ".join(labels.label("sector", s) for s in self.sectors) or every
        parts = [_("session types: %(types)s", types=types), _("sectors: %(sectors)s", sectors=sectors),
                 _("from %(first)s to %(last)s", first=local_date(self.date_from) or _("the start"),
                   last=local_date(self.date_to) or _("today"))]
        return "; ".join(parts)


@dataclass
class Selection:
    transcript_ids: list[int] = field(default_factory=list)
    consenting: set[int] = field(default_factory=set)
    left_out: list[dict[str, str]] = field(default_factory=list)


def _approved_query(study, filters: BundleFilters):
    query = (sa.select(Transcript.id, Transcript.part, FieldSession.code)
             .join(FieldSession, FieldSession.id == Transcript.session_id)
             .outerjoin(Organisation, Organisation.id == FieldSession.host_organisation_id)
             .where(Transcript.study_id == study.id, Transcript.status == TranscriptStatus.APPROVED))
    if filters.session_types:
        query = query.where(FieldSession.type.in_(filters.session_types))
    if filters.sectors:
        query = query.where(Organisation.sector.in_(filters.sectors))
    start, end = timezones.days_to_utc(filters.date_from, filters.date_to, study.timezone)
    if start:
        query = query.where(FieldSession.starts_at >= start)
    if end:
        query = query.where(FieldSession.starts_at < end)
    return query.order_by(FieldSession.code, Transcript.part, Transcript.id)


def archiving_consenters(participant_ids: set[int]) -> set[int]:
    """Participants whose current consent says yes to archiving and who kept their data given
    (`Standing.shares`, whatever the day)."""
    return standing.sharing(participant_ids, ARCHIVING)


_SPEAKERS = (sa.select(TranscriptSpeaker.transcript_id, TranscriptSpeaker.participant_id)
             .where(TranscriptSpeaker.transcript_id.in_(sa.bindparam("transcript_ids", expanding=True)),
                    TranscriptSpeaker.participant_id.is_not(None)))


def select_transcripts(study, filters: BundleFilters) -> Selection:
    """Approved transcripts matching the filters; those with no consenting speaker left out."""
    # plain rows through the connection, as bundles._turns (the ORM's loading of plain columns
    # left 0.1 MB more at 1,000 transcripts for the cycle collector to find)
    connection = db.session.connection()
    rows = connection.execute(_approved_query(study, filters)).all()
    speakers: dict[int, list[int]] = {}  # of the transcripts with a participant speaking (a list: a set each was 0.2 MB at 1,000)
    for transcript_id, participant_id in connection.execute(_SPEAKERS, {"transcript_ids": [row.id for row in rows]}):
        speakers.setdefault(transcript_id, []).append(participant_id)
    consenting = archiving_consenters({p for said in speakers.values() for p in said})
    selection = Selection(consenting=consenting)
    for row in rows:
        said = speakers.get(row.id, ())
        if not consenting.isdisjoint(said):
            selection.transcript_ids.append(row.id)
        else:
            reason = NO_PARTICIPANT if not said else NO_CONSENT
            name = row.code if row.part == 1 else f"{row.code}-part{row.part}"
            selection.left_out.append({"session": name, "reason": reason})
    return selection
