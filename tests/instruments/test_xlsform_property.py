"""Property: random valid XLSForms (question types, nested groups, relevant and constraint
expressions, shared choice lists) survive import → export → pyxform → import unchanged."""
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from app.instruments.xlsform import convert_check, ordered, read_xlsform, write_xlsform

LANGS = {"en": "English (en)", "ru": "Russian (ru)", "kk": "Kazakh (kk)"}
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі ?!,.'\"()=-+&<>",
                min_size=1, max_size=30).map(str.strip).filter(bool)
WORDS = st.one_of(WORDS, WORDS.map(lambda word: "=" + word))  # "=..." must stay text, not a formula
TYPES = ["text", "integer", "decimal", "date", "time", "dateTime", "note", "acknowledge",
         "select_one yn", "select_one colours", "select_multiple colours", "geopoint", "calculate"]


@st.composite
def xlsforms(draw):
    langs = draw(st.lists(st.sampled_from(sorted(LANGS)), min_size=1, max_size=3, unique=True))
    header = ["type", "name", *[f"label::{LANGS[x]}" for x in langs], "relevant", "constraint", "calculation"]
    rows, names, depth, groups = [], [], 0, 0
    for number in range(draw(st.integers(1, 12))):
        step = draw(st.sampled_from(["q", "q", "q", "begin", "end"]))
        if step == "begin":
            groups += 1
            rows.append([draw(st.sampled_from(["begin_group", "begin_repeat"])), f"g{groups}",
                         *[draw(WORDS) for _ in langs], "", "", ""])
            depth += 1
            continue
        if step == "end" and depth:
            rows.append(["end_group" if True else "", "", *["" for _ in langs], "", "", ""])
            depth -= 1
            continue
        qtype = draw(st.sampled_from(TYPES))
        name = f"q{number}"
        relevant = ""
        if names and draw(st.booleans()):
            relevant = draw(st.sampled_from([f"${{{names[-1]}}} != ''", f"${{{names[0]}}} = 'yes'",
                                             f"not(${{{names[-1]}}} = 'x') or today() > 0"]))
        constraint = ". >= 0 and . <= 99" if qtype in ("integer", "decimal") and draw(st.booleans()) else ""
        calculation = "1 + 1" if qtype == "calculate" else ""
        rows.append([qtype, name, *[draw(WORDS) for _ in langs], relevant, constraint, calculation])
        names.append(name)
    while depth:
        rows.append(["end_group", "", *["" for _ in langs], "", "", ""])
        depth -= 1
    rows = _close_properly(rows)
    rows.append(["text", "last", *["Last" for _ in langs], "", "", ""])
    choices = [["list_name", "name", *[f"label::{LANGS[x]}" for x in langs]],
               ["yn", "yes", *["Yes" for _ in langs]], ["yn", "no", *["No" for _ in langs]],
               *[["colours", c, *[draw(WORDS) for _ in langs]] for c in ("red", "green", "blue")]]
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in [header, *rows]:
        sheet.append(row)
    extra = book.create_sheet("choices")
    for row in choices:
        extra.append(row)
    extra = book.create_sheet("settings")
    extra.append(["form_title", "form_id", "version"])
    extra.append(["Random form", "random_form", "3"])
    for page in book.worksheets:  # "=..." typed in a cell is text, as Excel keeps it with a quote
        for cell in (c for row in page.iter_rows() for c in row):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _close_properly(rows):
    """A repeat is closed by end_repeat, a group by end_group."""
    stack = []
    for row in rows:
        if row[0] in ("begin_group", "begin_repeat"):
            stack.append(row[0])
        elif row[0] == "end_group":
            row[0] = "end_repeat" if stack.pop() == "begin_repeat" else "end_group"
    return rows


def shape(data):
    return [(step, depth, {k: v for k, v in item.items() if k not in ("position", "row", "parent", "questions")})
            for step, item, depth in ordered(data)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xlsforms())
def test_a_random_xlsform_survives_import_export_pyxform_import(workbook):
    convert_check(workbook)  # the generated form is valid XLSForm to begin with
    first = read_xlsform(workbook)
    assert first.problems == []
    exported = write_xlsform(first.data)
    convert_check(exported)
    again = read_xlsform(exported)
    assert again.problems == []
    assert shape(again.data) == shape(first.data)
    assert again.data["xlsform"]["choice_lists"] == first.data["xlsform"]["choice_lists"]
    assert (again.data["form_id"], again.data["title"]) == ("random_form", "Random form")
