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


# --- kinds of evidence behind gum's false persons (issue 11) -----------------------
# Each case is invented, of the same kind as a false person of the GUM corpus.

@pytest.mark.parametrize("text, expected", [
    # a name with an inner capital ends a sentence in a line before a colon: the
    # label is no speaker, and the person stops at the full stop
    ("Thanks for reading.\nDana McQuarrie. Image: Quarnby Rowing Club.", ["Dana McQuarrie"]),
    ("Dana O'Quillan. Photo: the club archive.", ["Dana O'Quillan"]),
])
def test_a_credit_after_a_name_is_no_part_of_it(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize("text", [
    "I started my M.Sc. studies in Almaty last year.",
    "She finished her Ph.D. thesis on pastures.",
    "After the B.Ed. course he taught in Semey.",
])
def test_a_degree_is_no_initial_and_name(text):
    assert people(text) == []


def test_a_word_before_the_head_of_a_body_names_the_body():
    text = "Marat Quillby of Porter Magazine came over to the village."
    assert people(text) == ["Marat Quillby"]


@pytest.mark.parametrize("text, place", [
    ("The show went on to Dallas and then in St. Louis for a week.", "St. Louis"),
    ("Her sister moved to Saint Quarnby last spring.", "Saint Quarnby"),
])
def test_a_saint_s_name_after_a_word_of_place_is_a_place(text, place):
    assert people(text) == []
    from app.anonymise import PLACE, detect
    assert place in [text[s.start:s.end] for s in detect(text, lang="en") if s.category == PLACE]


def test_a_thing_the_text_counts_is_no_person_elsewhere():
    text = "Right here it says Trell Pack, nine ninety-nine.\nOh, it's a Trell Pack."
    assert people(text) == []


@pytest.mark.parametrize("text, expected", [
    # counted with "a" but then a noun or "who" after it: may be a person
    ("Perhaps an Ostrander who writes against them. Ostrander said so.",
     ["Ostrander", "Ostrander"]),
    ("It's a Zhanna. Zhanna Quarnby called.", ["Zhanna", "Zhanna Quarnby"]),
])
def test_a_first_name_or_a_person_after_a_stays(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize("text", [
    "As the Council of Black Law Enforcement Chiefs writes, the wells are dry.",
    "I thank Dina Orlova, Professor of Grassland Ecology and her staff.",
])
def test_the_end_of_a_long_title_before_a_verb_of_saying_is_no_person(text):
    assert "Enforcement Chiefs" not in people(text)
    assert "Grassland Ecology" not in people(text)


def test_a_name_after_a_title_before_a_verb_of_saying_stays():
    assert people("Senator Anna Quarnby Pellow said no.") == ["Anna Quarnby Pellow"]


@pytest.mark.parametrize("text", [
    "We collected colonies of Formica fusca near the river. Formica fusca can live there.",
    "The herders call it Stipa capillata, the feather grass.",
])
def test_a_genus_before_its_species_is_no_person(text):
    assert people(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Then Marat Quarnby agai said the well was dry.", ["Marat Quarnby"]),
    ("We met Quarnby dilnoza yesterday.", ["dilnoza"]),
])
def test_a_word_of_respect_or_a_first_name_after_a_name_is_no_species(text, expected):
    assert people(text) == expected


def test_a_thing_named_with_the_before_which_is_no_person_elsewhere():
    text = ("So the Trellin Blanc which is for you. A warmer climate Trellin Blanc, "
            "well balanced.")
    assert people(text) == []


def test_a_person_after_a_and_a_title_stays():
    text = "They sent me to his deputy, a Mr Quarnbayev. Mr Quarnbayev never answered."
    assert people(text) == ["Quarnbayev", "Quarnbayev"]
