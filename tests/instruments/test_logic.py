"""Skip logic and constraints: kept as XLSForm expressions, applied for the common subset when
answers are saved, and said to be shown but not applied for the rest."""
import pytest

from app.core.extensions import db
from app.instruments import answers, logic
from app.instruments.models import AnswerSet, Question, QuestionType
from tests.instruments.conftest import approve, make_instrument, make_session

SKIP_FORM = [
    {"name": "q1", "type": "text", "text": {"en": "Your role?"}},
    {"name": "q2", "type": "yes_no", "text": {"en": "Have you used the portal?"}, "required": True},
    {"name": "q3", "type": "text", "text": {"en": "What did you use it for?"}, "required": True,
     "relevant": "${q2} = 'yes'", "required_message": {"en": "Say what it was used for."}},
    {"name": "age", "type": "integer", "text": {"en": "Age?"}, "constraint": ". >= 18 and . <= 120",
     "constraint_message": {"en": "Age must be from 18 to 120."}},
    {"name": "when", "type": "date", "text": {"en": "When?"}, "relevant": "today() > ${q1}"},
]


@pytest.mark.parametrize("expression, expected", [
    ("${q2} = 'yes'", True),
    ("${q2} != 'yes' or ${age} > 30", False),
    ("not(${q2} = 'no') and ${age} >= 18", True),
    ("selected(${tools}, 'phone')", True),
    ("selected(${tools}, 'fax')", False),
    ("count-selected(${tools}) = 2", True),
    ("${age} div 5 = 5 and ${age} mod 2 = 1", True),
    ("${q2} = \"yes\" and true()", True),
])
def test_the_common_subset_is_evaluated(expression, expected):
    names = {"q2", "age", "tools"}
    xpath = logic.to_xpath(expression, names)
    assert xpath is not None
    doc = logic.instance({"q2": "yes", "age": "25", "tools": "phone web"})
    assert logic.holds(xpath, doc) is expected


@pytest.mark.parametrize("expression", [
    "today() > ${q2}", "regex(., '^[a-z]+$')", "${unknown} = 1", "jr:choice-name(${q2}, '${q2}')",
    "position(..) = 1", "${q2} = 'yes' and", "string-length(.) > 3",
])
def test_anything_else_is_not_applied(expression):
    assert logic.to_xpath(expression, {"q2"}) is None


def test_a_constraint_uses_the_answer_itself():
    xpath = logic.to_xpath(". >= 18 and . <= 120", set())
    assert logic.holds(xpath, logic.instance({"age": "130"}), "age") is False
    assert logic.holds(xpath, logic.instance({"age": "40"}), "age") is True


@pytest.fixture
def skip_session(team):
    version = approve(make_instrument(team["study"], SKIP_FORM), team["reviewer"])
    return make_session(team["study"], team["fieldworker"], version)


def test_a_skipped_question_is_not_required_and_keeps_nothing(team, skip_session):
    attendee = skip_session.attendees[0]
    saved, errors = answers.save_answers(attendee, {"q2": "no", "q3": "leftover"}, True, team["fieldworker"])
    assert errors == {}
    assert saved.values == {"q2": "no"}


def test_a_shown_required_question_says_its_required_message(team, skip_session):
    attendee = skip_session.attendees[0]
    saved, errors = answers.save_answers(attendee, {"q2": "yes"}, True, team["fieldworker"])
    assert saved is None and errors == {"q3": "Say what it was used for."}
    assert db.session.query(AnswerSet).count() == 0


def test_an_answer_out_of_range_shows_the_constraint_message_and_stores_nothing(team, skip_session):
    attendee = skip_session.attendees[0]
    saved, errors = answers.save_answers(attendee, {"q2": "no", "age": "130"}, False, team["fieldworker"])
    assert saved is None and errors == {"age": "Age must be from 18 to 120."}
    assert db.session.query(AnswerSet).count() == 0
    saved, errors = answers.save_answers(attendee, {"q2": "no", "age": "40"}, False, team["fieldworker"])
    assert errors == {} and saved.values == {"q2": "no", "age": 40}


def test_a_condition_outside_the_subset_is_shown_but_not_applied(team, skip_session, login):
    rules = answers.conditions(skip_session.instrument_version)
    assert rules["when"] == {"relevant": [], "constraint": None, "unapplied": ["today() > ${q1}"]}
    url = (f"/studies/{team['study'].id}/sessions/{skip_session.id}/answers/"
           f"{skip_session.attendees[0].id}")
    page = login(team["fieldworker"]).get(url).get_data(as_text=True)
    assert "This condition is shown but not applied" in page and "today() &gt; ${q1}" in page
    assert 'data-relevant="(/data/q2 = &#39;yes&#39;)"' in page


@pytest.mark.parametrize("qtype, raw, value, error", [
    ("integer", "12", 12, None), ("integer", "3.5", None, "whole number"),
    ("date", "2026-03-31", "2026-03-31", None), ("date", "31/03/2026", None, "date"),
    ("time", "14:30", "14:30", None), ("time", "half past", None, "time"),
    ("datetime", "2026-03-31T14:30", "2026-03-31T14:30", None), ("datetime", "soon", None, "date and time"),
    ("acknowledge", "OK", "OK", None), ("acknowledge", "maybe", None, "Tick the box"),
    ("calculate", "5", None, None), ("kept", "somewhere", None, None),
])
def test_each_xlsform_type_takes_its_own_answers(ctx, qtype, raw, value, error):
    question = Question(name="x", type=QuestionType(qtype), choices=[], text={"en": "X"})
    got, problem = answers.validate_answer(question, raw)
    assert got == value
    assert (problem is None) if error is None else (error in problem)
