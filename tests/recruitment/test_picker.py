"""Issue 15: the people picker's JSON endpoint: pseudonym, name or organisation; names and
pseudonyms only (never contacts); invitable only when asked; every study role, nobody else."""
from app.recruitment.models import RecruitmentStatus, Sector


def _setting(build):
    team = build.team()
    study = team["study"]
    ngo = build.organisation(study, "ОФ «Степной диалог» (вымышленный)", Sector.CIVIL_SOCIETY)
    people = {
        "dana": build.participant(study, "Дана Тестова", organisation=ngo, email="dana@contact.example"),
        "erlan": build.participant(study, "Ерлан Примеров"),
        "gone": build.participant(study, "Гульнар Отказова", organisation=ngo, status=RecruitmentStatus.DECLINED),
    }
    return team, ngo, people


def _pick(client, team, q, **extra):
    response = client.get(f"/studies/{team['study'].id}/participants/pick.json", query_string={"q": q, **extra})
    assert response.status_code == 200 and response.is_json
    return response.get_json()["results"]


def test_the_picker_finds_by_pseudonym_name_or_organisation_and_shows_no_contacts(build, login):
    team, ngo, people = _setting(build)
    for role in ("coordinator", "fieldworker", "reviewer"):
        client = login(team[role])
        by_name = _pick(client, team, "дана")  # any case, Cyrillic
        assert [r["value"] for r in by_name] == [people["dana"].id]
        assert by_name[0]["text"] == f"{people['dana'].pseudonym} · Дана Тестова"
        assert by_name[0]["org"] == f"{ngo.pseudonym} · {ngo.name}"
        assert "contact.example" not in str(by_name) and "+7" not in str(by_name)
        by_pseudonym = _pick(client, team, people["erlan"].pseudonym)
        assert by_pseudonym[0]["value"] == people["erlan"].id, "the exact pseudonym comes first"
        by_organisation = {r["value"] for r in _pick(client, team, "степной")}
        assert by_organisation == {people["dana"].id, people["gone"].id}


def test_invitees_leave_out_who_declined_and_empty_or_long_queries_find_nobody(build, login):
    team, _ngo, people = _setting(build)
    client = login(team["coordinator"])
    assert {r["value"] for r in _pick(client, team, "степной", invitable="1")} == {people["dana"].id}
    assert _pick(client, team, "") == [] and _pick(client, team, "x" * 500) == []
    assert _pick(client, team, "%") == [], "LIKE wildcards are searched as text"


def test_another_study_sees_nothing_of_this_one(build, login):
    team, _ngo, _people = _setting(build)
    outsider = login(team["outsider"])
    assert outsider.get(f"/studies/{team['study'].id}/participants/pick.json?q=дана").status_code in (403, 404)
    assert login(team["coordinator"]).get(f"/studies/{team['other_study'].id}/participants/pick.json?q=дана"
                                          ).status_code in (403, 404)


def test_a_letter_nearly_everyone_has_answers_the_first_twenty_in_pseudonym_order(build, login):
    """One letter matches nearly everyone: the picker shows the first twenty by pseudonym, each
    with their own name, as it shows any longer query (issue 15: cheap short queries)."""
    team = build.team()
    study = team["study"]
    people = [build.participant(study, f"Алма Тестова {n}") for n in range(25)]
    declined = build.participant(study, "Асан Отказов", status=RecruitmentStatus.DECLINED)
    by_order = sorted([*people, declined], key=lambda p: (len(p.pseudonym), p.pseudonym))
    client = login(team["coordinator"])
    found = _pick(client, team, "а")
    assert [r["value"] for r in found] == [p.id for p in by_order[:20]]
    assert [r["text"] for r in found] == [f"{p.pseudonym} · {p.name}" for p in by_order[:20]]
    invitable = _pick(client, team, "А", invitable="1")
    assert [r["value"] for r in invitable] == [p.id for p in by_order if p is not declined][:20]
    last = by_order[-1]
    assert [r["value"] for r in _pick(client, team, last.pseudonym.lower())] == [last.id]
