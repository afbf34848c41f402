"""Property: any version Dala can hold exports to a workbook pyxform converts, and reads back the same."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.instruments.xlsform import convert_check, read_xlsform, write_xlsform

LANGS = ["en", "ru", "kk"]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі ?!,.'\"()=-+&<>",
                min_size=1, max_size=40).map(str.strip).filter(bool)
WORDS = st.one_of(WORDS, WORDS.map(lambda word: "=" + word))  # "=..." must stay text, not a formula
TEXTS = st.dictionaries(st.sampled_from(LANGS), WORDS, min_size=1, max_size=3)


@st.composite
def questions(draw, name):
    qtype = draw(st.sampled_from(["text", "single_choice", "multiple_choice", "scale", "yes_no", "number", "note"]))
    question = {"name": name, "type": qtype, "text": draw(TEXTS), "probes": draw(st.one_of(st.just({}), TEXTS)),
                "required": qtype != "note" and draw(st.booleans()), "choices": [], "scale_min": None,
                "scale_max": None, "scale_labels": {}}
    if qtype in ("single_choice", "multiple_choice"):
        count = draw(st.integers(2, 5))
        question["choices"] = [{"value": f"c{i}", "label": draw(TEXTS)} for i in range(count)]
    if qtype == "scale":
        low = draw(st.integers(0, 3))
        question.update(scale_min=low, scale_max=low + draw(st.integers(1, 9)),
                        scale_labels={"low": draw(TEXTS), "high": draw(TEXTS)})
    if qtype == "yes_no" and draw(st.booleans()):
        question["choices"] = []
    return question


@st.composite
def versions(draw):
    sections, number = [], 0
    for index in range(draw(st.integers(1, 3))):
        qs = []
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            qs.append(draw(questions(f"q{number}")))
        sections.append({"name": f"section_{index + 1}", "title": draw(TEXTS), "questions": qs})
    return {"title": draw(WORDS), "form_id": "dala_1_v1", "version": "1", "sections": sections}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions())
def test_any_version_converts_and_round_trips(data):
    workbook = write_xlsform(data)
    convert_check(workbook)
    parsed = read_xlsform(workbook)
    assert parsed.problems == []
    got = [q for s in parsed.data["sections"] for q in s["questions"]]
    want = [q for s in data["sections"] for q in s["questions"]]
    assert got == want
    assert [s["title"] for s in parsed.data["sections"]] == [s["title"] for s in data["sections"]]
