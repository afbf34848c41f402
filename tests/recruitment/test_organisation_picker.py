"""Issue 18: organisation selects (a participant's organisation, a session's host) offer a capped
list, the rest found through the organisation picker's JSON endpoint (pseudonym or name, names
sealed at rest); a chosen organisation beyond the cap is still shown and accepted, one of another
study refused; the form pages run as many queries for thousands of organisations as for two."""
import re
import sqlalchemy as sa

from app.core.extensions import db
from app.recruitment import services
from app.recruitment.models import Organisation, Participant, Sector
from tests.builders.bulk import populate
from tests.support.pages import QueryCounter


def _setting(build):
    team = build.team()
    study = team["study"]
    ngo = build.organisation(study, "ОФ «Степной диалог» (вымышленный)", Sector.CIVIL_SOCIETY)
    akimat = build.organisation(study, "Акимат района Тест (вымышленный)", Sector.LOCAL_AUTHORITY)
    stranger = build.organisation(team["other_study"], "ОФ «Степной ветер» (вымышленный)", Sector.CIVIL_SOCIETY)
    return team, ngo, akimat, stranger


def _pick(client, team, q):
    response = client.get(f"/studies/{team['study'].id}/organisations/pick.json", query_string={"q": q})
    assert response.status_code == 200 and response.is_json
    return response.get_json()["results"]


def _options(page: str, name: str) -> int:
    select = page[page.index(f'name="{name}"'):]
    return select[:select.index("</select>")].count("<option")


def _natural(pseudonym: str) -> list:
    """Natural order of pseudonyms: CS-7 before CS-12 (runs of digits compared as numbers)."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", pseudonym)]


def _last_beyond_the_cap(study) -> Organisation:
    """The last organisation of the study in the natural order of pseudonyms."""
    return max(db.session.scalars(sa.select(Organisation).where(Organisation.study_id == study.id)),
               key=lambda o: _natural(o.pseudonym))


def test_the_picker_finds_by_name_or_pseudonym_for_every_role_within_the_study(build, login):
    team, ngo, akimat, stranger = _setting(build)
    for role in ("coordinator", "fieldworker", "reviewer"):
        client = login(team[role])
        by_name = _pick(client, team, "СТЕПНОЙ")  # any case, Cyrillic, sealed names opened
        assert by_name == [{"value": ngo.id, "text": f"{ngo.pseudonym} · {ngo.name}"}]
        assert _pick(client, team, akimat.pseudonym.lower())[0]["value"] == akimat.id
    client = login(team["coordinator"])
    assert _pick(client, team, "") == [] and _pick(client, team, "x" * 500) == []
    assert _pick(client, team, "%") == [], "LIKE wildcards are searched as text"
    assert stranger.id not in {r["value"] for r in _pick(client, team, "ветер")}
    outsider = login(team["outsider"])
    assert outsider.get(f"/studies/{team['study'].id}/organisations/pick.json?q=степной").status_code in (403, 404)


def test_forms_offer_a_capped_list_and_accept_an_organisation_beyond_it(build, login):
    team, _ngo, _akimat, stranger = _setting(build)
    study = team["study"]
    client = login(team["coordinator"])
    pages = {"participant": f"/studies/{study.id}/participants/new", "session": f"/studies/{study.id}/sessions/new"}
    counter = QueryCounter(db.engine)
    try:
        small = {k: counter.measure(client, url) for k, url in pages.items()}
        populate(study, organisations=services.ORGANISATION_CHOICES_CAP + 100, participants=0, sessions=0)
        large = {k: counter.measure(client, url) for k, url in pages.items()}
    finally:
        counter.close()
    for kind in pages:
        assert large[kind][0] == 200 and large[kind][1] <= small[kind][1], kind
    page = client.get(pages["participant"]).get_data(as_text=True)
    assert _options(page, "organisation_id") == services.ORGANISATION_CHOICES_CAP + 1  # and "—"
    assert "/organisations/pick.json" in page
    assert _options(client.get(pages["session"]).get_data(as_text=True), "host_organisation_id") == services.ORGANISATION_CHOICES_CAP + 1
    far = _last_beyond_the_cap(study)
    assert far.pseudonym not in page
    response = client.post(pages["participant"], data={"name": "Асель Вымышленная", "organisation_id": str(far.id)})
    assert response.status_code == 302
    stored = db.session.scalar(sa.select(Participant).where(Participant.study_id == study.id))
    assert stored.organisation_id == far.id
    edit = client.get(f"/studies/{study.id}/participants/{stored.id}/edit").get_data(as_text=True)
    assert f"{far.pseudonym} · " in edit and _options(edit, "organisation_id") == services.ORGANISATION_CHOICES_CAP + 2
    refused = client.post(pages["participant"], data={"name": "Другая Вымышленная", "organisation_id": str(stranger.id)})
    assert refused.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)
                             .where(Participant.study_id == study.id)) == 1
    session = build.session(study, host=far, facilitators=[team["fieldworker"]])
    hosted = client.get(f"/studies/{study.id}/sessions/{session.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{far.id}">' in hosted or f'value="{far.id}" selected' in hosted


def test_the_participant_list_filter_offers_a_capped_list_and_keeps_the_chosen_one(build, login):
    """The participant list's organisation filter: the first organisations (a search box over all
    of them with script), the one filtered by kept even beyond the cap, and the list filtered."""
    team, ngo, _akimat, _stranger = _setting(build)
    study = team["study"]
    populate(study, organisations=services.ORGANISATION_CHOICES_CAP + 40, participants=300, sessions=0)
    beyond = _last_beyond_the_cap(study)
    member = db.session.scalar(sa.select(Participant).where(Participant.organisation_id == beyond.id).limit(1))
    client = login(team["coordinator"])
    page = client.get(f"/studies/{study.id}/participants").get_data(as_text=True)
    assert _options(page, "organisation") == services.ORGANISATION_CHOICES_CAP + 1  # and "Any organisation"
    assert "organisations/pick.json" in page
    filtered = client.get(f"/studies/{study.id}/participants?organisation={beyond.id}").get_data(as_text=True)
    assert f'value="{beyond.id}" selected' in filtered
    assert member.pseudonym in filtered and _options(filtered, "organisation") == services.ORGANISATION_CHOICES_CAP + 2
