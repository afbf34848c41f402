"""REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder. Plain Python.

Sources are the anonymised transcripts; cases are speakers (by pseudonym) with their
variables. Each speaker's turns are coded with a code of the speaker's own: the code carries
the case's GUID and the case refers to it (CodeRef), which is how importers that ignore a
case's SourceRef (QualCoder's among them) link text to cases. GUIDs derive from the content's
codes, so the same bundle gives the same project.
"""
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from xml.sax.saxutils import escape, unescape

from app.exports.archive import BundleFile

NAMESPACE = "urn:QDA-XML:project:1.0"
_GUID_ROOT = uuid.UUID("6f1d3a52-9c1e-4d7e-b7c5-0d1a1a2b3c4d")


_GUID_HASH = hashlib.sha1(_GUID_ROOT.bytes, usedforsecurity=False)


def guid(*parts: str) -> str:
    """A stable, schema-conformant GUID (upper-case) for a thing named by `parts`: the name-based
    UUID of RFC 4122 (version 5), str(uuid.uuid5(_GUID_ROOT, name)).upper(), with the root's
    hash begun once (a project has a GUID per coded stretch: uuid5 was a tenth of a build)."""
    digest = _GUID_HASH.copy()
    digest.update("/".join(parts).encode("utf-8"))
    return _as_guid(digest.hexdigest().upper())


def _begun(*parts: str):
    """The GUID hash with `parts` and the separator after them taken in."""
    begun = _GUID_HASH.copy()
    begun.update(("/".join(parts) + "/").encode("utf-8"))
    return begun


def guids_under(*parts: str) -> Callable[[str], str]:
    """guid(*parts, last) as a function of `last`, with the hash of the parts begun once (a
    source's coded stretches share its code)."""
    begun = _begun(*parts)

    def guid_of(last: str) -> str:
        digest = begun.copy()
        digest.update(last.encode("utf-8"))
        return _as_guid(digest.hexdigest().upper())
    return guid_of


# the RFC 4122 variant in the 17th hex digit: its two high bits set to 10
_VARIANT = {digit: "89AB"[int(digit, 16) & 3] for digit in "0123456789ABCDEF"}


def _as_guid(sha1: str) -> str:
    """The UUID of the first 16 bytes of a SHA-1 (upper-case hex), version 5."""
    return f"{sha1[:8]}-{sha1[8:12]}-5{sha1[13:16]}-{_VARIANT[sha1[16]]}{sha1[17:20]}-{sha1[20:32]}"


class Selection(NamedTuple):  # a tuple: a project has one per coded stretch
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


def project_xml(name: str, sources: list[Source], cases: list[Case], created: str) -> bytes:
    """The project.qde document; `created` is an xsd:dateTime such as 2026-11-01T00:00:00Z."""
    return "".join(project_parts(name, sources, cases, created)).encode("utf-8")


def _attrs(values: dict[str, str]) -> str:
    return "".join(f' {key}="{_escaped(value)}"' for key, value in values.items())


_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"}
_ATTR_CHARACTERS = {entity: character for character, entity in _ATTR_ENTITIES.items()}
_TO_ESCAPE = re.compile("[&<>" + "".join(_ATTR_ENTITIES) + "]")
_GUID_SHAPED = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"
# an attribute that is one of the project's GUIDs (or a source's path made of one) is passed
# over: hex digits say nothing of anyone, and their runs of letters and digits only slowed the
# check (thousands of distinct "words" for the roster matcher) and could pass for a phone; so
# is a stretch's startPosition and endPosition (numbers counted by the writer; a run of them,
# a line each, read as one long number by the phone rule)
# (the literal =" first, the look-behind after it: the engine then skips to each =" instead of
# trying the look-behind at every character: project.qde's attribute search 32 -> 9 ms at 100
# transcripts of 2,000 words, the same matches)
_ATTRIBUTE = re.compile(rf'="(?<!Position=")(?!(?:internal://)?{_GUID_SHAPED}(?:\.txt)?")([^"]*)"')
_TEXT = re.compile(r">([^<]+)<")


def _escaped(value: str) -> str:
    # most values (GUIDs, codes, pseudonyms) hold nothing to escape: one search instead of
    # escape's seven replacements
    return escape(value, _ATTR_ENTITIES) if _TO_ESCAPE.search(value) else value


def xml_values(part: str) -> str:
    """The attribute values and texts of a part of project_parts, unescaped, each once, one a
    line (what a leak check reads: tag names are no leak, nor the GUIDs and the positions the
    writer made; a source's part repeats its cases' names and the date at every coded stretch)."""
    return "\n".join(xml_value_list(part))


def xml_value_list(part: str) -> list[str]:
    """xml_values as a list."""
    values = dict.fromkeys(_ATTRIBUTE.findall(part))  # attributes, then texts: two passes in C
    values.update(dict.fromkeys(_TEXT.findall(part)))
    return [v for v in map(_unescaped, values) if v.strip()]


def _unescaped(value: str) -> str:
    return unescape(value, _ATTR_CHARACTERS) if "&" in value else value  # every entity starts with &


def _empty(tag: str, values: dict[str, str]) -> str:
    return f"<{tag}{_attrs(values)} />"


