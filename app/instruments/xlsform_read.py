"""Reading an XLSForm made in KoboToolbox or ODK into the plain data of `xlsform`.

Every row is either kept (as a question Dala asks, or as one it keeps only for the round trip,
listed in `Parsed.notes` with the reason) or left out (listed in `Parsed.problems` with the
reason). Every column Dala does not use is kept verbatim on its row. No database, no app."""
import io
import re
import warnings
import zipfile

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from app.core import unpacking
from app.instruments.xlsform import (
    LANGUAGE_WORDS,
    Parsed,
    Problem,
    XLSFormError,
    is_scale,
    scale_from,
)

# Caps checked before anything is read (unpacked sizes) and while reading (rows, columns).
MAX_UNPACKED_BYTES = 30 * 1024 * 1024  # all parts of the workbook, unpacked
MAX_PART_BYTES = 12 * 1024 * 1024  # one part (a sheet, the shared strings)
MAX_RATIO = 150  # unpacked / packed: a bigger ratio is a zip bomb, not a questionnaire
MAX_ROWS = {"survey": 3000}
MAX_OTHER_ROWS = 30000  # choices (long cascading lists) and other sheets
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10000

HELD_TEXTS = {"label": "text", "hint": "probes", "constraint_message": "constraint_message",
              "required_message": "required_message"}
SIMPLE_TYPES = {"text": "text", "string": "text", "integer": "integer", "int": "integer",
                "decimal": "number", "note": "note", "date": "date", "time": "time",
                "datetime": "datetime", "acknowledge": "acknowledge", "calculate": "calculate"}
METADATA = {"start", "end", "today", "deviceid", "phonenumber", "simserial", "subscriberid",
            "username", "email", "audit", "start-geopoint", "uri:email", "uri:username",
            "uri:deviceid", "uri:phonenumber", "uri:simserial", "uri:subscriberid", "instanceid"}
