"""Excel-ready CSV: BOM, CRLF, Cyrillic intact, formulas inert, numbers and phones as they are."""
import csv
import io

from app.core.spreadsheets import excel_csv, inert


def test_formulas_are_inert_and_numbers_and_phones_are_not_touched():
    assert inert('=HYPERLINK("x")') == "'=HYPERLINK(\"x\")"
    assert inert("@SUM(A1)") == "'@SUM(A1)" and inert("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert inert("-2+3+cmd") == "'-2+3+cmd"
    assert inert("-3") == "-3" and inert("+7 700 000 00 00") == "+7 700 000 00 00" and inert("8 (727) 1") == "8 (727) 1"


def test_csv_has_bom_crlf_and_cyrillic():
    data = excel_csv([["имя", "телефон"], ["Айгерім Сәтбаева", "+7 701 000 00 00"], ["=1+1", None]])
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["имя", "телефон"], ["Айгерім Сәтбаева", "+7 701 000 00 00"], ["'=1+1", ""]]
