import pytest

from app.anonymise import ORGANISATION, PERSON, PLACE, detect, detect_lang

from .conftest_data import covered, roster


@pytest.mark.parametrize("text", ["", "   \n\t", "...", "12345", "—", "\u200b"])
def test_empty_and_odd_input_gives_no_spans(text):
    assert detect(text, roster()) == []


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError):
        detect("text", lang="de")


def test_natasha_finds_off_roster_russian_names():
    text = "Вчера в Павлодаре Марина Соколова встретилась с представителями Сбербанка."
    spans = detect(text, lang="ru")
    assert ("Марина Соколова", PERSON) in [(text[s.start:s.end], s.category) for s in spans]
    assert {s.category for s in spans} >= {PLACE, ORGANISATION}


def test_rules_find_english_names_with_titles_and_first_names():
    text = "Yesterday Mrs Whitfield called. Later Jennifer Okafor and Dr. Pranav Rao left."
    assert covered(text, detect(text, lang="en")) == [
        "Whitfield", "Jennifer Okafor", "Pranav Rao"]


def test_rules_find_kazakh_names_and_kin_titles():
    text = "Кеше Ержан Сапарұлы келді. Болат аға бізге көмектесті."
    found = covered(text, detect(text, lang="kk"))
    assert found == ["Ержан Сапарұлы", "Болат"]


def test_label_words_and_services_are_not_names():
    text = "Модератор: Вы пользовались eGov и WhatsApp?\nРеспондент: Да."
    assert detect(text) == []


def test_spans_are_sorted_non_overlapping_and_carry_text():
    text = "Тлеубаев, тел. 87051112233, e-mail b.t@example.kz, Бахыт Тлеубаев."
    spans = detect(text, roster())
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(s.text == text[s.start:s.end] for s in spans)


@pytest.mark.parametrize("text, lang", [
    ("Сегодня мы обсуждаем электронное правительство.", "ru"),
    ("Бүгін біз электрондық үкімет туралы сөйлесеміз.", "kk"),
    ("Today we talk about electronic government.", "en"),
    ("Сегодня мы говорим. Today we talk about it, all of us here.", "mixed"),
])
def test_language_detection(text, lang):
    assert detect_lang(text) == lang


def test_english_names_spoken_of_are_found_without_a_list():
    text = "We met last week and Quillon said it was fine. I asked about Brannagh's plan."
    assert covered(text, detect(text, lang="en")) == ["Quillon", "Brannagh"]


def test_generic_abbreviations_alone_are_not_organisations():
    text = "Об этом сообщили СМИ, а ПАО и ООО пока молчат."
    assert detect(text, lang="ru") == []
