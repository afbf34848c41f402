"""The ethics flag the transcripts area adds: a withdrawal of data whose words are still in an
approved transcript (the transcript must be reviewed again; bundles already withhold them).
The flag points to where that is done: each such transcript's "Reopen for review" button.

The ethics desk stores each participant's open items (app.consent.desk_state) in the transaction
of every change they depend on; the consent area hears the withdrawals, and `reached` tells it
which participants a flush of the transcripts' own data may have flagged or cleared (issue 18):
the speakers of a transcript whose status (approved, reopened) or study changed, and the
participants a speaker was mapped to, taken from or added with.
"""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import inspect

from app.consent.flags import Act, ConsentData, Flag
from app.consent.models import WithdrawalScope
from app.core.models_base import attrs_changed
from app.transcripts.models import Transcript, TranscriptSpeaker
from app.transcripts.services import approved_transcripts_of

TRANSCRIPT_FIELDS = ("status", "study_id")
SPEAKER_FIELDS = ("participant_id", "transcript_id")


def withdrawn_data_in_approved_transcript(data: ConsentData) -> list[Flag]:
    withdrew = {pid: ws for pid, ws in data.withdrawals.items()
                if any(w.scope == WithdrawalScope.WITHDRAW_DATA for w in ws)}
    if not withdrew:
        return []
    speaking = approved_transcripts_of(data.study, withdrew)
    flags = []
    for pid in sorted(withdrew.keys() & speaking.keys()):
        who = withdrew[pid][0].participant.pseudonym
        flags.append(Flag("withdrawn_data_in_transcript",
                          _("%(who)s withdrew their data, but their words are still in an approved transcript.",
                            who=who), pid, acts=tuple(_reopen(transcript_id, code)
                                                      for transcript_id, code in speaking[pid])))
    return flags


def _reopen(transcript_id: int, code: str) -> Act:
    """The transcript's button that reopens it for review, for who may edit it (coordinators;
    the reviewer, who never reads a raw transcript, keeps the participant's consent)."""
    return Act(_("Reopen the transcript of %(code)s for review", code=code), "transcripts.detail",
               (("transcript_id", transcript_id),), "reopen", "raw_transcripts.edit")


def reached(session) -> set[int]:
    """The participants whose flag above this flush may have changed (app.consent.flags.
    MORE_FLAGS_REACH; called after the flush is written, its objects and history still there)."""
    found: set[int] = set()
    transcripts: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, TranscriptSpeaker):
            if obj in session.new or obj in session.deleted or attrs_changed(obj, *SPEAKER_FIELDS):
                history = inspect(obj).attrs["participant_id"].history
                found.update(v for v in (*history.deleted, obj.participant_id) if v is not None)
        elif isinstance(obj, Transcript) and obj in session.dirty and attrs_changed(obj, *TRANSCRIPT_FIELDS):
            transcripts.add(obj.id)  # (a new transcript's speakers are new; a deleted one's go with it)
    if transcripts:
        found.update(session.scalars(sa.select(TranscriptSpeaker.participant_id).where(
            TranscriptSpeaker.transcript_id.in_(sorted(transcripts)), TranscriptSpeaker.participant_id.is_not(None))))
    return found
