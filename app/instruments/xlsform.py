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
from dataclasses import dataclass, field

from openpyxl import Workbook

from app.core.domain import DomainError

LANGUAGE_COLUMNS = {"en": "English (en)", "ru": "Russian (ru)", "kk": "Kazakh (kk)"}
LANGUAGE_WORDS = {"english": "en", "russian": "ru", "kazakh": "kk", "русский": "ru",
                  "английский": "en", "казахский": "kk", "қазақша": "kk", "қазақ": "kk"}
YES_NO_LABELS = {"yes": {"en": "Yes", "ru": "Да", "kk": "Иә"}, "no": {"en": "No", "ru": "Нет", "kk": "Жоқ"}}
OUT_TYPES = {"text": "text", "number": "decimal", "note": "note", "single_choice": "select_one",
             "multiple_choice": "select_multiple", "scale": "select_one", "yes_no": "select_one"}


class XLSFormError(DomainError):
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


from app.instruments.xlsform_read import read_xlsform  # noqa: E402,F401  (reading lives there)
