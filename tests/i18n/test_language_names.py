"""Where a page offers a choice of language, each language is named in itself, and Kazakh always
as Қазақша: the language picker, a session's printable protocols, the protocols batch form and
a participant's printable consent form."""
import pytest

from tests.recruitment import factories as make

SELF_NAMES = [">English<", ">Русский<", ">Қазақша<"]


@pytest.fixture
def world(build):
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    team["person"] = make.participant(study, coordinator, "Гульнар Тестова")
    team["session"] = make.session(study, coordinator, facilitators=[team["fieldworker"]],
                                   participants=[team["person"]])
    return team


@pytest.mark.parametrize("interface", ["en", "ru", "kk"])
def test_language_choices_name_each_language_in_itself(world, login, interface):
    client = login(world["coordinator"])
    study = world["study"].id
    pages = [f"/studies/{study}/sessions/{world['session'].id}", f"/studies/{study}/protocols",
             f"/studies/{study}/participants/{world['person'].id}/consent"]
    for path in pages:
        page = client.get(path, headers={"Accept-Language": interface}).get_data(as_text=True)
        assert [name in page for name in SELF_NAMES] == [True] * 3, path
        assert "Қазақ тілі" not in page, path
