"""Known misses of issue 11, each written as a failing example first in
fictional sentences: Kazakh organisations with a case-marked word inside their
name, Kazakh dates of birth, places joined before one plural place word, the
poet Абай quoted (no person), institutions after "applied to" and acronyms of
bodies in English, the place word inside a Kazakh place span on every path,
and one list of Kazakh case endings for the place names."""
import pytest

from app.anonymise import DATE, ORGANISATION, PERSON, PLACE, Roster, detect, places
from tests.anonymise.test_english import rules_only  # noqa: F401 (autouse: no spaCy)


def found(text, lang="kk", roster=None):
    return [(text[s.start:s.end], s.category) for s in detect(text, roster, lang=lang)]


def of(text, category, lang="kk"):
    return [t for t, c in found(text, lang) if c == category]


# --- 1. an organisation's name with a case-marked word inside ---------------
# Only a name's last word takes a case ending, but for a word a postposition or
# a noun of help governs inside the name: "<нәрсеге> қарсы ... агенттігі" (an
# agency against something), "<кімдерге> көмек қоры" (a fund helping someone).

@pytest.mark.parametrize("text, org", [
    ("Қарлығаш Есенова Нашақорлыққа қарсы күрес қорында істейді.",
     "Нашақорлыққа қарсы күрес қорында"),
    ("Біз Жалғыз қарттарға көмек қорынан хат алдық.", "Жалғыз қарттарға көмек қорынан"),
    ("Ауылға Браконьерлікке қарсы іс-қимыл комитетінің өкілі келді.",
     "Браконьерлікке қарсы іс-қимыл комитетінің"),
    ("Данияр Омаров Жасөспірімдерге көмек қорының директоры болып сайланды.",
     "Жасөспірімдерге көмек қорының"),
])
def test_an_organisation_with_a_governed_case_inside_is_one_span(text, org):
    assert (org, ORGANISATION) in found(text)


def test_the_person_before_such_an_organisation_stays_a_person():
    text = "Данияр Омаров Жасөспірімдерге көмек қорының директоры болып сайланды."
    assert ("Данияр Омаров", PERSON) in found(text)


@pytest.mark.parametrize("text", [
    "Ол Астанаға келу үшін университетке құжат тапсырды.",
    "Біз Маратқа қарсы дауыс бердік.",
])
def test_a_case_marked_word_governed_by_no_name_word_opens_no_organisation(text):
    assert of(text, ORGANISATION) == []


# --- 2. Kazakh dates of birth ------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("Менің әжем 1931 жылғы 14 қарашада Торғай өңірінде туған.", "1931 жылғы 14 қарашада"),
    ("Қатысушы 1979 жылы 8 мамырда дүниеге келген.", "1979 жылы 8 мамырда"),
    ("Айбек 2002 жылы 17 қыркүйекте дүниеге келді.", "2002 жылы 17 қыркүйекте"),
    ("Туған күні: 23.09.1968", "23.09.1968"),
])
def test_a_kazakh_date_of_birth_is_the_date_expression_alone(text, date):
    assert of(text, DATE) == [date]


@pytest.mark.parametrize("text", [
    "1998 жылы 5 қазанда ауылда жаңа мектеп ашылды.",
    "Сұхбат 2023 жылғы 12 сәуірде өтті.",
    "2015 жылғы 3 наурызда туған жерімізге оралдық.",
    "Оған 1990 жылы 2 шілдеде туған інісі көмектесті, ол 45 жаста.",
])
def test_a_date_that_is_no_one_s_birth_is_not_marked(text):
    # (the last: the brother's birth date, a date of birth all the same)
    dates = of(text, DATE)
    assert dates == (["1990 жылы 2 шілдеде"] if "інісі" in text else [])


# --- 3. places joined before one plural place word ---------------------------

@pytest.mark.parametrize("text, names", [
    ("Биыл біз Қызылжар мен Бесқайнар ауылдарына бардық.", ["Қызылжар", "Бесқайнар"]),
    ("Екібастұз бен Тайынша қалаларында жиын өтті.", ["Екібастұз", "Тайынша"]),
    ("Көкөзек пен Ақжайлау ауылдарының тұрғындары жиналды.", ["Көкөзек", "Ақжайлау"]),
    ("Ол Сарыбел, Тасбұлақ және Қоңыртөбе ауылдарында болды.",
     ["Сарыбел", "Тасбұлақ", "Қоңыртөбе"]),
])
def test_each_name_before_a_plural_place_word_is_a_place(text, names):
    spans = [(s.start, s.end, s.category) for s in detect(text, lang="kk")]
    for name in names:
        i = text.index(name)
        assert any(s <= i and i + len(name) <= e and c == PLACE for s, e, c in spans), name
    assert of(text, PERSON) == []


def test_two_people_joined_before_a_word_that_is_no_place_word_stay_people():
    assert of("Кеше Дәурен мен Айгерім ауылға келді.", PERSON) == ["Дәурен", "Айгерім"]


# --- 4. a poet's name read or quoted -----------------------------------------
# Decided for the project: masked like any name. The same first names are worn by
# people alive (a participant named Абай writes poems too), a missed person is a
# leak while a masked poet costs the reviewer one click, and Kazakh news gold
# (KazNERD) marks the poet as a person.

