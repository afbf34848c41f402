import json

import pytest
from click.testing import CliRunner

from app.anonymise.cli import anonymise_cli

from .conftest_data import ROSTER_CSV

DOCS = [
    {"id": "t1", "text": "Интервью с Абишевой. Тел. +7 701 234 56 78."},
    {"id": "t2", "lang": "kk", "text": "Тәжібаевқа хат жаздық, Марина Соколова да келді."},
]


@pytest.fixture
def files(tmp_path):
    infile = tmp_path / "in.jsonl"
    infile.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS),
                      encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_CSV, encoding="utf-8")
    return tmp_path, str(infile), str(roster)


def run(*args):
    return CliRunner().invoke(anonymise_cli, [str(a) for a in args])


def lines(output):
    return [json.loads(line) for line in output.splitlines()]


def test_detect_writes_spans_per_document(files):
    _, infile, roster = files
    result = run("detect", "--roster", roster, infile)
    assert result.exit_code == 0, result.output
    rows = lines(result.output)
    assert [r["id"] for r in rows] == ["t1", "t2"]
    text = DOCS[0]["text"]
    assert [(text[s["start"]:s["end"]], s["category"], s["source"]) for s in rows[0]["spans"]] == [
        ("Абишевой", "person", "roster"), ("+7 701 234 56 78", "contact", "pattern:phone")]


def test_apply_writes_texts_and_keeps_the_key(files):
    tmp, infile, roster = files
    key = tmp / "key.json"
    result = run("apply", "--roster", roster, "--key", key, infile)
    assert result.exit_code == 0, result.output
    rows = lines(result.output)
    assert rows[0]["text"] == "Интервью с [P01]. Тел. [CONTACT-1]."
    assert rows[1]["text"] == "[P03] хат жаздық, [PERSON-1] да келді."
    stored = json.loads(key.read_text(encoding="utf-8"))
    assert {"category": "person", "name": "Марина Соколова", "pseudonym": "PERSON-1"} in \
        stored["entries"]
    again = run("apply", "--key", key, infile)
    assert lines(again.output) == rows


def test_missing_input_file_fails_with_one_line(files):
    tmp, _, _ = files
    result = run("detect", tmp / "nope.jsonl")
    assert result.exit_code != 0
    assert result.output.count("\n") == 1 and "cannot read" in result.output


@pytest.mark.parametrize("content, message", [
    ('{"id": 1, "text": "ok"}\nnot json\n', "2: not a JSON object"),
    ('{"id": 1, "body": "no text"}\n', '1: missing "text"'),
    ('[1, 2]\n', '1: missing "text"'),
])
def test_bad_lines_fail_and_write_nothing(tmp_path, content, message):
    infile = tmp_path / "bad.jsonl"
    infile.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(anonymise_cli, ["detect", str(infile)])
    assert result.exit_code != 0
    assert message in result.output
    assert "{" not in result.output


def test_bad_key_file_fails_and_is_left_alone(files):
    tmp, infile, _ = files
    key = tmp / "key.json"
    key.write_text("{broken", encoding="utf-8")
    result = run("apply", "--key", key, infile)
    assert result.exit_code != 0 and "cannot read key" in result.output
    assert key.read_text(encoding="utf-8") == "{broken"


def test_bad_roster_fails(files):
    tmp, infile, _ = files
    roster = tmp / "r.csv"
    roster.write_text("name\nX\n", encoding="utf-8")
    result = run("detect", "--roster", roster, infile)
    assert result.exit_code != 0 and "cannot read roster" in result.output


def test_empty_input_gives_empty_output(tmp_path):
    infile = tmp_path / "empty.jsonl"
    infile.write_text("\n", encoding="utf-8")
    result = run("detect", infile)
    assert result.exit_code == 0 and result.output == ""


def test_progress_bar_goes_to_stderr_only(tmp_path):
    infile = tmp_path / "many.jsonl"
    infile.write_text("".join(json.dumps({"id": i, "text": "Звоните 87051112233."}) + "\n"
                              for i in range(60)), encoding="utf-8")
    result = CliRunner().invoke(anonymise_cli, ["detect", "--no-ner", str(infile)])
    assert result.exit_code == 0
    assert len(lines(result.stdout)) == 60


@pytest.mark.parametrize("content, message", [
    (b'{"id": 1, "text": "ok"}\n\xff\xfe\x00junk\n', "2: not UTF-8 text"),
    (b'\n\n{"id": 1, "text": "ok"}\n\x00\x01\x02\n', "4: not a JSON object"),
    ('{"id": 1, "text": "Ерлан \\ud800 Тулегенов"}\n'.encode(), "1: \"text\" holds an unpaired"),
    (b'{"id": 1, "text": "ok", "spans": 5}\n', "1: cannot process"),
    (b'{"id": 1, "text": "ok", "spans": [{"start": 0}]}\n', "1: cannot process"),
    (b"[" * 100000 + b"\n", "1: not a JSON object"),
])
def test_bad_input_gives_one_line_naming_the_line(tmp_path, content, message):
    infile = tmp_path / "bad.jsonl"
    infile.write_bytes(content)
    for command in ("detect", "apply"):
        result = CliRunner().invoke(anonymise_cli, [command, str(infile)])
        if command == "detect" and "cannot process" in message:
            continue  # spans given to "detect" are not read
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert message in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("text", [
    "a" * 50000,                                  # a long line without spaces
    "Ә" * 30000 + " Ерлан Тулегенов",
    "😀" * 5000 + " Ерлан Тулегенов 😀 Almaty 🇰🇿",  # emoji and a flag
    ".-" * 20000,                                 # punctuation only
    "А-" * 20000,
    "Ерланbekov" * 2000 + " Mixed ЛатиницаLatin",  # mixed scripts in one word
    "\u200b\u00a0\t \u2028 \ufeff",
])
def test_odd_text_gives_spans_within_bounds(tmp_path, text):
    infile = tmp_path / "odd.jsonl"
    infile.write_text(json.dumps({"id": "x", "text": text}) + "\n\n", encoding="utf-8")
    result = run("detect", "--lang", "auto", infile)
    assert result.exit_code == 0, result.output
    (row,) = lines(result.output)
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in row["spans"])
