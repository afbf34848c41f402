"""The REFI-QDA project validates against the published schema and opens as a .qdpx."""
import uuid
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from app.exports import refiqda
from app.exports.archive import write_bundle
from app.exports.refiqda import Case, Selection, Source, guid, project_xml, qdpx_files
from tests.support.shared import shared_dir

SCHEMA = shared_dir() / "refi-qda" / "Project.xsd"  # read from ../shared, never copied
NS = {"q": "urn:QDA-XML:project:1.0"}

SOURCES = [Source("FG-01", "P01: Портал удобен.\n\nP02: Не всегда.\n",
                  (Selection(0, 19, "P01"), Selection(21, 36, "P02"))),
           Source("SSI-03", "[P07]: Мы работаем с eGov каждый день.")]
CASES = [Case("P01", {"sector": "LA", "session type": "focus_group"}, ("FG-01",)),
         Case("P02", {"sector": "CSO", "session type": "focus_group"}, ("FG-01",)),
         Case("P07", {"sector": "CGA", "session type": "semi_structured_interview"}, ("SSI-03",))]


@pytest.fixture(scope="module")
def schema():
    if not SCHEMA.exists():
        pytest.fail(f"REFI-QDA schema missing at {SCHEMA}")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_project_validates_against_the_refi_qda_schema(schema):
    document = etree.fromstring(project_xml("Демо-исследование", SOURCES, CASES, "2026-11-01T00:00:00Z"))
    schema.assertValid(document)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert [c.get("name") for c in document.findall(".//q:Case", ns)] == ["P01", "P02", "P07"]
    assert len(document.findall(".//q:TextSource", ns)) == 2


def test_an_empty_project_still_validates(schema):
    schema.assertValid(etree.fromstring(project_xml("Empty", [], [], "2026-11-01T00:00:00Z")))


def test_qdpx_holds_the_project_and_each_source_under_sources(tmp_path, schema):
    path = tmp_path / "bundle.qdpx"
    write_bundle(path, qdpx_files("Demo", SOURCES, CASES, "2026-11-01T00:00:00Z"), manifest=False)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        schema.assertValid(etree.fromstring(archive.read("project.qde")))
        text = archive.read(f"sources/{guid('source', 'FG-01')}.txt").decode()
    assert "project.qde" in names and text.startswith("P01: Портал удобен.")


def test_guids_are_stable_and_upper_case():
    assert guid("case", "P01") == guid("case", "P01") != guid("case", "P02")
    assert guid("case", "P01") == guid("case", "P01").upper()


def test_each_speakers_turns_are_coded_with_a_code_tied_to_their_case(schema):
    """QualCoder's importer links text to a case through a code carrying the case's GUID; other
    tools read the case's CodeRef. Each coded stretch is exactly that speaker's line."""
    document = etree.fromstring(project_xml("Demo", SOURCES, CASES, "2026-11-01T00:00:00Z"))
    schema.assertValid(document)
    codes = {c.get("name"): c.get("guid") for c in document.findall("q:CodeBook/q:Codes/q:Code", NS)}
    cases = {c.get("name"): c for c in document.findall("q:Cases/q:Case", NS)}
    assert codes == {name: case.get("guid") for name, case in cases.items()}
    assert all(case.find("q:CodeRef", NS).get("targetGUID") == case.get("guid") for case in cases.values())
    source = document.find("q:Sources/q:TextSource", NS)
    text = SOURCES[0].text
    coded = [(text[int(s.get("startPosition")):int(s.get("endPosition"))],
              s.find("q:Coding/q:CodeRef", NS).get("targetGUID"))
             for s in source.findall("q:PlainTextSelection", NS)]
    assert coded == [("P01: Портал удобен.", codes["P01"]), ("P02: Не всегда.", codes["P02"])]


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=4))
def test_a_guid_is_the_name_based_uuid_of_its_parts(parts):
    """The project's GUIDs are RFC 4122 version-5 UUIDs of the thing's name, upper-case."""
    expected = str(uuid.uuid5(refiqda._GUID_ROOT, "/".join(parts))).upper()
    assert refiqda.guid(*parts) == expected
    assert uuid.UUID(expected).version == 5


def test_the_leak_check_reads_each_name_and_value_once_and_none_of_the_writers_guids_or_positions():
    document = project_xml('Demo "A&B"', SOURCES, CASES, "2026-11-01T00:00:00Z")
    values = refiqda.xml_values(document.decode("utf-8")).splitlines()
    tree = etree.fromstring(document)
    written = {v for e in tree.iter() for v in [*e.attrib.values(), e.text or ""]}
    guids = {v for v in written if _is_guid(v.removeprefix("internal://").removesuffix(".txt"))}
    positions = {e.get(side) for e in tree.iter() for side in ("startPosition", "endPosition") if e.get(side)}
    assert len(guids) > len(SOURCES) and not guids & set(values)
    assert positions == {"0", "19", "21", "36"} and not positions & set(values)
    assert set(values) == {v for v in written if v.strip()} - guids - positions | {refiqda.NAMESPACE}
    assert len(values) == len(set(values)) and 'Demo "A&B"' in values and "P01" in values


def test_a_guids_under_its_parts_is_their_guid():
    assert refiqda.guids_under("selection", "FG-01")("0-19") == guid("selection", "FG-01", "0-19")


def _is_guid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)).upper() == value
    except ValueError:
        return False
