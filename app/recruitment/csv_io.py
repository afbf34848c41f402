"""CSV in and out, as coordinators keep organisations and participants in spreadsheets.

Import is two steps: a preview that names every row's problem, then the import of a clean
file. Export is for Excel (the list separator of the interface language, UTF-8 with a BOM) or
plain RFC 4180 CSV; coded values (sector, gender, languages, status) come as the word in the
interface language and, in a second column, the code. An export imports again as it is: the
code columns win over the words, the pseudonym, status and date columns are read but not
imported, and "referred by" may name a participant of the same file by its pseudonym there.
"""
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import aliased

from app.core.audit import services as audit
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.labels import LANGUAGE_LABELS
from app.core.security import CONTROL_CHARACTERS
from app.core.spreadsheets import EXCEL, csv_bytes, csv_chunks
from app.recruitment import services
from app.recruitment.labels import GENDER_LABELS, RECRUITMENT_LABELS, SECTOR_LABELS
from app.recruitment.models import SECTOR_PREFIX, Organisation, Participant, Sector

COLUMNS = {
    "organisations": ["name", "sector", "region", "notes"],
    "participants": ["name", "organisation", "position", "gender", "languages", "email", "phone",
                     "referred_by", "notes"],
}
ALIASES = {"имя": "name", "фио": "name", "название": "name", "сектор": "sector", "регион": "region",
           "заметки": "notes", "организация": "organisation", "organization": "organisation",
           "должность": "position", "пол": "gender", "языки": "languages", "e-mail": "email",
           "телефон": "phone", "рекомендовал": "referred_by", "referred by": "referred_by"}
CONTACT_COLUMNS = ("email", "phone")
EXPORT_BATCH = 500  # participants read and written at a time by the streamed export
# The code beside a column's word in an export; on import the code wins over the word.
CODE_COLUMNS = {"sector": "sector_code", "gender": "gender_code", "languages": "language_codes"}
# Written by an export for the reader; an import reads past them (a new participant starts as
# identified, with the next pseudonym of the study).
EXPORT_ONLY = {"organisations": ("pseudonym",),
               "participants": ("pseudonym", "sector", "sector_code", "status", "status_code", "status_changed_at")}


class CsvRefused(DomainError):
    """The file cannot be imported as it is."""


@dataclass
class Row:
    line: int
    values: dict
    problems: list[str] = field(default_factory=list)
    file_pseudonym: str = ""  # the participant's pseudonym in the file it comes from (an export)


@dataclass
class Preview:
    kind: str
    columns: list[str]
    rows: list[Row]
    file_problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.file_problems and bool(self.rows) and not any(r.problems for r in self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.file_problems) + sum(bool(r.problems) for r in self.rows)

    @property
    def rows_with_problems(self) -> int:
        """Issue 15: rows only; problems of the whole file are said apart, not counted as rows."""
        return sum(bool(r.problems) for r in self.rows)


# The longest value each column takes, as the form and the database do (text notes as the form).
MAX_LENGTHS = {"name": 200, "position": 200, "email": 254, "phone": 64, "region": 200, "notes": 5000}
ORGANISATION_NAME_MAX = 300


def decode(raw: bytes) -> str:
    """Text from an uploaded file: UTF-8 (with or without BOM), else Windows-1251; control
    characters (NUL among them, which neither csv nor PostgreSQL accept) are dropped."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251", errors="replace")
    return CONTROL_CHARACTERS.sub("", text)


def preview(study, kind: str, text: str) -> Preview:
    """Every row of the file with its problems named; nothing is saved."""
    result = Preview(kind, COLUMNS[kind], [])
    try:
        return _preview(study, kind, CONTROL_CHARACTERS.sub("", text), result)
    except csv.Error as error:
        result.rows = []
        result.file_problems.append(_("The file is not a readable CSV file (%(error)s).", error=str(error)))
        return result


def _preview(study, kind: str, text: str, result: Preview) -> Preview:
    reader = _reader(text)
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in (reader.fieldnames or [])]
    if "name" not in header:
        result.file_problems.append(_("The file has no “name” column."))
        return result
    known = {*COLUMNS[kind], *(CODE_COLUMNS[c] for c in COLUMNS[kind] if c in CODE_COLUMNS), *EXPORT_ONLY[kind]}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        result.file_problems.append(_("Unknown columns: %(names)s.", names=", ".join(unknown)))
    reader.fieldnames = header
    context = _Context(study)
    for line, raw in enumerate(reader, start=2):
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS[kind]}
        for column, code_column in CODE_COLUMNS.items():
            if column in values and (raw.get(code_column) or "").strip():
                values[column] = raw[code_column].strip()
        if any(values.values()):
            row = Row(line, values)
            row.file_pseudonym = (raw.get("pseudonym") or "").strip().lower()
            _check_lengths(kind, row)
            (_check_organisation if kind == "organisations" else context.check_participant)(row)
            result.rows.append(row)
    if not result.rows and not result.file_problems:
        result.file_problems.append(_("The file has no rows."))
    return result


def _reader(text: str) -> csv.DictReader:
    """A reader for a comma, semicolon or tab separated file; the header line, where no value
    holds a separator of its own, tells which (an Excel file in Russian uses semicolons)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=counts.get)
    if counts[delimiter]:
        return csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text), dialect=dialect)


