"""Reading a workbook safely: caps on unpacked size, rows and columns checked before or while
reading, the used range only, and any malformed workbook refused in one line, never a 500."""
import io
import zipfile

import pytest
from openpyxl import Workbook

from app.core.extensions import db
from app.instruments import exchange
from app.instruments.models import Instrument
from app.instruments.xlsform import XLSFormError
from app.instruments.xlsform_read import MAX_COLUMNS, MAX_ROWS, read_xlsform
from tests.support.shared import shared_dir

BASE = "/studies/{}/instruments"


def _book(survey, choices=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices:
        extra = book.create_sheet("choices")
        for row in choices:
            extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_part(content: bytes, part: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == part else source.read(info.filename))
    return out.getvalue()


SIMPLE = [["type", "name", "label"], ["text", "a", "Tell me"]]
KOBO = shared_dir() / "interop" / "xlsforms" / "kobo_sample_xlsform.xlsx"  # has a sharedStrings part


def test_a_damaged_shared_strings_part_is_one_line_refusal():
    content = _replace_part(KOBO.read_bytes(), "xl/sharedStrings.xml", b"<sst><si><t>broken")
    with pytest.raises(XLSFormError, match="damaged and cannot be read"):
        read_xlsform(content)


def test_an_old_xls_saved_under_xlsx_is_told_to_save_it_as_xlsx():
    with pytest.raises(XLSFormError, match="save it as .xlsx"):
        read_xlsform(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)


def test_a_question_library_is_told_apart():
    book = Workbook()
    book.active.title = "library"
    book.active.append(["type", "name", "label"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(XLSFormError, match="question library"):
        read_xlsform(out.getvalue())


def test_a_small_file_that_unpacks_huge_is_refused_before_reading():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(XLSFormError, match="unpacks to"):
        read_xlsform(bomb.getvalue())


def test_too_many_rows_or_columns_are_refused():
    rows = [["type", "name", "label"]] + [["text", f"q{n}", "Q"] for n in range(MAX_ROWS["survey"] + 1)]
    with pytest.raises(XLSFormError, match="more than 3000 rows"):
        read_xlsform(_book(rows))
    wide = [["type", "name", "label", *[f"c{n}" for n in range(MAX_COLUMNS)]], ["text", "a", "A"]]
    with pytest.raises(XLSFormError, match="columns"):
        read_xlsform(_book(wide))


def test_a_sheet_declared_to_row_1048576_is_read_to_its_last_row():
    content = _book(SIMPLE)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:AMJ1048576"/>')
    assert b"AMJ1048576" in sheet
    parsed = read_xlsform(_replace_part(content, "xl/worksheets/sheet1.xml", sheet))
    assert [q["name"] for q in parsed.questions()] == ["a"]


CHOICES = [["list_name", "name", "label"], ["l", "a b", "Spaced"], ["l", "x", "X"], ["l", "y", "Y"],
           ["l", "x", "X again"]]


def test_choice_names_with_spaces_or_twice_are_reported_with_list_and_row():
    parsed = read_xlsform(_book([["type", "name", "label"], ["select_one l", "s", "Pick"]], CHOICES))
    reasons = {p.row: p.reason for p in parsed.problems}
    assert "\"a b\" of list l (row 2) has a space" in reasons[2]
    assert "\"x\" appears twice in list l (rows 3 and 5)" in reasons[5]
    assert [c["value"] for c in parsed.questions()[0]["choices"]] == ["x", "y"]


@pytest.mark.parametrize("content, message", [
    (_replace_part(KOBO.read_bytes(), "xl/sharedStrings.xml", b"\xff\xfe garbage"), "damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "save it as .xlsx"),
])
def test_the_web_preview_answers_a_malformed_workbook_with_its_reason(content, message, team, login, ctx):
    response = login(team["coordinator"]).post(
        BASE.format(team["study"].id) + "/import",
        data={"file": (io.BytesIO(content), "form.xlsx"), "kind": "questionnaire", "instrument": "0"},
        content_type="multipart/form-data")
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.query(Instrument).count() == 0


def test_what_the_preview_shows_is_what_accept_creates(team, login, ctx):
    content = _book([["type", "name", "label", "relevant"], ["select_one l", "s", "Pick", ""],
                     ["text", "bad name", "Bad", ""], ["integer", "n", "Number", "${s} = 'x'"]], CHOICES)
    client = login(team["coordinator"])
    page = client.post(BASE.format(team["study"].id) + "/import",
                       data={"file": (io.BytesIO(content), "form.xlsx"), "kind": "questionnaire",
                             "instrument": "0"}, content_type="multipart/form-data").get_data(as_text=True)
    assert "list l (row 2) has a space" in page and "bad name" in page
    preview = exchange.read_checked(content)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    response = client.post(BASE.format(team["study"].id) + "/import/accept",
                           data={"token": token, "kind": "questionnaire", "instrument": "0"})
    assert response.status_code == 302
    version = db.session.query(Instrument).one().versions[0]
    assert [q.name for q in version.questions] == [q["name"] for q in preview.questions()] == ["s", "n"]
    assert version.questions[1].relevant == "${s} = 'x'"
