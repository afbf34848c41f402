"""XLSForm out and in: pyxform converts every export, the round trip keeps the questions,
and bad workbooks are refused or have their rows listed."""
import io

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from app.core.extensions import db
from app.instruments import exchange
from app.instruments.models import InstrumentKind, VersionStatus
from app.instruments.xlsform import XLSFormError, convert_check, read_xlsform, write_xlsform

from tests.instruments.conftest import make_instrument

COMPARED = ["name", "type", "text", "probes", "required", "choices", "scale_min", "scale_max",
            "scale_labels"]


def _questions(data):
    return [{k: q[k] for k in COMPARED} for s in data["sections"] for q in s["questions"]]


def _workbook(survey, choices=None, settings=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_has_the_xlsform_sheets_and_language_columns(team, approved):
    workbook = load_workbook(io.BytesIO(exchange.export_xlsform(approved)))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in workbook["survey"][1]]
    assert "label::English (en)" in header and "label::Russian (ru)" in header
    assert "hint::English (en)" in header
    types = [row[0] for row in workbook["survey"].iter_rows(min_row=2, values_only=True)]
    assert "select_one trust_choices" in types and "decimal" in types and "select_multiple services_choices" in types


def test_exported_file_converts_with_pyxform_and_round_trips(team, approved, tmp_path):
    path = tmp_path / "guide.xlsx"
    path.write_bytes(exchange.export_xlsform(approved))
    result = convert(xlsform=str(path))
    assert "<h:title>Service survey</h:title>" in result.xform
    parsed = read_xlsform(path.read_bytes())
    assert parsed.problems == []
    assert _questions(parsed.data) == _questions(exchange.version_to_data(approved))
    version = exchange.import_parsed(team["study"], parsed, None, InstrumentKind.QUESTIONNAIRE)
    db.session.commit()
    assert version.status == VersionStatus.DRAFT
    assert _questions(exchange.version_to_data(version)) == _questions(exchange.version_to_data(approved))


def test_import_into_an_existing_instrument_makes_its_next_draft(team, approved):
    parsed = read_xlsform(exchange.export_xlsform(approved))
    version = exchange.import_parsed(team["study"], parsed, None, InstrumentKind.QUESTIONNAIRE,
                                     instrument=approved.instrument)
    assert version.number == 2 and version.instrument == approved.instrument


def test_kazakh_only_and_cyrillic_texts_convert(team):
    version = make_instrument(team["study"], questions=[
        {"name": "q1", "type": "text", "text": {"kk": "Қызметтер туралы айтыңыз."}},
        {"name": "q2", "type": "yes_no", "text": {"ru": "Пользуетесь ли вы порталом?"}, "required": True}])
    convert_check(exchange.export_xlsform(version))


def test_a_kobo_form_keeps_what_dala_can_hold_and_lists_the_rest():
    survey = [
        ["type", "name", "label::English (en)", "label::Russian (ru)", "hint", "required", "relevant"],
        ["start", "start", "", "", "", "", ""],
        ["begin group", "g1", "Work", "Работа", "", "", ""],
        ["text", "role", "Your role?", "Ваша роль?", "Probe: since when?", "yes", ""],
        ["select_one yn", "used", "Used eGov?", "", "", "", ""],
        ["integer", "years", "Years in post?", "", "", "", "${used} = 'yes'"],
        ["geopoint", "where", "Location", "", "", "", ""],
        ["dance", "odd", "Unknown", "", "", "", ""],
        ["text", "blank", "", "", "", "", ""],
        ["end group", "", "", "", "", "", ""],
        ["select_multiple ch", "ch", "Channels?", "Каналы?", "", "", ""],
    ]
    choices = [["list_name", "name", "label::English (en)", "label::Russian (ru)"],
               ["yn", "yes", "Yes", "Да"], ["yn", "no", "No", "Нет"],
               ["ch", "web", "Web", "Сайт"], ["ch", "tel", "Phone", "Телефон"]]
    parsed = read_xlsform(_workbook(survey, choices, [["form_title", "form_id"], ["Kobo form", "kobo"]]))
    questions = _questions(parsed.data)
    assert [q["name"] for q in questions] == ["start", "role", "used", "years", "where", "ch"]
    assert [q["type"] for q in questions] == ["kept", "text", "yes_no", "integer", "kept", "multiple_choice"]
    assert questions[1]["required"] and questions[1]["probes"] == {"en": "Probe: since when?"}
    assert parsed.questions()[3]["relevant"] == "${used} = 'yes'"
    assert [(s["name"], s["kind"], s["title"]) for s in parsed.data["sections"]] == [
        ("", "plain", {"en": "General", "ru": "Общие вопросы", "kk": "Жалпы сұрақтар"}),
        ("g1", "group", {"en": "Work", "ru": "Работа"}),
        ("", "plain", {"en": "General", "ru": "Общие вопросы", "kk": "Жалпы сұрақтар"})]
    left_out = {p.row: p.reason for p in parsed.problems}
    assert sorted(left_out) == [8, 9]
    assert "Unknown question type dance" in left_out[8] and "no label" in left_out[9]
    kept = {p.row: p.reason for p in parsed.notes}
    assert "metadata" in kept[2] and "locations" in kept[7]


