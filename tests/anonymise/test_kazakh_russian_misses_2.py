"""Kazakh and Russian misses still seen (issue 11, second round): each a
failing example first, in names and sentences of its own (none from a bench
file), then a general mend in ``app/anonymise``."""
import pytest

from app.anonymise import DATE, ORGANISATION, PERSON, PLACE


from .without_spacy import found, no_spacy, of  # noqa: F401 (no_spacy: autouse)


# --- 1. a surname and another person's first name side by side ---------------

@pytest.mark.parametrize("text, people", [
    # the surname's bearer is named elsewhere with another first name
    ("Байқауды Гүлшат Байтенова ашты. Соңында Байтенова Ерболатқа сыйлық берді.",
     ["Гүлшат Байтенова", "Байтенова", "Ерболатқа"]),
    ("Жиынды Талғат Омаров жүргізді. Кейін Омаров Әлияға сөз берді.",
     ["Талғат Омаров", "Омаров", "Әлияға"]),
    # the surname has a case ending of its own: only a name's last word takes one
    ("Сейітованың Нұрланға жазған хаты табылды.", ["Сейітованың", "Нұрланға"]),
])
def test_surname_then_another_first_name_is_two_people(text, people):
    assert of(text, PERSON) == people


def test_surname_then_first_name_of_the_same_person_stays_one():
    """"Сейітова Аружанға": surname first, the case ending on the last word, and
    nothing says these are two people: one person."""
    text = "Марапатты әкім Сейітова Аружанға табыстады."
    assert "Сейітова Аружанға" in of(text, PERSON)


# --- 2. a word of a surname's shape is a person, not a place ------------------

@pytest.mark.parametrize("text, person, not_place", [
    ("Енді Жақыпбеков Азия ойындарына Қытайға аттанады.", "Жақыпбеков", "Жақыпбеков"),
    ("Айгерім: Кітаппен. Менің ағам Тұрсынбаев деген.", "Тұрсынбаев", "Тұрсынбаев"),
])
def test_surname_shape_is_a_person(text, person, not_place):
    assert person in of(text, PERSON)
    assert not any(not_place in w for w in of(text, PLACE))


@pytest.mark.parametrize("text, region", [
    ("Ертең Оспантаев Еуропа кубогына аттанады.", "Еуропа"),
    ("Енді Жақыпбеков Азия ойындарына Қытайға аттанады.", "Азия"),
])
def test_continent_in_a_contest_name_is_no_name(text, region):
    """"Еуропа кубогына", "Азия ойындарына": a contest's name, neither a
    person's nor a place's; a country reached stays a place."""
    assert not any(region in w for w, _ in found(text))


def test_surname_shaped_town_stays_a_place():
    """A listed town of a surname's shape stays a place."""
    text = "Биыл Сәтбаев қаласында жаңа мектеп ашылды."
    assert "Сәтбаев" in " ".join(of(text, PLACE))


# --- 3. the compass word is part of the region's name --------------------------

@pytest.mark.parametrize("text, place", [
    ("Шығыс Қазақстан облысында жаңа жол салынды.", "Шығыс Қазақстан облысында"),
    ("Батыс Қазақстан облысының Жаңақала ауданында жол жөнделіп жатыр.",
     "Батыс Қазақстан облысының"),
    ("Оңтүстік Қазақстан облысында ол бұрын мұғалім болған.", "Оңтүстік Қазақстан облысында"),
    ("Су тасқыны Солтүстік Қазақстан облысының бірнеше ауылына қауіп төндірді.",
     "Солтүстік Қазақстан облысының"),
])
def test_compass_word_inside_the_region_kazakh(text, place):
    assert place in of(text, PLACE)


@pytest.mark.parametrize("text, place", [
    ("Он долго работал в Восточно-Казахстанской области.", "Восточно-Казахстанской области"),
    ("Семья переехала из Западно-Казахстанской области в Актобе.",
     "Западно-Казахстанской области"),
    ("Скважины бурили в Северо-Казахстанской области.", "Северо-Казахстанской области"),
])
def test_compass_word_inside_the_region_russian(text, place):
    assert any(place in w for w in of(text, PLACE, "ru"))


# --- 4. an ordinary noun with a case ending is no name -------------------------

