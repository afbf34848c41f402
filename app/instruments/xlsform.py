"""XLSForm workbooks <-> plain data (no database, no Flask app needed).

The plain data of a version:
    {"title", "form_id", "version", "sections": [{"name", "title": {lang: text},
      "questions": [{"name", "type", "text", "probes", "required", "choices",
                     "scale_min", "scale_max", "scale_labels"}]}]}
with the question types of `QuestionType` as strings. `write_xlsform` makes the workbook,
`read_xlsform` reads one from KoboToolbox or ODK, listing the rows it cannot represent,
`convert_check` runs pyxform, the converter ODK and KoboToolbox use.
"""
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook

LANGUAGE_COLUMNS = {"en": "English (en)", "ru": "Russian (ru)", "kk": "Kazakh (kk)"}
LANGUAGE_WORDS = {"english": "en", "russian": "ru", "kazakh": "kk", "русский": "ru",
                  "английский": "en", "казахский": "kk", "қазақша": "kk", "қазақ": "kk"}
YES_NO_LABELS = {"yes": {"en": "Yes", "ru": "Да", "kk": "Иә"}, "no": {"en": "No", "ru": "Нет", "kk": "Жоқ"}}
OUT_TYPES = {"text": "text", "number": "decimal", "note": "note", "single_choice": "select_one",
             "multiple_choice": "select_multiple", "scale": "select_one", "yes_no": "select_one"}
NOT_REPRESENTABLE = {"date", "time", "datetime", "geopoint", "geotrace", "geoshape", "image", "audio",
                     "video", "file", "barcode", "acknowledge", "range", "rank", "calculate",
                     "hidden", "background-audio", "background-geopoint", "select_one_from_file",
                     "select_multiple_from_file", "xml-external", "csv-external", "begin_repeat",
                     "end_repeat", "trigger", "username", "email", "audit"}
METADATA = {"start", "end", "today", "deviceid", "phonenumber", "simserial", "subscriberid",
            "start-geopoint", "uri:email", "uri:username", "uri:deviceid"}
DROPPED_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count", "default")
TRUE_WORDS = {"yes", "true", "true()", "1", "y"}


class XLSFormError(ValueError):
    """The file cannot be read as an XLSForm at all."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    reason: str


@dataclass
class Parsed:
    data: dict
    problems: list[Problem] = field(default_factory=list)

    @property
    def question_count(self) -> int:
        return sum(len(s["questions"]) for s in self.data["sections"])


# Writing ----------------------------------------------------------------------------------

def languages_of(data: dict) -> list[str]:
    used = set()
    for section in data["sections"]:
        used |= set(section["title"])
        for q in section["questions"]:
            used |= set(q["text"]) | set(q.get("probes") or {})
            for choice in q.get("choices") or []:
                used |= set(choice["label"])
            for end in (q.get("scale_labels") or {}).values():
                used |= set(end)
    return [lang for lang in LANGUAGE_COLUMNS if lang in used] or ["en"]


def write_xlsform(data: dict) -> bytes:
    """The version as an .xlsx XLSForm: survey, choices and settings sheets."""
    langs = languages_of(data)
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", *[f"label::{LANGUAGE_COLUMNS[x]}" for x in langs],
                   *[f"hint::{LANGUAGE_COLUMNS[x]}" for x in langs], "required", "appearance"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *[f"label::{LANGUAGE_COLUMNS[x]}" for x in langs]])
    taken = {q["name"] for s in data["sections"] for q in s["questions"]}
    for number, section in enumerate(data["sections"], start=1):
        group = _free_name(section.get("name") or f"section_{number}", taken)
        survey.append(["begin_group", group, *_per_lang(section["title"], langs), *[""] * len(langs), "", ""])
        for question in section["questions"]:
            survey.append(_survey_row(question, langs))
            for value, label in _choice_rows(question):
                choices.append([f"{question['name']}_choices", value, *_per_lang(label, langs)])
        survey.append(["end_group", group])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([data["title"], data["form_id"], str(data.get("version", "1")), LANGUAGE_COLUMNS[langs[0]]])
    for sheet in book.worksheets:
        _as_text(sheet, taken)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


REFERENCE = re.compile(r"\$\{([^}]*)\}")


def _as_text(sheet, names: set) -> None:
    """Keep texts as text: "=..." is not a formula, and "${x}" naming no question of the form
    (which pyxform refuses) loses its brace so that it is no reference."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            cell.value = REFERENCE.sub(lambda m: m.group(0) if m.group(1).strip() in names
                                       else "$ {" + m.group(1) + "}", cell.value)
            if cell.value.startswith("="):
                cell.data_type = "s"


def _free_name(name: str, taken: set) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _per_lang(texts: dict, langs: list[str]) -> list[str]:
    return [texts.get(lang, "") for lang in langs]


