"""XLSForm workbooks <-> plain data (no database, no Flask app needed).

The plain data of a version:
    {"title", "form_id", "version",
     "xlsform": {"settings": {column: value}, "languages": {lang: column suffix},
                 "choice_lists": {list name: [{"value", "label", "columns"?, "no_label"?}]},
                 "sheets": {other sheet: [[header], [row], ...]}},
     "sections": [{"name", "title", "kind" (group|repeat|plain), "parent" (index or None),
                   "position", "relevant", "xlsform": {"type", "columns"},
                   "questions": [{"name", "type", "text", "probes", "required", "choices",
                                  "scale_min", "scale_max", "scale_labels", "relevant", "constraint",
                                  "constraint_message", "required_message", "position",
                                  "xlsform": {"type", "list_name"?, "columns"}}]}]}
with the question types of `QuestionType` as strings; sections in order, a subsection after its
parent, and a section's questions and subsections in the order of their positions.
`write_xlsform` makes the workbook, `read_xlsform` reads one from KoboToolbox or ODK, listing
the rows it cannot represent, `convert_check` runs pyxform, the converter ODK and Kobo use.
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
OUT_TYPES = {"text": "text", "number": "decimal", "integer": "integer", "note": "note", "date": "date",
             "time": "time", "datetime": "dateTime", "acknowledge": "acknowledge", "calculate": "calculate",
             "single_choice": "select_one", "multiple_choice": "select_multiple", "scale": "select_one",
             "yes_no": "select_one"}
FAMILIES = {"text": {"text", "string"}, "number": {"decimal", "range"}, "integer": {"integer", "int", "range"},
            "date": {"date"}, "time": {"time"}, "datetime": {"datetime"}, "note": {"note"},
            "acknowledge": {"acknowledge"}, "calculate": {"calculate"}, "scale": {"range", "select_one"},
            "single_choice": {"select_one"}, "yes_no": {"select_one"}, "multiple_choice": {"select_multiple"}}
SELECT_TYPES = ("single_choice", "multiple_choice", "scale", "yes_no")
TEXT_BASES = (("label", "text"), ("hint", "probes"), ("constraint_message", "constraint_message"),
              ("required_message", "required_message"))


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
    problems: list[Problem] = field(default_factory=list)  # rows left out, and why
    notes: list[Problem] = field(default_factory=list)  # rows kept for the round trip, not asked

    def questions(self) -> list[dict]:
        return [q for s in self.data["sections"] for q in s["questions"]]

    @property
    def question_count(self) -> int:
        return len(self.questions())

    def rows(self) -> int:
        """Rows of the survey and choices sheets that were read (kept or left out)."""
        lists = self.data.get("xlsform", {}).get("choice_lists", {})
        return (self.question_count + sum(1 for s in self.data["sections"] if s.get("kind") != "plain")
                + sum(len(c) for c in lists.values()) + len(self.problems))


def ordered(data: dict) -> list[tuple[str, dict, int]]:
    """[("begin", section, depth) | ("question", question, depth) | ("end", section, depth)] in order."""
    sections = data["sections"]
    children: dict = {}
    for index, section in enumerate(sections):
        children.setdefault(section.get("parent"), []).append(("section", index, section))
    out: list = []

    def walk(parent, depth):
        items = list(children.get(parent, []))
        if parent is not None:
            items += [("question", None, q) for q in sections[parent]["questions"]]
        items.sort(key=lambda item: item[2].get("position") or 0)
        for kind, index, item in items:
            if kind == "question":
                out.append(("question", item, depth))
            else:
                out.append(("begin", item, depth))
                walk(index, depth + 1)
                out.append(("end", item, depth))

    walk(None, 0)
    return out


# Writing ----------------------------------------------------------------------------------

def languages_of(data: dict) -> list[str]:
    used = set()
    for section in data["sections"]:
        used |= set(section["title"])
        for q in section["questions"]:
            used |= set(q["text"]) | set(q.get("probes") or {})
            used |= set(q.get("constraint_message") or {}) | set(q.get("required_message") or {})
            for choice in q.get("choices") or []:
                used |= set(choice["label"])
            for end in (q.get("scale_labels") or {}).values():
                used |= set(end)
    for rows in (data.get("xlsform") or {}).get("choice_lists", {}).values():
        for choice in rows:
            used |= set(choice["label"])
    return [lang for lang in LANGUAGE_COLUMNS if lang in used] or ["en"]


class _Columns:
    """Survey or choices columns: fixed ones first, then every kept column as first seen."""

    def __init__(self, fixed: list[str]):
        self.names = list(fixed)

    def add(self, names) -> None:
        for name in names:
            if name not in self.names:
                self.names.append(name)

    def row(self, values: dict) -> list:
        return [values.get(name, "") for name in self.names]


def write_xlsform(data: dict) -> bytes:
    """The version as an .xlsx XLSForm: survey, choices, settings and any other sheet it came with."""
    meta = data.get("xlsform") or {}
    langs = languages_of(data)
    suffix = {lang: (meta.get("languages") or {}).get(lang, LANGUAGE_COLUMNS[lang]) for lang in langs}
    column = lambda base, lang: f"{base}::{suffix[lang]}" if suffix[lang] else base  # noqa: E731
    text_columns = [column(base, lang) for base, _key in TEXT_BASES for lang in langs]
    survey_cols = _Columns(["type", "name", *text_columns[:2 * len(langs)], "required",
                            *text_columns[3 * len(langs):], "relevant", "constraint",
                            *text_columns[2 * len(langs):3 * len(langs)], "appearance"])
    lists, list_names = _lists(data, meta)
    rows = []
    taken = {q["name"] for s in data["sections"] for q in s["questions"]}
    for step, item, _depth in ordered(data):
        if item.get("kind") == "plain":
            continue
        if step == "question":
            values = _question_row(item, list_names.get(id(item)))
            values.update(_texts(item, column, langs))
        else:
            values = _section_row(step, item, taken, column, langs)
        survey_cols.add(values)
        rows.append(values)
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(survey_cols.names)
    for values in rows:
        survey.append(survey_cols.row(values))
    choices = book.create_sheet("choices")
    choice_cols = _Columns(["list_name", "name", *[column("label", lang) for lang in langs]])
    choice_rows = []
    for list_name, entries in lists.items():
        for entry in entries:
            values = {"list_name": list_name, "name": entry["value"], **(entry.get("columns") or {})}
            if not entry.get("no_label"):
                values.update({column("label", lang): text for lang, text in entry["label"].items() if lang in suffix})
            choice_cols.add(values)
            choice_rows.append(values)
    choices.append(choice_cols.names)
    for values in choice_rows:
        choices.append(choice_cols.row(values))
    settings = dict(meta.get("settings") or {})
    for key in [k for k in settings if k.lower() in ("form_title", "form_id", "version")]:
        del settings[key]
    settings = {"form_title": data["title"], "form_id": data["form_id"], "version": str(data.get("version") or "1"),
                **settings}
    if not any(k.lower() == "default_language" for k in settings) and suffix[langs[0]]:
        settings["default_language"] = suffix[langs[0]]
    sheet = book.create_sheet("settings")
    sheet.append(list(settings))
    sheet.append(list(settings.values()))
    for name, sheet_rows in (meta.get("sheets") or {}).items():
        extra = book.create_sheet(name[:31])
        for row in sheet_rows:
            extra.append(list(row))
    for sheet in book.worksheets:
        _as_text(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _texts(item: dict, column, langs) -> dict:
    values = {}
    for base, key in TEXT_BASES:
        for lang, text in (item.get(key) or {}).items():
            if lang in langs and text:
                values[column(base, lang)] = text
    return values


def _section_row(step: str, section: dict, taken: set, column, langs) -> dict:
    meta = section.get("xlsform") or {}
    if "_written" not in section:
        section["_written"] = section.get("name") or _free_name(f"section_{section.get('position') or 1}", taken)
    name = section["_written"]
    kind = "repeat" if section.get("kind") == "repeat" else "group"
    if step == "end":
        del section["_written"]
        return {"type": f"end_{kind}", "name": name}
    values = {"type": f"begin_{kind}", "name": name, **(meta.get("columns") or {})}
    if section.get("relevant"):
        values["relevant"] = section["relevant"]
    if not meta.get("no_label"):
        values.update({column("label", lang): text for lang, text in section["title"].items() if lang in langs})
    return values


def _family(raw: str) -> str:
    word = raw.split()[0].lower() if raw.split() else ""
    return {"begin": "", "int": "integer", "string": "text"}.get(word, word)


def _question_row(question: dict, list_name: str | None) -> dict:
    meta = question.get("xlsform") or {}
    raw = meta.get("type", "")
    qtype = question["type"]
    if qtype == "kept":
        out = raw
    elif raw and _family(raw) in FAMILIES.get(qtype, ()):
        words = raw.split()
        if list_name and words[0].lower().startswith("select") and len(words) > 1:
            words[1] = list_name
        out = " ".join(words)
    else:
        out = OUT_TYPES[qtype] + (f" {list_name}" if list_name else "")
    values = {"type": out, "name": question["name"], **(meta.get("columns") or {})}
    if qtype == "scale" and not out.startswith("range") and "appearance" not in values:
        values["appearance"] = "likert"
    if question.get("required") and qtype not in ("note", "calculate", "kept"):
        values["required"] = "yes"
    for key in ("relevant", "constraint"):
        if question.get(key):
            values[key] = question[key]
    return values


def _wanted_choices(question: dict) -> list[dict]:
    if question["type"] == "yes_no":
        return [{"value": v, "label": dict(label)} for v, label in YES_NO_LABELS.items()]
    if question["type"] == "scale":
        low, high = question["scale_min"], question["scale_max"]
        ends = question.get("scale_labels") or {}
        rows = []
        for point in range(low, high + 1):
            end = ends.get("low") if point == low else ends.get("high") if point == high else None
            label = {lang: f"{point} – {text}" for lang, text in (end or {}).items()}
            rows.append((str(point), label or {"en": str(point)}))
        return [{"value": v, "label": label} for v, label in _fill_numbers(rows)]
    return [{"value": c["value"], "label": dict(c["label"])} for c in question.get("choices") or []]


def _matches(question: dict, entries: list[dict]) -> bool:
    """Does the workbook's own list still give this question its choices?"""
    values = [c["value"] for c in entries]
    if question["type"] == "yes_no":
        return sorted(values) == ["no", "yes"]
    if question["type"] == "scale":
        low, high = question["scale_min"], question["scale_max"]
        if values != [str(p) for p in range(low, high + 1)]:
            return False
        plain = [{"value": c["value"], "label": c["label"]} for c in entries]
        return scale_from(plain)["scale_labels"] == question.get("scale_labels")
    return [(c["value"], c["label"]) for c in entries] == \
        [(c["value"], c["label"]) for c in question.get("choices") or []]


