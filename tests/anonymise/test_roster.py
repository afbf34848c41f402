import io

import pytest

from app.anonymise import PERSON, PLACE, ORGANISATION, Roster, RosterError, detect

from .conftest_data import covered, roster, small_roster


def names_in(text, **kw):
    return covered(text, detect(text, roster(), ner=False, **kw))


@pytest.mark.parametrize("text, expected", [
    ("Мы говорили с Нургуль Ерсеновной вчера.", "Нургуль Ерсеновной"),
    ("Передайте Абишевой привет.", "Абишевой"),
    ("Вопрос к Бахыту Тлеубаеву.", "Бахыту Тлеубаеву"),
    ("Договорились с Куанышем Сапаровичем.", "Куанышем Сапаровичем"),
    ("Интервью с Н. Абишевой, продолжение.", "Н. Абишевой"),
    ("Подписал Тлеубаев Б. вчера.", "Тлеубаев Б."),
])
def test_russian_inflected_names_found_whole(text, expected):
    assert names_in(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Біз Тәжібаевқа хат жаздық.", "Тәжібаевқа"),
    ("Нұргүлдің слайдтары бізде.", "Нұргүлдің"),
    ("Қуаныш Сапарұлы келді.", "Қуаныш Сапарұлы"),
    ("Бахытқа айттым.", "Бахытқа"),
])
def test_kazakh_suffixed_names_found_with_suffix(text, expected):
    assert names_in(text) == [expected]


def test_latin_alias_and_initial():
    text = "Then K. Tazhibayev met Olivia Brent and Nurgul."
    assert names_in(text) == ["K. Tazhibayev", "Olivia Brent", "Nurgul"]


def test_roster_match_carries_entity_and_category():
    text = "Письмо от Тлеубаева пришло."
    (span,) = detect(text, roster(), ner=False)
    assert (span.category, span.source, span.entity) == (PERSON, "roster", "Бахыт Тлеубаев")


def test_organisation_and_place_forms():
    text = "Работаю в ОФ «Зелёный город Павлодар», живу в селе Кызылжар, это Кызылжарда."
    spans = detect(text, roster(), ner=False)
    assert covered(text, spans) == ["ОФ «Зелёный город Павлодар»", "селе Кызылжар", "Кызылжарда"]
    assert [s.category for s in spans] == [ORGANISATION, PLACE, PLACE]


def test_inflected_organisation_alias_with_quotes():
    text = "Мы из «Зелёного города», а не из ДЦСО."
    assert names_in(text) == ["«Зелёного города»", "ДЦСО"]


def test_patronymic_alone_is_not_a_name():
    assert names_in("Сапаровичем назвали улицу.") == []


def test_lowercase_common_word_not_taken_for_a_first_name():
    assert names_in("бахыт деген сөз бақыт дегенді білдіреді") == []


def test_from_entries_accepts_objects_and_dicts():
    r = small_roster()
    text = "Тимофею Андреевичу и Лукину из Жаркайына."
    assert covered(text, detect(text, r, ner=False)) == [
        "Тимофею Андреевичу", "Лукину", "Жаркайына"]


def test_from_csv_missing_column_is_an_error():
    with pytest.raises(RosterError, match="pseudonym"):
        Roster.from_csv(io.StringIO("kind,name\nperson,Ivan Petrov\n"))


def test_from_csv_unknown_kind_is_an_error():
    with pytest.raises(RosterError, match="kind"):
        Roster.from_csv(io.StringIO("kind,name,pseudonym,aliases\nanimal,Rex,A1,\n"))


def test_from_csv_reads_a_path(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("kind,name,pseudonym,aliases\nperson,Ivan Petrov,P01,\n", encoding="utf-8")
    assert [e.pseudonym for e in Roster.from_csv(path)] == ["P01"]