@pytest.mark.parametrize("text, name", [
    ("Балалар Абайдың өлеңдерін жатқа біледі.", "Абайдың"),
    ("Мұғалім Абайдың қара сөздерін оқып берді.", "Абайдың"),
])
def test_a_poet_read_or_quoted_is_masked_like_any_name(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text, name", [
    ("Жиналысқа Абай Серікұлы келді.", "Абай Серікұлы"),
    ("Бүгін Абай бізге қоңырау шалды.", "Абай"),
    ("Абай Тоқтаров хатшы болып істейді. Абайдың телефоны өшірулі.", "Абайдың"),
])
def test_a_person_named_abai_is_still_a_person(text, name):
    assert (name, PERSON) in found(text)


def test_a_participant_named_abai_on_the_roster_stays_a_person_even_beside_poems():
    roster = Roster.from_entries([{"kind": "person", "name": "Абай Жұматов", "pseudonym": "P01"}])
    text = "Абай Жұматов өлеңдер жазады."
    assert ("Абай Жұматов", PERSON) in found(text, roster=roster)


# --- 5. English: institutions and acronyms ------------------------------------

@pytest.mark.parametrize("text, org", [
    ("After school she applied to Brackenfield and waited.", "Brackenfield"),
    ("He studied at Harwick before the war.", "Harwick"),
    ("My sister graduated from Dunmore in 2004.", "Dunmore"),
])
def test_an_institution_after_applied_to_or_studied_at_is_no_person(text, org):
    assert of(text, PERSON, "en") == []
    assert org in of(text, ORGANISATION, "en")


def test_a_full_name_after_applied_to_is_still_a_person():
    assert of("She applied to Maria Quillon for a loan.", PERSON, "en") == ["Maria Quillon"]


def test_studied_in_a_town_is_still_a_place():
    assert "Tarrowby" in of("She studied in Tarrowby for a year.", PLACE, "en")


@pytest.mark.parametrize("text, org", [
    ("UNICEF said the programme would grow.", "UNICEF"),
    ("The grant came from USAID last spring.", "USAID"),
    ("UNESCO said the site was safe.", "UNESCO"),
    ("Money came through UNFPA and the ministry.", "UNFPA"),
])
def test_an_acronym_of_a_body_is_an_organisation(text, org):
    assert of(text, PERSON, "en") == []
    assert org in of(text, ORGANISATION, "en")


@pytest.mark.parametrize("text, name", [
    ("SMITH said the vote was lost.", "SMITH"),
    ("Then ZHAKSYBEKOV said he would sign.", "ZHAKSYBEKOV"),
    ("KALIYEV said nothing at all.", "KALIYEV"),
    ("OKAFOR said the list was wrong.", "OKAFOR"),
])
def test_a_surname_in_capitals_stays_a_person(text, name):
    assert name in of(text, PERSON, "en")


def test_a_surname_alone_on_a_line_of_a_list_of_names_is_kept():
    text = "The winners were:\nAlice Morgan\nHeath\nRobert Kline\n"
    assert of(text, PERSON, "en") == ["Alice Morgan", "Heath", "Robert Kline"]


# --- 6. a Kazakh place before its place word --------------------------------
# The name is always masked as a place. Its possessive place word ("ауылында")
# may stand outside the span, as KazNERD-style news gold has it, or inside, as
# anon-dev's conventions have it: the rules take it in, the Kazakh model leaves
# it out (a convention the project has not settled; not identifying either way).

@pytest.mark.parametrize("text, place", [
    ("Ерлан Қоғамтал ауылында мектеп салды.", "Қоғамтал"),
    ("Біз Жаңаарқа ауданына бардық.", "Жаңаарқа"),
    ("Бекзат Шұбартау ауылында тұрады.", "Шұбартау"),
    ("Біз Қарабел ауылындағы мектепке бардық.", "Қарабел"),
])
def test_a_kazakh_place_before_its_place_word_is_a_place(text, place):
    assert any(t.startswith(place) for t in of(text, PLACE)), found(text)
    assert not any(place in t for t in of(text, PERSON))


def test_a_bare_place_noun_stays_out_of_the_place_span():
    # "ауылда": in the village (no possessive): a common noun, no part of a name
    assert all(not t.endswith("ауылда") for t, _ in found("Айгүл Шалқарда ауылда тұрады."))


# --- 7. one list of Kazakh case endings for the place names -----------------

@pytest.mark.parametrize("word", [
    "Кентаудан", "Жаркенттегі", "Бейнеуді", "Шалқарға", "Кентауға", "Ембіде", "Кентаумен",
    "Жаркенттің", "Кентаудағы", "Шалқардан",
])
def test_a_listed_town_with_a_kazakh_case_ending_is_a_place(word):
    assert places.is_place(word)


@pytest.mark.parametrize("word", ["Кентаушы", "Шалқарлық", "Бейнеулер"])
def test_a_listed_town_with_another_suffix_is_no_place_form(word):
    assert not places._kazakh_form(word)


# --- a title written after a Kazakh name ------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Кеше Тоқмырза ағаймен сөйлестім.", "Тоқмырза"),
    ("Мен Шәкентай апайға хат жаздым.", "Шәкентай"),
    ("Жиналысты Көпжасар мырза ашты.", "Көпжасар"),
])
def test_a_name_before_a_kazakh_title_is_a_person_without_the_title(text, name):
    assert of(text, PERSON) == [name]
