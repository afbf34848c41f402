"""Bundles opened as a user would: unzip, read, search, verify, compare."""
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core import storage
from app.core.audit.models import AuditEvent
from app.exports import bundles as service
from app.exports.archive import verify_manifest
from app.exports.contents import WITHHELD
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.core.extensions import db
from app.transcripts.models import Turn
from tests.exports.conftest import withdraw_data


def _build(world, tmp_path, fmt=BundleFormat.ZIP, filters=BundleFilters()):
    """Build, then save the stored file as a download would: (bundle, path of the saved file)."""
    bundle = service.build_bundle(world["study"], filters, fmt, world["coordinator"])
    db.session.commit()
    path = tmp_path / f"bundle-{bundle.id}.{fmt.value}"
    path.write_bytes(storage.current().read_bytes("bundles", bundle.checksum))
    return bundle, path


def _stored_bundles() -> list[str]:
    return list(storage.current().keys("bundles"))


def _texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_bundle_has_every_part_and_its_manifest_verifies(world, tmp_path):
    bundle, path = _build(world, tmp_path)
    files = _texts(path)
    assert set(files) == {"transcripts/FG-01.txt", "metadata.csv", "anonymisation_log.csv", "README.txt",
                          "MANIFEST-SHA256.txt"}
    assert verify_manifest(path) == []
    assert "FG-01,FG-01,1,focus_group,LA,2026-05,ru" in files["metadata.csv"]
    assert bundle.checksum and bundle.transcript_count == 1 and bundle.withheld_turns == 1


def test_non_consenting_speaker_words_are_withheld_and_the_rest_kept(world, tmp_path):
    _, path = _build(world, tmp_path)
    text = _texts(path)["transcripts/FG-01.txt"]
    assert "портал удобен" in text
    assert "Я не согласен" not in text and f"P02: {WITHHELD}" in text


def test_transcript_without_a_consenting_speaker_is_left_out_with_why(world, tmp_path):
    bundle, path = _build(world, tmp_path)
    assert bundle.left_out == [{"session": "SSI-01", "reason": "no_consent"}]
    assert not any("SSI-01" in text or "обращениями" in text for text in _texts(path).values())


def test_a_participant_who_withdrew_their_data_disappears(world, tmp_path):
    withdraw_data(world, world["gulmira"])
    with pytest.raises(service.BundleError):
        _build(world, tmp_path)  # nobody left who consents
    assert _stored_bundles() == []


def test_no_name_contact_or_day_of_any_participant_is_in_the_bundle(world, tmp_path):
    _, path = _build(world, tmp_path)
    everything = "\n".join(_texts(path).values())
    for secret in ("Гульмира", "Сатпаев", "Бахыт", "Жумабеков", "Сапаров", "555 44 33", "2026-05-14",
                   "g.satpayeva", world["fieldworker"].name):
        assert secret not in everything


def test_the_leak_check_stops_a_bundle_with_a_planted_name(world, tmp_path):
    turn = db.session.scalars(sa.select(Turn).where(Turn.transcript_id == world["fg_transcript"].id)
                              .order_by(Turn.position)).all()[1]
    turn.anonymised_text = "Спросите у Сатпаевой, она знает."
    db.session.commit()
    with pytest.raises(service.BundleLeak) as caught:
        _build(world, tmp_path)
    assert [(leak.file, leak.what) for leak in caught.value.leaks] == [("transcripts/FG-01.txt", "person")]
    assert _stored_bundles() == []


@pytest.mark.parametrize("title, what", [("Беседы у Сатпаевой", "person"), ("Звонить 8 (702) 555-44-33", "phone")])
def test_the_leak_check_stops_a_qdpx_whose_project_file_names_someone(world, tmp_path, title, what):
    """project.qde is checked too (the study's title is the project's name), though its GUIDs are passed over."""
    world["study"].title = title
    db.session.commit()
    with pytest.raises(service.BundleLeak) as caught:
        _build(world, tmp_path, fmt=BundleFormat.QDPX)
    assert {(leak.file, leak.what) for leak in caught.value.leaks} == {("project.qde", what)}
    assert _stored_bundles() == []


def test_two_builds_from_the_same_inputs_are_byte_identical(world, tmp_path):
    first, first_path = _build(world, tmp_path)
    second, second_path = _build(world, tmp_path)
    assert first.id != second.id and first.checksum == second.checksum
    assert first_path.read_bytes() == second_path.read_bytes()


def test_filters_narrow_the_selection(world, tmp_path):
    with pytest.raises(service.BundleError):
        _build(world, tmp_path, filters=BundleFilters(session_types=("structured_interview",)))
    bundle, _ = _build(world, tmp_path, filters=BundleFilters(sectors=("local_authority",)))
    assert bundle.transcript_count == 1 and bundle.filters["sectors"] == ["local_authority"]


def test_a_failure_while_writing_leaves_nothing(world, tmp_path, monkeypatch):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(service, "_turns", broken)
    with pytest.raises(service.BundleError, match="could not be written"):
        _build(world, tmp_path)
    assert _stored_bundles() == []


def test_each_bundle_is_recorded_and_audited(world, tmp_path):
    bundle, _ = _build(world, tmp_path)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "bundle.build"))
    assert event.actor_id == world["coordinator"].id and event.after["checksum"] == bundle.checksum


def test_qdpx_bundle_validates_and_carries_speakers_as_cases(world, tmp_path):
    from lxml import etree

    from tests.exports.test_refiqda import SCHEMA

    _, path = _build(world, tmp_path, fmt=BundleFormat.QDPX)
    with zipfile.ZipFile(path) as archive:
        project = etree.fromstring(archive.read("project.qde"))
        sources = [n for n in archive.namelist() if n.startswith("sources/")]
        text = archive.read(sources[0]).decode()
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(project)
    cases = {c.get("name") for c in project.iter("{urn:QDA-XML:project:1.0}Case")}
    assert cases == {"P01", "P02", "STAFF-1"} or {"P01", "P02"} <= cases
    assert "портал удобен" in text and "Я не согласен" not in text


def test_withdrawn_data_in_an_approved_transcript_is_flagged_until_it_is_gone(world):
    from app.consent.flags import study_flags

    assert not [f for f in study_flags(world["study"]) if f.kind == "withdrawn_data_in_transcript"]
    withdraw_data(world, world["bakhyt"])
    flags = [f for f in study_flags(world["study"]) if f.kind == "withdrawn_data_in_transcript"]
    assert [(f.participant_id, "P02" in f.cause) for f in flags] == [(world["bakhyt"].id, True)]


def test_a_bundle_over_the_size_cap_is_refused_and_nothing_is_kept(world, tmp_path, monkeypatch):
    monkeypatch.setattr(service, "MAX_BYTES", 1000)
    with pytest.raises(service.BundleError, match=r"The bundle is larger than \d+ MB; nothing was kept."):
        _build(world, tmp_path)
    assert _stored_bundles() == []
