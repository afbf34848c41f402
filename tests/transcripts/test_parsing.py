"""Transcript files to speaker turns: formats, encodings and bad input."""
import io

import docx
import pytest

from app.transcripts.layouts import read as parse
from app.transcripts.parsing import ParseError, format_of

RU = "Интервьюер: Расскажите о работе.\nАйгерим Сапарова: Я работаю в акимате.\nЭто второй абзац.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251"])
def test_plain_text_in_each_encoding_reads_the_same_turns(encoding):
    parsed = parse(RU.encode(encoding), "txt")
    assert [t.speaker for t in parsed.turns] == ["Интервьюер", "Айгерим Сапарова"]
    assert parsed.turns[1].text == "Я работаю в акимате.\nЭто второй абзац."
    assert parsed.labels == ["Интервьюер", "Айгерим Сапарова"]


def test_longer_cp1251_text_is_detected_not_garbled():
    text = ("Модератор: Добрый день, коллеги. Сегодня мы обсуждаем цифровые услуги акимата.\n"
            "Участник: Электронное правительство работает, но не всегда удобно для пожилых людей.\n")
    parsed = parse(text.encode("cp1251"), "txt")
    assert parsed.encoding == "cp1251"
    assert "пожилых людей" in parsed.text


@pytest.mark.parametrize("encoding", ["koi8_r", "cp866", "utf-16-be"])
def test_short_text_in_a_legacy_encoding_is_not_misread(encoding):
    parsed = parse("Айгерим: Привет, как дела? Всё хорошо.".encode(encoding), "txt")
    assert parsed.turns[0].text == "Привет, как дела? Всё хорошо." and parsed.labels == ["Айгерим"]


def test_text_in_another_script_is_still_read():
    parsed = parse("日本語のテキストです。これは試験です。".encode("shift_jis"), "txt")
    assert parsed.text == "日本語のテキストです。これは試験です。"


def test_a_sentence_with_a_colon_is_not_a_speaker():
    parsed = parse("Айгерим: Я скажу так: всё работает.\nи ещё одно: важно\n".encode(), "txt")
    assert [t.speaker for t in parsed.turns] == ["Айгерим"]
    assert parsed.turns[0].text.endswith("и ещё одно: важно")


def test_turn_offsets_index_the_text():
    parsed = parse(RU.encode(), "txt")
    for turn, (start, end) in zip(parsed.turns, parsed.offsets()):
        assert parsed.text[start:end] == turn.text


def test_docx_paragraphs_and_a_table_in_another_layout():
    """Two layouts in one document: the one that explains more wins; the other's rows are
    unattributed, never guessed."""
    document = docx.Document()
    document.add_paragraph("Interviewer: How long have you worked there?")
    document.add_paragraph("Dana: Five years.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Interviewer", "Thank you."
    out = io.BytesIO()
    document.save(out)
    parsed = parse(out.getvalue(), "docx")
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Interviewer", "How long have you worked there?"), ("Dana", "Five years."),
        (None, "Interviewer Thank you.")]
    assert parsed.turns[-1].kind == "unattributed"


def test_vtt_voice_tags_and_merged_cues():
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Moderator>Welcome, everyone.</v>\n\n"
           "00:00:03.500 --> 00:00:05.000\n<v Moderator>Let us start.\n\n"
           "00:00:05.000 --> 00:00:07.000\n<v.loud Dana Karimova>Thank <b>you</b>.</v>\n")
    parsed = parse(vtt.encode(), "vtt")
    assert [(t.speaker, t.text, t.time_code) for t in parsed.turns] == [
        ("Moderator", "Welcome, everyone. Let us start.", "00:00:01.000"),
        ("Dana Karimova", "Thank you.", "00:00:05.000")]


def test_srt_blocks_with_name_prefixes():
    srt = ("1\r\n00:00:01,000 --> 00:00:02,000\r\nИнтервьюер: Начнём?\r\n\r\n"
           "2\r\n00:00:02,500 --> 00:00:04,000\r\nАйгерим: Да,\r\nконечно.\r\n\r\n"
           "3\r\n00:00:04,000 --> 00:00:05,000\r\nспасибо.\r\n")
    parsed = parse(srt.encode(), "srt")
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Интервьюер", "Начнём?"), ("Айгерим", "Да, конечно."), (None, "спасибо.")]
    assert parsed.layout == "zoom" and parsed.turns[-1].kind == "unattributed"


@pytest.mark.parametrize("data, fmt, message", [
    (b"", "txt", "empty"),
    (b"   \n\n ", "txt", "empty"),
    (bytes(range(256)) * 8, "txt", "not text"),
    (b"\x00\x01\x02\x03PK\x05\x06" * 100, "txt", "not text"),
    (b"plain words, not a zip", "docx", "Word"),
    (b"1\n00:00:01.000 --> 00:00:02.000\nHi\n", "vtt", "WEBVTT"),
    (b"just words\n", "srt", "timings"),
])
def test_bad_input_is_refused_with_a_clear_message(data, fmt, message):
    with pytest.raises(ParseError, match=message):
        parse(data, fmt)


def test_unknown_extensions_are_refused():
    assert format_of("Interview.SRT") == "srt"
    with pytest.raises(ParseError, match="txt"):
        format_of("interview.pdf")
