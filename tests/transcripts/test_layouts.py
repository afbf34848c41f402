"""Every layout a transcript comes in: detected, each turn given to the right speaker or to
nobody, and never a line given to a speaker without evidence."""
import io
import zipfile

import docx
import pytest

from app.transcripts import layouts
from app.transcripts.parsing import ParseError
from tests.support.shared import shared_dir
from tests.transcripts import layout_files


def _turns(parsed):
    return [(t.speaker, t.kind) for t in parsed.turns]


@pytest.mark.parametrize("name", sorted(layout_files.ALL))
def test_each_layout_is_detected_and_every_turn_has_the_right_speaker(name):
    filename, data, expected = layout_files.ALL[name]()
    parsed = layouts.read(data, filename.rsplit(".", 1)[1])
    assert parsed.layout == name.split("-")[0]
    assert _turns(parsed) == expected


def test_zoom_names_with_brackets_keep_their_own_words():
    _name, data, _expected = layout_files.zoom_vtt()
    parsed = layouts.read(data, "vtt")
    words = {t.speaker: [] for t in parsed.turns}
    for t in parsed.turns:
        words[t.speaker].append(t.text)
    assert words["Dana K."] == ["Yes. One thing: the sound is low.", "I agree."]
    assert words["Aigerim S. (University)"] == ["Good morning, can you hear me?", "Let us begin. First question."]
    assert parsed.turns[0].time_code == "00:00:01.200"


def test_an_unlabelled_paragraph_is_never_glued_to_the_speaker_before_it():
    parsed = layouts.read("Айгерим: Первый ответ.\n\nА это сказал кто-то другой.\n".encode(), "txt")
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Айгерим", "Первый ответ."), (None, "А это сказал кто-то другой.")]
    assert parsed.turns[1].kind == "unattributed"


def test_metadata_lines_are_not_speakers():
    parsed = layouts.read("Дата: 12.03.2024\nМесто: школа № 3\nТема: портал\n\nИнтервьюер: Начнём.\n"
                          "Респондент: Хорошо.\n".encode(), "txt")
    assert parsed.labels == ["Интервьюер", "Респондент"]
    assert [t.kind for t in parsed.turns[:3]] == ["not_speech"] * 3


def test_a_colon_inside_a_subtitle_names_nobody():
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello.\n\n"
            "00:00:02.000 --> 00:00:04.000\nThe answer is simple: yes.\n\n"
            "00:00:04.000 --> 00:00:05.000\nImportant: remember this.\n")
    parsed = layouts.read(text.encode(), "vtt")
    assert parsed.labels == ["Ann"]
    assert [t.speaker for t in parsed.turns] == ["Ann", None]


@pytest.mark.parametrize("path", sorted(p.name for p in (shared_dir() / "interop" / "subtitles").iterdir()))
def test_real_subtitle_files_parse_without_a_false_speaker(path):
    file = shared_dir() / "interop" / "subtitles" / path
    parsed = layouts.read(file.read_bytes(), file.suffix[1:])
    assert parsed.turns and parsed.labels == []
    assert all(t.speaker is None for t in parsed.turns)


def test_another_layout_can_be_chosen():
    _name, data, _expected = layout_files.dala_txt()
    parsed = layouts.read(data, "txt", layout="plain")
    assert parsed.layout == "plain" and parsed.labels == []
    with pytest.raises(ParseError, match="layout"):
        layouts.read(data, "txt", layout="teams")


def test_candidates_rank_the_layouts_of_a_format():
    _name, data, _expected = layout_files.teams_docx()
    found = {c.layout.code: c for c in layouts.candidates(layouts.source_of(data, "docx"))}
    assert set(found) == {"teams", "word_transcribe", "docx_table", "whisper", "dala", "plain"}
    assert found["teams"].coverage > 0.7 and found["plain"].coverage == 0


# --- bad input ----------------------------------------------------------------------------

def test_mixed_layouts_keep_the_other_layout_unattributed():
    text = ("Модератор: Начнём.\nАйгерим: Хорошо.\nМодератор: Ещё вопрос.\nАйгерим: Отвечаю подробно.\n\n"
            "Dana Karimova  0:15\nSomething in Otter's shape.\n")
    parsed = layouts.read(text.encode(), "txt")
    assert parsed.layout == "dala"
    assert _turns(parsed)[-1] == (None, "unattributed")
    assert "Dana Karimova" not in parsed.labels


def test_empty_and_overlapping_cues():
    text = ("WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v Ann>Later cue first.\n\n"
            "00:00:01.000 --> 00:00:06.000\n<v Bob>Overlapping.\n\n00:00:06.000 --> 00:00:07.000\n\n\n"
            "00:00:07.000 --> 00:00:08.000\n<v Ann>End.\n")
    parsed = layouts.read(text.encode(), "vtt")
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Ann", "Later cue first."), ("Bob", "Overlapping."), ("Ann", "End.")]


def test_only_empty_cues_is_a_clear_message():
    with pytest.raises(ParseError, match="no transcript text"):
        layouts.read(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", "vtt")


def test_a_docx_with_images_only_is_a_clear_message():
    document = docx.Document()
    document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ParseError, match="no transcript text"):
        layouts.read(out.getvalue(), "docx")


def test_a_label_longer_than_80_characters_is_not_a_speaker():
    label = "Очень " * 16 + "Длинное"
    parsed = layouts.read(f"Модератор: Вопрос.\n\n{label}: текст.\nМодератор: Ещё.\n".encode(), "txt")
    assert parsed.labels == ["Модератор"]
    assert _turns(parsed) == [("Модератор", "speech"), (None, "unattributed"), ("Модератор", "speech")]


def test_ten_thousand_speakers_is_a_clear_message():
    text = "".join(f"Speaker {n}: words number {n}.\n" for n in range(10_000))
    with pytest.raises(ParseError, match="at most 200"):
        layouts.read(text.encode(), "txt")


def test_a_docx_that_unpacks_too_large_is_refused_before_parsing():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(ParseError, match="unpacks to more than"):
        layouts.read(out.getvalue(), "docx")
