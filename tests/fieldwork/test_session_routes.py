"""Session pages: scheduling in the study's zone, conflicts, completion, calendars, iCalendar."""
from datetime import datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.fieldwork import checks
from app.fieldwork.models import Attendance, FieldSession, SessionStatus
from app.core.models_base import utcnow
from app.core.templating import to_study_time
from tests.recruitment import factories as make


@pytest.fixture
def team(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    team["org"] = make.organisation(study, actor)
    team["people"] = [make.participant(study, actor, f"Тестовый Участник {n}", org=team["org"]) for n in range(6)]
    make.consented(team, team["people"])
    return team


def url(team, path=""):
    return f"/studies/{team['study'].id}{path}"


def _form(team, starts="2030-03-02T10:00", ends="2030-03-02T12:00", **extra):
    return {"type": "focus_group", "starts_at": starts, "ends_at": ends, "location": "Переговорная 2",
            "host_organisation_id": str(team["org"].id), "facilitator_ids": [str(team["fieldworker"].id)],
            "note_taker_id": str(team["coordinator"].id),
            "participant_ids": [str(p.id) for p in team["people"]], **extra}


def test_coordinator_schedules_a_focus_group_in_the_study_time_zone(team, login):
    response = login(team["coordinator"]).post(url(team, "/sessions/new"), data=_form(team))
    assert response.status_code == 302
    session = db.session.scalar(sa.select(FieldSession))
    assert session.starts_at == datetime(2030, 3, 2, 5, 0)  # Asia/Almaty is UTC+5
    assert len(session.attendees) == 6
    page = login(team["fieldworker"]).get(url(team, "/my-sessions")).get_data(as_text=True)
    assert "FG-01" in page


def test_bad_times_rerender_with_an_error(team, login):
    response = login(team["coordinator"]).post(url(team, "/sessions/new"),
                                               data=_form(team, ends="2030-03-02T09:00"))
    assert response.status_code == 200 and "must end after it starts" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FieldSession)) == 0


def test_conflict_warns_then_saves_when_overridden_on_purpose(team, login):
    client = login(team["coordinator"])
    client.post(url(team, "/sessions/new"), data=_form(team))
    warned = client.post(url(team, "/sessions/new"), data=_form(team, starts="2030-03-02T11:00",
                                                                 ends="2030-03-02T13:00"))
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200 and "is already booked in FG-01" in page and "nothing was saved" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FieldSession)) == 1
    saved = client.post(url(team, "/sessions/new"), data=_form(team, starts="2030-03-02T11:00",
                                                               ends="2030-03-02T13:00", override_conflicts="y"))
    assert saved.status_code == 302
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "session.conflict_override"))


def test_edit_shows_local_times_and_keeps_the_code(team, login):
    client = login(team["coordinator"])
    client.post(url(team, "/sessions/new"), data=_form(team))
    session = db.session.scalar(sa.select(FieldSession))
    page = client.get(url(team, f"/sessions/{session.id}/edit")).get_data(as_text=True)
    assert 'value="2030-03-02T10:00"' in page
    client.post(url(team, f"/sessions/{session.id}/edit"), data=_form(team, starts="2030-03-03T10:00",
                                                                      ends="2030-03-03T11:00"))
    db.session.expire_all()
    session = db.session.get(FieldSession, session.id)
    assert session.code == "FG-01" and session.starts_at == datetime(2030, 3, 3, 5, 0)


def test_confirm_postpone_cancel_buttons(team, login):
    session = make.session(team["study"], team["coordinator"])
    client = login(team["coordinator"])
    base = url(team, f"/sessions/{session.id}")
    client.post(base + "/confirm")
    client.post(base + "/postpone", data={"reason": "Аким в командировке"})
    page = client.get(base).get_data(as_text=True)
    assert "is now Postponed" in page
    assert client.post(base + "/explode").status_code == 404
    assert login(team["fieldworker"]).post(base + "/cancel").status_code == 403
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "session.postpone"))
    # A reason may name people: sealed inside the audit event, readable through the trail.
    assert event.after["reason"] != "Аким в командировке"
    assert audit.readable(event.after)["reason"] == "Аким в командировке"


def _past(team, facilitator):
    return make.session(team["study"], team["coordinator"], starts=utcnow() - timedelta(hours=3),
                        facilitators=[facilitator], participants=team["people"][:2])


def test_fieldworker_completes_their_own_session(team, login):
    session = _past(team, team["fieldworker"])
    a, b = team["people"][:2]
    response = login(team["fieldworker"]).post(url(team, f"/sessions/{session.id}/complete"), data={
        f"attendance-{a.id}": "attended", f"attendance-{b.id}": "no_show", "field_notes": "Тихая группа"})
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(FieldSession, session.id)
    assert session.status == SessionStatus.COMPLETED and session.field_notes == "Тихая группа"


def test_fieldworker_cannot_complete_someone_elses_session(team, login):
    session = _past(team, team["coordinator"])
    assert login(team["fieldworker"]).get(url(team, f"/sessions/{session.id}/complete")).status_code == 403
    assert login(team["reviewer"]).get(url(team, f"/sessions/{session.id}/complete")).status_code == 403


