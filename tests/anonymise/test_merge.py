from app.anonymise import CONTACT, ORGANISATION, PERSON, PLACE, Span, detect
from app.anonymise.merge import merge


def test_pattern_beats_roster_and_ner_on_overlap():
    text = "Aigul.Sabit@example.kz"
    spans = [
        Span(0, 11, PERSON, "ner:natasha"),
        Span(0, 22, CONTACT, "pattern:email"),
        Span(0, 5, PERSON, "roster", entity="X"),
    ]
    (merged,) = merge(spans, text)
    assert (merged.start, merged.end, merged.category, merged.source) == (0, 22, CONTACT,
                                                                          "pattern:email")


def test_roster_beats_model_and_keeps_its_entity():
    spans = [Span(10, 30, PLACE, "ner:natasha"), Span(5, 30, ORGANISATION, "roster", "Org")]
    (merged,) = merge(spans)
    assert (merged.start, merged.end, merged.category, merged.entity) == (5, 30, ORGANISATION,
                                                                          "Org")


def test_longer_span_wins_within_one_source():
    spans = [Span(0, 6, PLACE, "ner:natasha"), Span(0, 20, ORGANISATION, "ner:natasha")]
    assert [(s.start, s.end, s.category) for s in merge(spans)] == [(0, 20, ORGANISATION)]


def test_what_sticks_out_of_a_lower_span_survives_only_if_capitalised():
    text = "Абишевой некогда. Руслан Оспанов"
    spans = [Span(0, 8, PERSON, "roster", "A"), Span(0, 16, PLACE, "ner:natasha"),
             Span(25, 32, PERSON, "roster", "B"), Span(18, 32, PERSON, "ner:natasha")]
    merged = merge(spans, text)
    assert [(text[s.start:s.end], s.entity) for s in merged] == [
        ("Абишевой", "A"), ("Руслан Оспанов", None)]


def test_disjoint_spans_stay_apart_and_sorted():
    spans = [Span(20, 25, PLACE, "user"), Span(0, 5, PERSON, "user")]
    assert [(s.start, s.end) for s in merge(spans)] == [(0, 5), (20, 25)]


def test_address_contains_street_named_after_a_person():
    text = "Живу: ул. Абылай хана, 5, кв. 7."
    spans = detect(text)
    assert [(text[s.start:s.end], s.category) for s in spans] == [
        ("ул. Абылай хана, 5, кв. 7", CONTACT)]


def test_empty_spans_are_dropped():
    assert merge([Span(3, 3, PERSON)]) == []
