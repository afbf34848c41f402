"""Two transcripts of one session both reach the bundle under names of their own; speakers
of layouts Dala used to misread keep rule 2: a non-consenting speaker's words stay out."""
import io
import zipfile

import pytest
from lxml import etree

from app.core import storage
from app.core.extensions import db
from app.exports import bundles as service
from app.exports.contents import WITHHELD
from app.exports.models import BundleFormat
from app.exports.refiqda import guid
from app.exports.selection import BundleFilters
from app.transcripts import services as transcripts
from tests.support.shared import shared_dir

NS = {"q": "urn:QDA-XML:project:1.0"}
ZOOM = ("WEBVTT\n\n"
        "1\n00:00:01.000 --> 00:00:04.000\nGulmira S. (Akimat): Портал удобен, пользуюсь каждый день.\n\n"
        "2\n00:00:04.000 --> 00:00:07.000\nBakhyt Zh. (NGO): Не согласен: очереди в ЦОНе длинные.\n\n"
        "3\n00:00:07.000 --> 00:00:09.000\nGulmira S. (Akimat): Очереди стали короче.\n\n"
        "4\n00:00:09.000 --> 00:00:11.000\nBakhyt Zh. (NGO): Только не у нас в районе.\n")


def _part_two(world, data=ZOOM.encode(), name="fg01-part2.vtt"):
    staff = world["fieldworker"]
    t = transcripts.upload_transcript(world["fg"], name, data, "ru", staff, max_bytes=1 << 20, ner=False)
    who = {"Gulmira S. (Akimat)": f"p:{world['gulmira'].id}", "Bakhyt Zh. (NGO)": f"p:{world['bakhyt'].id}"}
    transcripts.map_speakers(t, {s.id: who[s.label] for s in t.speakers}, staff, ner=False)
    transcripts.approve(t, staff)
    db.session.commit()
    return t


def _read(world, fmt):
    bundle = service.build_bundle(world["study"], BundleFilters(), fmt, world["coordinator"])
    db.session.commit()
    return bundle, zipfile.ZipFile(io.BytesIO(storage.current().read_bytes("bundles", bundle.checksum)))


def test_two_parts_of_one_session_are_both_in_the_zip(world):
    second = _part_two(world)
    assert (world["fg_transcript"].part, second.part) == (1, 2)
    bundle, archive = _read(world, BundleFormat.ZIP)
    names = set(archive.namelist())
    assert {"transcripts/FG-01.txt", "transcripts/FG-01-part2.txt"} <= names
    part2 = archive.read("transcripts/FG-01-part2.txt").decode()
    assert "Очереди стали короче." in part2 and "портал удобен" in archive.read("transcripts/FG-01.txt").decode()
    metadata = archive.read("metadata.csv").decode().splitlines()
    assert [row.split(",")[:3] for row in metadata[1:]] == [["FG-01", "FG-01", "1"], ["FG-01-part2", "FG-01", "2"]]
    assert bundle.transcript_count == 2


def test_a_non_consenting_speaker_from_a_zoom_file_stays_withheld(world):
    """Zoom names in brackets used to be misread and glued to the other speaker's turn."""
    _part_two(world)
    _bundle, archive = _read(world, BundleFormat.ZIP)
    part2 = archive.read("transcripts/FG-01-part2.txt").decode()
    assert "Не согласен" not in part2 and "Только не у нас" not in part2
    assert part2.count(f"P02: {WITHHELD}") == 2
    assert "P01: Портал удобен, пользуюсь каждый день." in part2


def test_the_qdpx_has_both_parts_as_sources_and_codes_turns_to_cases(world):
    _part_two(world)
    _bundle, archive = _read(world, BundleFormat.QDPX)
    project = etree.fromstring(archive.read("project.qde"))
    etree.XMLSchema(etree.parse(str(shared_dir() / "refi-qda" / "Project.xsd"))).assertValid(project)
    sources = {s.get("name"): s for s in project.findall("q:Sources/q:TextSource", NS)}
    assert set(sources) == {"FG-01.txt", "FG-01-part2.txt"}
    assert sources["FG-01.txt"].get("guid") != sources["FG-01-part2.txt"].get("guid")
    text = archive.read(f"sources/{guid('source', 'FG-01-part2')}.txt").decode()
    p01 = guid("case", "P01")
    coded = [text[int(s.get("startPosition")):int(s.get("endPosition"))]
             for s in sources["FG-01-part2.txt"].findall("q:PlainTextSelection", NS)
             if s.find("q:Coding/q:CodeRef", NS).get("targetGUID") == p01]
    assert coded == ["P01: Портал удобен, пользуюсь каждый день.", "P01: Очереди стали короче."]
    assert not any(WITHHELD in s.get("name", "") for s in sources["FG-01-part2.txt"])


@pytest.mark.parametrize("fmt", [BundleFormat.ZIP, BundleFormat.QDPX])
def test_a_bundle_without_parts_is_named_as_before(world, fmt):
    _bundle, archive = _read(world, fmt)
    assert "transcripts/FG-01.txt" in archive.namelist() or f"sources/{guid('source', 'FG-01')}.txt" in archive.namelist()
