"""``places``: towns that are also people's names are places where the words
say place; the world's cities are cities, not aliases of time zones."""
import pytest

from app.anonymise import places


@pytest.mark.parametrize("word", ["Aksu", "Ақсу", "Аксу", "Satpayev", "Сәтбаев", "Ақсуда"])
def test_an_ambiguous_town_is_a_place_with_evidence_only(word):
    assert not places.is_place(word)
    assert places.is_place(word, evidence=True)


def test_an_unambiguous_town_is_a_place_either_way():
    assert places.is_place("Рудный") and places.is_place("Rudny", evidence=True)


@pytest.mark.parametrize("word", ["General", "Pacific", "Central", "Universal", "Eastern"])
def test_a_time_zone_alias_is_no_city(word):
    assert places.world_place(word) != "city"


@pytest.mark.parametrize("word", ["Berlin", "Phoenix", "Geneva", "Anchorage"])
def test_a_time_zone_city_is_a_city(word):
    assert places.world_place(word) == "city"
