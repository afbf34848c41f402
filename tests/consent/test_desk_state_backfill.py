"""Issue 18: migration 0021_desk_state works the ethics desk's stored state out of the existing
records, notes and desk marks, and 0023_desk_higher widens its open items by the flags of higher
areas (withdrawn data still in an approved transcript); on a study with every kind of flag,
corrections, a review thread in each state and transcripts approved, reopened and remapped, what
they write is what the rules say (`flask dashboard recount` finds nothing), on SQLite and
PostgreSQL alike; 0023's downgrade narrows the open items back to what 0021 wrote."""
import importlib.util
from pathlib import Path

import sqlalchemy as sa

from app.consent import desk_state, review, standing
from app.consent.models import ConsentDeskCount
from app.core.extensions import db
from app.recruitment.models import Participant
from tests.consent.test_desk_flagged import world  # noqa: F401 (the fixture: a study with every flag)

VERSIONS = Path(__file__).parents[2] / "migrations" / "versions"


def _migration(name: str = "0021_desk_state"):
    spec = importlib.util.spec_from_file_location(f"migration_{name}", VERSIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_backfill_writes_what_the_rules_say(world, app):  # noqa: F811
    study = world["study"]
    reviewer = world["reviewer"]
    ids = db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id)
                             .order_by(Participant.id)).all()
    records = list(standing.current_records(ids).values())
    assert len(records) >= 4
    review.mark_reviewed(records[0], reviewer)
    review.raise_query(records[1], reviewer, "Дата не совпадает.")
    review.raise_query(records[2], reviewer, "Где подпись?")
    review.answer_query(records[2], world["coordinator"], "Подпись на обороте.")
    db.session.commit()
    before = {pid: state for pid, (_study, state) in desk_state._stored(db.session.connection(), ids).items()}
    assert {s.review for s in before.values()} >= {"reviewed", "query", "answered", "not_reviewed"}
    # as before the migration: no state, no counts
    db.session.execute(sa.update(Participant).values(desk_record_id=None, desk_review=None, desk_scanless=False,
                                                     desk_open=False))
    db.session.execute(sa.delete(ConsentDeskCount))
    assert desk_state.differences(study.id) != {}
    _migration()._backfill(db.session.connection())
    db.session.commit()
    narrow = {pid: state for pid, (_study, state) in desk_state._stored(db.session.connection(), ids).items()}
    # 0021 knew no flag of a higher area: the participant whose withdrawn data is still in an
    # approved transcript (and who has no other open item) is the one it leaves closed
    wrong = desk_state.differences(study.id)
    assert [(kept.open, true.open) for kept, true in wrong.values()] == [(False, True)], wrong
    _migration("0023_desk_higher")._widen(db.session.connection())
    db.session.commit()
    assert desk_state.differences(study.id) == {}
    after = {pid: state for pid, (_study, state) in desk_state._stored(db.session.connection(), ids).items()}
    assert after == before
    _migration("0023_desk_higher")._narrow(db.session.connection())
    db.session.commit()
    assert {pid: state for pid, (_study, state) in desk_state._stored(db.session.connection(), ids).items()} == narrow
