"""The ethics reviewer's marks on a consent record, and the query thread with the coordinator."""
from flask_babel import gettext as _

from app.consent.models import ConsentNote, ConsentRecord, NoteKind
from app.consent.versions import ConsentError
from app.core.audit import services as audit
from app.core.extensions import db

REVIEWED, QUERY_OPEN, ANSWERED = "reviewed", "query", "answered"


def review_state(notes) -> str | None:
    """Where a record's review stands after its notes, oldest first (None: not reviewed yet)."""
    state = None
    for note in notes:
        if note.kind == NoteKind.REVIEWED:
            state = REVIEWED
        elif note.kind == NoteKind.QUERY:
            state = QUERY_OPEN
        elif note.kind == NoteKind.ANSWER and state in (QUERY_OPEN, ANSWERED):
            state = ANSWERED
    return state


def _add(record: ConsentRecord, actor, kind: NoteKind, body: str | None) -> ConsentNote:
    note = ConsentNote(study_id=record.study_id, record=record, kind=kind,
                       body=(body or "").strip() or None, author_id=getattr(actor, "id", None))
    db.session.add(note)
    db.session.flush()
    # The record is the entity, so the record's own trail shows its review.
    audit.record(actor, f"consent.{kind.value}", record, after={"note_id": note.id, "kind": kind,
                                                                "body": note.body})
    return note


def mark_reviewed(record: ConsentRecord, actor, body: str | None = None) -> ConsentNote:
    """The reviewer has checked the record (this also closes an open query)."""
    return _add(record, actor, NoteKind.REVIEWED, body)


def raise_query(record: ConsentRecord, actor, body: str) -> ConsentNote:
    if not (body or "").strip():
        raise ConsentError(_("Write the question for the coordinator."))
    return _add(record, actor, NoteKind.QUERY, body)


def answer_query(record: ConsentRecord, actor, body: str) -> ConsentNote:
    """The coordinator answers the reviewer's open query."""
    if review_state(record.notes) not in (QUERY_OPEN, ANSWERED):
        raise ConsentError(_("There is no open query on this record."))
    if not (body or "").strip():
        raise ConsentError(_("Write an answer."))
    return _add(record, actor, NoteKind.ANSWER, body)
