"""Reading an XLSForm made in KoboToolbox or ODK into the plain data of `xlsform`, with every
row Dala cannot represent listed (sheet, row number, why) and left out. No database, no app."""
import io
import re
import zipfile

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from app.core import unpacking
from app.instruments.xlsform import (
    LANGUAGE_COLUMNS,
    LANGUAGE_WORDS,
    Parsed,
    Problem,
    XLSFormError,
)

NOT_REPRESENTABLE = {"date", "time", "datetime", "geopoint", "geotrace", "geoshape", "image", "audio",
                     "video", "file", "barcode", "acknowledge", "range", "rank", "calculate",
                     "hidden", "background-audio", "background-geopoint", "select_one_from_file",
                     "select_multiple_from_file", "xml-external", "csv-external", "begin_repeat",
                     "end_repeat", "trigger", "username", "email", "audit"}
METADATA = {"start", "end", "today", "deviceid", "phonenumber", "simserial", "subscriberid",
            "start-geopoint", "uri:email", "uri:username", "uri:deviceid"}
DROPPED_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count", "default")
TRUE_WORDS = {"yes", "true", "true()", "1", "y"}


def read_xlsform(content: bytes) -> Parsed:
    """Plain data from an XLSForm, with every row Dala cannot represent listed and left out."""
    sheets = _load_sheets(content)
    if "survey" not in sheets:
        raise XLSFormError(_l("The workbook has no sheet named survey; is it an XLSForm?"))
    settings = _settings(sheets.get("settings", []))
    problems: list[Problem] = []
    default = _language(settings.get("default_language", "")) or "en"
    for name in ("survey", "choices"):
        _foreign_columns(name, sheets.get(name, []), problems)
    lists = _choice_lists(sheets.get("choices", []), default, problems)
    reader = _SurveyReader(default, lists, problems)
    reader.read(sheets["survey"])
    data = {"title": str(settings.get("form_title") or settings.get("form_id") or "XLSForm"),
            "form_id": str(settings.get("form_id") or ""), "version": str(settings.get("version") or ""),
            "sections": [s for s in reader.sections if s["questions"]]}
    if not data["sections"]:
        raise XLSFormError(_l("The survey sheet has no question Dala can use."))
    return Parsed(data, sorted(problems, key=lambda p: (p.sheet != "survey", p.row)))


def _foreign_columns(sheet: str, rows, problems: list[Problem]) -> None:
    """Label and hint columns in a language Dala does not hold are reported on row 1."""
    headers = sorted(set().union(*(row.keys() for _, row in rows))) if rows else []
    for header in headers:
        base, _sep, lang_name = header.partition("::")
        if lang_name and base.strip().lower() in ("label", "hint") and _language(lang_name) is None:
            problems.append(Problem(sheet, 1, str(_l(
                "The column %(column)s is in a language Dala does not hold; it is left out.", column=header))))


def _load_sheets(content: bytes) -> dict[str, list[tuple[int, dict]]]:
    try:
        unpacking.check_zip(content)  # a bounded unpacked size and entry count, before openpyxl
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except unpacking.UnpackRefused as refused:
        if isinstance(refused, unpacking.NotAZip):
            raise XLSFormError(_l("This file is not an Excel workbook (.xlsx).")) from None
        raise XLSFormError(str(refused)) from None
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
