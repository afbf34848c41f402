"""Issue 15: the study search box: participants, organisations, sessions and transcripts by
code, grouped by kind, each group only for the roles that may see it; contacts are searched and
shown only to the roles that see contacts, never to the ethics reviewer."""
from app.recruitment.models import Sector
from tests.builders import day_at


def _setting(build):
    team = build.team()
    study = team["study"]
    ngo = build.organisation(study, "ОФ «Степной диалог» (вымышленный)", Sector.CIVIL_SOCIETY)
    dana = build.participant(study, "Дана Степнова", organisation=ngo, email="dana.secret@contact.example")
    mine = build.session(study, starts=day_at(-2), facilitators=[team["fieldworker"]], participants=[dana],
                         actor=team["coordinator"])
    other = build.session(study, starts=day_at(-4), facilitators=[team["coordinator"]], actor=team["coordinator"])
    text = "Модератор: Добрый день.\nУчастник: Здравствуйте.\n"
    own_t = build.transcript(mine, text, by=team["fieldworker"])
    other_t = build.transcript(other, text, by=team["coordinator"])
    return team, ngo, dana, mine, other, own_t, other_t


def _search(client, team, q):
    response = client.get(f"/studies/{team['study'].id}/search", query_string={"q": q})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_results_come_grouped_by_kind(build, login):
    team, ngo, dana, mine, _other, _own_t, _other_t = _setting(build)
    page = _search(login(team["coordinator"]), team, "степн")
    assert 'id="found-participants"' in page and f"{dana.pseudonym} · Дана Степнова" in page
    assert 'id="found-organisations"' in page and ngo.pseudonym in page
    code = _search(login(team["coordinator"]), team, mine.code.lower())
    assert 'id="found-sessions"' in code and 'id="found-transcripts"' in code


def test_contacts_are_searched_only_by_roles_that_see_them(build, login):
    team, _ngo, dana, *_rest = _setting(build)
    assert "dana.secret@contact.example" in _search(login(team["coordinator"]), team, "dana.secret")
    reviewer = _search(login(team["reviewer"]), team, "dana.secret")
    assert 'id="found-participants"' not in reviewer and dana.pseudonym not in reviewer
    by_name = _search(login(team["reviewer"]), team, "степнова")
    assert dana.pseudonym in by_name and "contact.example" not in by_name


def test_transcripts_only_for_those_who_may_read_them(build, login):
    team, _ngo, _dana, mine, other, own_t, other_t = _setting(build)
    fieldworker = _search(login(team["fieldworker"]), team, mine.code)
    assert f"/transcripts/{own_t.id}" in fieldworker
    assert f"/transcripts/{other_t.id}" not in _search(login(team["fieldworker"]), team, other.code)
    reviewer = _search(login(team["reviewer"]), team, mine.code)
    assert 'id="found-sessions"' in reviewer and 'id="found-transcripts"' not in reviewer


def test_the_header_offers_the_search_in_a_study_and_outsiders_get_nothing(build, login):
    team, *_rest = _setting(build)
    page = login(team["fieldworker"]).get(f"/studies/{team['study'].id}/").get_data(as_text=True)
    assert 'role="search"' in page and f"/studies/{team['study'].id}/search" in page
    assert login(team["outsider"]).get(f"/studies/{team['study'].id}/search?q=a").status_code in (403, 404)
