"""Helpers of the hostile-input suite: find every form by crawling the pages a user reaches,
generate hostile values for its fields, and take a fingerprint of everything stored."""
import hashlib
import io
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import sqlalchemy as sa
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from app.consent.models import ConsentFormVersion, ConsentRecord
from app.core.extensions import db
from app.fieldwork.models import FieldSession
from app.instruments.models import InstrumentVersion
from app.transcripts.models import Transcript

EXAMPLES = int(os.environ.get("DALA_HYPOTHESIS_EXAMPLES", "4"))

XSS = ["<script>window.__xss=1</script>", "<img src=x onerror=\"window.__xss=1\">",
       "\"><svg onload=window.__xss=1>", "javascript:window.__xss=1"]
SQL = ["'; DROP TABLE users; --", "Robert'); DELETE FROM participants; --", "1 OR 1=1", "%' OR '%'='"]
SCRIPTS = ["Айгуль Демеуова", "Әлем, Қазақстан! ұңғөүһі", "مرحبا بالعالم", "שלום", "\u202eevil\u202c",
           "👩‍👩‍👧🇰🇿", "\ufeffBOM", "e\u0301\u0301\u0301", "中文名字", "ǅ\u00df\u0130"]
CONTROL = ["\x00", "a\x00b", "\x01\x02\x1b[31m", "\x7f", "\r\n\r\n", "\t", "\x0b\x0c", "\u2028\u2029"]
ODD = ["", " ", "   ", "None", "null", "NaN", "-1", "0", "9" * 40, "-" + "9" * 40, "1e309", "inf",
       "{{ 7*7 }}", "../../etc/passwd", "%00", "%s%n", "\\", "'", "\""]
NASTY = XSS + SQL + SCRIPTS + CONTROL + ODD
DATES = ["0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "0000-00-00",
         "-0001-01-01", "2026-02-29", "1970-01-01", "", "tomorrow", "2026-1-1"]
TIMES = ["T00:00", "T23:59", "T24:00", "T99:99", "", "T12:00:00"]
NUMBERS = ["0", "-1", "-2147483649", "2147483648", "9223372036854775808", "9" * 40, "NaN", "nan",
           "inf", "-inf", "1e309", "1.5", "", " 7 ", "0x10", "１２"]


def text_values(max_long: int = 60_000):
    long = st.sampled_from([301, 1001, 5001, max_long]).flatmap(
        lambda n: st.sampled_from(["x", "Ә", "😀", "<b>", "\x00"]).map(lambda c: c * n))
    generated = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
    mixed = st.lists(st.sampled_from(NASTY), min_size=2, max_size=4).map("".join)
    return st.one_of(st.sampled_from(NASTY), generated, mixed, long)


def date_values(with_time: bool = False):
    base = st.sampled_from(DATES)
    if with_time:
        base = st.tuples(base, st.sampled_from(TIMES)).map("".join)
    return st.one_of(base, st.sampled_from(NASTY))


def number_values():
    return st.one_of(st.sampled_from(NUMBERS), st.integers().map(str), st.sampled_from(NASTY))


def choice_values(options: list[str]):
    nasty = st.sampled_from(NASTY + NUMBERS)
    return st.one_of(st.sampled_from(options), nasty) if options else nasty


def csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    lines = "\r\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    return lines.encode(encoding, errors="replace")


