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
