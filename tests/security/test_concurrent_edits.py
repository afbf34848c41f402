"""Two people edit one record: the second save is refused, shows what changed, keeps its input."""
import html

from app.extensions import db
from app.fieldwork.models import FieldSession
from app.recruitment.models import Participant
from tests.recruitment import factories as make
from tests.security.conftest import events, guard_of


def _both_open(pair, login, path):
    first, second = login(pair["coordinator"]), login(pair["second"])
    return first, guard_of(first.get(path).get_data(as_text=True)), \
        second, guard_of(second.get(path).get_data(as_text=True))


def test_second_participant_save_is_refused_with_the_changed_fields(pair, login):
    person = make.participant(pair["study"], pair["coordinator"], "Асель Вымышленная",
                              position="Методист", phone="+7 700 000 0001")
    path = f"/studies/{pair['study'].id}/participants/{person.id}/edit"
    first, first_guard, second, second_guard = _both_open(pair, login, path)
    base = {"name": "Асель Вымышленная", "languages": ["ru"], "gender": "", "organisation_id": "",
            "referred_by_id": ""}
    saved = first.post(path, data={**base, "position": "Завуч", "phone": "+7 700 000 0002", **first_guard})
    assert saved.status_code == 302
    refused = second.post(path, data={**base, "position": "Директор школы", **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "Position" in page and "Завуч" in page and "Методист" in page  # stored now vs. loaded
    assert "+7 700 000 0002" in page and "+7 700 000 0001" in page
    assert 'value="Директор школы"' in page  # the second user's input is kept to merge by hand
    db.session.expire_all()
    stored = db.session.get(Participant, person.id)
    assert (stored.position, stored.phone) == ("Завуч", "+7 700 000 0002")
    assert len(events("participant.update", person.id)) == 1
    merged = guard_of(page)
    assert merged["version"] == str(stored.version)  # saving again after merging goes through
    again = second.post(path, data={**base, "position": "Директор школы", "phone": "+7 700 000 0002", **merged})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, person.id).position == "Директор школы"


def _session_form(pair, starts, people, location="Переговорная 2"):
    return {"type": "focus_group", "starts_at": starts, "ends_at": starts[:-5] + "23:00",
            "location": location, "facilitator_ids": [str(pair["coordinator"].id)],
            "participant_ids": [str(p.id) for p in people]}


def test_second_session_save_is_refused_even_when_only_attendees_changed(pair, login):
    people = [make.participant(pair["study"], pair["coordinator"], f"Тест Участник {n}") for n in range(2)]
    make.consented(pair, people)
    session = make.session(pair["study"], pair["coordinator"], facilitators=[pair["coordinator"]],
                           participants=people[:1])
    path = f"/studies/{pair['study'].id}/sessions/{session.id}/edit"
    first, first_guard, second, second_guard = _both_open(pair, login, path)
    starts = "2031-05-06T10:00"
    assert first.post(path, data={**_session_form(pair, starts, people), **first_guard}).status_code == 302
    refused = second.post(path, data={**_session_form(pair, starts, people[:1], "Кабинет 5"), **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "Participants" in page and 'value="Кабинет 5"' in page
    db.session.expire_all()
    stored = db.session.get(FieldSession, session.id)
    assert stored.location == "Переговорная 2" and len(stored.attendees) == 2
    assert len(events("session.update", session.id)) == 1


def test_only_attendees_changing_moves_the_session_version(pair):
    from app.fieldwork import services as fieldwork
    people = [make.participant(pair["study"], pair["coordinator"], f"Тест Участник {n}") for n in range(2)]
    make.consented(pair, people)
    session = make.session(pair["study"], pair["coordinator"], participants=people[:1])
    version = session.version
    plan = make.plan(starts=session.starts_at, hours=2, participants=people)
    plan.location = session.location
    fieldwork.update_session(session, plan, pair["coordinator"], expected_version=version)
    db.session.commit()
    assert session.version == version + 1