def _lookup(labels: dict, value: str):
    wanted = value.strip().lower()
    for key, label in labels.items():
        if wanted in {str(key).lower(), str(label).lower()}:
            return key
    return None


def parse_sector(value: str) -> Sector | None:
    prefixes = {prefix.lower(): sector for sector, prefix in SECTOR_PREFIX.items()}
    return _lookup(SECTOR_LABELS, value) or prefixes.get(value.strip().lower())


def _check_lengths(kind: str, row: Row) -> None:
    for column, value in row.values.items():
        limit = ORGANISATION_NAME_MAX if (kind, column) == ("organisations", "name") else MAX_LENGTHS.get(column)
        if limit and len(value) > limit:
            row.problems.append(ngettext("“%(column)s” is longer than %(num)d character.",
                                         "“%(column)s” is longer than %(num)d characters.", limit, column=column))


def _check_organisation(row: Row) -> None:
    if not row.values["name"]:
        row.problems.append(_("The name is missing."))
    if not row.values["sector"]:
        row.problems.append(_("The sector is missing."))
    elif parse_sector(row.values["sector"]) is None:
        row.problems.append(_("Unknown sector “%(value)s”.", value=row.values["sector"]))


class _Context:
    """What participant rows are checked against, loaded once per file."""

    def __init__(self, study):
        self.study = study
        self.orgs = {}
        for org in services.organisations_of(study):
            self.orgs[org.name.lower()] = org
            self.orgs[org.pseudonym.lower()] = org
        rows = db.session.execute(sa.select(Participant.id, Participant.pseudonym, Participant.name,
                                            Participant.email).where(Participant.study_id == study.id))
        self.pseudonyms, self.names, self.emails = {}, {}, {}
        for pid, pseudonym, name, email in rows:
            self.pseudonyms[pseudonym.lower()] = pid
            self.names[" ".join(name.split()).lower()] = pseudonym
            if email:
                self.emails[email.lower()] = pseudonym
        self.seen_names: dict[str, int] = {}
        self.file_pseudonyms: set[str] = set()  # of the file's rows read so far

    def check_participant(self, row: Row) -> None:
        v, problems = row.values, row.problems
        if not v["name"]:
            problems.append(_("The name is missing."))
        if v["organisation"] and v["organisation"].lower() not in self.orgs:
            problems.append(_("Unknown organisation “%(value)s”.", value=v["organisation"]))
        if v["gender"] and _lookup(GENDER_LABELS, v["gender"]) is None:
            problems.append(_("Unknown gender “%(value)s”.", value=v["gender"]))
        bad_langs = [code for code in _split(v["languages"]) if _lookup(LANGUAGE_LABELS, code) is None]
        if bad_langs:
            problems.append(_("Unknown language “%(value)s”.", value=", ".join(bad_langs)))
        if v["email"]:
            try:
                validate_email(v["email"], check_deliverability=False)
            except EmailNotValidError:
                problems.append(_("“%(value)s” is not a valid e-mail address.", value=v["email"]))
        referrer = v["referred_by"].lower()
        if referrer and referrer not in self.pseudonyms and referrer not in self.file_pseudonyms:
            problems.append(_("“Referred by” must be the pseudonym of a participant already in the study "
                              "or of an earlier row of this file."))
        self._check_duplicate(row)
        if row.file_pseudonym:
            self.file_pseudonyms.add(row.file_pseudonym)

    def _check_duplicate(self, row: Row) -> None:
        name = " ".join(row.values["name"].split()).lower()
        email = row.values["email"].lower()
        existing = self.names.get(name) or (email and self.emails.get(email))
        if name and existing:
            row.problems.append(_("Likely duplicate of participant %(pseudonym)s.", pseudonym=existing))
        elif name in self.seen_names:
            row.problems.append(_("Same name as line %(line)s of this file.", line=self.seen_names[name]))
        self.seen_names.setdefault(name, row.line)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def import_file(study, kind: str, text: str, actor) -> int:
    """Import a clean file, all rows or none; returns how many records were created."""
    result = preview(study, kind, text)
    if not result.clean:
        raise CsvRefused(_("The file still has problems; nothing was imported."))
    context = _Context(study) if kind == "participants" else None
    created: dict[str, int] = {}  # the file's pseudonym -> the new participant's id
    for row in result.rows:
        if kind == "organisations":
            v = row.values
            services.create_organisation(study, actor, name=v["name"], sector=parse_sector(v["sector"]),
                                         region=v["region"] or None, notes=v["notes"] or None)
        else:
            person = services.create_participant(study, actor, **_participant_fields(context, row.values, created))
            if row.file_pseudonym:
                created[row.file_pseudonym] = person.id
    audit.record(actor, f"{kind}.import", study, entity_type="studies", after={"rows": len(result.rows)})
    return len(result.rows)


