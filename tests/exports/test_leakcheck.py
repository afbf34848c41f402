"""The leak check finds a planted name in any inflected form, and contacts in any format."""
from app.anonymise import Roster, RosterEntry
from app.exports.leakcheck import find_leaks

ROSTER = Roster.from_entries([
    RosterEntry("person", "Гульмира Ерлановна Сатпаева", "P03"),
    RosterEntry("person", "Dariga Tulenova", "P04"),
    RosterEntry("organisation", "Акимат района Сарыбел", "LA-01"),
])
CONTACTS = ["+7 701 555 12 34", "g.satpayeva@example.kz"]


def test_a_clean_bundle_has_no_leaks():
    files = [("transcripts/FG-01.txt", "[P03]: Мы обсуждали портал с [P04] из [LA-01].")]
    assert find_leaks(files, ROSTER, CONTACTS) == []


def test_an_inflected_surname_is_caught_with_file_and_line():
    files = [("transcripts/FG-01.txt", "[P03]: Всё хорошо.\n[P04]: Я говорила с Сатпаевой вчера.")]
    leaks = find_leaks(files, ROSTER, CONTACTS)
    assert [(leak.file, leak.line, leak.what) for leak in leaks] == [("transcripts/FG-01.txt", 2, "person")]


def test_a_phone_in_another_format_and_an_email_are_caught():
    files = [("metadata.csv", "P03,87015551234\n"), ("README.txt", "Write to G.Satpayeva@example.kz")]
    found = {(leak.file, leak.what) for leak in find_leaks(files, ROSTER, CONTACTS)}
    # the address also spells the surname Сатпаева in Latin letters: a person too
    assert found == {("metadata.csv", "phone"), ("README.txt", "contact"), ("README.txt", "person")}


def test_the_report_names_no_identity():
    leaks = find_leaks([("a.txt", "Dariga Tulenova said so.")], ROSTER, CONTACTS)
    assert leaks and all("Dariga" not in repr(leak) for leak in leaks)


def test_a_surname_in_latin_letters_is_caught_and_an_english_word_like_its_stem_is_not():
    roster = Roster.from_entries([RosterEntry("person", "Гульмира Тестова", "P01")])
    files = [("README.txt", "Test study\nTests and testing.\n"),
             ("transcripts/FG-01.txt", "P02: Ask Testova.\nP02: Спросите у Тестовой.\nP02: Ask Testovoy.\n")]
    leaks = find_leaks(files, roster, [])
    assert [(leak.file, leak.line, leak.what) for leak in leaks] == [
        ("transcripts/FG-01.txt", 1, "person"), ("transcripts/FG-01.txt", 2, "person"),
        ("transcripts/FG-01.txt", 3, "person")]
