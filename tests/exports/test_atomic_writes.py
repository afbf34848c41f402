"""A full disk or a killed process while an export is written leaves no file at the destination
and no stored bundle."""
import errno
import io
import os
import signal
import subprocess
import sys
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core import atomic, storage
from app.exports import archive, bundles
from app.exports import cli as export_cli
from app.exports.models import Bundle, BundleFormat
from app.exports.selection import BundleFilters
from app.core.extensions import db
from tests.world import PASSWORD
from tests.support.snapshot import snapshot_world

ROOT = Path(__file__).resolve().parents[2]
EVERYTHING = BundleFilters((), (), None, None)


class FillingDisk:
    """A file that takes `room` bytes, then fails as a full disk does."""

    def __init__(self, raw, room: int):
        self._raw, self._room = raw, room

    def write(self, data):
        if len(data) > self._room:
            self._raw.write(bytes(data[:self._room]))
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._raw.write(data)

    def __getattr__(self, name):
        return getattr(self._raw, name)


@pytest.fixture
def full_disk_after(monkeypatch):
    def _after(room: int):
        original = zipfile.ZipFile

        class ZipOnFullDisk(original):
            def __init__(self, file, mode="r", *args, **kwargs):
                if mode == "w" and not isinstance(file, (str, os.PathLike)):
                    file = FillingDisk(file, room)
                super().__init__(file, mode, *args, **kwargs)

        monkeypatch.setattr(archive.zipfile, "ZipFile", ZipOnFullDisk)
    return _after


def _stored_bundles() -> tuple[list, list]:
    """The bundle records and the stored bundle files (the world has built one of each)."""
    return db.session.scalars(sa.select(Bundle.id)).all(), sorted(storage.current().keys("bundles"))


def test_a_full_disk_mid_bundle_leaves_no_file_and_no_record(app, ctx, full_disk_after, tmp_path, monkeypatch):
    study = snapshot_world()["study"]
    before = _stored_bundles()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the archive is written before it is stored
    full_disk_after(2000)
    with pytest.raises(bundles.BundleError, match=r"could not be written \(No space left on device\)"):
        bundles.build_bundle(study, EVERYTHING, BundleFormat.ZIP, None)
    db.session.rollback()
    assert list(tmp_path.iterdir()) == []  # not even the temporary file
    assert _stored_bundles() == before


def _held_open_in(folder: Path) -> list[str]:
    """Files this process holds open in `folder` (a temporary file is unlinked at once, and
    takes its room on the disk as long as it stays open)."""
    held = []
    for descriptor in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(descriptor)
        except OSError:  # the listing's own descriptor, closed since
            continue
        if target.startswith(str(folder)):
            held.append(target)
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="open files are read from /proc")
def test_a_qdpx_that_fails_at_its_project_file_leaves_no_temporary_file_even_open(
        app, ctx, full_disk_after, tmp_path, monkeypatch):
    """A .qdpx keeps its coded stretches in a temporary file until project.qde, written last,
    lists them: a disk that fills there leaves neither that file nor the archive behind."""
    study = snapshot_world()["study"]
    built = bundles.build_bundle(study, EVERYTHING, BundleFormat.QDPX, None)
    with zipfile.ZipFile(io.BytesIO(storage.current().read_bytes(bundles.AREA, built.checksum))) as done:
        project_starts = done.getinfo("project.qde").header_offset  # the same files give the same bytes
    db.session.rollback()
    before = _stored_bundles()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    full_disk_after(project_starts + 10)
    with pytest.raises(bundles.BundleError) as caught:
        bundles.build_bundle(study, EVERYTHING, BundleFormat.QDPX, None)
    assert "could not be written (No space left on device)" in str(caught.value)
    db.session.rollback()
    assert list(tmp_path.iterdir()) == [] and _held_open_in(tmp_path) == []
    assert _stored_bundles() == before