def test_refusal_shows_inline_and_saves_nothing(team, login, monkeypatch):
    monkeypatch.setattr(checks, "ATTENDANCE_CHECKS", [lambda s, p: f"{p.pseudonym}: no valid consent."])
    session = _past(team, team["fieldworker"])
    a, b = team["people"][:2]
    response = login(team["coordinator"]).post(url(team, f"/sessions/{session.id}/complete"), data={
        f"attendance-{a.id}": "attended", f"attendance-{b.id}": "no_show"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "P01: no valid consent." in page and "row-problem" in page
    db.session.expire_all()
    assert db.session.get(FieldSession, session.id).status == SessionStatus.PLANNED
    assert {att.attendance for att in db.session.get(FieldSession, session.id).attendees} == {Attendance.INVITED}


def test_unmarked_participant_is_an_inline_error(team, login):
    session = _past(team, team["fieldworker"])
    a = team["people"][0]
    response = login(team["coordinator"]).post(url(team, f"/sessions/{session.id}/complete"),
                                               data={f"attendance-{a.id}": "attended"})
    assert response.status_code == 200 and "Mark every invited participant" in response.get_data(as_text=True)


def test_calendar_week_and_month_show_the_session(team, login):
    session = make.session(team["study"], team["coordinator"], facilitators=[team["fieldworker"]])
    day = to_study_time(session.starts_at, team["study"].timezone).date().isoformat()
    client = login(team["reviewer"])
    for view in ("week", "month"):
        page = client.get(url(team, f"/calendar?view={view}&date={day}")).get_data(as_text=True)
        assert "FG-01" in page, view
    assert "FG-01" not in client.get(url(team, "/calendar?date=2001-01-01")).get_data(as_text=True)
    assert client.get(url(team, "/calendar?date=nonsense")).status_code == 200


def test_session_ics_carries_pseudonyms_not_names(team, login):
    session = make.session(team["study"], team["coordinator"], participants=team["people"][:2], host=team["org"])
    response = login(team["reviewer"]).get(url(team, f"/sessions/{session.id}.ics"))
    assert response.mimetype == "text/calendar"
    event = icalendar.Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert "FG-01" in str(event["summary"]) and "P01, P02" in str(event["description"])
    assert "LA-01" in str(event["description"])
    assert "Тестовый" not in response.data.decode() and "Акимат" not in response.data.decode()
    assert event.decoded("dtstart").replace(tzinfo=None) == session.starts_at


def test_feed_token_can_be_created_used_and_revoked(team, login, client):
    make.session(team["study"], team["coordinator"], facilitators=[team["fieldworker"]],
                 participants=team["people"][:1])
    user_client = login(team["fieldworker"])
    page = user_client.post("/calendar/feed", data={"action": "create"}).get_data(as_text=True)
    feed_url = page.split('id="feed-url" readonly value="')[1].split('"')[0]
    path = feed_url.split("localhost", 1)[1]
    response = client.get(path)
    assert response.status_code == 200 and b"FG-01" in response.data and "Тестовый".encode() not in response.data
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "calendar.token_create"))
    user_client.post("/calendar/feed", data={"action": "revoke"})
    assert client.get(path).status_code == 404
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404


def test_feed_settings_need_login(client):
    assert client.get("/calendar/feed").status_code == 302


def test_session_lists_filter_and_sort(team, login):
    make.session(team["study"], team["coordinator"], facilitators=[team["fieldworker"]])
    make.session(team["study"], team["coordinator"], starts=utcnow() + timedelta(days=20), facilitators=[team["coordinator"]])
    client = login(team["reviewer"])
    page = client.get(url(team, f"/sessions?fieldworker={team['fieldworker'].id}")).get_data(as_text=True)
    assert "FG-01" in page and "FG-02" not in page
    page = client.get(url(team, "/sessions?sort=code&dir=desc")).get_data(as_text=True)
    assert page.index("FG-02") < page.index("FG-01")
    assert login(team["reviewer"]).get(url(team, "/my-sessions")).status_code == 403


def test_reviewer_sees_session_participants_without_contacts(team, login):
    person = make.participant(team["study"], None, "Контакт Тестов", email="kontakt@example.org")
    session = make.session(team["study"], team["coordinator"], participants=[person])
    page = login(team["reviewer"]).get(url(team, f"/sessions/{session.id}")).get_data(as_text=True)
    assert "Контакт Тестов" in page and "kontakt@example.org" not in page


def test_concurrent_session_edit_is_detected(team, login):
    client = login(team["coordinator"])
    client.post(url(team, "/sessions/new"), data=_form(team))
    session = db.session.scalar(sa.select(FieldSession))
    edit = url(team, f"/sessions/{session.id}/edit")
    client.post(edit, data=_form(team, starts="2030-03-04T10:00", ends="2030-03-04T11:00", version="1"))
    stale = client.post(edit, data=_form(team, starts="2030-03-05T10:00", ends="2030-03-05T11:00", version="1"))
    assert stale.status_code == 200 and "Someone else saved this record" in stale.get_data(as_text=True)
