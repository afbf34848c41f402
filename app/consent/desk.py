"""What the consent pages and the ethics desk show: bounded queries, computed state."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.consent import review, services
from app.consent.flags import Flag
from app.consent.models import ConsentRecord, ConsentWithdrawal
from app.core import keyset
from app.core.extensions import db
from app.recruitment.models import Participant

SORTS = {"pseudonym": [Participant.pseudonym_order], "name": [Participant.name],
         "status": [Participant.status, Participant.pseudonym_order]}


@dataclass
class Row:
    participant: Participant
    record: ConsentRecord | None
    withdrawals: list = field(default_factory=list)
    flags: list = field(default_factory=list)

    @property
    def review_state(self) -> str | None:
        return review.review_state(self.record.notes) if self.record else None


def participants_page(study, sort: str, direction: str, cursor: dict, only_ids=None, per_page: int = 50):
    """A keyset page of the study's participants; `cursor` holds the request's after/before/last."""
    query = sa.select(Participant).where(Participant.study_id == study.id)
    if only_ids is not None:
        query = query.where(Participant.id.in_(only_ids or [-1]))
    order = keyset.keys(*SORTS.get(sort, SORTS["pseudonym"]), Participant.id, direction=direction)
    return keyset.paginate(query, order, per_page=per_page, **cursor)


def rows_for(participants, flags: list[Flag] = ()) -> list[Row]:
    """One row per participant with their current record (notes loaded) and withdrawals."""
    ids = [p.id for p in participants]
    records = services.current_consents(ids)
    if records:  # the review thread of each shown record, in one query
        db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.id.in_([r.id for r in records.values()]))
                           .options(sa.orm.selectinload(ConsentRecord.notes))).all()
    withdrawals: dict[int, list] = {}
    for withdrawal in db.session.scalars(sa.select(ConsentWithdrawal)
                                         .where(ConsentWithdrawal.participant_id.in_(ids or [-1]))):
        withdrawals.setdefault(withdrawal.participant_id, []).append(withdrawal)
    by_participant: dict[int, list[Flag]] = {}
    for flag in flags:
        if flag.participant_id is not None:
            by_participant.setdefault(flag.participant_id, []).append(flag)
    return [Row(p, records.get(p.id), withdrawals.get(p.id, []), by_participant.get(p.id, []))
            for p in participants]