def test_a_full_disk_while_copying_to_out_leaves_nothing_there(app, ctx, runner, tmp_path, monkeypatch):
    study_id = snapshot_world()["study"].id

    real_atomic_file = export_cli.atomic_file

    @contextmanager
    def out_on_a_full_disk(path):
        with real_atomic_file(path) as (out, temp):
            yield FillingDisk(out, 1000), temp

    monkeypatch.setattr(export_cli, "atomic_file", out_on_a_full_disk)
    out = tmp_path / "out" / "bundle.zip"
    result = runner.invoke(args=["bundle", "build", "--study", str(study_id), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: Could not write {out}: No space left on device."
    assert list(out.parent.iterdir()) == []


def test_a_key_or_protocol_write_that_fails_leaves_no_file(app, ctx, runner, tmp_path, monkeypatch):
    study_id = snapshot_world()["study"].id
    real_replace = os.replace

    def disk_full_at_rename(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "replace", disk_full_at_rename)
    try:
        result = runner.invoke(args=["bundle", "key", "--study", str(study_id), "--out", str(tmp_path / "key.csv")])
    finally:
        monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert list(tmp_path.iterdir()) == []


def _file_instance(make_app, tmp_path):
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'dala.sqlite3'}",
                     SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
                     UPLOAD_FOLDER=str(tmp_path / "uploads"), BUNDLE_FOLDER=str(tmp_path / "bundles"))
    with other.test_request_context():
        db.create_all()
        study_id = snapshot_world()["study"].id
        return other, study_id, _stored_bundles()


SLOW_BUILD = """
import sys, time, zipfile
write = zipfile.ZipFile.writestr
def slowly(self, *args, **kwargs):
    write(self, *args, **kwargs)
    self.fp.flush()
    print("writing", flush=True)
    time.sleep(60)
zipfile.ZipFile.writestr = slowly
from flask.cli import main
sys.argv = ["flask"] + sys.argv[1:]
main()
"""


@pytest.mark.sqlite_only
def test_a_killed_bundle_build_leaves_nothing_and_the_next_build_works(make_app, tmp_path):
    other, study_id, before = _file_instance(make_app, tmp_path)
    out = tmp_path / "out.zip"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "FLASK_APP": "app", "DALA_CONFIG": "testing", "PYTHONPATH": str(ROOT),
           "DALA_TEST_DATABASE_URL": f"sqlite:///{tmp_path / 'dala.sqlite3'}", "DALA_INSTANCE": str(tmp_path),
           "DALA_UPLOADS": str(tmp_path / "uploads"), "DALA_BUNDLES": str(tmp_path / "bundles"),
           "DALA_STORAGE": other.config["STORAGE"], "TMPDIR": str(scratch)}
    command = [sys.executable, "-c", SLOW_BUILD, "bundle", "build", "--study", str(study_id), "--out", str(out)]
    with subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as build:
        started = build.stdout.readline()
        build.send_signal(signal.SIGKILL)
        errors = build.stderr.read().decode()
    assert started == b"writing\n", errors[-2000:]
    assert list(scratch.iterdir()) == []  # the archive being written had no name: it went with the process
    assert not out.exists()
    with other.app_context():
        assert _stored_bundles() == before
        result = other.test_cli_runner().invoke(args=["bundle", "build", "--study", str(study_id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and archive.verify_manifest(out) == []


def test_a_full_disk_during_a_web_build_is_a_message_not_an_error_page(app, ctx, client, full_disk_after):
    world = snapshot_world()
    study_id, before = world["study"].id, _stored_bundles()
    client.post("/login", data={"email": world["coordinator"].email, "password": PASSWORD})
    full_disk_after(500)
    response = client.post(f"/studies/{study_id}/bundles", data={"format": "zip"})
    assert response.status_code == 302  # to the job's page, which says why the job failed
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "The job failed." in page.get_data(as_text=True)
    assert "could not be written (No space left on device); nothing was kept." in page.get_data(as_text=True)
    assert _stored_bundles() == before
