"""CSV in two flavours. Plain Python.

- "excel": what Excel opens as columns in the user's regional settings: a semicolon for
  Russian and Kazakh (their list separator), a comma for English; UTF-8 with a BOM (Cyrillic
  and Kazakh intact), CRLF, and no cell that a spreadsheet would run as a formula.
- "plain": RFC 4180 for R and Python: comma, CRLF, UTF-8 without BOM, values as they are.
"""
import csv
import io
import re
from collections.abc import Iterable, Iterator

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


EXCEL, PLAIN = "excel", "plain"
FLAVOURS = (EXCEL, PLAIN)
SEMICOLON_LANGUAGES = ("ru", "kk")  # Excel's list separator under these regional settings


def excel_delimiter(lang: str | None) -> str:
    return ";" if (lang or "")[:2] in SEMICOLON_LANGUAGES else ","


def excel_csv(rows: Iterable[Iterable[object]], delimiter: str = ",") -> bytes:
    """Rows (the first one the header) as Excel-ready CSV bytes."""
    return b"".join(_pieces(rows, delimiter, inert, "\ufeff"))


def plain_csv(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as RFC 4180 CSV: comma, CRLF, UTF-8 without BOM, every value as it is."""
    return b"".join(_pieces(rows, ",", _as_text, ""))


def csv_bytes(rows: Iterable[Iterable[object]], flavour: str = EXCEL, lang: str | None = None) -> bytes:
    """Rows in the chosen flavour; Excel's separator follows the interface language `lang`."""
    return plain_csv(rows) if flavour == PLAIN else excel_csv(rows, excel_delimiter(lang))


def csv_chunks(rows: Iterable[Iterable[object]], flavour: str = EXCEL, lang: str | None = None,
               batch: int = 500) -> Iterator[bytes]:
    """The bytes of `csv_bytes(rows, flavour, lang)` in pieces of `batch` rows, the first piece
    (the BOM and the header row) at once: a download streamed while its rows are still read."""
    if flavour == PLAIN:
        return _pieces(rows, ",", _as_text, "", batch)
    return _pieces(rows, excel_delimiter(lang), inert, "\ufeff", batch)


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def _pieces(rows: Iterable[Iterable[object]], delimiter: str, cell, bom: str,
            batch: int = 500) -> Iterator[bytes]:
    """The one CSV writer (CRLF, UTF-8, `bom` before the first row, every value through `cell`),
    in pieces: the first row alone, then `batch` rows at a time."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    out.write(bom)
    pending, first = 0, True
    for row in rows:
        writer.writerow([cell(value) for value in row])
        pending += 1
        if pending >= batch or first:  # the header row goes out alone, at once
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
            pending, first = 0, False
    if pending or (first and bom):
        yield out.getvalue().encode("utf-8")
