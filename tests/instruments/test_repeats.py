"""A repeated section (an XLSForm repeat) is answered in rounds: "Add a round" adds one, each
round is checked on its own, and the rounds are stored as a list under the section's name."""
import pytest

from app.core.extensions import db
from app.instruments import answers, services
from app.instruments.models import AnswerSet
from tests.instruments.conftest import make_session

HOUSEHOLD = [
    ("text", "village", "Village?", "", ""),
    ("begin_repeat", "visits", "Visits", "", ""),
    ("date", "visit_day", "Day of the visit?", "", ""),
    ("integer", "people", "People met?", ". <= 50", ""),
    ("text", "why", "Why so many?", "", "${people} > 10"),
    ("end_repeat", "", "", "", ""),
]


@pytest.fixture
def repeat_session(team):
    version = services.create_instrument(team["study"], "Visits", "structured_interview", None).versions[0]
    outside = services.add_section(version, {"en": "Village"}, None)
    services.add_question(outside, {"name": "village", "type": "text", "text": {"en": "Village?"}}, None)
    visits = services.add_section(version, {"en": "Visits"}, None, name="visits", kind="repeat")
    services.add_question(visits, {"name": "visit_day", "type": "date", "text": {"en": "Day of the visit?"}}, None)
    services.add_question(visits, {"name": "people", "type": "integer", "text": {"en": "People met?"},
                                   "constraint": ". <= 50", "constraint_message": {"en": "At most 50."}}, None)
    services.add_question(visits, {"name": "why", "type": "text", "text": {"en": "Why so many?"},
                                   "relevant": "${people} > 10", "required": True}, None)
    services.approve(version, team["reviewer"])
    db.session.commit()
    return make_session(team["study"], team["fieldworker"], version)


def _url(team, session):
    return f"/studies/{team['study'].id}/sessions/{session.id}/answers/{session.attendees[0].id}"


def test_add_a_round_shows_another_round_and_saves_nothing(team, login, repeat_session):
    client = login(team["fieldworker"])
    page = client.get(_url(team, repeat_session)).get_data(as_text=True)
    assert "Round 1" in page and "Round 2" not in page and 'name="visit_day__r0"' in page
    response = client.post(_url(team, repeat_session), data={
        "village": "Akkol", "visit_day__r0": "2026-03-02", "people__r0": "4", "visits__rounds": "1",
        "action": "round:visits", "version": "0"})
    page = response.get_data(as_text=True)
    assert "Round 2" in page and 'name="visit_day__r1"' in page and 'value="2026-03-02"' in page
    assert db.session.query(AnswerSet).count() == 0


def test_rounds_are_stored_in_order_each_checked_on_its_own(team, login, repeat_session):
    client = login(team["fieldworker"])
    sent = {"village": "Akkol", "visits__rounds": "3", "version": "0", "action": "finish",
            "visit_day__r0": "2026-03-02", "people__r0": "4",
            "visit_day__r1": "2026-03-09", "people__r1": "60",
            "visit_day__r2": "", "people__r2": ""}
    page = client.post(_url(team, repeat_session), data=sent).get_data(as_text=True)
    assert "At most 50." in page and db.session.query(AnswerSet).count() == 0
    page = client.post(_url(team, repeat_session), data={**sent, "people__r1": "12"}).get_data(as_text=True)
    assert "This question needs an answer." in page  # "why" is asked in round 2 only
    response = client.post(_url(team, repeat_session), data={**sent, "people__r1": "12", "why__r1": "A wedding",
                                                             "why__r0": "not asked"})
    assert response.status_code == 302
    stored = db.session.query(AnswerSet).one().values
    assert stored == {"village": "Akkol", "visits": [
        {"visit_day": "2026-03-02", "people": 4},
        {"visit_day": "2026-03-09", "people": 12, "why": "A wedding"}]}
    page = client.get(_url(team, repeat_session)).get_data(as_text=True)
    assert "Round 2" in page and "Round 3" not in page and "A wedding" in page
    csv = answers.answers_csv(repeat_session.instrument_version, "en").decode("utf-8-sig")
    assert "2026-03-02 | 2026-03-09" in csv and "4 | 12" in csv
