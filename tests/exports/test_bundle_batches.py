"""A bundle reads its transcripts in batches (metadata and turns) and keeps only compact text
of each for the listing files: however the transcripts fall into batches, the bundle is the
same file, every transcript holds its own words in order, and a name in the last batch still
stops it."""
import io
import zipfile

import pytest
import sqlalchemy as sa

from app.core import storage
from app.core.extensions import db
from app.exports import bundles as service
from app.exports.archive import MANIFEST_NAME, verify_manifest
from app.exports.contents import WITHHELD
from app.exports.models import Bundle, BundleFormat
from app.exports.selection import BundleFilters
from app.transcripts import services as transcripts
from app.transcripts.models import Turn

PARTS = 6  # FG-01 and five more parts of it, SSI-01 left out (nobody in it consents)


def _zoom(n: int) -> bytes:
    return ("WEBVTT\n\n"
            f"1\n00:00:01.000 --> 00:00:04.000\nGulmira S.: Портал удобен, часть {n}.\n\n"
            f"2\n00:00:04.000 --> 00:00:07.000\nBakhyt Zh.: Не согласен, часть {n}.\n\n"
            f"3\n00:00:07.000 --> 00:00:09.000\nGulmira S.: Очереди стали короче, часть {n}.\n").encode()


@pytest.fixture
def parts(world):
    staff = world["fieldworker"]
    who = {"Gulmira S.": f"p:{world['gulmira'].id}", "Bakhyt Zh.": f"p:{world['bakhyt'].id}"}
    added = []
    for n in range(2, PARTS + 1):
        t = transcripts.upload_transcript(world["fg"], f"fg01-part{n}.vtt", _zoom(n), "ru", staff,
                                          max_bytes=1 << 20, ner=False)
        transcripts.map_speakers(t, {s.id: who[s.label] for s in t.speakers}, staff, ner=False)
        transcripts.approve(t, staff)
        db.session.commit()
        added.append(t)
    return added


def _build(world, fmt=BundleFormat.ZIP) -> tuple[Bundle, bytes]:
    bundle = service.build_bundle(world["study"], BundleFilters(), fmt, world["coordinator"])
    db.session.commit()
    return bundle, storage.current().read_bytes("bundles", bundle.checksum)


@pytest.mark.parametrize("fmt", [BundleFormat.ZIP, BundleFormat.QDPX])
def test_the_bundle_is_the_same_file_whatever_the_batches(world, parts, monkeypatch, fmt):
    whole, _ = _build(world, fmt)  # every transcript in one batch
    monkeypatch.setattr(service, "ENTRY_BATCH", 4)
    monkeypatch.setattr(service, "TURN_BATCH", 3)
    batched, _ = _build(world, fmt)  # batches of metadata and of turns that do not line up
    monkeypatch.setattr(service, "ENTRY_BATCH", 1)
    monkeypatch.setattr(service, "TURN_BATCH", 1)
    single, _ = _build(world, fmt)
    assert whole.checksum == batched.checksum == single.checksum
    assert whole.transcript_count == PARTS


def test_each_transcript_holds_its_own_words_and_the_listing_files_every_one_in_order(world, parts, monkeypatch):
    monkeypatch.setattr(service, "ENTRY_BATCH", 4)
    monkeypatch.setattr(service, "TURN_BATCH", 3)
    bundle, data = _build(world)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
        assert verify_manifest(io.BytesIO(data)) == []
    references = ["FG-01"] + [f"FG-01-part{n}" for n in range(2, PARTS + 1)]
    for n in range(2, PARTS + 1):
        text = files[f"transcripts/FG-01-part{n}.txt"]
        assert f"Портал удобен, часть {n}." in text and f"Очереди стали короче, часть {n}." in text
        assert "Не согласен" not in text and f"P02: {WITHHELD}" in text
        assert not any(f"часть {other}" in text for other in range(2, PARTS + 1) if other != n)
    metadata = files["metadata.csv"].splitlines()
    log = files["anonymisation_log.csv"].splitlines()
    assert [row.split(",")[0] for row in metadata[1:]] == references
    assert [row.split(",")[0] for row in log[1:]] == references
    assert [line.split("  ")[1] for line in files[MANIFEST_NAME].splitlines()] == [
        *(f"transcripts/{r}.txt" for r in references), "metadata.csv", "anonymisation_log.csv", "README.txt"]
    assert f"Transcripts in this bundle: {PARTS} (" in files["README.txt"]
    assert bundle.left_out == [{"session": "SSI-01", "reason": "no_consent"}]


def test_a_name_in_the_last_batch_still_stops_the_bundle_and_nothing_is_kept(world, parts, monkeypatch):
    monkeypatch.setattr(service, "ENTRY_BATCH", 4)
    monkeypatch.setattr(service, "TURN_BATCH", 3)
    last = parts[-1]
    turn = db.session.scalars(sa.select(Turn).where(Turn.transcript_id == last.id).order_by(Turn.position)).first()
    turn.anonymised_text = "Спросите у Сатпаевой, она знает."
    db.session.commit()
    with pytest.raises(service.BundleLeak) as refused:
        _build(world)
    db.session.rollback()
    assert {leak.file for leak in refused.value.leaks} == {f"transcripts/FG-01-part{PARTS}.txt"}
    assert list(storage.current().keys("bundles")) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bundle)) == 0
