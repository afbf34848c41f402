"""A study with one completed session, its participants, staff and an organisation."""
from datetime import datetime

from lxml import html

import pytest

from app.core.extensions import db
from app.fieldwork.models import (Attendance, FieldSession, SessionParticipant, SessionStaff,
                                  SessionStatus, SessionType, StaffRole)
from app.recruitment.models import Organisation, Participant, Sector
from app.studies.models import Role
from app.transcripts import services
from tests.support.snapshot import snapshot

TRANSCRIPT = (
    "Модератор: Добрый день! Расскажите о своей работе.\n"
    "Айгерим: Я работаю в акимате района Тестовый. Мой телефон +7 701 123 45 67.\n"
    "John: Hello, I am John Miller. Ask Peter Hughes, peter.hughes@example.org.\n"
    "Айгерим: Ещё звонил Ерлан Сапаров, он знает Айгерим Сапарову.\n"
)


def add_session(study, fieldworker, participants, code="FG-01"):
    session = FieldSession(study_id=study.id, code=code, type=SessionType.FOCUS_GROUP,
                           starts_at=datetime(2026, 5, 1, 4), ends_at=datetime(2026, 5, 1, 6),
                           status=SessionStatus.COMPLETED, audio_recorded=True)
    session.staff.append(SessionStaff(user_id=fieldworker.id, role=StaffRole.FACILITATOR))
    for p in participants:
        session.attendees.append(SessionParticipant(participant=p, attendance=Attendance.ATTENDED))
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def world(build):
    """Built once per test process, then put back from its copy for each test (tests/support/snapshot.py)."""
    return snapshot(("transcript_world",), lambda: transcript_world(build))


def transcript_world(build) -> dict:
    """A team whose study has an organisation, two participants (one Kazakh, one English name)
    and a session with both of them."""
    team = build.team()
    study = team["study"]
    org = Organisation(study_id=study.id, name="Акимат района Тестовый",
                       sector=Sector.LOCAL_AUTHORITY, pseudonym="LA-01")
    aigerim = Participant(study_id=study.id, name="Айгерим Сапарова", pseudonym="P01",
                          organisation=org, phone="+7 701 123 45 67")
    john = Participant(study_id=study.id, name="John Miller", pseudonym="P02")
    db.session.add_all([org, aigerim, john])
    db.session.commit()
    team.update(org=org, aigerim=aigerim, john=john,
                other_fieldworker=build.member(study, Role.FIELDWORKER),
                session=add_session(study, team["fieldworker"], [aigerim, john]))
    return team


def upload(world, text=TRANSCRIPT, name="fg01.txt", encoding="utf-8", language="auto",
           session=None):
    return services.upload_transcript(
        session or world["session"], name, text.encode(encoding), language, world["fieldworker"],
        max_bytes=1024 * 1024)


def map_all(world, transcript):
    """Moderator -> the fieldworker, Айгерим -> P01, John -> P02."""
    who = {"Модератор": f"u:{world['fieldworker'].id}", "Айгерим": f"p:{world['aigerim'].id}",
           "John": f"p:{world['john'].id}"}
    services.map_speakers(transcript, {s.id: who.get(s.label, "") for s in transcript.speakers},
                          world["fieldworker"])


def preview_form(response, *, action="store", clear_mapping=False, **values) -> dict:
    """What the preview page's form would send: its hidden fields, its selects as shown
    (proposed speakers selected, or none with clear_mapping) and the button pressed."""
    page = html.fromstring(response.get_data(as_text=True))
    form = page.xpath("//form[.//button[@value='store']]")[0]
    data = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@name]")}
    for select in form.xpath(".//select[@name]"):
        chosen = select.xpath("./option[@selected]")
        data[select.get("name")] = "" if clear_mapping and select.get("name") != "layout" else (
            chosen[0].get("value") if chosen else "")
    data.update(values, action=action)
    return data