KEPT_TYPES = {
    "hidden": _l("A hidden field: kept for the export, not asked in Dala."),
    "geopoint": _l("Dala does not record locations; kept for the export."),
    "geotrace": _l("Dala does not record locations; kept for the export."),
    "geoshape": _l("Dala does not record locations; kept for the export."),
    "background-geopoint": _l("Dala does not record locations; kept for the export."),
    "image": _l("Dala does not record photos or files; kept for the export."),
    "photo": _l("Dala does not record photos or files; kept for the export."),
    "audio": _l("Dala does not record photos or files; kept for the export."),
    "background-audio": _l("Dala does not record photos or files; kept for the export."),
    "video": _l("Dala does not record photos or files; kept for the export."),
    "file": _l("Dala does not record photos or files; kept for the export."),
    "barcode": _l("Dala does not scan barcodes; kept for the export."),
    "rank": _l("Dala does not ask ranking questions; kept for the export."),
    "select_one_from_file": _l("Not representable: the choices are in a separate file (%(file)s) "
                               "that does not travel in the workbook; kept for the export."),
    "select_multiple_from_file": _l("Not representable: the choices are in a separate file "
                                    "(%(file)s) that does not travel in the workbook; kept for the export."),
    "select_one_external": _l("Not representable: the choices are an external list (%(file)s) "
                              "filled in by the data collection app; kept for the export."),
    "select_multiple_external": _l("Not representable: the choices are an external list (%(file)s) "
                                   "filled in by the data collection app; kept for the export."),
    "xml-external": _l("An external data file: kept for the export, not asked in Dala."),
    "csv-external": _l("An external data file: kept for the export, not asked in Dala."),
    "trigger": _l("Dala does not ask trigger questions; kept for the export."),
}
RANGE_PARAMETERS = {"start", "end", "step", "placeholder", "tick_interval", "tick_labelset"}
TRUE_WORDS = {"yes", "true", "true()", "1", "y"}
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
GENERAL_SECTION = {"en": "General", "ru": "Общие вопросы", "kk": "Жалпы сұрақтар"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xlsform(content: bytes) -> Parsed:
    """Plain data from an XLSForm, every row kept, kept with a note, or listed and left out."""
    sheets = load_sheets(content)
    if "survey" not in sheets:
        if "library" in sheets:
            raise XLSFormError(_l("This is a KoboToolbox question library (a library sheet, no survey "
                                  "sheet), not a form; export a form from KoboToolbox instead."))
        raise XLSFormError(_l("The workbook has no sheet named survey; is it an XLSForm?"))
    header_settings, settings_rows = sheets.get("settings", ([], []))
    settings = {k: v for k, v in (settings_rows[0][1].items() if settings_rows else []) if v}
    lower = {k.lower(): v for k, v in settings.items()}
    langs = _language_map(sheets, lower.get("default_language", ""))
    parsed = Parsed({"title": str(lower.get("form_title") or lower.get("form_id") or "XLSForm"),
                     "form_id": str(lower.get("form_id") or ""), "version": str(lower.get("version") or ""),
                     "xlsform": {"settings": settings, "languages": {}, "choice_lists": {}, "sheets": {}},
                     "sections": []})
    if langs.get("\0fallback"):
        parsed.notes.append(Problem("survey", 1, str(_l(
            "No column is in English, Russian or Kazakh; the texts of %(column)s are shown as English.",
            column=langs["\0fallback"]))))
        del langs["\0fallback"]
    parsed.data["xlsform"]["languages"] = {lang: suffix for suffix, lang in langs.items()}
    parsed.data["xlsform"]["choice_lists"] = _choice_lists(sheets.get("choices", ([], []))[1], langs, parsed)
    for name, (header, rows) in sheets.items():
        if name not in ("survey", "choices", "settings"):
            parsed.data["xlsform"]["sheets"][name] = [header, *[[row.get(h, "") for h in header] for _, row in rows]]
    _SurveyReader(langs, parsed).read(sheets["survey"][1])
    questions = parsed.questions()
    if not questions:
        raise XLSFormError(_l("The survey sheet has no question Dala can use."))
    if all(q["xlsform"]["type"].split()[0].lower() in METADATA for q in questions):
        raise XLSFormError(_l("The survey sheet holds only device metadata (start, end, device "
                              "id...) and no question; there is nothing to import."))
    parsed.problems.sort(key=lambda p: (p.sheet != "survey", p.row))
    parsed.notes.sort(key=lambda p: (p.sheet != "survey", p.row))
    return parsed


# The workbook ------------------------------------------------------------------------------

def check_unpacked(content: bytes) -> None:
    """Refuse, before anything is unpacked, a workbook too big once unpacked (one function, so
    that a shared bounded-unpacking helper can replace it)."""
    if content[:8] == OLE_MAGIC:
        raise XLSFormError(_l("This is an old Excel .xls workbook (perhaps renamed .xlsx); open it in "
                              "Excel or LibreOffice and save it as .xlsx."))
    try:
        unpacking.check_zip(content, max_bytes=MAX_UNPACKED_BYTES)  # entries and total, read from the directory
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except unpacking.NotAZip:
        raise XLSFormError(_l("This file is not an Excel workbook (.xlsx).")) from None
    except unpacking.UnpackRefused as refused:
        raise XLSFormError(str(refused)) from None
    except (zipfile.BadZipFile, ValueError, OSError):
        raise XLSFormError(_l("This file is not an Excel workbook (.xlsx).")) from None
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES or any(part.file_size > MAX_PART_BYTES for part in parts) \
            or total > MAX_RATIO * max(len(content), 1):
        raise XLSFormError(_l("The workbook unpacks to %(size)s MB, more than a questionnaire needs; "
                              "it is refused.", size=round(total / 1048576, 1)))


def load_sheets(content: bytes) -> dict[str, tuple[list[str], list[tuple[int, dict]]]]:
    """{sheet name (lowercase): (header, [(row number, {header: text})])}, rows with content only.
    Any workbook openpyxl cannot read is one XLSFormError, never an exception of its own."""
    check_unpacked(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                return {sheet.title.strip().lower(): _read_sheet(sheet) for sheet in book.worksheets}
            finally:
                book.close()
    except XLSFormError:
        raise
    except Exception as error:  # noqa: BLE001 — a damaged workbook fails in many ways; each is one message
        raise XLSFormError(_l("The workbook is damaged and cannot be read (%(what)s); open it in Excel "
                              "or LibreOffice and save it again.", what=type(error).__name__)) from None


def _read_sheet(sheet) -> tuple[list[str], list[tuple[int, dict]]]:
    """The used range only: a sheet's declared dimension (LibreOffice says row 1,048,576) is
    ignored, columns stop at the last header, empty rows are skipped."""
    sheet.reset_dimensions()
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    header = [_cell(v) for v in first]
    width = max((i + 1 for i, h in enumerate(header) if h), default=0)
    if width > MAX_COLUMNS:
        raise XLSFormError(_l("The sheet %(sheet)s has %(n)s columns; at most %(max)s are read.",
                              sheet=sheet.title, n=width, max=MAX_COLUMNS))
    header = header[:width]
    cap = MAX_ROWS.get(sheet.title.strip().lower(), MAX_OTHER_ROWS)
    rows = []
    if not width:
        return header, rows
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        if row.count(None) == len(row):
            continue
        values = {h: _cell(v) for h, v in zip(header, row) if h}
        if not any(values.values()):
            continue
        if len(rows) >= cap:
            raise XLSFormError(_l("The sheet %(sheet)s has more than %(max)s rows; it is refused.",
                                  sheet=sheet.title, max=cap))
        rows.append((number, values))
    return header, rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:MAX_CELL_CHARS]


# Languages ---------------------------------------------------------------------------------

def language_of(name: str) -> str | None:
    """'Russian (ru)', 'ru' or 'Russian' -> 'ru'; None for a language Dala does not hold."""
    name = name.strip()
    code = re.search(r"\(([A-Za-z-]+)\)\s*$", name)
    word = (code.group(1) if code else name).lower()
    if word in ("en", "ru", "kk"):
        return word
    return LANGUAGE_WORDS.get(re.sub(r"\s*\(.*\)\s*$", "", name).lower())


def _split(header: str) -> tuple[str, str | None]:
    """'label::English (en)' -> ('label', 'English (en)'); 'label' -> ('label', '')."""
    base, sep, suffix = header.partition("::")
    return base.strip().lower(), (suffix.strip() if sep else "")


def _language_map(sheets: dict, default_language: str) -> dict:
    """{column suffix: Dala language} for the text columns; '' is the column without a language."""
    suffixes = []
    for name in ("survey", "choices"):
        for header in sheets.get(name, ([], []))[0]:
            base, suffix = _split(header)
            if base in HELD_TEXTS and suffix not in suffixes:
                suffixes.append(suffix)
    mapping, taken = {}, set()
    for suffix in sorted(suffixes, key=lambda s: s == ""):
        lang = language_of(suffix) if suffix else (language_of(default_language) if default_language else "en")
        if lang and lang not in taken:
            mapping[suffix] = lang
            taken.add(lang)
    label_suffixes = [s for s in suffixes]
    if not mapping and label_suffixes:
        mapping[label_suffixes[0]] = "en"
        mapping["\0fallback"] = f"label::{label_suffixes[0]}" if label_suffixes[0] else "label"
    return mapping


def _texts_and_columns(row: dict, langs: dict, used: set) -> tuple[dict, dict]:
    """({'text': {lang: ..}, 'probes': .., ...}, {other header: value}) of one row."""
    texts: dict = {key: {} for key in HELD_TEXTS.values()}
    columns, plain = {}, {}
    for header, value in row.items():
        base, suffix = _split(header)
        if base in HELD_TEXTS and suffix in langs:
            if value:
                texts[HELD_TEXTS[base]][langs[suffix]] = value
        elif base in HELD_TEXTS and suffix == "" and value:
            plain[header] = value  # a column without a language: the default one, if free
        elif base not in used and value:
            columns[header] = value
    default = next(iter(langs.values()), "en")
    for header, value in plain.items():
        key = HELD_TEXTS[_split(header)[0]]
        if default in texts[key]:
            columns[header] = value
        else:
            texts[key][default] = value
    return texts, columns


# Choices -----------------------------------------------------------------------------------

def _choice_lists(rows, langs: dict, parsed: Parsed) -> dict[str, list]:
    lists: dict[str, list] = {}
    seen: dict[tuple, int] = {}
    for number, row in rows:
        keys = {k.lower().replace(" ", "_"): k for k in row}
        list_name = row.get(keys.get("list_name", ""), "")
        value = row.get(keys.get("name", ""), "") or row.get(keys.get("value", ""), "")
        if not list_name:
            continue
        texts, columns = _texts_and_columns(row, langs, {"list_name", "list name", "name", "value"})
        where = {"list": list_name, "row": number}
        if not value:
            parsed.problems.append(Problem("choices", number, str(_l(
                "A choice of list %(list)s without a name is left out (row %(row)s).", **where))))
            continue
        if len(value.split()) != 1 or len(value) > 64:
            parsed.problems.append(Problem("choices", number, str(_l(
                "The choice name \"%(name)s\" of list %(list)s (row %(row)s) has a space; XLSForm choice "
                "names are one word. It is left out; rename it to keep it.", name=value, **where))))
            continue
        if (list_name, value) in seen:
            parsed.problems.append(Problem("choices", number, str(_l(
                "The choice name \"%(name)s\" appears twice in list %(list)s (rows %(first)s and %(row)s); "
                "the second is left out.", name=value, first=seen[(list_name, value)], **where))))
            continue
        seen[(list_name, value)] = number
        choice = {"value": value, "label": texts["text"] or {"en": value}}
        if not texts["text"]:
            choice["no_label"] = True  # the name is shown; no label is written back
        if columns:
            choice["columns"] = columns
        lists.setdefault(list_name, []).append(choice)
    return lists


# The survey --------------------------------------------------------------------------------

USED_COLUMNS = {"type", "name", "required", "relevant", "constraint"}


class _SurveyReader:
    """Walks the survey rows: groups and repeats become nested sections, in order."""

    def __init__(self, langs: dict, parsed: Parsed):
        self.langs, self.parsed = langs, parsed
        self.sections = parsed.data["sections"]
        self.stack: list[int] = []  # indexes of the open sections
        self.plain: int | None = None  # the open section of questions outside any group
        self.names: set[str] = set()
        self.order = 0

    def read(self, rows) -> None:
        for number, row in rows:
            words = row.get(next((k for k in row if k.lower() == "type"), "type"), "").split()
            if words and words[0].lower() in ("begin", "end") and len(words) > 1:
                words = [f"{words[0]}_{words[1]}".lower(), *words[2:]]
            self._row(number, words, row)
        self.sections[:] = [s for s in self.sections if s["kind"] != "plain" or s["questions"]]

    def _next(self) -> int:
        self.order += 1
        return self.order

    def _problem(self, row: int, reason) -> None:
        self.parsed.problems.append(Problem("survey", row, str(reason)))

    def _note(self, row: int, reason) -> None:
        self.parsed.notes.append(Problem("survey", row, str(reason)))

    def _row(self, number: int, words: list[str], row: dict) -> None:
        kind = words[0] if words else ""
        low = kind.lower()
        if low in ("begin_group", "begin_repeat"):
            self._begin(number, "repeat" if low == "begin_repeat" else "group", kind, row)
        elif low in ("end_group", "end_repeat"):
            if not self.stack:
                self._problem(number, _l("An end of group without its begin is left out."))
            else:
                self.stack.pop()
                self.plain = None
        elif not kind:
            self._problem(number, _l("The row has no type; it is left out."))
        else:
            self._question(number, words, row)

    def _begin(self, number: int, kind: str, raw_type: str, row: dict) -> None:
        texts, columns = _texts_and_columns(row, self.langs, USED_COLUMNS)
        name = row.get("name", "")
        if kind == "repeat":
            self._note(number, _l("A repeated group: kept as a repeatable section; Dala's answer form "
                                  "records one round of it."))
        section = {"name": name, "title": texts["text"] or {"en": name or "Section"}, "kind": kind,
                   "parent": self.stack[-1] if self.stack else None, "position": self._next(),
                   "relevant": _column(row, "relevant"),
                   "xlsform": {"type": raw_type, "columns": columns, **({} if texts["text"] else {"no_label": True})},
                   "row": number, "questions": []}
        self.sections.append(section)
        self.stack.append(len(self.sections) - 1)
        self.plain = None

    def _section(self) -> dict:
        if self.stack:
            return self.sections[self.stack[-1]]
        if self.plain is None:
            self.sections.append({"name": "", "title": dict(GENERAL_SECTION), "kind": "plain", "parent": None,
                                  "position": self._next(), "relevant": "", "xlsform": {}, "questions": []})
            self.plain = len(self.sections) - 1
        return self.sections[self.plain]

    def _question(self, number: int, words: list[str], row: dict) -> None:
        kind = words[0]
        low = kind.lower()
        texts, columns = _texts_and_columns(row, self.langs, USED_COLUMNS)
        name = row.get("name", "")
        question = {"name": name, "type": SIMPLE_TYPES.get(low), "text": texts["text"], "probes": texts["probes"],
                    "required": _column(row, "required").lower() in TRUE_WORDS,
                    "choices": [], "scale_min": None, "scale_max": None, "scale_labels": {},
                    "relevant": _column(row, "relevant"), "constraint": _column(row, "constraint"),
                    "constraint_message": texts["constraint_message"],
                    "required_message": texts["required_message"],
                    "xlsform": {"type": " ".join(words), "columns": columns}}
        if low in METADATA or low in KEPT_TYPES:
            question["type"] = "kept"
            reason = (_l("Device metadata (%(type)s): kept for the export; Dala does not record it.", type=kind)
                      if low in METADATA else KEPT_TYPES[low] % {"file": words[1] if len(words) > 1 else "?"})
            self._note(number, reason)
        elif low == "range":
            self._range(number, question)
        elif low in ("select_one", "select_multiple"):
            if not self._select(number, words, row, question):
                return
        elif question["type"] is None:
            return self._problem(number, _l("Unknown question type %(type)s; the row is left out.", type=kind))
        if question["type"] == "calculate":
            self._note(number, _l("A calculation: kept as a hidden computed field for the export; Dala "
                                  "does not compute it."))
        if question["type"] in ("kept", "calculate", "note") and _column(row, "required"):
            question["required"] = False  # not asked in Dala; the column stays for the export
            question["xlsform"]["columns"]["required"] = _column(row, "required")
        if not NAME.match(name):
            return self._problem(number, _l("The name \"%(name)s\" is missing or not a valid XLSForm name; the "
                                            "row is left out.", name=name))
        if name in self.names:
            return self._problem(number, _l("The name %(name)s is used twice; the second row is left out.",
                                            name=name))
        if not question["text"] and question["type"] not in ("kept", "calculate"):
            return self._problem(number, _l("The question has no label in any language; it is left out."))
        if "or_other" in [w.lower() for w in words[2:]]:
            self._note(number, _l("The \"or other\" box is kept for the export; Dala's answer form offers "
                                  "the listed choices only."))
        self.names.add(name)
        question["position"] = self._next()
        question["row"] = number
        self._section()["questions"].append(question)
        return None

    def _range(self, number: int, question: dict) -> None:
        columns = question["xlsform"]["columns"]
        params = dict(re.findall(r"([\w-]+)\s*=\s*(\S+)", columns.get("parameters", "")))
        unknown = sorted(set(params) - RANGE_PARAMETERS)
        if unknown:
            self._note(number, _l("The range's parameters %(keys)s are not XLSForm's (start, end, step); "
                                  "they are left out so that the form converts.", keys=", ".join(unknown)))
            params = {k: v for k, v in params.items() if k in RANGE_PARAMETERS}
            columns["parameters"] = " ".join(f"{k}={v}" for k, v in params.items())
            if not columns["parameters"]:
                del columns["parameters"]
        try:
            start, end, step = (float(params.get(k, d)) for k, d in (("start", 1), ("end", 10), ("step", 1)))
        except ValueError:
            start, end, step = 1.0, 10.0, 1.0
        if step == 1 and start.is_integer() and end.is_integer() and 1 <= end - start <= 10:
            question.update(type="scale", scale_min=int(start), scale_max=int(end),
                            scale_labels={"low": {}, "high": {}})
        else:
            whole = all(float(x).is_integer() for x in (start, end, step))
            question["type"] = "integer" if whole else "number"

    def _select(self, number: int, words: list[str], row: dict, question: dict) -> bool:
        lists = self.parsed.data["xlsform"]["choice_lists"]
        if len(words) < 2 or words[1] not in lists:
            self._problem(number, _l("The choice list %(list)s of this question is missing; the row is "
                                     "left out.", list=words[1] if len(words) > 1 else "?"))
            return False
        choices = lists[words[1]]
        question["xlsform"]["list_name"] = words[1]
        if len(choices) < 2:
            self._note(number, _l("The list %(list)s has fewer than two choices (perhaps filled in by "
                                  "the app); the question is kept for the export, not asked in Dala.",
                                  list=words[1]))
            question["type"] = "kept"
            return True
        plain = [{"value": c["value"], "label": dict(c["label"])} for c in choices]
        question["type"] = "multiple_choice" if words[0].lower() == "select_multiple" else "single_choice"
        appearance = question["xlsform"]["columns"].get("appearance", "")
        if question["type"] == "single_choice" and sorted(c["value"] for c in choices) == ["no", "yes"]:
            question["type"] = "yes_no"
        elif question["type"] == "single_choice" and "likert" in appearance and is_scale(choices):
            question.update(scale_from(plain))
        else:
            question["choices"] = plain
        return True


def _column(row: dict, name: str) -> str:
    return next((v for k, v in row.items() if k.lower() == name), "")
