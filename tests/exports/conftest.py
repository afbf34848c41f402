"""A study with approved transcripts and consent records, ready to bundle."""
from datetime import datetime, timedelta

import pytest

from app.consent.models import WithdrawalScope
from app.core.extensions import db
from app.fieldwork.models import (Attendance, FieldSession, SessionParticipant, SessionStaff,
                                  SessionStatus, SessionType, StaffRole)
from app.recruitment.models import Organisation, Participant, Sector
from tests.builders import Builder
from tests.support.snapshot import snapshot

FG_TEXT = ("Модератор: Добрый день! Расскажите о портале.\n"
           "Гульмира: Я работаю в акимате района Тестовый, портал удобен.\n"
           "Бахыт: Я не согласен, звоните мне: +7 702 555 44 33.\n"
           "Гульмира: Мой коллега Ерлан Сапаров тоже так думает.\n")
SSI_TEXT = ("Модератор: Расскажите о работе.\n"
            "Бахыт: Работаю с обращениями граждан каждый день.\n")


def _session(study, fieldworker, people, code, kind, day):
    session = FieldSession(study_id=study.id, code=code, type=kind, starts_at=day, ends_at=day + timedelta(hours=2),
                           status=SessionStatus.COMPLETED, audio_recorded=True)
    session.staff.append(SessionStaff(user_id=fieldworker.id, role=StaffRole.FACILITATOR))
    session.attendees.extend(SessionParticipant(participant=p, attendance=Attendance.ATTENDED) for p in people)
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def world(build):
    """Гульмира (P01) consents to archiving; Бахыт (P02) does not. Built once per test process
    (two approved transcripts, each through the anonymiser), then put back from its copy for
    each test (tests/support/snapshot.py)."""
    return snapshot(("exports_world",), lambda: _world(build))


def _world(build) -> dict:
    team = build.team(build.study("Цифровые услуги на местах"))
    study = team["study"]
    org = Organisation(study_id=study.id, name="Акимат района Тестовый", sector=Sector.LOCAL_AUTHORITY,
                       pseudonym="LA-01")
    gulmira = Participant(study_id=study.id, name="Гульмира Сатпаева", pseudonym="P01", organisation=org,
                          email="g.satpayeva@contact.example")
    bakhyt = Participant(study_id=study.id, name="Бахыт Жумабеков", pseudonym="P02", phone="+7 702 555 44 33")
    db.session.add_all([org, gulmira, bakhyt])
    db.session.commit()
    version = build.consent_version(study, team["coordinator"], team["reviewer"])
    build.consent(gulmira, version, team["fieldworker"])
    build.consent(bakhyt, version, team["fieldworker"], no=("archiving",))
    fg = _session(study, team["fieldworker"], [gulmira, bakhyt], "FG-01", SessionType.FOCUS_GROUP,
                  datetime(2026, 5, 14, 5))
    fg.host_organisation = org
    ssi = _session(study, team["fieldworker"], [bakhyt], "SSI-01", SessionType.SEMI_STRUCTURED_INTERVIEW,
                   datetime(2026, 6, 2, 5))
    team.update(org=org, gulmira=gulmira, bakhyt=bakhyt, version=version, fg=fg, ssi=ssi)
    staff = team["fieldworker"]
    team["fg_transcript"] = build.transcript(fg, FG_TEXT, by=staff, approve=True, speakers={
        "Модератор": staff, "Гульмира": gulmira, "Бахыт": bakhyt})
    team["ssi_transcript"] = build.transcript(ssi, SSI_TEXT, by=staff, approve=True, speakers={
        "Модератор": staff, "Бахыт": bakhyt})
    return team


def withdraw_data(world, participant):
    Builder().withdrawal(participant, world["coordinator"], scope=WithdrawalScope.WITHDRAW_DATA)
