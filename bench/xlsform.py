"""Reading, exporting and re-reading the 26 real XLSForms of ../shared/interop/xlsforms.

    python bench/xlsform.py [--shared ../shared]   (or DALA_SHARED=/path/to/shared)

For each form: Dala's read (with the same checks as the preview and Accept), rows kept, kept with
a note, left out, the export's pyxform conversion; and as the anchor measured in the same run,
pyxform converting the original workbook. Also a generated workbook whose sheet claims
1,048,576 rows (as LibreOffice writes). Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
import warnings
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from openpyxl import Workbook  # noqa: E402
from pyxform.xls2xform import convert  # noqa: E402

from app import create_app  # noqa: E402
from app.instruments import exchange  # noqa: E402
from app.instruments.xlsform import XLSFormError, write_xlsform  # noqa: E402
from config import TestingConfig  # noqa: E402


def timed(call):
    started = time.perf_counter()
    try:
        return call(), time.perf_counter() - started
    except Exception as error:  # noqa: BLE001 — a figure, not a failure
        return error, time.perf_counter() - started


def libreoffice_like(rows: int = 200) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    for n in range(rows):
        sheet.append(["text", f"q{n}", f"Question {n}"])
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(f'<dimension ref="A1:C{rows + 1}"/>'.encode(), b'<dimension ref="A1:AMJ1048576"/>')
                data = data.replace(b"</sheetData>", b'<row r="1048576"/></sheetData>')
            target.writestr(info, data)
    return patched.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=os.environ.get("DALA_SHARED") or os.path.join(ROOT, "..", "shared"))
    folder = os.path.join(parser.parse_args().shared, "interop", "xlsforms")
    warnings.simplefilter("ignore")
    app = create_app(TestingConfig)
    print(f"{'form':48} {'dala s':>7} {'pyxform s':>9} {'kept':>5} {'noted':>5} {'left':>5}  export")
    with app.test_request_context():
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            content = open(path, "rb").read()
            parsed, seconds = timed(lambda: exchange.read_checked(content))
            _result, anchor = timed(lambda: convert(xlsform=path, warnings=[]))
            if isinstance(parsed, XLSFormError):
                print(f"{name[:48]:48} {seconds:7.2f} {anchor:9.2f}  refused: {str(parsed)[:60]}")
                continue
            exported, _ = timed(lambda: convert(xlsform=io.BytesIO(write_xlsform(parsed.data)),
                                                file_type=".xlsx", warnings=[]))
            verdict = "converts" if not isinstance(exported, Exception) else f"FAILS {exported}"[:60]
            print(f"{name[:48]:48} {seconds:7.2f} {anchor:9.2f} {parsed.question_count:5d} "
                  f"{len(parsed.notes):5d} {len(parsed.problems):5d}  {verdict}")
        content = libreoffice_like()
        parsed, seconds = timed(lambda: exchange.read_checked(content))
        print(f"generated, dimension A1:AMJ1048576, 200 rows: {seconds:.2f} s, "
              f"{getattr(parsed, 'question_count', parsed)} questions")


if __name__ == "__main__":
    main()
