"""One word per concept: each catalogue says what docs/glossary.csv chose, never a rejected synonym.

An English message uses a concept when it holds one of the concept's English terms as whole
words (plural and possessive allowed); longer terms are taken first, so "participant
observation" is not also "participant". Recruitment statuses and attendance words are matched
only as the label itself ("Withdrawn", "Mark withdrawn", "Back to identified"). A translation
uses the chosen word when it holds one of its forms with any ending (Russian and Kazakh inflect);
a rejected synonym is refused in every message, or only in the concept's own messages when it
shares its stem with a word another concept chose (ru одобрение is the study's ethics approval,
not the approval of a version).
"""
import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs/glossary.csv"
LANGUAGES = ["ru", "kk"]
VOWELS = {"ru": "аеёиоуыэюяйь", "kk": "аәеиоөуұүыіэюяйь"}
LABEL_CONCEPTS = ("recruitment status:", "attendance:")
PLACEHOLDER = re.compile(r"%(\([a-z_]+\))?[sd%]")


def _rows() -> list[dict]:
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _stem(word: str, lang: str) -> str:
    """A regex for the word with any ending: final vowels dropped (Russian infinitive -ть
    too), and Kazakh к/қ/п allowed to voice before a suffix (тармақ, тармағы)."""
    if lang == "ru":
        word = re.sub(r"(ться|ть)$", "", word)
    for _ in range(2):
        if len(word) > 3 and word[-1] in VOWELS[lang]:
            word = word[:-1]
    pattern = re.escape(word)
    if lang == "kk" and len(word) > 3 and word[-1] in "кқп":
        pattern = pattern[:-1] + {"к": "[кг]", "қ": "[қғ]", "п": "[пб]"}[word[-1]]
    return pattern


def _pattern(term: str, lang: str) -> re.Pattern:
    words = term.lower().split()
    return re.compile(r"(?<!\w)" + r"\w*\s+".join(_stem(w, lang) for w in words) + r"\w*")


def _forms(cell: str, lang: str) -> list[re.Pattern]:
    return [_pattern(term.strip(), lang) for term in cell.split("|") if term.strip()]


def _terms(cell: str) -> list[str]:
    return [term.strip().lower() for term in cell.split(";") if term.strip()]


def _entries(lang: str) -> list[tuple[str, list[str]]]:
    """(English text, translations) of every message; plural messages give every form."""
    with (ROOT / f"app/translations/{lang}/LC_MESSAGES/messages.po").open("rb") as f:
        catalogue = read_po(f)
    entries = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english = " / ".join(PLACEHOLDER.sub(" ", text).lower() for text in ids)
        entries.append((english, [s.lower() for s in strings if s]))
    return entries


def _concepts_in(english: str, rows: list[dict]) -> set[str]:
    """The concepts an English message names, longest terms first."""
    found = set()
    label = english.strip(" .")
    for row in rows:
        if row["concept"].startswith(LABEL_CONCEPTS):
            if any(label in (t, f"mark {t}", f"back to {t}") for t in _terms(row["en"])):
                found.add(row["concept"])
    terms = sorted(((t, row["concept"]) for row in rows if not row["concept"].startswith(LABEL_CONCEPTS)
                    for t in _terms(row["en"])), key=lambda pair: -len(pair[0]))
    for term, concept in terms:
        pattern = re.compile(r"(?<![\w-])" + re.escape(term) + r"(s|es|'s)?(?![\w-])")
        if pattern.search(english):
            found.add(concept)
            english = pattern.sub("\0", english)
    return found


def _chosen_texts(rows: list[dict], lang: str) -> list[str]:
    return [term.strip().lower() for row in rows for term in row[lang].split("|")]


def test_the_glossary_decides_every_concept_in_both_languages():
    rows = _rows()
    assert len({row["concept"] for row in rows}) == len(rows)
    for row in rows:
        assert row["en"] and row["ru"] and row["kk"], row["concept"]
        for lang in LANGUAGES:
            own = row[lang].lower()
            clashing = [t for t in _terms(row[f"rejected_{lang}"]) if _pattern(t, lang).search(own)]
            assert clashing == [], f"{row['concept']}: rejected {clashing} is a form of the chosen {own}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_concept_is_said_with_the_glossary_word(lang):
    rows = {row["concept"]: row for row in _rows()}
    wrong = []
    for english, strings in _entries(lang):
        for concept in _concepts_in(english, list(rows.values())):
            forms = _forms(rows[concept][lang], lang)
            wrong += [f"{concept}: {english!r} -> {s!r}" for s in strings
                      if not any(f.search(s) for f in forms)]
    assert wrong == [], f"{len(wrong)} translations do not use the glossary word:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_rejected_synonym_is_used(lang):
    rows = _rows()
    chosen = _chosen_texts(rows, lang)
    entries = _entries(lang)
    found = []
    for row in rows:
        for term in _terms(row[f"rejected_{lang}"]):
            pattern = _pattern(term, lang)
            everywhere = not any(pattern.search(text) for text in chosen)
            for english, strings in entries:
                if everywhere or row["concept"] in _concepts_in(english, rows):
                    found += [f"{row['concept']}: {term!r} in {s!r}" for s in strings if pattern.search(s)]
    assert found == [], f"{len(found)} rejected synonyms:\n" + "\n".join(found)