def project_parts(name: str, sources: Iterable[Source], cases: list[Case], created: str) -> Iterator[str]:
    """project.qde as text, in parts (a source each, other elements up to PART characters at a
    time): a project of a hundred thousand coded stretches is never one tree in memory (each
    source's selections are read as it is written)."""
    user = guid("user", "dala")
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield f'<Project xmlns="{NAMESPACE}"' + _attrs({"name": name, "origin": "Dala", "creatingUserGUID": user,
                                                     "creationDateTime": created}) + ">"
    yield "<Users>" + _empty("User", {"guid": user, "name": "Dala export"}) + "</Users>"
    case_guids = {case.name: guid("case", case.name) for case in cases}
    if cases:
        yield "<CodeBook><Codes>"
        for case in cases:
            yield _empty("Code", {"guid": case_guids[case.name], "name": case.name, "isCodable": "true"})
        yield "</Codes></CodeBook>"
    variable_guids = {v: guid("variable", v) for v in sorted({v for case in cases for v in case.variables})}
    if variable_guids:
        yield "<Variables>" + "".join(
            _empty("Variable", {"guid": variable_guid, "name": variable, "typeOfVariable": "Text"})
            for variable, variable_guid in variable_guids.items()) + "</Variables>"
    if cases:  # in parts of some KB: a case lists its every source, the cases of a large bundle are MBs
        source_guid = guids_under("source")
        yield from _in_parts("<Cases>", (_case(case, case_guids[case.name], variable_guids, source_guid)
                                         for case in cases), "</Cases>")
    coded_as = {case.name: (case_guids[case.name], _escaped(case.name)) for case in cases}
    opened = False
    for source in sources:
        if not opened:
            yield "<Sources>"
            opened = True
        yield _source(source, coded_as, user, created)
    if opened:
        yield "</Sources>"
    yield "</Project>"


PART = 32 * 1024  # characters of project.qde written (and leak-checked) at a time, at least


def _in_parts(first: str, elements: Iterable[str], last: str) -> Iterator[str]:
    """first, the elements and last, joined into parts of about PART characters."""
    held, size = [first], len(first)
    for element in elements:
        held.append(element)
        size += len(element)
        if size >= PART:
            yield "".join(held)
            held, size = [], 0
    held.append(last)
    yield "".join(held)


def _case(case: Case, case_guid: str, variable_guids: dict[str, str], source_guid: Callable[[str], str]) -> str:
    """A case with its variables' values and sources (GUIDs of each found once per project)."""
    parts = [f"<Case{_attrs({'guid': case_guid, 'name': case.name})}>", f'<CodeRef targetGUID="{case_guid}" />']
    for variable, value in sorted(case.variables.items()):
        parts.append(f'<VariableValue><VariableRef targetGUID="{variable_guids[variable]}" />'
                     f"<TextValue>{escape(value)}</TextValue></VariableValue>")
    parts += [f'<SourceRef targetGUID="{source_guid(code)}" />' for code in case.source_codes]
    return "".join(parts) + "</Case>"


def _source(source: Source, coded_as: dict[str, tuple[str, str]], user: str, created: str) -> str:
    """A TextSource with a coded stretch per selection of a known case (`coded_as`: the case's
    code GUID and escaped name): written from one template per stretch, as _attrs and _empty
    would write it (a GUID or a number has nothing to escape); the stretch's two GUIDs as
    guids_under would give them, hashed in the loop (a closure call each was a fifth of
    project.qde's time), formatted by _as_guid."""
    source_guid = guid("source", source.code)
    attrs = {"guid": source_guid, "name": f"{source.code}.txt", "plainTextPath": f"internal://{source_guid}.txt",
             "creatingUser": user, "creationDateTime": created}
    stamp = _attrs({"creatingUser": user, "creationDateTime": created})
    selection_hash, coding_hash = _begun("selection", source.code), _begun("coding", source.code)
    selections = []
    for start, end, case in source.selections:
        coded = coded_as.get(case)
        if coded is None:
            continue
        where = f"{start}-{end}".encode()
        digest = selection_hash.copy()
        digest.update(where)
        selection_guid = _as_guid(digest.hexdigest().upper())
        digest = coding_hash.copy()
        digest.update(where)
        coding_guid = _as_guid(digest.hexdigest().upper())
        selections.append(
            f'<PlainTextSelection guid="{selection_guid}" '
            f'name="{coded[1]}" startPosition="{start}" endPosition="{end}"{stamp}>'
            f'<Coding guid="{coding_guid}"{stamp}>'
            f'<CodeRef targetGUID="{coded[0]}" /></Coding></PlainTextSelection>')
    if not selections:
        return _empty("TextSource", attrs)
    return "<TextSource" + _attrs(attrs) + ">" + "".join(selections) + "</TextSource>"


def project_file(name: str, sources: list[Source], cases: list[Case], created: str) -> BundleFile:
    """project.qde of a .qdpx archive (the sources' texts are files of their own)."""
    return BundleFile("project.qde", lambda: project_parts(name, sources, cases, created))


def source_file(code: str, text: str) -> BundleFile:
    """The plain-text source of one transcript, as project.qde refers to it."""
    return BundleFile(f"sources/{guid('source', code)}.txt", lambda: text)


def qdpx_files(name: str, sources: list[Source], cases: list[Case], created: str) -> Iterable[BundleFile]:
    """The files of a .qdpx archive: project.qde and one plain-text source per transcript."""
    yield project_file(name, sources, cases, created)
    for source in sources:
        yield source_file(source.code, source.text)
