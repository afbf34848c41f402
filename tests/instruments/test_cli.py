"""`flask instruments ...`: list, export (converts with pyxform), import, one-line errors."""
from openpyxl import Workbook
from pyxform.xls2xform import convert

from app.core.extensions import db
from app.instruments import services
from app.instruments.models import Instrument, VersionStatus


def test_list_prints_every_version_of_the_study(runner, team, approved):
    result = runner.invoke(args=["instruments", "list", "--study", str(team["study"].id)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{approved.id}\tService survey\tstructured_interview\tv1\tapproved\t7 questions"]


def test_export_then_import_gives_the_same_questions(runner, team, approved, tmp_path):
    out = tmp_path / "survey.xlsx"
    result = runner.invoke(args=["instruments", "export-xlsform", "--version", str(approved.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "<h:title>Service survey</h:title>" in convert(xlsform=str(out)).xform
    assert list(tmp_path.iterdir()) == [out]
    result = runner.invoke(args=["instruments", "import-xlsform", "--study", str(team["study"].id),
                                 "--yes", str(out)])
    assert result.exit_code == 0, result.output
    assert "7 questions" in result.output
    db.session.expire_all()
    imported = db.session.query(Instrument).order_by(Instrument.id.desc()).first()
    assert imported.versions[0].status == VersionStatus.DRAFT
    assert [q.name for q in imported.versions[0].questions] == [q.name for q in approved.questions]


def test_import_creates_nothing_unless_accepted(runner, team, approved, tmp_path):
    out = tmp_path / "survey.xlsx"
    runner.invoke(args=["instruments", "export-xlsform", "--version", str(approved.id), "--out", str(out)])
    result = runner.invoke(args=["instruments", "import-xlsform", "--study", str(team["study"].id), str(out)],
                           input="n\n")
    assert result.exit_code == 1 and "Nothing was imported." in result.output
    assert len(services.instruments_of(team["study"])) == 1


def test_bad_input_gives_one_line_and_exit_code_1(runner, team, tmp_path):
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("plain text")
    book = Workbook()
    book.active.title = "questions"
    wrong_sheets = tmp_path / "wrong.xlsx"
    book.save(wrong_sheets)
    study = str(team["study"].id)
    cases = [
        (["list", "--study", "999999"], "Error: No study has id 999999."),
        (["export-xlsform", "--version", "999999", "--out", str(tmp_path / "x.xlsx")],
         "Error: No instrument version has id 999999."),
        (["import-xlsform", "--study", study, str(not_a_workbook)],
         "Error: This file is not an Excel workbook (.xlsx)."),
        (["import-xlsform", "--study", study, str(wrong_sheets)],
         "Error: The workbook has no sheet named survey; is it an XLSForm?"),
        (["import-xlsform", "--study", study, str(tmp_path / "missing.xlsx")],
         f"Error: No such file: {tmp_path / 'missing.xlsx'}."),
    ]
    for args, line in cases:
        result = runner.invoke(args=["instruments", *args])
        assert result.exit_code == 1, args
        assert result.output.strip().splitlines() == [line]
