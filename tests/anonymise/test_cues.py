"""English person cues: verbs of saying, apposition, greetings, self-introductions,
capitals, plural titles, propagation. All names are invented."""
import pytest

from app.anonymise import PERSON, detect
from app.anonymise import ner
from app.anonymise.cues import cued_people

from .conftest_data import covered


@pytest.fixture(autouse=True)
def rules_only(monkeypatch):
    """These are tests of the rules: an installed spaCy model stays out."""
    monkeypatch.setattr(ner, "spacy_spans", lambda text: [])


def people(text):
    return [text[s.start:s.end] for s in detect(text, lang="en") if s.category == PERSON]


@pytest.mark.parametrize("text, name", [
    ("And Quorrin commented on the draft.", "Quorrin"),
    ("So reasoned Velmaro, and nobody disagreed.", "Velmaro"),
    ("This is what the committee wrote to Ostrander last spring.", "Ostrander"),
    ("We spoke to the botanist Ilse Vantongeren about it.", "Ilse Vantongeren"),
    ("An interview with mathematician and writer Oren Taluvi on Monday.", "Oren Taluvi"),
    ("Today is my friend Tamsin's birthday.", "Tamsin"),
    ("Hi Brisa! The notes are ready.", "Brisa"),
    ("Thank you, Oriel.", "Oriel"),
    ("Hello. I'm Quennaby. I study chemistry.", "Quennaby"),
    ("People call me Dusty Vale, did you know?", "Dusty Vale"),
    ("What is up everyone? Wrenna Talisker here and welcome back.", "Wrenna Talisker"),
    ("The harbour at dawn. Photo: Oren Taluvi.", "Oren Taluvi"),
])
def test_context_cues_find_unknown_names(text, name):
    assert covered(text, cued_people(text)) == [name]


def test_reference_list_entries_give_surname_and_first_name():
    text = "Good reads:\nVantongeren, Ilse. The Salt Roads\nMarwick, Tobias and others."
    assert covered(text, cued_people(text)) == ["Vantongeren", "Ilse", "Marwick", "Tobias"]


@pytest.mark.parametrize("text", [
    "She said it was fine.",
    "Alright here it is.",
    "Right here, the next paragraph.",
    "I'm Canadian.",
    "Thank you, Mr. Chair.",
    "Today's plan is simple.",
    "Thanks, everyone!",
    "Yes, Sir. We did.",
    "Image: NASA.",
])
def test_cues_ignore_ordinary_words(text):
    assert people(text) == []


def test_a_cued_name_is_found_again_elsewhere():
    text = ("And Quorrin commented on the draft. Later Quorrin laid out the plan, "
            "and we wrote back to Quorrin.")
    assert people(text) == ["Quorrin", "Quorrin", "Quorrin"]


def test_names_in_capitals_after_a_title():
    text = "I welcome Senator MARVELL and Senator DUNSTABLE to this chamber."
    assert people(text) == ["MARVELL", "DUNSTABLE"]


def test_first_name_in_capitals_with_an_unknown_surname():
    text = "We thank our colleague JOHN QUARRENDE for the report."
    assert "JOHN QUARRENDE" in people(text)


def test_plural_title_is_not_part_of_the_name():
    text = "They join Senators Quarrende and Vellacott."
    assert people(text)[0] == "Quarrende"


def test_unknown_first_name_before_a_name_that_is_also_a_surname():
    # "Taylor" is a first name and a surname; the unknown word before it is
    # the first name.
    text = "It will not bring back Oribel Taylor to her family."
    assert people(text) == ["Oribel Taylor"]


def test_acronyms_in_capitals_are_not_names():
    text = "The ROV and the NATIONAL ICT team met in the lab."
    assert people(text) == []


def test_function_words_of_a_name_are_not_propagated():
    text = "The Quillon Trust said no. The editors agreed. The plan is off."
    assert "The" not in people(text)
