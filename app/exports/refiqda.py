"""REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder. Plain Python.

Sources are the anonymised transcripts; cases are speakers (by pseudonym) with their
variables. Each speaker's turns are coded with a code of the speaker's own: the code carries
the case's GUID and the case refers to it (CodeRef), which is how importers that ignore a
case's SourceRef (QualCoder's among them) link text to cases. GUIDs derive from the content's
codes, so the same bundle gives the same project.
"""
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.exports.archive import BundleFile

NAMESPACE = "urn:QDA-XML:project:1.0"
_GUID_ROOT = uuid.UUID("6f1d3a52-9c1e-4d7e-b7c5-0d1a1a2b3c4d")


def guid(*parts: str) -> str:
    """A stable, schema-conformant GUID (upper-case) for a thing named by `parts`."""
    return str(uuid.uuid5(_GUID_ROOT, "/".join(parts))).upper()


@dataclass(frozen=True)
class Selection:
    """A stretch of a source (character offsets) said by the speaker of case `case`."""
    start: int
    end: int
    case: str


@dataclass(frozen=True)
class Source:
    code: str  # the transcript's name (session code, and part); also the file name
    text: str
    selections: tuple[Selection, ...] = ()


@dataclass(frozen=True)
class Case:
    name: str  # a pseudonym
    variables: dict[str, str] = field(default_factory=dict)
    source_codes: tuple[str, ...] = ()


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def project_xml(name: str, sources: list[Source], cases: list[Case], created: str) -> bytes:
    """The project.qde document; `created` is an xsd:dateTime such as 2026-11-01T00:00:00Z."""
    ET.register_namespace("", NAMESPACE)
    user = guid("user", "dala")
    root = ET.Element(_q("Project"), {"name": name, "origin": "Dala", "creatingUserGUID": user,
                                      "creationDateTime": created})
    ET.SubElement(ET.SubElement(root, _q("Users")), _q("User"), {"guid": user, "name": "Dala export"})
    if cases:
        codes = ET.SubElement(ET.SubElement(root, _q("CodeBook")), _q("Codes"))
        for case in cases:
            ET.SubElement(codes, _q("Code"), {"guid": guid("case", case.name), "name": case.name,
                                              "isCodable": "true"})
    variable_names = sorted({v for case in cases for v in case.variables})
    if variable_names:
        variables = ET.SubElement(root, _q("Variables"))
        for variable in variable_names:
            ET.SubElement(variables, _q("Variable"), {"guid": guid("variable", variable),
                                                      "name": variable, "typeOfVariable": "Text"})
    if cases:
        _cases(ET.SubElement(root, _q("Cases")), cases)
    sources_el = ET.SubElement(root, _q("Sources")) if sources else None
    known = {case.name for case in cases}
    for source in sources:
        element = ET.SubElement(sources_el, _q("TextSource"), {
            "guid": guid("source", source.code), "name": f"{source.code}.txt",
            "plainTextPath": f"internal://{guid('source', source.code)}.txt",
            "creatingUser": user, "creationDateTime": created})
        for selection in source.selections:
            if selection.case not in known:
                continue
            where = f"{selection.start}-{selection.end}"
            coded = ET.SubElement(element, _q("PlainTextSelection"), {
                "guid": guid("selection", source.code, where), "name": selection.case,
                "startPosition": str(selection.start), "endPosition": str(selection.end),
                "creatingUser": user, "creationDateTime": created})
            coding = ET.SubElement(coded, _q("Coding"), {"guid": guid("coding", source.code, where),
                                                         "creatingUser": user, "creationDateTime": created})
            ET.SubElement(coding, _q("CodeRef"), {"targetGUID": guid("case", selection.case)})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _cases(parent: ET.Element, cases: list[Case]) -> None:
    for case in cases:
        element = ET.SubElement(parent, _q("Case"), {"guid": guid("case", case.name), "name": case.name})
        ET.SubElement(element, _q("CodeRef"), {"targetGUID": guid("case", case.name)})
        for variable, value in sorted(case.variables.items()):
            holder = ET.SubElement(element, _q("VariableValue"))
            ET.SubElement(holder, _q("VariableRef"), {"targetGUID": guid("variable", variable)})
            ET.SubElement(holder, _q("TextValue")).text = value
        for code in case.source_codes:
            ET.SubElement(element, _q("SourceRef"), {"targetGUID": guid("source", code)})


def project_file(name: str, sources: list[Source], cases: list[Case], created: str) -> BundleFile:
    """project.qde of a .qdpx archive (the sources' texts are files of their own)."""
    xml = project_xml(name, sources, cases, created)
    return BundleFile("project.qde", lambda: xml)


def source_file(code: str, text: str) -> BundleFile:
    """The plain-text source of one transcript, as project.qde refers to it."""
    return BundleFile(f"sources/{guid('source', code)}.txt", lambda: text.encode("utf-8"))


def qdpx_files(name: str, sources: list[Source], cases: list[Case], created: str) -> Iterable[BundleFile]:
    """The files of a .qdpx archive: project.qde and one plain-text source per transcript."""
    yield project_file(name, sources, cases, created)
    for source in sources:
        yield source_file(source.code, source.text)