def _xlsx(cells: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    for index, text in enumerate(cells):
        sheet.append(["text", f"q{index}", text])
    book.create_sheet("choices").append(["list_name", "name", "label"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _clean_for_xlsx(text: str) -> str:
    return "".join(c for c in text if c >= " " or c in "\t\n\r")


def file_values():
    """(bytes, filename, content type): wrong types, sizes, encodings and hostile contents."""
    cell = st.sampled_from(NASTY)
    header = st.sampled_from([["name", "sector", "region", "notes"],
                              ["name", "organisation", "position", "email", "phone", "notes"],
                              ["\x00", "<script>"], []])
    csv_file = st.tuples(header, st.lists(st.lists(cell, min_size=1, max_size=6), max_size=4),
                         st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1"])).map(
        lambda t: (csv_bytes([t[0], *t[1]], t[2]), "hostile.csv", "text/csv"))
    text_file = st.tuples(st.lists(cell, min_size=1, max_size=8), st.sampled_from(["utf-8", "utf-16", "cp1251"]),
                          st.sampled_from(["t.txt", "t.vtt", "t.srt", "t.docx"])).map(
        lambda t: (("Speaker 1: " + "\nSpeaker 2: ".join(t[0])).encode(t[1], errors="replace"), t[2], "text/plain"))
    xlsx_file = st.lists(cell.map(_clean_for_xlsx), min_size=1, max_size=4).map(
        lambda cells: (_xlsx(cells), "form.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    odd = st.sampled_from([
        (b"", "empty.csv", "text/csv"),
        (b"", "", "application/octet-stream"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 100, "scan.pdf", "application/pdf"),
        (b"%PDF-1.4 truncated", "scan.txt", "text/plain"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scan.png", "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "scan.jpg", "image/jpeg"),
        (b"<html><script>window.__xss=1</script></html>", "page.html", "text/html"),
        (b"MZ\x90\x00" + b"\x00" * 200, "tool.exe", "application/x-msdownload"),
        (b"PK\x03\x04" + b"\x00" * 100, "broken.xlsx", "application/zip"),
        (b"PK\x03\x04" + b"\x00" * 100, "broken.docx", "application/zip"),
        (bytes(range(256)) * 8, "binary.csv", "text/csv"),
        (b"\x00" * 2048, "nul.txt", "text/plain"),
        (b"a,b\n" * (300_000), "big.csv", "text/csv"),
        (b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "huge.pdf", "application/pdf"),
        ("\ufeffname\nÆ\x00".encode("utf-16-le"), "../../../evil.csv", "text/csv"),
        (b"name\n\xc3\x28\xa0\xa1", "bad-utf8.csv", "text/csv"),
    ])
    return st.one_of(odd, csv_file, text_file, xlsx_file)


def study_start(study_id: int) -> list[str]:
    """The study's pages whose forms only show in some states: drafts, transcripts in review,
    answers."""
    base = f"/studies/{study_id}"
    urls = ["/", f"{base}/"]
    for version in db.session.scalars(sa.select(InstrumentVersion).filter_by(study_id=study_id, status="draft")):
        urls += [f"{base}/instruments/versions/{version.id}",
                 f"{base}/instruments/versions/{version.id}/questions/new"]
        urls += [f"{base}/instruments/versions/{version.id}/questions/{q.id}/edit" for q in version.questions[:1]]
        urls += [f"{base}/instruments/versions/{version.id}/sections/{s.id}/edit" for s in version.sections[:1]]
    versions = list(db.session.scalars(sa.select(ConsentFormVersion).filter_by(study_id=study_id)))
    urls += [f"{base}/consent/versions/{v.id}/edit" for v in versions if v.status == "draft"]
    urls += [f"{base}/consent/versions/{v.id}" for v in versions]
    transcripts = db.session.scalars(sa.select(Transcript).filter_by(study_id=study_id))
    urls += [f"{base}/transcripts/{t.id}" for t in transcripts]
    records = db.session.scalars(sa.select(ConsentRecord).filter_by(study_id=study_id).limit(3))
    urls += [f"{base}/consent/records/{r.id}" for r in records]
    sessions = db.session.scalars(sa.select(FieldSession).where(
        FieldSession.study_id == study_id, FieldSession.instrument_version_id.is_not(None)))
    urls += [f"{base}/sessions/{s.id}/answers" for s in sessions]
    return urls


@dataclass
class Field:
    name: str
    kind: str
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    method: str
    page: str
    fields: dict[str, Field] = field(default_factory=dict)

    def strategy(self):
        strategies = {}
        for f in self.fields.values():
            if f.kind == "file":
                strategies[f.name] = file_values()
            elif f.kind in ("date", "datetime-local"):
                strategies[f.name] = date_values(f.kind == "datetime-local")
            elif f.kind == "number":
                strategies[f.name] = number_values()
            elif f.kind in ("select", "radio", "checkbox", "select-multiple"):
                strategies[f.name] = choice_values(f.options)
            elif f.kind == "submit":
                continue
            else:
                strategies[f.name] = text_values()
        return st.fixed_dictionaries(strategies)


class FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.links = page, [], []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value") or "")
        elif tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            self._form = Form(urljoin(self.page, a.get("action") or self.page),
                              (a.get("method") or "get").lower(), self.page)
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            existing = self._form.fields.get(a["name"])
            if existing and kind in ("radio", "checkbox"):
                existing.options.append(a.get("value") or "on")
            else:
                opts = [a.get("value") or "on"] if kind in ("radio", "checkbox") else []
                self._form.fields[a["name"]] = Field(a["name"], kind, opts, a.get("value") or "")
        elif tag == "textarea":
            self._form.fields[a["name"]] = Field(a["name"], "textarea")
        elif tag == "select":
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = self._form.fields[a["name"]] = Field(a["name"], kind)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def parse_page(url: str, html: str) -> FormParser:
    parser = FormParser(url)
    parser.feed(html)
    return parser


SKIP_PATHS = ("/logout", "/static/")
# downloads (PDFs, spreadsheets, calendars, JSON): no forms in them, and rendering a PDF to
# throw it away only slowed the crawl
DOWNLOADS = (".pdf", ".csv", ".ics", ".json")


def _endpoint(adapter, path: str, method: str = "GET") -> str | None:
    try:
        return adapter.match(path, method=method)[0]
    except HTTPException:
        return None


def crawl(app, client, start: list[str], per_endpoint: int = 1, limit: int = 200) -> list[Form]:
    """Every distinct form on the `start` pages and on the pages reachable from them by links
    (`per_endpoint` of each kind)."""
    adapter = app.url_map.bind("localhost")
    seen, queue, visits, forms = set(start), list(start), {}, {}
    while queue and sum(visits.values()) < limit:
        url = queue.pop(0)
        endpoint = _endpoint(adapter, urlsplit(url).path)
        if endpoint is None or (visits.get(endpoint, 0) >= per_endpoint and url not in start):
            continue
        visits[endpoint] = visits.get(endpoint, 0) + 1
        response = client.get(url, follow_redirects=True)
        response.close()  # a download (a bundle, a PDF) holds its file open until closed
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        url = response.request.path + (f"?{response.request.query_string.decode()}"
                                       if response.request.query_string else "")
        parsed = parse_page(url, response.get_data(as_text=True))
        for form in parsed.forms:
            path = urlsplit(form.action).path
            form_endpoint = _endpoint(adapter, path, form.method.upper())
            if form_endpoint is None or any(path.startswith(p) for p in SKIP_PATHS) or not form.fields:
                continue
            forms.setdefault((form_endpoint, form.method, tuple(sorted(form.fields))), form)
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.netloc not in ("", "localhost") or any(parts.path.startswith(p) for p in SKIP_PATHS):
                continue
            if parts.path.endswith(DOWNLOADS):
                continue
            if parts.query and "page=" not in parts.query:
                continue  # sorting and filtering links show the same forms
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen and visits.get(_endpoint(adapter, parts.path), 0) < per_endpoint:
                seen.add(local)
                queue.append(local)
    return list(forms.values())


DIGEST = bool(os.environ.get("DALA_HYPOTHESIS_DIGEST"))


def _count_every_table():
    """SELECT 'table', count(*) FROM table UNION ALL ... over every table of the app."""
    return sa.union_all(*(sa.select(sa.literal_column(f"'{table.name}'").label("name"),
                                    sa.func.count().label("rows")).select_from(table)
                          for table in db.metadata.sorted_tables))


def fingerprint(folder: str) -> tuple[dict, dict]:
    """Row counts of every table (with DALA_HYPOTHESIS_DIGEST, a digest of its rows too: slower,
    catches updates) and the files, with sizes, under `folder`."""
    tables = {}
    if DIGEST:
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(sa.select(table)).all()
            tables[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:16])
    else:  # every table's count in one statement, not one per table
        tables = {name: count for name, count in db.session.execute(_count_every_table())}
    files = {str(p.relative_to(folder)): p.stat().st_size
             for p in Path(folder).rglob("*") if p.is_file()}
    db.session.rollback()
    return tables, files


def is_rejection(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code != 200 or response.mimetype != "text/html":
        return False
    html = response.get_data(as_text=True)
    return 'class="error"' in html or 'class="form-errors"' in html or "flash-error" in html
