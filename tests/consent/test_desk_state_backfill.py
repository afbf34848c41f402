"""Issue 18: migration 0021_desk_state works the ethics desk's stored state out of the existing
records, notes and desk marks; on a study with every kind of flag, corrections and a review
thread in each state, what it writes is what the rules say (`flask dashboard recount` finds
nothing), on SQLite and PostgreSQL alike."""
import importlib.util
from pathlib import Path

import sqlalchemy as sa

from app.consent import desk_state, review, standing
from app.consent.models import ConsentDeskCount
from app.core.extensions import db
from app.recruitment.models import Participant
from tests.consent.test_desk_flagged import world  # noqa: F401 (the fixture: a study with every flag)

MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "0021_desk_state.py"


def _migration():
    spec = importlib.util.spec_from_file_location("desk_state_migration", MIGRATION)
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
    assert desk_state.differences(study.id) == {}
    after = {pid: state for pid, (_study, state) in desk_state._stored(db.session.connection(), ids).items()}
    assert after == before