@pytest.mark.parametrize("text, word", [
    ("Мұғалім: Оқушылар үй тапсырмасын қалай жібереді?\nДиляра: Телефонмен. Кейде хатпен.",
     "Телефонмен"),
    ("Сұрақ: Ақпаратты қайдан аласыз?\nЕрмек: Теледидардан. Кейде теледидардан, кейде газеттен.",
     "Теледидардан"),
    ("Айгерім: Хатпен. Менің ағам Тұрсынбаев Ерлан деген.", "Хатпен"),
    ("Айгерім: Кітаппен. Менің ағам Тұрсынбаев деген.", "Кітаппен"),
])
def test_ordinary_noun_with_case_ending_opening_a_turn(text, word):
    assert word not in [w for w, _ in found(text)]


# --- 5. a date of birth given in the turn after the request -------------------

@pytest.mark.parametrize("text, date, lang", [
    ("Интервьюер: Дата рождения нужна для анкеты, простите.\nСапаров К.: 14.03.1968. "
     "Родился в Кентау.", "14.03.1968", "ru"),
    ("Interviewer: Your date of birth, please.\nRespondent: 3 May 1971.", "3 May 1971", "en"),
    ("Сұхбаттасушы: Туған күніңізді айтыңызшы.\nЖанар: 1985 жылғы 12 наурыз.",
     "1985 жылғы 12 наурыз", "kk"),
])
def test_date_of_birth_in_the_turn_after_a_request(text, date, lang):
    assert date in of(text, DATE, lang)


def test_a_year_after_a_turn_without_a_birth_request_is_no_birth_date():
    text = "Интервьюер: Спасибо. Мой брат живёт в деревне.\nСапаров К.: 2001 год был трудный."
    assert of(text, DATE, "ru") == []


# --- 5. offices: the town with the office, a Russian chain of genitives -------

@pytest.mark.parametrize("text, town, office", [
    ("Құжатты Шалқар қаласындағы №1 ХҚКО қабылдады.", "Шалқар", "№1 ХҚКО"),
    ("Анықтаманы Ембі қаласындағы №3 ХҚКО береді.", "Ембі", "№3 ХҚКО"),
])
def test_town_before_its_numbered_office_is_masked_too(text, town, office):
    """The town in the locative adjective ("... қаласындағы") is a place span of
    its own, the numbered office an organisation (the Kazakh sets mark them
    apart; nothing of the two is left readable but the place noun)."""
    assert office in of(text, ORGANISATION)
    assert town in of(text, PLACE)


@pytest.mark.parametrize("text, org", [
    ("Она работает специалистом отдела образования акимата Осакаровского района.",
     "отдела образования акимата Осакаровского района"),
    ("Мне ответили из управления здравоохранения Костанайской области.",
     "управления здравоохранения Костанайской области"),
    ("Заявку приняли в отделе ЖКХ акимата Бурабайского района.",
     "отделе ЖКХ акимата Бурабайского района"),
    ("Он главный инженер отдела строительства акимата города Рудный.",
     "отдела строительства акимата города Рудный"),
])
def test_russian_office_chain_is_one_organisation(text, org):
    assert org in of(text, ORGANISATION, "ru")


def test_office_type_alone_is_no_organisation():
    text = "В отделе образования сказали, что ремонт будет летом."
    assert of(text, ORGANISATION, "ru") == []


# --- 6. Russian short first names (pymorphy2's dictionary) --------------------

@pytest.mark.parametrize("text, people", [
    ("Кеше Ваня мен Лёша келді.", ["Ваня", "Лёша"]),
    ("Біздің топта Гоша, Стёпа және Айгүл бар.", ["Гоша", "Стёпа", "Айгүл"]),
])
def test_russian_short_names_in_kazakh_text(text, people):
    assert of(text, PERSON) == people


def test_short_names_come_from_the_dictionary_and_leave_kazakh_words_out():
    from app.anonymise import kk

    short = kk.ru_short_names()
    assert {"ваня", "леша", "наташа", "сережа", "таня", "женя"} <= short
    assert "ата" not in short and "вера" not in short  # a Kazakh word; a noun first
    assert kk.ru_short_name("Лёшамен") and kk.ru_short_name("Наташаның")
    assert not kk.ru_short_name("Ата")


@pytest.mark.parametrize("text, date", [
    ("Оператор: Дата рождения?\nКлиент: 05.11.1990.", "05.11.1990"),
    ("Сұхбаттасушы: Туған күніңіз?\nАйжан: 1992 жылғы 3 сәуір.", "1992 жылғы 3 сәуір"),
    ("WORKER: Date of birth?\nCLIENT: 14/02/1987.", "14/02/1987"),
])
def test_date_of_birth_after_the_question_itself(text, date):
    assert date in of(text, DATE, "auto")
