"""An XLSForm that unpacks to far more than it weighs is refused before openpyxl opens it."""
import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from app.core import unpacking
from app.instruments.xlsform import XLSFormError, read_xlsform


def _bomb(unpacked: int, entries: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(entries):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", b"<x>" + b"0" * unpacked + b"</x>")
    return out.getvalue()


def test_a_workbook_that_unpacks_too_large_is_refused_with_memory_flat():
    data = _bomb(64 * 1024 * 1024)
    assert len(data) < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(XLSFormError, match="unpacks to more than"):
            read_xlsform(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_a_workbook_with_too_many_parts_is_refused():
    with pytest.raises(XLSFormError, match="more than 2000 parts"):
        read_xlsform(_bomb(1, entries=unpacking.MAX_ENTRIES + 1))


def test_an_ordinary_workbook_still_passes_the_check():
    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.append(["text", "q1", "Question"])
    out = io.BytesIO()
    book.save(out)
    unpacking.check_zip(out.getvalue())  # no refusal
    assert read_xlsform(out.getvalue()).data["sections"]