@pytest.mark.parametrize("content, message", [
    (b"name,type\nq1,text\n", "not an Excel workbook"),
    (b"", "not an Excel workbook"),
    (None, "no sheet named survey"),
])
def test_bad_workbooks_are_refused_with_a_reason(content, message):
    if content is None:
        book = Workbook()
        book.active.title = "questions"
        book.active.append(["type", "name", "label"])
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    with pytest.raises(XLSFormError, match=message):
        read_xlsform(content)


def test_a_survey_with_nothing_usable_is_refused():
    with pytest.raises(XLSFormError, match="no question"):
        read_xlsform(_workbook([["type", "name", "label"], ["dance", "c", "Hop"], ["text", "t", ""]]))


def test_a_metadata_only_form_is_refused_saying_so():
    with pytest.raises(XLSFormError, match="only device metadata"):
        read_xlsform(_workbook([["type", "name"], ["start", "start"], ["end", "end"], ["deviceid", "d"]]))


def test_a_select_without_its_choice_list_is_listed():
    parsed = read_xlsform(_workbook([["type", "name", "label"], ["select_one nolist", "s", "Pick"],
                                     ["text", "t", "Tell"]]))
    assert parsed.problems[0].row == 2 and "choice list nolist" in parsed.problems[0].reason


def test_texts_that_pyxform_would_misread_still_convert():
    data = {"title": "=Title", "form_id": "f", "version": "1", "sections": [
        {"name": "s", "title": {"en": "S"}, "questions": [
            {"name": "q1", "type": "text", "text": {"en": "=SUM(A1) costs"}, "probes": {},
             "required": False, "choices": [], "scale_min": None, "scale_max": None, "scale_labels": {}},
            {"name": "q2", "type": "text", "text": {"en": "And ${q1} again?"}, "probes": {},
             "required": False, "choices": [], "scale_min": None, "scale_max": None, "scale_labels": {}}]}]}
    workbook = write_xlsform(data)
    convert_check(workbook)
    texts = [q["text"]["en"] for q in _questions(read_xlsform(workbook).data)]
    assert texts == ["=SUM(A1) costs", "And ${q1} again?"]


def test_columns_in_languages_dala_does_not_hold_are_kept_for_the_round_trip():
    parsed = read_xlsform(_workbook([["type", "name", "label::English (en)", "label::French (fr)",
                                      "media::image", "guidance_hint::English (en)"],
                                     ["text", "t", "Tell", "Dites", "t.png", "Slowly"]]))
    assert parsed.problems == []
    question = parsed.questions()[0]
    assert question["text"] == {"en": "Tell"}
    assert question["xlsform"]["columns"] == {"label::French (fr)": "Dites", "media::image": "t.png",
                                              "guidance_hint::English (en)": "Slowly"}
    again = read_xlsform(write_xlsform(parsed.data)).questions()[0]
    assert again["xlsform"]["columns"] == question["xlsform"]["columns"]
