import pytest

from app.anonymise import CONTACT, DATE, IDENTIFIER, PLACE, detect, iin_valid

from .conftest_data import covered


def found(text):
    return [(text[s.start:s.end], s.category) for s in detect(text, ner=False)]


@pytest.mark.parametrize("number", ["850315400124", "921102500339", "880315400104"])
def test_valid_iin_checksums(number):
    assert iin_valid(number)


@pytest.mark.parametrize("number", ["850315400125", "921102500330", "12345", "85031540012a"])
def test_invalid_iin_checksums(number):
    assert not iin_valid(number)


def test_iin_and_twelve_digit_case_number_are_identifiers():
    text = "ИИН 850315400124, номер заявки 202401150077."
    spans = detect(text, ner=False)
    assert covered(text, spans) == ["850315400124", "202401150077"]
    assert [s.category for s in spans] == [IDENTIFIER, IDENTIFIER]
    assert [s.source for s in spans] == ["pattern:iin", "pattern:number"]


@pytest.mark.parametrize("phone", [
    "+7 701 234 56 78", "+7 (7172) 55-12-34", "8 (727) 321-45-67", "87051112233",
    "8 (72531) 2-14-56", "+44 20 7946 0958", "+1 (555) 123-4567", "8-701-555-12-12",
])
def test_phone_formats(phone):
    assert found(f"Звоните: {phone}, вечером.") == [(phone, CONTACT)]


def test_years_and_sums_are_not_phones():
    assert found("В 2019 году было 1500 обращений, 2020 — 1800.") == []


@pytest.mark.parametrize("value", [
    "a.nurlanov@example.kz", "info@green-city.org", "https://example.org/about?id=3",
    "www.greencity.kz/reports", "greencity.kz", "@green_city_pvl", "@green.city",
])
def test_emails_urls_and_handles(value):
    assert found(f"Пишите: {value}. Спасибо.") == [(value, CONTACT)]


def test_egov_portal_is_not_masked():
    assert found("Зайдите на egov.kz и войдите.") == []


def test_street_address_with_house_number_is_contact():
    text = "Адрес: ул. Сатпаева, 12, кв. 4, рядом школа."
    assert found(text) == [("ул. Сатпаева, 12, кв. 4", CONTACT)]


def test_street_without_number_is_place():
    assert found("Курс был на улице Торайгырова.") == [("улице Торайгырова", PLACE)]


@pytest.mark.parametrize("text, date", [
    ("Она 3 марта 1961 года рождения.", "3 марта 1961 года"),
    ("He was born in 1979 in a village.", "1979"),
    ("Мен 1999 жылы 5 қаңтарда туғанмын.", "1999 жылы 5 қаңтарда"),
    ("Date of birth: 12.04.1988.", "12.04.1988"),
])
def test_dates_of_birth(text, date):
    assert found(text) == [(date, DATE)]


def test_other_dates_are_not_masked():
    assert found("Интервью 3 марта 2023 года, в 2022 году было хуже.") == []
