from app.anonymise import (PERSON, Key, Pseudonymiser, Span, apply, detect)

from .conftest_data import roster


def anonymise(text, key):
    return apply(text, detect(text, roster()), key)[0]


def test_roster_people_get_their_own_pseudonym_in_any_form():
    key = Key.from_roster(roster())
    out = anonymise("Нургуль Ерсеновна сказала, что Абишевой некогда. Бахытқа айттым.", key)
    assert out == "[P01] сказала, что [P01] некогда. [P02] айттым."


def test_same_third_person_same_code_across_two_transcripts():
    key = Key.from_roster(roster())
    first = anonymise("Наш юрист Марина Соколова подсказала.", key)
    second = anonymise("Позвоните Марине Соколовой завтра, Соколова ждёт.", key)
    assert first == "Наш юрист [PERSON-1] подсказала."
    assert second == "Позвоните [PERSON-1] завтра, [PERSON-1] ждёт."


def test_key_survives_a_round_trip_through_plain_data():
    key = Key.from_roster(roster())
    anonymise("Наш юрист Марина Соколова подсказала.", key)
    again = Key.from_dict(key.to_dict())
    assert anonymise("Соколова ответила.", again) == "[PERSON-1] ответила."
    assert anonymise("Позвоните Павлу Орлову.", again) == "Позвоните [PERSON-2]."


def test_applying_twice_changes_nothing_more():
    key = Key.from_roster(roster())
    text = "Тлеубаев из ДЦСО, тел. +7 701 111 22 33, и Марина Соколова."
    once = anonymise(text, key)
    assert anonymise(once, key) == once
    assert "Тлеубаев" not in once and "701" not in once


def test_user_edited_spans_as_dicts_with_entity():
    key = Key.from_roster(roster())
    text = "Алина сказала, что Алина Серикова придёт."
    spans = [{"start": 0, "end": 5, "category": "person", "entity": "Алина Серикова"},
             {"start": 19, "end": 33, "category": "person"}]
    new_text, reps = apply(text, spans, key)
    assert new_text == "[PERSON-1] сказала, что [PERSON-1] придёт."
    assert [(r.start, r.end, r.pseudonym) for r in reps] == [(0, 5, "PERSON-1"),
                                                             (19, 33, "PERSON-1")]
    assert new_text[reps[1].new_start:reps[1].new_end] == "[PERSON-1]"


def test_new_codes_do_not_collide_with_roster_codes():
    key = Key.from_roster(roster())
    text = "В Каменке и в Кызылжаре."
    spans = [Span(2, 9, "place"), Span(14, 23, "place")]
    assert apply(text, spans, key)[0] == "В [PLACE-2] и в [PLACE-01]."


def test_realistic_names_are_stable_and_idempotent():
    pseudo = Pseudonymiser(roster=roster(), realistic=True)
    text = "Передайте Абишевой привет."
    spans = [Span(10, 18, PERSON, "roster", "Нургуль Ерсеновна Абишева")]
    out, _ = pseudo.apply(text, spans)
    assert "Абишевой" not in out and "[" not in out
    name = out[len("Передайте "):-len(" привет.")]
    again, _ = pseudo.apply(out, [Span(10, 10 + len(name), PERSON)])
    assert again == out


def test_empty_text_and_no_spans():
    key = Key()
    assert apply("", [], key) == ("", [])
    assert apply("Без имён.", [], key) == ("Без имён.", [])
