"""A study with approved transcripts and consent records, ready to bundle."""
from datetime import date, datetime, timedelta

import pytest

from app.consent import services as consent
from app.consent.models import WithdrawalScope
from app.core.extensions import db
from app.fieldwork.models import (Attendance, FieldSession, SessionParticipant, SessionStaff,
                                  SessionStatus, SessionType, StaffRole)
from app.recruitment.models import Organisation, Participant, Sector
from app.transcripts import review, services
from app.transcripts.models import Decision
from tests.consent.conftest import ConsentBuilder

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


def _approved(world, session, text, who):
    t = services.upload_transcript(session, f"{session.code}.txt", text.encode(), "ru", world["fieldworker"],
                                   max_bytes=1 << 20)
    services.map_speakers(t, {s.id: who[s.label] for s in t.speakers}, world["fieldworker"])
    for span in review.load_spans(t):
        if span.decision == Decision.PENDING:
            review.decide(t, span, Decision.ACCEPTED, world["fieldworker"])
    services.approve(t, world["fieldworker"])
    db.session.commit()
    return t


@pytest.fixture
def world(build):
    """Гульмира (P01) consents to archiving; Бахыт (P02) does not."""
    team = build.team(build.study("Цифровые услуги на местах"))
    study = team["study"]
    org = Organisation(study_id=study.id, name="Акимат района Тестовый", sector=Sector.LOCAL_AUTHORITY,
                       pseudonym="LA-01")
    gulmira = Participant(study_id=study.id, name="Гульмира Сатпаева", pseudonym="P01", organisation=org,
                          email="g.satpayeva@contact.example")
    bakhyt = Participant(study_id=study.id, name="Бахыт Жумабеков", pseudonym="P02", phone="+7 702 555 44 33")
    db.session.add_all([org, gulmira, bakhyt])
    db.session.commit()
    cb = ConsentBuilder(build)
    version = cb.version(study, team["coordinator"], reviewer=team["reviewer"])
    cb.consent(gulmira, version, team["fieldworker"])
    cb.consent(bakhyt, version, team["fieldworker"], no=("archiving",))
    fg = _session(study, team["fieldworker"], [gulmira, bakhyt], "FG-01", SessionType.FOCUS_GROUP,
                  datetime(2026, 5, 14, 5))
    fg.host_organisation = org
    ssi = _session(study, team["fieldworker"], [bakhyt], "SSI-01", SessionType.SEMI_STRUCTURED_INTERVIEW,
                   datetime(2026, 6, 2, 5))
    team.update(org=org, gulmira=gulmira, bakhyt=bakhyt, version=version, fg=fg, ssi=ssi)
    staff = f"u:{team['fieldworker'].id}"
    team["fg_transcript"] = _approved(team, fg, FG_TEXT, {"Модератор": staff, "Гульмира": f"p:{gulmira.id}",
                                                          "Бахыт": f"p:{bakhyt.id}"})
    team["ssi_transcript"] = _approved(team, ssi, SSI_TEXT, {"Модератор": staff, "Бахыт": f"p:{bakhyt.id}"})
    return team


def withdraw_data(world, participant):
    consent.withdraw(participant, date.today(), WithdrawalScope.WITHDRAW_DATA, world["coordinator"])
    db.session.commit()