def _lists(data: dict, meta: dict) -> tuple[dict, dict]:
    """The choice lists to write (the workbook's own, shared by name, then Dala's new ones) and
    the list each select question uses."""
    lists = {name: list(entries) for name, entries in (meta.get("choice_lists") or {}).items()}
    used: dict = {}
    for section in data["sections"]:
        for question in section["questions"]:
            if question["type"] not in SELECT_TYPES:
                continue
            own = (question.get("xlsform") or {}).get("list_name")
            if question["type"] == "scale" and (question.get("xlsform") or {}).get("type", "").startswith("range"):
                continue
            if own and own in lists and _matches(question, lists[own]):
                used[id(question)] = own
                continue
            wanted = _wanted_choices(question)
            name = next((n for n, e in lists.items() if [(c["value"], c["label"]) for c in e]
                         == [(c["value"], c["label"]) for c in wanted]), None)
            if name is None:
                name = _free_name(f"{question['name']}_choices", set(lists))
                lists[name] = wanted
            used[id(question)] = name
    return lists, used


def _as_text(sheet) -> None:
    """Keep texts as text: "=..." is not a formula."""
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _free_name(name: str, taken: set) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _fill_numbers(rows: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Every point labelled in every language the ends use, so no label is left empty."""
    langs = {lang for _, label in rows for lang in label}
    return [(value, {lang: label.get(lang, value) for lang in langs} or {"en": value})
            for value, label in rows]


def is_scale(choices: list) -> bool:
    try:
        points = [int(c["value"]) for c in choices]
    except ValueError:
        return False
    return points == list(range(points[0], points[0] + len(points))) and 2 <= len(points) <= 11


def scale_from(choices: list) -> dict:
    def end(choice):
        prefix = re.compile(rf"^{re.escape(choice['value'])}\s*[–-]\s*")
        return {lang: prefix.sub("", text) for lang, text in choice["label"].items()
                if text.strip() != choice["value"]}

    return {"type": "scale", "scale_min": int(choices[0]["value"]), "scale_max": int(choices[-1]["value"]),
            "scale_labels": {"low": end(choices[0]), "high": end(choices[-1])}}


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
