"""Names across scripts, roster matching that forgives, speaker labels, places and
numbered offices: the fieldwork misses of issue 11, on fictional names."""
import pytest

from app.anonymise import ORGANISATION, PERSON, PLACE, Roster, RosterEntry, detect
from app.anonymise.translit import latin_key

ROSTER = Roster.from_entries([
    RosterEntry("person", "Ерлан Серикович Тулегенов", "P01"),
    RosterEntry("person", "Нурлан Жаксыбеков", "P02"),
    RosterEntry("person", "Бахытжан Жумабаевич Оразалин", "P03"),
    RosterEntry("person", "Игорь Муравьев", "P04"),
    RosterEntry("person", "Айжан Маратовна Кенжебаева", "P05"),
])


def entities(text, ner=False, roster=ROSTER, lang="auto"):
    return [(text[s.start:s.end], s.entity) for s in detect(text, roster, lang=lang, ner=ner)
            if s.category == PERSON]


def people(text, lang="auto"):
    return [text[s.start:s.end] for s in detect(text, lang=lang) if s.category == PERSON]


@pytest.mark.parametrize("cyrillic, latin", [
    ("Ерлан", "Yerlan"), ("Айжан", "Aizhan"), ("Жақсылықов", "Zhaksylykov"),
    ("Серікұлы", "Serikuly"), ("Касымова", "Kassymova"), ("Нұрлан", "Nurlan"),
])
def test_one_key_for_a_name_in_both_scripts(cyrillic, latin):
    assert latin_key(cyrillic) == latin_key(latin)


@pytest.mark.parametrize("text, mention, entity", [
    # transliterated, in English speech
    ("A colleague, Yerlan, moved to Astana.", "Yerlan", "Ерлан Серикович Тулегенов"),
    ("I called Ms Kenzhebayeva on Monday.", "Kenzhebayeva", "Айжан Маратовна Кенжебаева"),
    # first name + patronymic in Latin letters
    ("We met Aizhan Maratovna there.", "Aizhan Maratovna", "Айжан Маратовна Кенжебаева"),
    # misspelled in quotes, two letters off
    ("В протоколе написано «Жаксибиков», это он.", "Жаксибиков", "Нурлан Жаксыбеков"),
    # hyphen across a line break
    ("Я говорила с Жаксы-\nбековым вчера.", "Жаксы-\nбековым", "Нурлан Жаксыбеков"),
    # initials with and without a space, initial glued to the surname
    ("Подписал Б.Ж., потом все ушли.", "Б.Ж.", "Бахытжан Жумабаевич Оразалин"),
    ("Подписал Б. Ж., потом все ушли.", "Б. Ж.", "Бахытжан Жумабаевич Оразалин"),
    ("Отчёт сдал И.Муравьев.", "И.Муравьев", "Игорь Муравьев"),
    # Kazakh patronymic form of a Russian one, inflected first name alone
    ("Айжан Маратқызы келді.", "Айжан Маратқызы", "Айжан Маратовна Кенжебаева"),
    ("Ерланға хат жаздық.", "Ерланға", "Ерлан Серикович Тулегенов"),
    # ALL CAPS
    ("Then ZHAKSYBEKOV called.", "ZHAKSYBEKOV", "Нурлан Жаксыбеков"),
])
def test_roster_people_are_found_in_any_form(text, mention, entity):
    assert (mention, entity) in entities(text)


def test_one_letter_off_a_short_first_name_is_someone_else():
    assert entities("Вчера пришла Айжана.") == [("Айжана", "Айжан Маратовна Кенжебаева")]
    assert entities("Вчера пришла Айша.") == []


@pytest.mark.parametrize("text, label", [
    ("А.К.: Да, мы там были.", "А.К."),
    ("Б. Ж.: Иә, солай.", "Б. Ж."),
    ("Модератор (Айгерим): Хорошо, дальше.", "Айгерим"),
    ("Interviewer Helen Marsh: Thank you.", "Helen Marsh"),
    ("Серик: Ладно, давайте.", "Серик"),
])
def test_speaker_labels_at_a_line_start_are_people(text, label):
    assert label in people(text)


def test_label_codes_are_not_people():
    text = "И: Как дела?\nР: Хорошо.\nУ1: Да.\nМодератор: Спасибо.\nRespondent: Yes."
    assert people(text) == []


@pytest.mark.parametrize("text, name", [
    ("A colleague, Yerlan, moved to Astana last year.", "Yerlan"),
    ("Then Bekzat said nothing at all.", "Bekzat"),
    ("We met Aizhan Serikovna at the office.", "Aizhan Serikovna"),
    ("Later Dauren Serikuly spoke to us.", "Dauren Serikuly"),
    ("Honestly, we talked about Henderson for an hour.", "Henderson"),
    ("The list was: Smith, Johnson, Zhanibekov and Akhmetova.", "Smith"),
    ("The list was: Smith, Johnson, Zhanibekov and Akhmetova.", "Zhanibekov"),
    ("The list was: Smith, Johnson, Zhanibekov and Akhmetova.", "Akhmetova"),
])
def test_english_speech_names(text, name):
    assert name in people(text, lang="en")


@pytest.mark.parametrize("text, place, lang", [
    ("She moved to Rudny in 2019.", "Rudny", "en"),
    ("We drove from Shalkar to Aktobe.", "Shalkar", "en"),
    ("Ол Шалқарда тұрады.", "Шалқарда", "kk"),
])
def test_small_towns_are_places(text, place, lang):
    found = [(text[s.start:s.end], s.category) for s in detect(text, lang=lang)]
    assert (place, PLACE) in found
    assert (place, PERSON) not in found


@pytest.mark.parametrize("text, org", [
    ("I went to PSC No. 5 and waited.", "PSC No. 5"),
    ("Я работала в ЦОН №3 города Павлодара два года.", "ЦОН №3 города Павлодара"),
    ("Павлодар қаласының №3 ХҚКО жабық.", "Павлодар қаласының №3 ХҚКО"),
])
def test_offices_with_a_number_are_organisations(text, org):
    found = [(text[s.start:s.end], s.category) for s in detect(text)]
    assert (org, ORGANISATION) in found


@pytest.mark.parametrize("text, place", [
    ("We flew from Philadelphia on Monday.", "Philadelphia"),
    ("They live in New York now.", "New York"),
    ("He studied in Virginia for a year.", "Virginia"),
    ("Она переехала в Лондон.", "Лондон"),
])
def test_world_places_are_places_not_people(text, place):
    found = [(text[s.start:s.end], s.category) for s in detect(text)]
    assert (place, PERSON) not in found
    assert (place, PLACE) in found


def test_a_found_name_is_found_again_in_lower_case_and_capitals():
    text = ("Helen Henderson came in. Later henderson said no, and HENDERSON shouted. "
            "Then helen left; the rose garden stayed.")
    assert people(text, lang="en") == ["Helen Henderson", "henderson", "HENDERSON", "helen"]


def test_a_language_or_place_name_is_no_misspelt_roster_name():
    # "Russian" is two letters off the key of "Руслан": a language, not a person
    roster = Roster.from_entries([RosterEntry("person", "Руслан Орлов", "P01"),
                                  RosterEntry("person", "Дана Ахметова", "P02")])
    assert entities("Languages of the study: Russian, Kazakh, English.", roster=roster) == []
    assert entities("They moved to Dania.", roster=roster, lang="en") == []
    assert entities("I spoke with Rusllan yesterday.", roster=roster, lang="en") == [("Rusllan", "Руслан Орлов")]
