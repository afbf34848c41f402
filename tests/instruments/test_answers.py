"""Answers: validation of every type, drafts and finished forms, completeness, notes, CSV."""
import csv
import io

import pytest

from app.core import policy

from app.core.extensions import db
from app.fieldwork.models import SessionStatus, SessionType
from app.instruments import answers, services
from app.instruments.models import AnswerStatus

from tests.instruments.conftest import make_instrument, make_session


def _question(version, name):
    return next(q for q in version.questions if q.name == name)


@pytest.mark.parametrize("name, raw, expected", [
    ("role", "  Head of unit ", "Head of unit"),
    ("channel", "portal", "portal"),
    ("services", ["id", "tax"], ["tax", "id"]),
    ("trust", "4", 4),
    ("egov", "no", "no"),
    ("staff", "12", 12),
    ("staff", "3,5", 3.5),
    ("intro", "anything", None),
    ("role", "", None),
])
def test_valid_answers_are_stored_in_their_type(approved, name, raw, expected):
    assert answers.validate_answer(_question(approved, name), raw) == (expected, None)


@pytest.mark.parametrize("name, raw, message", [
    ("channel", "fax", "Choose one"),
    ("channel", ["portal", "office"], "Choose one"),
    ("services", ["tax", "bribe"], "only among"),
    ("trust", "6", "from 1 to 5"),
    ("trust", "three", "from 1 to 5"),
    ("egov", "maybe", "yes or no"),
    ("staff", "a dozen", "Enter a number"),
    ("staff", "inf", "Enter a number"),
])
def test_invalid_answers_are_refused_with_a_reason(approved, name, raw, message):
    value, error = answers.validate_answer(_question(approved, name), raw)
    assert value is None and message in error


def test_a_draft_can_be_saved_incomplete_and_finished_later(team, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    attendee = session.attendees[0]
    saved, errors = answers.save_answers(attendee, {"role": "Analyst"}, finish=False, actor=team["fieldworker"])
    db.session.commit()
    assert errors == {} and saved.status == AnswerStatus.DRAFT
    _, errors = answers.save_answers(attendee, {"role": "Analyst"}, finish=True, actor=team["fieldworker"])
    assert set(errors) == {"channel"}
    db.session.rollback()
    saved, errors = answers.save_answers(attendee, {"role": "Analyst", "channel": "office", "trust": "5"},
                                         finish=True, actor=team["fieldworker"])
    db.session.commit()
    assert errors == {} and saved.status == AnswerStatus.COMPLETE
    assert saved.values == {"role": "Analyst", "channel": "office", "trust": 5}
    done = answers.completeness(session)
    assert (done.answered, done.total, done.finished, done.attendees) == (3, 12, 1, 2)
    assert done.percent == 25


def test_invalid_input_stores_nothing(team, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    saved, errors = answers.save_answers(session.attendees[0], {"staff": "many"}, False, None)
    assert saved is None and "staff" in errors
    assert answers.answer_set_for(session.attendees[0], approved) is None


@pytest.mark.parametrize("changes, message", [
    ({"status": SessionStatus.PLANNED}, "once the session is completed"),
    ({"type": SessionType.FOCUS_GROUP}, "structured interviews"),
    ({"instrument_version": None}, "no instrument version"),
])
def test_answers_only_for_completed_structured_interviews_with_a_version(team, approved, changes, message):
    session = make_session(team["study"], team["fieldworker"], approved)
    for name, value in changes.items():
        setattr(session, name, value)
    with pytest.raises(services.InstrumentError, match=message):
        answers.save_answers(session.attendees[0], {}, False, None)


def test_a_session_uses_only_an_approved_version(team, approved):
    draft = make_instrument(team["study"], title="Draft guide")
    session = make_session(team["study"], team["fieldworker"])
    with pytest.raises(services.InstrumentError, match="approved version"):
        answers.assign_version(session, draft, team["coordinator"])
    answers.assign_version(session, approved, team["coordinator"])
    db.session.commit()
    assert session.instrument_version == approved


def test_own_sessions_are_those_the_fieldworker_runs(team, build, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    other = build.member(team["study"], "fieldworker")
    records = lambda user, role: policy.allows(role, "session_records.edit", user, session)  # noqa: E731
    assert records(team["fieldworker"], "fieldworker")
    assert not records(other, "fieldworker")
    assert records(other, "coordinator")
    assert not records(team["reviewer"], "ethics_reviewer")


def test_notes_per_question_for_a_focus_group(team):
    version = make_instrument(team["study"])
    services.approve(version, team["reviewer"])
    session = make_session(team["study"], team["fieldworker"], version, type=SessionType.FOCUS_GROUP)
    role = _question(version, "role")
    assert answers.save_notes(session, {role.id: "Most work in IT units."}, None) == 1
    assert answers.save_notes(session, {role.id: "Most work in IT units."}, None) == 0
    db.session.commit()
    assert answers.notes_of(session) == {role.id: "Most work in IT units."}


def test_csv_has_a_row_per_participant_pseudonyms_and_labels_in_the_chosen_language(team, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    answers.save_answers(session.attendees[0], {"role": "Analyst", "channel": "office",
                                                "services": ["tax", "land"], "egov": "yes"}, False, None)
    answers.save_answers(session.attendees[1], {"channel": "portal"}, False, None)
    db.session.commit()
    data = answers.answers_csv(approved, "ru")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))  # Excel's list separator in ru
    assert rows[0][:5] == ["Session", "Participant", "Status", "status_code", "role: Опишите вашу роль."]
    assert len(rows) == 3 and [row[1] for row in rows[1:]] == ["P010", "P011"]
    assert rows[1][3] == "draft" and rows[1][5] == "Офис" and rows[1][6] == "Tax; Land registry"
    assert "Fictional Person" not in data.decode("utf-8-sig")


def test_a_concurrent_save_is_refused_not_overwritten(team, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    attendee = session.attendees[0]
    answers.save_answers(attendee, {"role": "First"}, False, None, seen_version=0)
    db.session.commit()
    with pytest.raises(answers.AnswersChanged, match="Someone else saved"):
        answers.save_answers(attendee, {"role": "Second"}, False, None, seen_version=0)
    db.session.rollback()
    saved, _ = answers.save_answers(attendee, {"role": "Second"}, False, None, seen_version=1)
    db.session.commit()
    assert saved.values == {"role": "Second"} and saved.version == 2


def test_csv_keeps_typed_formulas_inert_and_negative_numbers_as_numbers(team):
    version = make_instrument(team["study"], questions=[
        {"name": "note_text", "type": "text", "text": {"en": "Remarks"}},
        {"name": "delta", "type": "number", "text": {"en": "Change"}}])
    services.approve(version, team["reviewer"])
    session = make_session(team["study"], team["fieldworker"], version)
    answers.save_answers(session.attendees[0], {"note_text": "=HYPERLINK(\"x\")", "delta": "-3"}, False, None)
    db.session.commit()
    rows = list(csv.reader(io.StringIO(answers.answers_csv(version, "en").decode("utf-8-sig"))))
    assert rows[1][4:] == ["'=HYPERLINK(\"x\")", "-3"]