def _survey_row(question: dict, langs: list[str]) -> list:
    qtype = OUT_TYPES[question["type"]]
    if question["type"] in ("single_choice", "multiple_choice", "scale", "yes_no"):
        qtype += f" {question['name']}_choices"
    appearance = "likert" if question["type"] == "scale" else ""
    required = "yes" if question.get("required") and question["type"] != "note" else ""
    return [qtype, question["name"], *_per_lang(question["text"], langs),
            *_per_lang(question.get("probes") or {}, langs), required, appearance]


def _choice_rows(question: dict) -> list[tuple[str, dict]]:
    if question["type"] == "yes_no":
        return list(YES_NO_LABELS.items())
    if question["type"] == "scale":
        low, high = question["scale_min"], question["scale_max"]
        ends = question.get("scale_labels") or {}
        rows = []
        for point in range(low, high + 1):
            end = ends.get("low") if point == low else ends.get("high") if point == high else None
            label = {lang: f"{point} – {text}" for lang, text in (end or {}).items()}
            rows.append((str(point), label or {"en": str(point)}))
        return _fill_numbers(rows)
    return [(c["value"], c["label"]) for c in question.get("choices") or []]


def _fill_numbers(rows: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Every point labelled in every language the ends use, so no label is left empty."""
    langs = {lang for _, label in rows for lang in label}
    return [(value, {lang: label.get(lang, value) for lang in langs} or {"en": value})
            for value, label in rows]


def convert_check(workbook: bytes) -> list[str]:
    """Convert with pyxform; return its warnings, or raise XLSFormError with its error."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    found: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            convert(xlsform=io.BytesIO(workbook), warnings=found, file_type=".xlsx")
    except PyXFormError as error:
        raise XLSFormError(str(error)) from None
    return found


# Reading ----------------------------------------------------------------------------------

def read_xlsform(content: bytes) -> Parsed:
    """Plain data from an XLSForm, with every row Dala cannot represent listed and left out."""
    sheets = _load_sheets(content)
    if "survey" not in sheets:
        raise XLSFormError(_l("The workbook has no sheet named survey; is it an XLSForm?"))
    settings = _settings(sheets.get("settings", []))
    problems: list[Problem] = []
    default = _language(settings.get("default_language", "")) or "en"
    lists = _choice_lists(sheets.get("choices", []), default, problems)
    reader = _SurveyReader(default, lists, problems)
    reader.read(sheets["survey"])
    data = {"title": str(settings.get("form_title") or settings.get("form_id") or "XLSForm"),
            "form_id": str(settings.get("form_id") or ""), "version": str(settings.get("version") or ""),
            "sections": [s for s in reader.sections if s["questions"]]}
    if not data["sections"]:
        raise XLSFormError(_l("The survey sheet has no question Dala can use."))
    return Parsed(data, sorted(problems, key=lambda p: (p.sheet != "survey", p.row)))


def _load_sheets(content: bytes) -> dict[str, list[tuple[int, dict]]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise XLSFormError(_l("This file is not an Excel workbook (.xlsx).")) from None
    sheets = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            continue
        header = [str(h).strip() if h is not None else "" for h in rows[0]]
        sheets[sheet.title.strip().lower()] = [
            (number, {h: _cell(v) for h, v in zip(header, row) if h})
            for number, row in enumerate(rows[1:], start=2) if any(_cell(v) for v in row)]
    book.close()
    return sheets


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _settings(rows: list[tuple[int, dict]]) -> dict:
    return {k.lower(): v for k, v in rows[0][1].items()} if rows else {}


def _language(name: str) -> str | None:
    """'Russian (ru)', 'ru' or 'Russian' -> 'ru'; None for a language Dala does not hold."""
    name = name.strip()
    code = re.search(r"\(([A-Za-z-]+)\)\s*$", name)
    word = (code.group(1) if code else name).lower()
    if word in LANGUAGE_COLUMNS:
        return word
    return LANGUAGE_WORDS.get(re.sub(r"\s*\(.*\)\s*$", "", name).lower())


def _texts(row: dict, column: str, default: str) -> dict:
    texts = {}
    for header, value in row.items():
        base, _sep, lang_name = header.partition("::")
        if base.strip().lower() != column or not value:
            continue
        lang = _language(lang_name) if lang_name else default
        if lang and lang not in texts:
            texts[lang] = value
    return texts


def _choice_lists(rows, default: str, problems: list[Problem]) -> dict[str, list]:
    lists: dict[str, list] = {}
    for number, row in rows:
        list_name, value = row.get("list_name") or row.get("list name", ""), row.get("name", "")
        label = _texts(row, "label", default)
        if not list_name:
            continue
        if not value or not label:
            problems.append(Problem("choices", number, str(_l("A choice without a name or label is left out."))))
            continue
        lists.setdefault(list_name, []).append({"value": value, "label": label})
    return lists


GENERAL_SECTION = {"en": "General", "ru": "Общие вопросы", "kk": "Жалпы сұрақтар"}
SIMPLE_TYPES = {"text": "text", "string": "text", "integer": "number", "int": "number",
                "decimal": "number", "note": "note"}


class _SurveyReader:
    """Walks the survey rows: groups become sections, questions are kept or listed as problems."""

    def __init__(self, default: str, lists: dict, problems: list[Problem]):
        self.default, self.lists, self.problems = default, lists, problems
        self.sections: list[dict] = []
        self.current: dict | None = None
        self.names: set[str] = set()
        self.repeat_depth = 0

    def read(self, rows) -> None:
        for number, row in rows:
            row = {k.strip().lower() if "::" not in k else k.strip(): v for k, v in row.items()}
            words = row.get("type", "").replace("begin group", "begin_group").replace(
                "end group", "end_group").replace("begin repeat", "begin_repeat").replace(
                "end repeat", "end_repeat").split()
            self._row(number, words, row)

    def _problem(self, row: int, reason) -> None:
        self.problems.append(Problem("survey", row, str(reason)))

    def _row(self, number: int, words: list[str], row: dict) -> None:
        kind = words[0] if words else ""
        if kind in ("begin_repeat", "end_repeat") or self.repeat_depth:
            self.repeat_depth += {"begin_repeat": 1, "end_repeat": -1}.get(kind, 0)
            self._problem(number, _l("Repeated groups cannot be represented; the row is left out."))
        elif kind == "begin_group":
            title = _texts(row, "label", self.default) or {"en": row.get("name") or "Section"}
            self.current = {"name": row.get("name", ""), "title": title, "questions": []}
            self.sections.append(self.current)
        elif kind == "end_group":
            self.current = None
        elif not kind:
            self._problem(number, _l("The row has no type."))
        elif kind in METADATA:
            self._problem(number, _l("Device metadata (%(type)s) is not kept.", type=kind))
        elif kind in NOT_REPRESENTABLE:
            self._problem(number, _l("Questions of type %(type)s cannot be represented.", type=kind))
        elif kind not in SIMPLE_TYPES and kind not in ("select_one", "select_multiple"):
            self._problem(number, _l("Unknown question type %(type)s.", type=kind))
        else:
            self._question(number, words, row)

    def _question(self, number: int, words: list[str], row: dict) -> None:
        name, text = row.get("name", ""), _texts(row, "label", self.default)
        if not text:
            return self._problem(number, _l("The question has no label in any language."))
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", name) or name in self.names:
            return self._problem(number, _l("The question's name is missing, invalid or used twice."))
        question = {"name": name, "type": SIMPLE_TYPES.get(words[0]), "text": text,
                    "probes": _texts(row, "hint", self.default),
                    "required": row.get("required", "").lower() in TRUE_WORDS and words[0] != "note",
                    "choices": [], "scale_min": None, "scale_max": None, "scale_labels": {}}
        if question["type"] is None and not self._select(number, words, row, question):
            return None
        for column in DROPPED_COLUMNS:
            if row.get(column):
                self._problem(number, _l("The %(column)s column is not kept; the question is.", column=column))
        self.names.add(name)
        if self.current is None:
            self.current = {"name": "", "title": dict(GENERAL_SECTION), "questions": []}
            self.sections.append(self.current)
        self.current["questions"].append(question)
        return None

    def _select(self, number: int, words: list[str], row: dict, question: dict) -> bool:
        if len(words) < 2 or words[1] not in self.lists:
            self._problem(number, _l("The choice list of this question is missing."))
            return False
        if "or_other" in words[2:]:
            self._problem(number, _l("The \"or other\" option is not kept."))
        choices = self.lists[words[1]]
        if len(choices) < 2:
            self._problem(number, _l("A choice question needs at least two choices."))
            return False
        question["type"] = "multiple_choice" if words[0] == "select_multiple" else "single_choice"
        if words[0] == "select_one" and {c["value"] for c in choices} == {"yes", "no"}:
            question["type"] = "yes_no"
        elif words[0] == "select_one" and "likert" in row.get("appearance", "") and _is_scale(choices):
            question.update(_scale_from(choices))
        else:
            question["choices"] = [dict(c) for c in choices]
        return True


def _is_scale(choices: list) -> bool:
    try:
        points = [int(c["value"]) for c in choices]
    except ValueError:
        return False
    return points == list(range(points[0], points[0] + len(points))) and len(points) <= 11


def _scale_from(choices: list) -> dict:
    def end(choice):
        prefix = re.compile(rf"^{re.escape(choice['value'])}\s*[–-]\s*")
        return {lang: prefix.sub("", text) for lang, text in choice["label"].items()
                if text.strip() != choice["value"]}

    return {"type": "scale", "scale_min": int(choices[0]["value"]), "scale_max": int(choices[-1]["value"]),
            "scale_labels": {"low": end(choices[0]), "high": end(choices[-1])}}
