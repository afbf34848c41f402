"""First names of many origins written in Latin letters in English speech
(issue 11): Uzbek, Kyrgyz, Tatar, Turkish, Indian, Polish and Nigerian names
that the US census lists lack, known from the international first-name list
of the ``gender-guesser`` package (``latin_first``). Every sentence and
surname is invented. English words that are also names in that list stay
ordinary words where nothing says person, and the Kazakh and Russian
Cyrillic paths do not change."""
import pytest

from app.anonymise import detect, latin_first
from tests.anonymise.test_english import people, rules_only  # noqa: F401 (rules_only: autouse)

pytestmark = pytest.mark.skipif(not latin_first.frequencies(),
                                reason="gender-guesser is not installed")


@pytest.mark.parametrize("text, name", [
    # Uzbek
    ("Yesterday I talked to Nargiza about the harvest.", "Nargiza"),
    ("so then Otabek comes in with the tea", "Otabek"),
    ("I think Dilnoza knows the teacher there.", "Dilnoza"),
    # Kyrgyz
    ("We stayed with Nurbek for two nights.", "Nurbek"),
    ("and Gulnaz said the road was closed", "Gulnaz"),
    # Tatar
    ("My neighbour Ramil fixes cars on weekends.", "Ramil"),
    ("Nailya had already left for the market.", "Nailya"),
    # Turkish
    ("Then Zeynep called and asked about the rent.", "Zeynep"),
    ("I went to the station with Burak.", "Burak"),
    # Indian
    ("Priya was the one who ran the survey.", "Priya"),
    ("Honestly I asked Deepak twice.", "Deepak"),
    # Polish
    ("Wojciech drove us to the village.", "Wojciech"),
    ("We had lunch with Agnieszka on Friday.", "Agnieszka"),
    # Nigerian
    ("Femi told me the meeting moved.", "Femi"),
])
def test_a_first_name_alone_is_a_person(text, name):
    assert people(text) == [name]


@pytest.mark.parametrize("text, name", [
    ("Then Jasur Tashpulatov asked about the water.", "Jasur Tashpulatov"),
    ("I met Aibek Sooronbaev at the bazaar.", "Aibek Sooronbaev"),
    ("Nodira Kholmatova runs the clinic now.", "Nodira Kholmatova"),
    ("She works with Emre Kandemirli in Izmir.", "Emre Kandemirli"),
    ("We interviewed Kavita Ramaswell last spring.", "Kavita Ramaswell"),
    ("Grzegorz Wierzbowski was there as well.", "Grzegorz Wierzbowski"),
])
def test_a_first_name_with_a_surname_is_one_person(text, name):
    assert name in people(text)


@pytest.mark.parametrize("text", [
    "Can you pass me the salt?",
    "Will they come back tomorrow?",
    "May I ask a question?",
    "Hope is what kept the village going.",
    "Alien species spread along the river.",
    "We will mark the boxes, and I can hope for the best.",
])
def test_an_english_word_that_is_also_a_name_stays_a_word(text):
    assert people(text) == []


def _without_lexicon(monkeypatch, find):
    # every per-word cache emptied before and after: answers computed without
    # the lexicon (``en_words.lower_first_name`` asks ``word_label`` too) must
    # not outlive the patch and change the tests run after this one
    from tests.anonymise.test_word_caches import _empty_caches
    _empty_caches()
    monkeypatch.setattr(latin_first, "names", lambda: frozenset())
    try:
        return find()
    finally:
        monkeypatch.undo()
        _empty_caches()


# A capital at the start of a sentence is no evidence: whatever the frames make
# of "Mark ..." or "Amber ..." there, the international list adds nothing.
@pytest.mark.parametrize("text", [
    "Mark the boxes before you leave.",
    "Frank discussions help everyone.",
    "Grace periods are short at that bank.",
    "Rose petals covered the table.",
    "Amber lights were blinking on the road.",
    "Asset prices went up that year.",
    "Alma mater, they called it.",
])
def test_the_lexicon_adds_nothing_on_english_words(monkeypatch, text):
    assert people(text) == _without_lexicon(monkeypatch, lambda: people(text))


def test_english_words_are_no_entries_of_the_lexicon():
    # The international list knows "Can", "Will", "Hope", "Amber" as names; the
    # lexicon leaves them to the census and to the frames, as before.
    for word in ("Can", "Will", "Hope", "Amber", "Asset", "Alma", "Alien"):
        assert latin_first.frequencies().get(word.lower(), 0) > 0
        assert not latin_first.is_first_name(word)
    assert latin_first.is_first_name("Nargiza")
    assert latin_first.is_first_name("Małgorzata")
    assert not latin_first.is_first_name("Наргиза")  # Cyrillic: not this lexicon's


@pytest.mark.parametrize("text, lang", [
    ("Кеше Айгерім Сейтқалиқызы ауылға келді. Нұрлан ағай да сонда болды.", "kk"),
    ("Вчера Наргиза Рахимова пришла к нам, а Отабек остался дома.", "ru"),
    ("Мы говорили с Ольгой Петровной и Сергеем о школе в Караганде.", "ru"),
])
def test_the_cyrillic_paths_do_not_change(monkeypatch, text, lang):
    def spans():
        return [(s.start, s.end, s.category) for s in detect(text, lang=lang)]
    assert spans() == _without_lexicon(monkeypatch, spans)


@pytest.mark.parametrize("text", [
    "We always fast during Ramadan with the whole family.",
    "For Kurban Ait they cooked a sheep.",
    "It's got a lotta color, kinda bright.",
    "Lotta people came that day.",
])
def test_a_feast_or_a_spoken_spelling_is_no_name(text):
    assert people(text) == []


@pytest.mark.parametrize("text", [
    "My sister is a Virgo, she says.",
    "Kanji took me years to learn.",
    "We opened a bottle of Shiraz with dinner.",
])
def test_a_proper_noun_of_the_dictionary_that_is_a_rare_name_is_no_person(text):
    assert people(text) == []
