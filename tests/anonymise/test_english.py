"""English conversation without a statistical model (issue 11): surnames alone,
names in lists, lower-case and ALL-CAPS names, unknown names by their context,
places that are never people when the words before say place, Kazakh names in
Latin letters. Every name here is invented. Each positive case failed before the
English rules (``app/anonymise/en.py``) unless marked as kept working; the
negative cases hold the new rules back from ordinary words."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import ORGANISATION, PERSON, PLACE, detect
from app.anonymise import ner


@pytest.fixture(autouse=True)
def rules_only(monkeypatch):
    """Measured without spaCy: an installed spaCy model stays out."""
    monkeypatch.setattr(ner, "spacy_spans", lambda text: [])


def found(text, category=None):
    return [text[s.start:s.end] for s in detect(text, lang="en")
            if category is None or s.category == category]


def people(text):
    return found(text, PERSON)


# --- places are never people when the words before say place ---------------

@pytest.mark.parametrize("text, place", [
    ("She moved to Paris last year.", "Paris"),
    ("We flew back from Sydney on Monday.", "Sydney"),
    ("My cousin lives in Austin now.", "Austin"),
    ("He was born in Florence, I think.", "Florence"),
])
def test_a_city_that_is_also_a_first_name_is_a_place_after_a_place_cue(text, place):
    assert place in found(text, PLACE)
    assert place not in people(text)


def test_the_same_name_is_a_person_where_nothing_says_place():
    text = "Paris told me she moved to Sydney. I talked to Paris again."
    spans = [(text[s.start:s.end], s.category) for s in detect(text, lang="en")]
    assert spans == [("Paris", PERSON), ("Sydney", PLACE), ("Paris", PERSON)]


def test_a_kazakh_town_after_a_place_cue_is_a_place():
    assert found("My colleague moved to Shalkar last year.", PLACE) == ["Shalkar"]


def test_another_mention_of_a_person_s_name_is_a_place_after_a_place_cue():
    text = "Sydney Vantongeren called me. She flew back from Sydney in May."
    spans = [(text[s.start:s.end], s.category) for s in detect(text, lang="en")]
    assert spans == [("Sydney Vantongeren", PERSON), ("Sydney", PLACE)]


def test_an_unknown_town_after_moved_to_is_a_place():
    text = "They moved to Tarrowby in the spring."
    assert found(text, PLACE) == ["Tarrowby"]
    assert people(text) == []


def test_a_possessive_after_a_place_verb_stays_a_person():
    assert people("We went to Sydney's flat after work.") == ["Sydney"]


# --- names by their context ---------------------------------------------------

def test_two_listed_name_words_at_a_sentence_start_are_one_name():
    assert people("Marlow Tennant was our neighbour for years.") == ["Marlow Tennant"]


def test_two_unknown_capitalised_words_in_mid_sentence_are_a_name():
    text = "I liked the work Quorin Velashti did with the families."
    assert people(text) == ["Quorin Velashti"]
    assert people("They talked about it – Quorin Velashti was there.") == ["Quorin Velashti"]


@pytest.mark.parametrize("text", [
    "We are reviewing the National Policy Guidelines this year.",
    "The plan follows the Medium Term Plans of the ministry.",
    "We went to a concert at Velashti University last year.",
    "They play Dungeon Quests every weekend, and the quests are long.",
])
def test_title_case_phrases_of_ordinary_words_are_no_people(text):
    assert people(text) == []


@pytest.mark.parametrize("text, name", [
    ("Are you coming with us, Oskendo?\nNo, Oskendo, I'm not.", "Oskendo"),
    ("Did you see that?\nVelmira.\nWhat?\nVelmira, look.", "Velmira"),
    ("Dorrin, are you there?\nDorrin, come on.", "Dorrin"),
    ("Are you coming, Zach?", "Zach"),
])
def test_an_unknown_name_spoken_to_is_a_person(text, name):
    """A name the talk comes back to, or one a name list knows (Zach)."""
    assert set(people(text)) == {name}


def test_a_word_said_once_alone_is_no_name_when_no_list_knows_it():
    assert people("Are you coming, Brennick?") == []


@pytest.mark.parametrize("text", [
    "Are you coming to the Festival?",
    "Then we went with Security to the gate.",
    "I asked Google about it.",
    "Thanks for the pasta.\nCiao!\nMmm.",
    "Honestly, are you sure?",
])
def test_ordinary_words_and_brands_in_those_places_are_no_people(text):
    assert people(text) == []


def test_a_word_written_in_lower_case_elsewhere_in_the_text_is_no_name():
    text = "Put these Coke cans in the bag with the other coke cans."
    assert people(text) == []


def test_a_title_across_a_question_mark_takes_no_name():
    assert people("What about the president? Specifically, what did he do?") == []


def test_contractions_are_no_part_of_a_name():
    assert people("Hello everyone.\nAnd, I'm Isabel Halloway.") == ["Isabel Halloway"]
    assert people("Mae Lynne\nWe're gonna go.") == ["Mae Lynne"]


def test_new_titles_are_cut_off_the_name():
    assert people("I thank Congresswoman Halloway for her work.") == ["Halloway"]


def test_names_with_particles_are_whole():
    text = "We read Ottavio da Rimelli and Pico de la Varenne in class."
    assert people(text) == ["Ottavio da Rimelli", "Pico de la Varenne"]
    assert people("We studied with Patrizia d'Ettorelli for a year.") == [
        "Patrizia d'Ettorelli"]


def test_a_place_with_a_particle_is_no_person():
    assert people("They flew to Rio de Janeiro in May.") == []


def test_a_first_name_that_is_also_a_word_is_a_name_in_mid_sentence():
    text = "Maybe I should go with Miles.\nNot Miles, he is tired."
    assert people(text) == ["Miles", "Miles"]


def test_that_word_is_no_name_where_the_text_uses_it_as_a_word():
    assert people("It was ten miles away. We drove the Miles Road back.") == []


# --- lower case, lists, ALL CAPS ------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("I asked OKAFOR and LINDQVIST to come.", ["OKAFOR", "LINDQVIST"]),
    ("The names were Okafor, Lindqvist, Brannigan. Lindqvist came late.",
     ["Okafor", "Lindqvist", "Brannigan", "Lindqvist"]),
])
def test_every_name_shaped_item_of_a_list_of_people_is_a_person(text, names):
    assert people(text) == names


def test_places_listed_beside_a_place_are_places():
    text = "They visited Paris, London and Tamsin Vale."
    assert found(text, PLACE) == ["Paris", "London"]
    assert people(text) == ["Tamsin Vale"]


def test_first_names_in_lower_case_in_a_list():
    assert people("i invited tom, maria and kevin to the party") == ["tom", "maria", "kevin"]


def test_a_first_name_in_lower_case_after_a_person_cue():
    assert people("yeah my friend maria said it was fine") == ["maria"]
    assert people("so i told aizhan about the meeting") == ["aizhan"]
    assert people("ok so margaret and i went to the shop") == ["margaret"]


@pytest.mark.parametrize("text", [
    "we bought salt, pepper and ginger at the market",
    "my friend will help us tomorrow",
    "red, white and blue",
])
def test_ordinary_words_in_lower_case_lists_are_no_names(text):
    assert people(text) == []


# --- kept working ----------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("We talked about Henderson yesterday.", ["Henderson"]),
    ("The team was Smith, Okafor, Lindqvist and Brannigan.",
     ["Smith", "Okafor", "Lindqvist", "Brannigan"]),
    ("Then MARGARET told me to leave.", ["MARGARET"]),
    ("A colleague, Yerlan, moved to Astana.", ["Yerlan"]),
    ("We met Aizhan Serikovna at the office.", ["Aizhan Serikovna"]),
    ("I talked to Aigerim Serikkyzy and Nurlan Bekzhanuly.",
     ["Aigerim Serikkyzy", "Nurlan Bekzhanuly"]),
    ("Then Yerlanov called me about the forms.", ["Yerlanov"]),
])
def test_surnames_alone_lists_capitals_and_kazakh_names_in_latin(text, names):
    assert people(text) == names


# --- names inside names of organisations and buildings; leaders' bodies ------

@pytest.mark.parametrize("text, name, category", [
    ("We thank the Quillowby Foundation for its support.", "Quillowby Foundation",
     ORGANISATION),
    ("She teaches at the Vantongeren Institute of Mathematics in town.",
     "Vantongeren Institute of Mathematics", ORGANISATION),
    ("The staff at the Brannagh Centre for Law and Society helped.",
     "Brannagh Centre for Law and Society", ORGANISATION),
    ("We did a tour of Ostrander Mansion on Sunday.", "Ostrander Mansion", PLACE),
    ("Visit Marwick Hall when you can.", "Marwick Hall", PLACE),
])
def test_an_organisation_or_building_named_after_someone_is_masked_whole(text, name,
                                                                          category):
    assert name in found(text, category)


def test_an_organisation_of_ordinary_words_is_an_organisation_too():
    # issue 11: organisations of capitalised ordinary words ending in the name of
    # a body are organisations; a building of ordinary words is left alone
    text = "The Science Foundation and the Art Society met at the Town Hall."
    assert found(text) == ["Science Foundation", "Art Society"]
    assert found(text, ORGANISATION) == ["Science Foundation", "Art Society"]


def test_and_after_the_head_joins_no_second_organisation():
    text = "Support came from the Quillowby Foundation and Tarn Africa."
    assert "Quillowby Foundation" in found(text, ORGANISATION)


@pytest.mark.parametrize("text, names", [
    ("The committee worked with the Quillowby administration for years.", ["Quillowby"]),
    ("Together with the Ostrander-Quillowby Administration we did it.",
     ["Ostrander", "Quillowby"]),
    ("Under the Marwick government taxes rose.", ["Marwick"]),
])
def test_a_leader_s_name_before_administration_or_government_is_a_person(text, names):
    assert people(text) == names


@pytest.mark.parametrize("text", [
    "The Canadian government and the new administration agreed.",
    "Under the Labour government and the Kazakh government, taxes rose.",
])
def test_peoples_and_ordinary_words_before_government_are_no_people(text):
    assert people(text) == []


def test_a_title_of_office_before_a_surname_marks_it_a_person():
    assert people("Thank you, Speaker Quillowby, and Secretary Ostrander.") == [
        "Quillowby", "Ostrander"]


def test_a_name_with_foreign_letters_in_a_list_of_senators_is_a_person():
    text = "They join Senators OKAFOR, LINDQVIST, and Ibáñez as new members."
    assert "Ibáñez" in people(text)


def test_a_hyphenated_pair_of_first_names_is_a_first_name():
    assert "Mary-Anne G. Quillowby" in people(
        "It is co-owned by Tobias M. Marwick and Mary-Anne G. Quillowby.")


def test_a_listed_name_that_is_also_a_rare_dictionary_word_starts_a_sentence_name():
    # "walt" is a dialect word in Webster's list; "Walt" and "Whitmore" are listed names
    assert people("Walt Whitmore, the first poet of the town, spoke.") == ["Walt Whitmore"]


@pytest.mark.parametrize("text, name", [
    ("Quillowby criticized the response of the party.", "Quillowby"),
    ("Ostrander shrugged and left the room.", "Ostrander"),
])
def test_verbs_of_saying_and_gesture_after_an_unknown_word_mark_a_person(text, name):
    assert people(text) == [name]


_STARTS = ["Quil", "Vran", "Zorv", "Brann", "Ostr", "Kelv", "Tarv", "Mirr"]
_ENDS = ["owby", "ander", "ick", "ethe", "aski", "ullo", "ard"]
_HEADS = {"Foundation": ORGANISATION, "Institute": ORGANISATION, "Society": ORGANISATION,
          "Trust": ORGANISATION, "Hospital": ORGANISATION, "Mansion": PLACE, "Hall": PLACE,
          "Stadium": PLACE}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(_STARTS), st.sampled_from(_ENDS), st.sampled_from(sorted(_HEADS)),
       st.sampled_from(["We thank the {} for the grant.", "They met at the {} on Friday.",
                        "Before that, the {} was closed."]))
def test_any_invented_name_before_an_organisation_or_building_word_is_masked_whole(
        start, end, head, sentence):
    name = f"{start}{end} {head}"
    text = sentence.format(name)
    assert name in found(text, _HEADS[head])


@pytest.mark.parametrize("text, names", [
    ("As Marwick et al. showed, the samples were old.", ["Marwick"]),
    ("Vantongeren (2019) argued the opposite.", ["Vantongeren"]),
    ("The data hold (Quillowby, 2004; Ostrander 2011).", ["Quillowby", "Ostrander"]),
    ("There is a quote attributed to Brannagh about it.", ["Brannagh"]),
    ("According to Quillowby, it works.", ["Quillowby"]),
])
def test_citations_and_attributions_mark_a_surname_alone(text, names):
    assert people(text) == names


def test_a_plural_in_ics_after_according_to_is_no_person():
    assert people("According to Web Analytics, visits doubled.") == []
