"""CSV that Excel opens safely: UTF-8 with a BOM (Cyrillic and Kazakh intact), CRLF, and no
cell that a spreadsheet would run as a formula. Plain Python."""
import csv
import io
import re
from collections.abc import Iterable

# Digits with phone punctuation (+7 700 000 00 00, -3) cannot call a function: left as they are.
_NUMERIC = re.compile(r"[+-][\d\s().-]*\d[\d\s().-]*")


def inert(value: object) -> str:
    """The cell's text, with a leading apostrophe where it would start a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "@", "\t", "\r"):
        return "'" + text
    if text[:1] in ("+", "-") and not (_NUMERIC.fullmatch(text) or _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def excel_csv(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows (the first one the header) as Excel-ready CSV bytes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([inert(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")
