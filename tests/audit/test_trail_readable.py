"""The audit trail reads as sentences in the reader's language, with labelled field changes and
readable Cyrillic; filters by person, kind, participant and dates; pages; a CSV of the filter."""
import csv
import io
import re
from datetime import datetime

import sqlalchemy as sa

from app.core import reasons
from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.recruitment import services as recruitment
from app.recruitment.models import RecruitmentStatus
from tests.builders import DEFAULT_PASSWORD


def _russian(app, user):
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    client.post("/language", data={"locale": "ru"})
    return client


def _at(monkeypatch, when: datetime):
    monkeypatch.setattr(audit, "utcnow", lambda: when)


def test_a_status_change_reads_as_a_russian_sentence_with_a_translated_reason(app, build):
    team = build.team()
    person = build.participant(team["study"], "Айгуль Демеуова")
    recruitment.change_status(person, RecruitmentStatus.SCHEDULED, team["coordinator"],
                              reasons.coded("invited", session="FG-07"))
    db.session.commit()
    page = _russian(app, team["reviewer"]).get(f"/studies/{team['study'].id}/audit").get_data(as_text=True)
    assert f"{team['coordinator'].name} изменил(а) статус {person.pseudonym}" in page
    assert "приглашение на FG-07" in page  # the reason, translated when shown
    assert "Сессия назначена" in page  # the new status in Russian
    assert "participant.status" not in page and "\\u04" not in page and "code:" not in page


def test_an_old_free_text_reason_is_still_shown(app, build):
    team = build.team()
    person = build.participant(team["study"])
    recruitment.change_status(person, RecruitmentStatus.CONTACTED, team["coordinator"], "Invited to FG-07")
    db.session.commit()
    page = _russian(app, team["coordinator"]).get(f"/studies/{team['study'].id}/audit").get_data(as_text=True)
    assert "Invited to FG-07" in page


def test_filters_by_person_kind_participant_and_days_in_the_study_zone(app, build, monkeypatch):
    team = build.team()
    study, coordinator, fieldworker = team["study"], team["coordinator"], team["fieldworker"]
    # 2026-03-10 20:30 UTC is 11 March in Almaty
    _at(monkeypatch, datetime(2026, 3, 10, 20, 30))
    first = build.participant(study, actor=coordinator)
    _at(monkeypatch, datetime(2026, 3, 12, 6, 0))
    build.participant(study, actor=fieldworker)
    recruitment.change_status(first, RecruitmentStatus.CONTACTED, fieldworker, "позвонили")
    db.session.commit()
    client = _russian(app, team["reviewer"])
    base = f"/studies/{study.id}/audit"

    def events(query: str) -> int:
        return client.get(f"{base}?{query}").get_data(as_text=True).count('class="audit-event"')

    assert events("kind=participant") == 3
    assert events(f"actor={fieldworker.id}") == 2
    assert events(f"participant={first.id}") == 2
    assert events("kind=session") == 0
    assert events("from=2026-03-11&to=2026-03-11") == 1  # the local day, not the UTC one
    assert events("from=2026-03-12&to=2026-03-31") == 2
    assert events(f"participant={first.id}&from=2026-03-12&to=2026-03-12") == 1
    assert events(f"actor={fieldworker.id}&kind=session") == 0


def test_the_trail_pages_by_fifty(app, build):
    team = build.team()
    for n in range(55):
        audit.record(team["coordinator"], "study.update", team["study"], before={"title": f"{n}"},
                     after={"title": f"{n + 1}"})
    db.session.commit()
    client = _russian(app, team["coordinator"])
    first = client.get(f"/studies/{team['study'].id}/audit").get_data(as_text=True)
    following = re.search(r'rel="next" href="([^"]+)"', first)  # seek pages: First, Previous, Next, Last
    second = client.get(following.group(1).replace("&amp;", "&")).get_data(as_text=True)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                              .where(AuditEvent.study_id == team["study"].id))
    assert total > 50
    assert first.count('class="audit-event"') == 50 and second.count('class="audit-event"') == total - 50


def test_the_csv_holds_the_filtered_trail_as_the_reviewer_sees_it(app, build):
    team = build.team()
    study = team["study"]
    person = build.participant(study, "Айгуль Демеуова", email="aigul@contact.example", actor=team["coordinator"])
    other = build.participant(study, actor=team["coordinator"])
    recruitment.update_participant(person, team["coordinator"], phone="+7 701 555 00 11")
    db.session.commit()
    response = _russian(app, team["reviewer"]).get(f"/studies/{study.id}/audit.csv?participant={person.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Когда", "Кто", "Событие", "Запись"]
    assert len(rows) == 3 and all(person.pseudonym in row[3] for row in rows[1:])
    assert other.pseudonym not in text
    assert "aigul@contact.example" not in text and "+7 701 555 00 11" not in text and "•••" in text
    assert "\\u04" not in text and "изменил(а) данные" in text


def test_the_csv_link_carries_the_filter_shown(app, build):
    team = build.team()
    person = build.participant(team["study"], actor=team["coordinator"])
    page = _russian(app, team["reviewer"]).get(
        f"/studies/{team['study'].id}/audit?participant={person.id}&from=2026-01-02&kind=participant")
    html = page.get_data(as_text=True)
    link = html.split("audit.csv")[1].split('"')[0].replace("&amp;", "&")
    assert f"participant={person.id}" in link and "from=2026-01-02" in link and "kind=participant" in link


def test_reading_the_trail_leaves_the_chain_as_it_was(app, build, runner):
    team = build.team()
    build.participant(team["study"], actor=team["coordinator"])
    before = db.session.scalars(sa.select(AuditEvent.hash).order_by(AuditEvent.id)).all()
    client = _russian(app, team["coordinator"])
    assert client.get(f"/studies/{team['study'].id}/audit").status_code == 200
    assert client.get(f"/studies/{team['study'].id}/audit.csv").status_code == 200
    db.session.expire_all()
    assert db.session.scalars(sa.select(AuditEvent.hash).order_by(AuditEvent.id)).all() == before
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output


def test_the_participant_filter_offers_a_capped_list_and_keeps_the_chosen_one(app, build, login):
    """Issue 18: the trail's participant filter lists the first participants, not the study's
    thousands (the people picker finds the others); one chosen beyond them stays chosen."""
    from app.audit.readable import PARTICIPANT_CHOICES
    from app.recruitment.models import Participant
    from tests.builders.bulk import populate

    team = build.team()
    study = team["study"]
    populate(study, organisations=3, participants=PARTICIPANT_CHOICES + 60, sessions=0)
    last = db.session.scalar(sa.select(Participant).where(Participant.study_id == study.id)
                             .order_by(Participant.pseudonym_order.desc()).limit(1))
    client = login(team["coordinator"])

    def options(page: str) -> list[str]:
        select = page[page.index('name="participant"'):]
        return re.findall(r'<option value="(\d+)"', select[:select.index("</select>")])

    page = client.get(f"/studies/{study.id}/audit").get_data(as_text=True)
    assert len(options(page)) == PARTICIPANT_CHOICES and "participants/pick.json" in page
    chosen = client.get(f"/studies/{study.id}/audit?participant={last.id}").get_data(as_text=True)
    assert str(last.id) in options(chosen) and f'value="{last.id}" selected' in chosen
