"""True races at the service level: two database sessions (two connections on PostgreSQL) both
load a record and both save; the version counter or a unique key refuses the later one."""
import threading

import pytest
import sqlalchemy as sa

from app.core import concurrency
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.recruitment import services as recruitment
from app.recruitment.models import Participant
from tests.recruitment import factories as make


def _postgres(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def _count(action: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


def test_a_save_that_passed_the_check_is_still_refused_by_the_version_counter(app, build):
    """Both passed the form check (same loaded version); the second UPDATE matches no row."""
    team = build.team()
    person_id = make.participant(team["study"], team["coordinator"], "Дана Вымышленная").id
    with app.app_context():  # the second person's request, on its own database session
        theirs = db.session.get(Participant, person_id)
        loaded = theirs.version
        with app.app_context():  # the first person's request lands in between
            recruitment.update_participant(db.session.get(Participant, person_id), None,
                                           expected_version=loaded, position="Завуч")
            db.session.commit()
        with pytest.raises(concurrency.StaleEdit):
            recruitment.update_participant(theirs, None, expected_version=loaded, position="Директор")
        db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Participant, person_id).position == "Завуч"
    assert _count("participant.update") == 1


def test_two_threads_saving_one_participant_at_once_leave_one_save(app, build):
    """Two connections, two threads, released together: exactly one save and one audit event."""
    if not _postgres(app):
        pytest.skip("SQLite serialises writers on one connection; the threaded race needs PostgreSQL")
    team = build.team()
    person_id = make.participant(team["study"], team["coordinator"], "Дана Вымышленная").id
    start, outcomes = threading.Barrier(2), []

    def save(position: str) -> None:
        with app.app_context():
            person = db.session.get(Participant, person_id)
            loaded = person.version
            start.wait(timeout=10)
            try:
                recruitment.update_participant(person, None, expected_version=loaded, position=position)
                db.session.commit()
                outcomes.append(("saved", position))
            except concurrency.StaleEdit:
                db.session.rollback()
                outcomes.append(("refused", position))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(p,)) for p in ("Завуч", "Директор")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    winner = next(position for kind, position in outcomes if kind == "saved")
    db.session.expire_all()
    assert db.session.get(Participant, person_id).position == winner
    assert _count("participant.update") == 1


def test_two_first_saves_of_one_attendees_answers_leave_one(app, build):
    """No answer set yet; both create one: the unique key refuses the second with the first's answers."""
    from app.fieldwork.models import SessionParticipant
    from app.instruments import answers
    from app.instruments.models import AnswerSet
    from tests.instruments.conftest import approve, make_instrument, make_session
    team = build.team()
    version = approve(make_instrument(team["study"], questions=[
        {"name": "role", "type": "text", "text": {"en": "Describe your role."}}]), team["reviewer"])
    attendee_id = make_session(team["study"], team["fieldworker"], version).attendees[0].id
    with app.app_context():
        second = db.session.get(SessionParticipant, attendee_id)
        answers.answer_set_for(second, second.session.instrument_version)  # opened: nothing yet
        with app.app_context():
            answers.save_answers(db.session.get(SessionParticipant, attendee_id), {"role": ["Teacher"]},
                                 False, None, "0")
            db.session.commit()
        original, calls = answers.answer_set_for, []

        def read_before_the_first_landed(attendee, v):
            calls.append(attendee)
            return None if len(calls) == 1 else original(attendee, v)

        answers.answer_set_for = read_before_the_first_landed
        try:
            with pytest.raises(concurrency.StaleEdit) as refused:
                answers.save_answers(second, {"role": ["Head teacher"]}, False, None, "0")
        finally:
            answers.answer_set_for = original
        db.session.rollback()
    assert [c.field for c in refused.value.changes] == ["status", "role"]
    assert db.session.scalar(sa.select(AnswerSet)).values == {"role": "Teacher"}
    assert _count("answers.save") == 1
