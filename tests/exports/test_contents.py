"""Bundle contents: rule 2 on turns, metadata by month, counts without original text."""
import csv
import io

from app.exports.contents import (
    WITHHELD,
    StudyFacts,
    TranscriptEntry,
    Turn,
    anonymisation_log_csv,
    metadata_csv,
    readme_text,
    session_type_counts,
    transcript_text,
)

ENTRY = TranscriptEntry(
    code="FG-01", session_type="focus_group", sector="LA", month="2026-10", language="ru",
    duration_minutes=120, speakers=[("FAC-1", "facilitator"), ("P01", "participant"), ("P02", "participant")],
    turns=[Turn("FAC-1", "Расскажите о портале.", is_staff=True), Turn("P01", "Я пользуюсь им каждый день.", 1),
           Turn("P02", "Я живу в [PLACE-2] и работаю в [LA-01].", 2)],
    replacements={"place": 1, "organisation": 1})


def test_a_non_consenting_participant_turn_is_withheld_and_the_rest_stays():
    text = transcript_text(ENTRY, consenting_ids={1})
    assert "Я пользуюсь им каждый день." in text and "Расскажите о портале." in text
    assert "Я живу" not in text and f"P02: {WITHHELD}" in text


def test_a_turn_by_nobody_known_is_withheld():
    entry = TranscriptEntry(**{**ENTRY.__dict__, "turns": [Turn("?", "Вступление без подписи.")]})
    assert "Вступление" not in transcript_text(entry, consenting_ids={1, 2})


def test_metadata_has_month_not_day_and_speakers_with_roles():
    rows = list(csv.reader(io.StringIO(metadata_csv([ENTRY]))))
    assert rows[0][:6] == ["transcript", "session_code", "part", "session_type", "sector", "month"]
    assert rows[1][:7] == ["FG-01", "FG-01", "1", "focus_group", "LA", "2026-10", "ru"]
    assert rows[1][7] == "FAC-1 (facilitator); P01 (participant); P02 (participant)"


def test_two_parts_of_one_session_have_rows_of_their_own():
    second = TranscriptEntry(**{**ENTRY.__dict__, "part": 2})
    rows = list(csv.reader(io.StringIO(metadata_csv([ENTRY, second]))))
    assert [r[:3] for r in rows[1:]] == [["FG-01", "FG-01", "1"], ["FG-01-part2", "FG-01", "2"]]
    log = list(csv.reader(io.StringIO(anonymisation_log_csv([ENTRY, second]))))
    assert [r[0] for r in log[1:]] == ["FG-01", "FG-01-part2"]


def test_anonymisation_log_counts_per_category_without_text():
    log = anonymisation_log_csv([ENTRY])
    rows = list(csv.reader(io.StringIO(log)))
    assert rows[1] == ["FG-01", "0", "1", "1", "0", "0", "0", "0", "2"]
    assert "живу" not in log


def test_readme_states_the_consent_basis_and_counts():
    text = readme_text(StudyFacts("Демо", "IRB-1", "Committee", "ru, kk, en"), session_type_counts([ENTRY]), "all", 1)
    assert "IRB-1" in text and "archiving and sharing" in text and "(1 in this bundle)" in text
    assert "focus_group: 1" in text


def test_metadata_of_many_transcripts_has_every_row_in_order():
    """Past a few KB the rows wait in a temporary file (issue 18: memory flat); the file a user
    opens is the same."""
    entries = [TranscriptEntry(**{**ENTRY.__dict__, "code": f"SSI-{n:04d}", "language": "kk"}) for n in range(1, 1501)]
    text = metadata_csv(entries)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == [f"SSI-{n:04d}" for n in range(1, 1501)]
    assert all(r[7] == "FAC-1 (facilitator); P01 (participant); P02 (participant)" for r in rows[1:])
    assert text.count("\r\n") == 1501 and len(text) > 100_000
