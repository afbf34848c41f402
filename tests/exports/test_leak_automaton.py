"""The leak check's automata: they find on every line what the anonymisation engine's roster
matcher finds reading the whole text (names in any inflected form, Kazakh or Russian, broken
over a line), and the trie expression matches exactly its words."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import Roster, RosterEntry
from app.anonymise.normalise import ENDINGS
from app.exports.leakcheck import LeakCheck, _letter_class, _trie_first_letters_apart, find_leaks, trie_pattern

ROSTER = Roster.from_entries([
    RosterEntry("person", "Гульмира Ерлановна Сатпаева", "P03"),
    RosterEntry("person", "Айбек Нұрланұлы Жақсыбеков", "P05"),
    RosterEntry("person", "Dariga Tulenova", "P04"),
    RosterEntry("organisation", "Акимат района Сарыбел", "LA-01"),
    RosterEntry("place", "Қарағанды", "PL-01"),
])
NAME_WORDS = ["Гульмира", "Сатпаева", "Айбек", "Жақсыбеков", "Dariga", "Tulenova", "Акимат", "района",
              "Сарыбел", "Қарағанды", "Ерлановна"]
FILLER = ["портал", "услуга", "мы", "обсуждали", "вчера", "данные", "цифровой", "и", "с", "в", "Портал",
          "Ақпарат", "ли", "гуль", "сат", "Айбар", "Tulen", "citizens", "—", "12", "P03"]
ENDING_LIST = sorted(ENDINGS) + ["", "", ""]


def _reference(text: str) -> set[tuple[int, str]]:
    """What the roster matcher finds over the whole text: (line, category) of each span."""
    return {(text.count("\n", 0, span.start) + 1, span.category) for span in ROSTER.matcher.find(text)}


word = st.one_of(
    st.sampled_from(FILLER),
    st.builds(lambda w, e, lower: (w + e).lower() if lower else w + e,
              st.sampled_from(NAME_WORDS), st.sampled_from(ENDING_LIST), st.booleans()),
)
text = st.lists(st.tuples(word, st.sampled_from([" ", " ", " ", "\n", ", ", " «"])), max_size=40).map(
    lambda pairs: "".join(w + sep for w, sep in pairs))


@settings(max_examples=300, deadline=None)
@given(text)
def test_the_automaton_finds_what_the_roster_matcher_finds(sample):
    found = {(leak.line, leak.what) for leak in find_leaks([("f.txt", sample)], ROSTER, [])}
    assert _reference(sample) <= found


def test_inflected_kazakh_and_russian_forms_and_a_name_over_two_lines():
    check = LeakCheck(ROSTER, [])
    text = ("Начало.\nМы были в Қарағандыда и говорили с Жақсыбековым.\n"
            "Потом пришёл представитель\nАкимата района\nСарыбел, и всё.\nЧистая строка.")
    leaks = {(leak.line, leak.what) for leak in check.scan("t.txt", text)}
    assert (2, "place") in leaks and (2, "person") in leaks and (4, "organisation") in leaks
    assert not any(line in (1, 6) for line, _what in leaks)


def test_a_bundle_sized_clean_text_finds_nothing():
    check = LeakCheck(ROSTER, ["+7 701 555 12 34", "g.satpayeva@example.kz"])
    clean = ("[P03]: Мы обсуждали портал с [P04] из [LA-01] в [PL-01]. Телефон 8 (700) 000-00-00.\n" * 2000)
    assert check.scan("big.txt", clean) == []


def test_contacts_in_any_case_and_phones_in_any_format():
    check = LeakCheck(ROSTER, ["+7 701 555 12 34", "G.Satpayeva@Example.kz", "@gulmira_s"])
    text = "a\nпишите g.satpayeva@EXAMPLE.kz\nзвоните 8-701-555-12-34\nили @GULMIRA_S"
    # "GULMIRA" is also Гульмира's first name written in Latin letters: a person too
    assert {(leak.line, leak.what) for leak in check.scan("t.txt", text)} == {
        (2, "contact"), (3, "phone"), (4, "contact"), (4, "person")}


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text(alphabet="абвгдеёжзaz-.'’", min_size=1, max_size=8), min_size=1, max_size=30),
       st.text(alphabet="абвгдеёжзaz-.'’", min_size=1, max_size=8))
def test_the_trie_expression_matches_exactly_its_words(words, other):
    pattern = re.compile(trie_pattern(words))
    assert all(pattern.fullmatch(w) for w in words)
    assert bool(pattern.fullmatch(other)) == (other in words)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text(alphabet="аекоуыбнс-'", min_size=1, max_size=6), min_size=1, max_size=30),
       st.text(alphabet="аәеёкқоөуүұыібнң-'’", min_size=1, max_size=6))
def test_the_names_expression_with_its_first_letters_apart_matches_what_the_trie_does(stems, other):
    """The names search writes each first letter on its own (faster); a word in any of the
    letters the engine folds together (Kazakh ә for а, ё for е) matches as with the trie."""
    letter_by_letter = re.compile(_trie_first_letters_apart(stems))
    trie = re.compile(trie_pattern(stems, _letter_class))
    for candidate in [*stems, other, other + "а"]:
        assert bool(letter_by_letter.fullmatch(candidate)) == bool(trie.fullmatch(candidate))


def test_a_phone_after_a_plus_or_in_brackets_is_found_on_its_line():
    check = LeakCheck(ROSTER, ["8 701 555 12 34"])
    text = "a\nb\nзвоните +7 (701) 555-12-34, спасибо\nc"
    assert [(leak.line, leak.what) for leak in check.scan("t.txt", text)] == [(3, "phone")]
