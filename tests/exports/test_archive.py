"""Bundles as a user opens them: unzip, check the manifest, compare two builds."""
import hashlib
import zipfile

import pytest

from app.exports.archive import MANIFEST_NAME, BundleFile, verify_manifest, write_bundle


def _files(texts: dict[str, str]):
    return [BundleFile(name, lambda t=text: t.encode("utf-8")) for name, text in texts.items()]


TEXTS = {"transcripts/FG-01.txt": "[P01]: Мы подаём заявки через портал.\n",
         "metadata.csv": "session,type\nFG-01,focus_group\n"}


def test_bundle_holds_every_file_and_a_manifest_that_verifies(tmp_path):
    path = tmp_path / "bundle.zip"
    write_bundle(path, _files(TEXTS))
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted([*TEXTS, MANIFEST_NAME])
        manifest = archive.read(MANIFEST_NAME).decode()
        assert archive.read("transcripts/FG-01.txt").decode() == TEXTS["transcripts/FG-01.txt"]
    expected = hashlib.sha256(TEXTS["metadata.csv"].encode()).hexdigest()
    assert f"{expected}  metadata.csv" in manifest
    assert verify_manifest(path) == []


def test_two_builds_of_the_same_files_are_byte_identical(tmp_path):
    first = write_bundle(tmp_path / "a.zip", _files(TEXTS))
    second = write_bundle(tmp_path / "b.zip", _files(TEXTS))
    assert first == second
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_a_changed_file_fails_the_manifest(tmp_path):
    path = tmp_path / "bundle.zip"
    write_bundle(path, _files(TEXTS))
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, b"changed" if name == "metadata.csv" else data)
    assert verify_manifest(tampered) == ["metadata.csv"]


def test_a_failure_midway_leaves_no_file_behind(tmp_path):
    def explode() -> bytes:
        raise OSError("disk full")

    files = _files(TEXTS) + [BundleFile("transcripts/broken.txt", explode)]
    with pytest.raises(OSError):
        write_bundle(tmp_path / "bundle.zip", files)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_bundle_survives_a_failed_rebuild(tmp_path):
    path = tmp_path / "bundle.zip"
    write_bundle(path, _files(TEXTS))
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        write_bundle(path, [BundleFile("x.txt", lambda: (_ for _ in ()).throw(RuntimeError()))])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]


def test_a_bundle_of_many_files_is_the_zip_python_writes_of_them(tmp_path):
    """The entries' directory is kept out of memory while a bundle is written (issue 18) and the
    manifest spooled: the archive is still byte for byte what zipfile writes of the same files."""
    texts = {f"transcripts/SSI-{n:04d}.txt": f"P{n:03d}: Заявка номер {n} подана через портал.\n" * 40
             for n in range(1, 1201)}
    ours = tmp_path / "ours.zip"
    write_bundle(ours, _files(texts))
    with zipfile.ZipFile(ours) as archive:
        names = archive.namelist()
        manifest = archive.read(MANIFEST_NAME)
        assert names == [*texts, MANIFEST_NAME]
        assert all(archive.read(name).decode() == text for name, text in texts.items())
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        for name, text in [*texts.items(), (MANIFEST_NAME, manifest.decode())]:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.external_attr, info.create_system = 0o644 << 16, 3
            archive.writestr(info, text.encode(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    assert ours.read_bytes() == plain.read_bytes()
    assert verify_manifest(ours) == []
