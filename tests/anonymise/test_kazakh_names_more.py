"""Kazakh person mentions missed or typed as places (issue 11): an unlisted
first name with a case ending in a sentence whose verb says person, a name
before an honorific with a possessive, the affectionate short forms, a name
before "әже"/"апа" or a first name with a surname after it. Every sentence
and name here is fictional; the fixes are rules of the language."""
import pytest

from app.anonymise import PERSON, PLACE, detect


def found(text):
    return [(text[s.start:s.end], s.category) for s in detect(text, lang="kk")]


def people(text):
    return [t for t, c in found(text) if c == PERSON]


# -- an unlisted name with a case ending, in a frame of talk or company -----

@pytest.mark.parametrize("text, name", [
    ("Кеше кешке Жаңылсынға хабарластым.", "Жаңылсынға"),
    ("Мен бүгін Күлтайға телефон соқтым.", "Күлтайға"),
    ("Біз Тұрсынтаймен бірге жұмыс істедік.", "Тұрсынтаймен"),
    ("Сол жиында Әбдіқасымға бәрін айттым.", "Әбдіқасымға"),
    ("Түстен кейін Бекмырзамен ұзақ сөйлестім.", "Бекмырзамен"),
    ("Көктемде Тоқтарәліге көмектестік.", "Тоқтарәліге"),
    ("Ертеңіне Шәмшиядан сұрадым.", "Шәмшиядан"),
])
def test_an_unlisted_name_with_a_case_ending_before_a_verb_of_talk_is_a_person(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text, place", [
    ("Кеше Қарағандыға хабарластым.", "Қарағандыға"),
    ("Жазда Шымкентке бардық.", "Шымкентке"),
])
def test_a_known_place_with_a_case_ending_stays_a_place(text, place):
    assert (place, PLACE) in found(text)


@pytest.mark.parametrize("text", [
    "Кеше Жиналысқа бардым.",
    "Біз Ауылдан хабарластық.",
    "Мен Мектепке телефон соқтым.",
    "Ол Құдайға алғыс айтты.",
    "Бәріміз Отанға алғыс айттық.",
    "Біз Жапониямен кездестік.",
    "Ол Ұлыбританиямен келісті.",
])
def test_an_ordinary_word_a_country_or_god_with_a_case_ending_before_such_a_verb_is_no_person(text):
    assert people(text) == []


# -- an honorific with a possessive after a name ---------------------------

@pytest.mark.parametrize("text, name", [
    ("Біз Бекмырза ағамыздың үйінде қонақ болдық.", "Бекмырза"),
    ("Кеше Тілеухан ағайымыз сабақ өткізді.", "Тілеухан"),
    ("Ертең Зейнепкүл апайымызға барамыз.", "Зейнепкүл"),
    ("Жазда Гүлбаршын әпкем ауылға келді.", "Гүлбаршын"),
    ("Үйге Мәриям апамыз келіп кетті.", "Мәриям"),
])
def test_a_name_before_an_honorific_with_a_possessive_is_a_person_without_it(text, name):
    assert (name, PERSON) in found(text)


def test_the_honorific_itself_stays_out_of_the_span():
    text = "Біз Бекмырза ағамыздың үйінде қонақ болдық."
    assert not any("аға" in t for t in people(text))


# -- affectionate short forms ----------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Ертеңгі жиынға Ереке де келеді.", "Ереке"),
    ("Бекең бәрімізді жинап алды.", "Бекең"),
    ("Кеше кешке Нұрекең әңгіме айтты.", "Нұрекең"),
    ("Біз Асекеңмен бірге шай іштік.", "Асекеңмен"),
    ("Мен Қайрекеге сәлем айттым.", "Қайрекеге"),
])
def test_an_affectionate_short_form_of_a_name_is_a_person(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text", [
    "Береке бірлікте болады.",
    "Мереке құтты болсын!",
    "Жеке кәсіпкерлер жиналды.",
    "Алаңға көп адам жиналды.",
])
def test_ordinary_words_ending_so_are_no_person(text):
    assert people(text) == []


# -- a name before әже / ата / апа, a first name and a surname ----------------

@pytest.mark.parametrize("text, name", [
    ("Кешке Ақтоты апа келіп, нан пісірді.", "Ақтоты"),
    ("Біз Рабиға әженің үйіне бардық.", "Рабиға"),
    ("Түнде Тоқтарбек атаның ертегісін тыңдадық.", "Тоқтарбек"),
    ("Сабира әже бізге ертегі айтты.", "Сабира"),
])
def test_a_name_before_an_elder_word_is_a_person(text, name):
    assert any(name in t for t in people(text)), found(text)
    assert not any(name in t for t, c in found(text) if c == PLACE)


@pytest.mark.parametrize("text, name", [
    ("Ауылда Қайыркен Сәрсембин тұрады.", "Қайыркен Сәрсембин"),
    ("Сол кезде Қайыркен Сәрсембин мектеп директоры еді.", "Қайыркен Сәрсембин"),
    ("Оның атасы Жолдыкен Бекбосынов болған.", "Жолдыкен Бекбосынов"),
])
def test_an_unlisted_first_name_before_a_surname_is_a_person(text, name):
    assert (name, PERSON) in found(text)


def test_a_place_named_after_a_person_with_its_place_word_stays_a_place():
    text = "Біз Қайыркен Сәрсембин ауылында тұрамыз."
    assert not any("Сәрсембин" in t for t in people(text)), found(text)


@pytest.mark.parametrize("text", [
    "Жазда Ақтөбеден Қостанайға ағайын-туыстарымызға бардық.",
    "Көктемде Шымкентке ағайынымызды көруге бардық.",
])
def test_a_place_before_the_word_for_relatives_stays_a_place(text):
    assert people(text) == [], found(text)


@pytest.mark.parametrize("text, place", [
    ("Кеше Қарағанды апамыздың үйіне бардық.", "Қарағанды"),
    ("Ол Түркістан ағаларымен кездесті.", "Түркістан"),
])
def test_a_town_that_is_no_first_name_before_an_honorific_stays_a_place(text, place):
    assert (place, PLACE) in found(text), found(text)