def _participant_fields(context: _Context, v: dict, created: dict[str, int]) -> dict:
    org = context.orgs.get(v["organisation"].lower()) if v["organisation"] else None
    referrer = v["referred_by"].lower()
    return {"name": v["name"], "organisation_id": org.id if org else None,
            "position": v["position"] or None,
            "gender": _lookup(GENDER_LABELS, v["gender"]) if v["gender"] else None,
            "languages": [_lookup(LANGUAGE_LABELS, code) for code in _split(v["languages"])],
            "email": v["email"] or None, "phone": v["phone"] or None,
            "referred_by_id": (created.get(referrer) or context.pseudonyms.get(referrer)) if referrer else None,
            "notes": v["notes"] or None}


# --- export ------------------------------------------------------------------------------

def export_participants(study, with_contacts: bool, flavour: str = EXCEL, lang: str | None = None) -> bytes:
    """All participants as CSV (for Excel in `lang`, or plain); contact columns only when allowed."""
    return b"".join(participants_csv(study, with_contacts, flavour, lang))


def participants_csv(study, with_contacts: bool, flavour: str = EXCEL, lang: str | None = None) -> Iterator[bytes]:
    """The bytes of `export_participants` in pieces, the header row first, before any row is read
    (issue 18: a download of 50,000 participants streams instead of holding its request for
    half a minute): one query, read a batch at a time, each row written as it comes."""
    return csv_chunks(_participant_rows(study, with_contacts), flavour, lang)


def _participant_rows(study, with_contacts: bool) -> Iterator[list]:
    columns = ["pseudonym", "name", "organisation", "sector", "sector_code", "position", "gender", "gender_code",
               "languages", "language_codes", "status", "status_code", "status_changed_at", "referred_by", "notes"]
    if with_contacts:
        columns[10:10] = list(CONTACT_COLUMNS)
    yield columns
    # the words of the coded values, in the interface language, looked up once, not once a row
    sectors, genders = _words(SECTOR_LABELS), _words(GENDER_LABELS)
    statuses, languages_of = _words(RECRUITMENT_LABELS), _words(LANGUAGE_LABELS)
    referrer = aliased(Participant)
    query = (sa.select(Participant.pseudonym, Participant.name, Organisation.name, Organisation.sector,
                       Participant.position, Participant.gender, Participant.languages, Participant.email,
                       Participant.phone, Participant.status, Participant.status_changed_at, referrer.pseudonym,
                       Participant.notes)
             .select_from(Participant)
             .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
             .outerjoin(referrer, referrer.id == Participant.referred_by_id)
             .where(Participant.study_id == study.id).order_by(Participant.id)
             .execution_options(yield_per=EXPORT_BATCH))  # a server-side cursor on PostgreSQL
    for (pseudonym, name, org_name, sector, position, gender, languages, email, phone, status, changed_at,
         referred_by, notes) in db.session.execute(query):
        row = {"pseudonym": pseudonym, "name": name, "organisation": org_name or "",
               "sector": sectors[sector] if sector else "", "sector_code": sector.value if sector else "",
               "position": position or "", "gender": genders[gender] if gender else "",
               "gender_code": gender.value if gender else "",
               "languages": ", ".join(languages_of.get(c, c) for c in languages or []),
               "language_codes": ", ".join(languages or []), "email": email or "", "phone": phone or "",
               "status": statuses[status], "status_code": status.value,
               "status_changed_at": changed_at.date().isoformat(), "referred_by": referred_by or "",
               "notes": notes or ""}
        yield [row[c] for c in columns]


def _words(labels: dict) -> dict:
    return {key: str(label) for key, label in labels.items()}


def export_organisations(study, flavour: str = EXCEL, lang: str | None = None) -> bytes:
    columns = ["pseudonym", "name", "sector", "sector_code", "region", "notes"]
    rows = ({"pseudonym": o.pseudonym, "name": o.name, "sector": str(SECTOR_LABELS[o.sector]),
             "sector_code": o.sector.value, "region": o.region or "", "notes": o.notes or ""}
            for o in services.organisations_of(study))
    return _csv(columns, rows, flavour, lang)


def _csv(columns: list[str], rows, flavour: str, lang: str | None) -> bytes:
    return csv_bytes([columns, *([row.get(c, "") for c in columns] for row in rows)], flavour, lang)
