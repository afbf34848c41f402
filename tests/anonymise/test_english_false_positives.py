"""English words that are no one (issue 11): what a speaker says of themself
after "I'm" (a diet, a faith, a people, a state, a role) and the names of
makers and agencies that the international first-name list also holds. A real
name in the same frames stays a person. Every sentence and name is invented."""
import pytest

from app.anonymise import latin_first, names, rules
from tests.anonymise.test_english import people, rules_only  # noqa: F401 (rules_only: autouse)


# --- "I'm X": what the speaker is, not who --------------------------------------

@pytest.mark.parametrize("text", [
    "I'm Vegan, so no plov for me.",
    "I'm Vegan too.",
    "Honestly I'm Vegetarian now.",
    "I'm Kazakh, my wife is Tatar.",
    "I'm Kazakhstani, born in Semey.",
    "I'm Karakalpak, from Nukus.",
    "I'm Dungan, my grandparents came from Gansu.",
    "I'm Retired.",
    "I am Retired, since last May.",
    "I'm Unemployed at the moment.",
    "I'm Divorced, two kids.",
    "I'm Pregnant, so I sat down.",
    "I'm Muslim, I fast every year.",
    "I'm Sunni, like most people here.",
    "I'm Orthodox.",
    "I'm Deaf in one ear.",
    "I'm Blind, almost.",
    "I'm Fine, thanks.",
    "I'm Gluten-Free.",
    "I'm Head of the parents' committee.",
    "I'm Head of Logistics.",
    "I'm Senior Nurse.",
    "I'm Volunteer here.",
    "I'm Pensioner.",
    "I'm Accountant.",
])
def test_what_a_speaker_says_they_are_is_no_person(text):
    assert people(text) == []


@pytest.mark.parametrize("text, found", [
    ("I'm Zhanserik.", ["Zhanserik"]),
    ("I'm Zhanserik, from Taraz.", ["Zhanserik"]),
    ("Hello. I'm Quennaby. I study chemistry.", ["Quennaby"]),
    ("I'm Aigerim, the treasurer.", ["Aigerim"]),
    ("I am Oskendo.", ["Oskendo"]),
    # an English word that is a first name too stays a name in this frame
    ("I'm Grace, I run the choir.", ["Grace"]),
    ("Hi, I'm Hope Adjei.", ["Hope Adjei"]),
    ("I'm Dilnoza Vegantova.", ["Dilnoza Vegantova"]),
])
def test_a_name_after_i_m_is_still_a_person(text, found):
    assert people(text) == found


def test_a_word_said_of_oneself_is_not_found_again_elsewhere():
    text = "I'm Retired. Retired people get a discount, she said."
    assert people(text) == []


# --- brands and agencies in the international first-name list ---------------------

@pytest.mark.parametrize("word", ["Huawei", "Daewoo", "Xinhua", "Nissan"])
def test_a_maker_or_agency_is_no_entry_of_the_lexicon(word):
    # the list holds them as joined Chinese and Korean given names ("Hua+Wei")
    assert latin_first.frequencies().get(word.lower(), 0) > 0
    assert not latin_first.is_first_name(word)
    assert rules.word_label(word) != rules.FIRST


def test_no_listed_brand_or_service_is_a_first_name_of_the_lexicon():
    listed = {w.lower() for w in names.BRANDS | names.NOT_NAMES}
    assert listed.isdisjoint(latin_first.names())


@pytest.mark.parametrize("text", [
    "He still drives his old Daewoo to the bazaar.",
    "Xinhua reported the deal on Monday.",
    "According to Xinhua, the road will open in spring.",
    "My Huawei broke again, so I took it to the shop.",
    "We switched to Beeline because the tariff was cheaper.",
    "I paid through Kaspi, it was quicker.",
])
def test_a_brand_in_speech_is_no_person(text):
    assert people(text) == []


@pytest.mark.parametrize("text, name", [
    ("Then Nargiza called about the rent.", "Nargiza"),
    ("We had lunch with Agnieszka on Friday.", "Agnieszka"),
])
def test_the_lexicon_still_finds_names(text, name):
    assert people(text) == [name]
