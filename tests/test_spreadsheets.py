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


def test_csv_in_pieces_is_byte_for_byte_the_csv_in_one_piece_the_header_first():
    from app.core.spreadsheets import EXCEL, PLAIN, csv_bytes, csv_chunks
    rows = [["имя", "заметки"], *([f"Участник {n}", "=1+1" if n % 3 else "строка\r\nдве; «и»"] for n in range(23))]
    for flavour, lang in ((EXCEL, "ru"), (EXCEL, "kk"), (EXCEL, "en"), (PLAIN, "ru")):
        pieces = list(csv_chunks(rows, flavour, lang, batch=5))
        assert b"".join(pieces) == csv_bytes(rows, flavour, lang)
        assert pieces[0] == csv_bytes(rows[:1], flavour, lang)  # the header row alone, at once
        assert len(pieces) == 1 + 5  # 23 rows, 5 at a time
    assert b"".join(csv_chunks([], EXCEL, "ru")) == csv_bytes([], EXCEL, "ru") == "\ufeff".encode()
    assert b"".join(csv_chunks([], PLAIN)) == csv_bytes([], PLAIN) == b""
