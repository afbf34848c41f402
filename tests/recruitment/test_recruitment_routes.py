"""Organisation, participant, target, import and export pages: effects and permissions."""
import io
import re

import pytest
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.recruitment.models import Organisation, Participant, RecruitmentStatus, RecruitmentTarget
from tests.recruitment import factories as make


@pytest.fixture
def team(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    team["org"] = make.organisation(study, actor)
    team["person"] = make.participant(study, actor, "Салтанат Тестова", org=team["org"],
                                      email="saltanat@example.org", phone="+7 700 111 22 33")
    return team


def url(team, path=""):
    return f"/studies/{team['study'].id}{path}"


def test_coordinator_adds_an_organisation_with_a_pseudonym(team, login):
    client = login(team["coordinator"])
    response = client.post(url(team, "/organisations/new"),
                           data={"name": "ОФ «Тест»", "sector": "civil_society", "region": "Алматы"})
    assert response.status_code == 302
    org = next(o for o in db.session.scalars(sa.select(Organisation)) if o.name == "ОФ «Тест»")  # names are sealed
    assert org.pseudonym == "CSO-01"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Organisation CSO-01 added." in page


def test_bad_organisation_input_rerenders_and_saves_nothing(team, login):
    response = login(team["coordinator"]).post(url(team, "/organisations/new"), data={"name": "", "sector": "bank"})
    assert response.status_code == 200 and "Please correct the fields" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_coordinator_adds_and_edits_a_participant(team, login):
    client = login(team["coordinator"])
    response = client.post(url(team, "/participants/new"), data={
        "name": "Нурлан Тестов", "organisation_id": str(team["org"].id), "gender": "male",
        "languages": ["ru", "kk"], "email": "nurlan@example.org", "referred_by_id": str(team["person"].id)})
    assert response.status_code == 302
    person = next(p for p in db.session.scalars(sa.select(Participant)) if p.name == "Нурлан Тестов")
    assert person.pseudonym == "P02" and person.referred_by_id == team["person"].id
    response = client.post(url(team, f"/participants/{person.id}/edit"), data={
        "name": "Нурлан Тестов", "email": "not-an-email"})
    assert response.status_code == 200 and "Invalid email address" in response.get_data(as_text=True)


def test_likely_duplicate_asks_before_adding(team, login):
    client = login(team["coordinator"])
    data = {"name": "салтанат  тестова"}
    page = client.post(url(team, "/participants/new"), data=data).get_data(as_text=True)
    assert "already in the study" in page and "P01" in page
    assert client.post(url(team, "/participants/new"), data={**data, "confirm_duplicate": "1"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 2


def test_fieldworker_changes_status_with_a_reason_shown_in_the_history(team, login):
    client = login(team["fieldworker"])
    path = url(team, f"/participants/{team['person'].id}")
    response = client.post(path + "/status", data={"status": "contacted", "reason": "Написали письмо"})
    assert response.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Status of P01 changed." in page and "Написали письмо" in page
    db.session.expire_all()
    assert db.session.get(Participant, team["person"].id).status == RecruitmentStatus.CONTACTED


def test_reviewer_cannot_change_status_or_edit(team, login):
    client = login(team["reviewer"])
    path = url(team, f"/participants/{team['person'].id}")
    assert client.post(path + "/status", data={"status": "agreed"}).status_code == 403
    assert client.get(path + "/edit").status_code == 403
    assert login(team["fieldworker"]).get(path + "/edit").status_code == 403


PAGES_WITH_PARTICIPANTS = ["/participants", "/participants/{pid}", "/organisations/{oid}", "/"]


@pytest.mark.parametrize("path", PAGES_WITH_PARTICIPANTS)
def test_contact_details_are_hidden_from_reviewers_only(team, login, path):
    target = url(team, path.format(pid=team["person"].id, oid=team["org"].id))
    db.session.get(Participant, team["person"].id).status = RecruitmentStatus.CONTACTED
    db.session.commit()
    for role, visible in (("coordinator", True), ("fieldworker", True), ("reviewer", False)):
        page = login(team[role]).get(target).get_data(as_text=True)
        assert "Салтанат Тестова" in page or path in ("/organisations/{oid}", "/")
        if path in ("/participants", "/participants/{pid}"):
            assert ("saltanat@example.org" in page) is visible, role
        assert "saltanat@example.org" not in page if not visible else True
        assert "111 22 33" not in page if not visible else True


def test_reviewer_export_has_no_contact_columns(team, login):
    for role, visible in (("coordinator", True), ("fieldworker", True), ("reviewer", False)):
        response = login(team[role]).get(url(team, "/participants.csv"))
        assert response.status_code == 200 and response.mimetype == "text/csv"
        text = response.data.decode("utf-8-sig")
        assert "Салтанат Тестова" in text
        assert ("saltanat@example.org" in text) is visible and ("email" in text.splitlines()[0]) is visible


def test_participant_of_another_study_is_not_found(team, login, build):
    stranger = make.participant(team["other_study"], None, "Чужой Участник")
    client = login(team["coordinator"])
    assert client.get(url(team, f"/participants/{stranger.id}")).status_code == 404
    assert client.post(url(team, f"/participants/{stranger.id}/status"), data={"status": "agreed"}).status_code == 404


def test_list_filters_sorts_and_pages(team, login, app):
    for n in range(3):
        make.participant(team["study"], None, f"Тест Сортировки {n}")
    client = login(team["coordinator"])
    page = client.get(url(team, "/participants?q=сортировки&sort=name&dir=desc")).get_data(as_text=True)
    assert page.index("Сортировки 2") < page.index("Сортировки 0") and "Салтанат" not in page
    app.config["PER_PAGE"] = 2
    try:
        first = client.get(url(team, "/participants")).get_data(as_text=True)
        following = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
        page = client.get(following).get_data(as_text=True)
    finally:
        app.config["PER_PAGE"] = 50
    assert 'rel="prev"' in page and "Тест Сортировки 1" not in first and "Тест Сортировки 1" in page


def test_import_previews_problems_then_imports_a_clean_file(team, login):
    client = login(team["coordinator"])
    bad = "name;sector\n;LA\n".encode("utf-8")
    page = client.post(url(team, "/import"), data={"kind": "organisations", "file": (io.BytesIO(bad), "orgs.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "The name is missing." in page and "Nothing has been saved" in page
    good = "name;sector\nАкимат Импорт;LA\n".encode("utf-8-sig")
    page = client.post(url(team, "/import"), data={"kind": "organisations", "file": (io.BytesIO(good), "orgs.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Import 1 row<" in page
    response = client.post(url(team, "/import/confirm"), data={"kind": "organisations",
                                                                "content": "name;sector\nАкимат Импорт;LA\n"})
    assert response.status_code == 302
    org = next(o for o in db.session.scalars(sa.select(Organisation)) if o.name == "Акимат Импорт")
    assert org.pseudonym == "LA-02"
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "organisations.import"))


def test_only_coordinators_import(team, login):
    assert login(team["fieldworker"]).get(url(team, "/import")).status_code == 403


def test_targets_are_added_by_coordinators_and_seen_by_all(team, login):
    client = login(team["coordinator"])
    response = client.post(url(team, "/targets"), data={"kind": "sessions", "session_type": "focus_group",
                                                        "sector": "local_authority", "target_count": "2"})
    assert response.status_code == 302
    page = login(team["reviewer"]).get(url(team, "/targets")).get_data(as_text=True)
    assert "Focus group · Local authority" in page and "<svg" in page
    assert login(team["reviewer"]).post(url(team, "/targets"), data={"kind": "participants",
                                                                     "target_count": "3"}).status_code == 403
    bad = client.post(url(team, "/targets"), data={"kind": "sessions", "target_count": "2"})
    assert bad.status_code == 200 and "needs a session type" in bad.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecruitmentTarget)) == 1


@pytest.mark.parametrize("role", ["coordinator", "fieldworker", "reviewer"])
def test_dashboard_draws_the_funnel_without_inline_styles(team, login, role):
    page = login(team[role]).get(url(team, "/")).get_data(as_text=True)
    assert "Recruitment funnel" in page and "<svg" in page and 'style="' not in page
    assert ("Team load" in page) is (role == "coordinator")


def test_concurrent_edit_is_detected_not_overwritten(team, login):
    client = login(team["coordinator"])
    path = url(team, f"/participants/{team['person'].id}/edit")
    assert f'name="version" value="{team["person"].version}"' in client.get(path).get_data(as_text=True)
    client.post(path, data={"name": "Первая Правка", "version": "1"})
    response = client.post(path, data={"name": "Вторая Правка", "version": "1"})
    assert response.status_code == 200 and "Someone else saved this record" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Participant, team["person"].id).name == "Первая Правка"


@pytest.mark.parametrize("path", ["/participants?status=bogus&sector=nope&page=x&sort=zzz",
                                  "/organisations?sector=nope", "/sessions?status=bogus&type=nope",
                                  "/calendar?view=bogus&date=2026-13-01"])
def test_odd_query_strings_are_ignored_not_errors(team, login, path):
    assert login(team["coordinator"]).get(url(team, path)).status_code == 200


def test_oversized_or_wrong_files_are_refused_inline(team, login, monkeypatch):
    from flask_wtf.file import FileSize

    from app.recruitment.forms import ImportForm

    # A small limit keeps the upload in memory (the test client spools big bodies to disk).
    size_check = next(v for v in ImportForm.file.kwargs["validators"] if isinstance(v, FileSize))
    monkeypatch.setattr(size_check, "max_size", 1000)
    client = login(team["coordinator"])
    big = ("name;sector\n" + "Организация;LA\n" * 100).encode()
    page = client.post(url(team, "/import"), data={"kind": "organisations", "file": (io.BytesIO(big), "big.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "larger than 1 MB" in page
    page = client.post(url(team, "/import"), data={"kind": "organisations", "file": (io.BytesIO(b"x"), "x.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "A .csv file, please." in page
