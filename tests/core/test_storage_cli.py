"""`flask storage migrate --to db|folder` and `flask storage verify`, as an administrator runs them."""
import io

import pytest

from app.consent.uploads import store_scan
from app.core import storage
from app.core.extensions import db
from app.core.storage.models import FileChunk
from tests.consent.conftest import ConsentBuilder

SCAN = b"%PDF-1.4\n% a signed consent form\n%%EOF\n"
TRANSCRIPT = "Модератор: Добрый день.\n".encode() * 40000  # 1.6 MB


@pytest.fixture
def folder(app, ctx) -> storage.FolderStorage:
    """The upload folder the app is configured with, holding a scan and a transcript."""
    folder = storage.FolderStorage(app.config["UPLOAD_FOLDER"])
    folder.put(io.BytesIO(SCAN), area="consent", max_bytes=1 << 20)
    folder.put(io.BytesIO(TRANSCRIPT), area="transcripts", max_bytes=2 << 20)
    return folder


def _lines(text: str) -> list[str]:
    return text.strip().splitlines()


def test_migrate_to_the_database_copies_everything_once_and_says_so(app, folder, runner):
    result = runner.invoke(args=["storage", "migrate", "--to", "db"])
    assert result.exit_code == 0, result.output
    assert _lines(result.stdout)[0] == (f"From the folder {folder.root} to the database: 2 files, 2 copied "
                                        "(1.6 MB), 0 already there, 0 problem(s). The source is left as it was.")
    assert ("Set DALA_STORAGE=db for Dala to use them." in result.stdout) == (app.config["STORAGE"] != "db")
    database = storage.DatabaseStorage()
    assert database.read_bytes("transcripts", *database.keys("transcripts")) == TRANSCRIPT
    again = runner.invoke(args=["storage", "migrate", "--to", "db"])
    assert again.exit_code == 0 and "2 files, 0 copied (0.0 MB), 2 already there, 0 problem(s)" in again.stdout


def test_migrate_back_to_a_folder_restores_the_same_bytes(app, folder, runner, tmp_path):
    assert runner.invoke(args=["storage", "migrate", "--to", "db"]).exit_code == 0
    for area in ("consent", "transcripts"):
        for key in list(folder.keys(area)):
            folder.delete(area, key)
    result = runner.invoke(args=["storage", "migrate", "--to", "folder"])
    assert result.exit_code == 0, result.output
    assert "From the database to the folder" in result.stdout and "2 copied" in result.stdout
    assert sorted(p.read_bytes() for p in folder.root.rglob("*") if p.is_file()) == sorted([SCAN, TRANSCRIPT])


def test_a_corrupt_file_stops_migrate_with_one_line_and_exit_1(folder, runner):
    key = next(folder.keys("consent"))
    folder.path("consent", key).write_bytes(SCAN.replace(b"signed", b"forged"))
    result = runner.invoke(args=["storage", "migrate", "--to", "db"])
    assert result.exit_code == 1
    assert _lines(result.stderr) == [f"consent/{key}: the folder copy does not match its checksum; not copied."]
    assert "2 files, 1 copied" in result.stdout and "1 problem(s)" in result.stdout
    assert not storage.DatabaseStorage().exists("consent", key)


def test_verify_reports_a_corrupt_copy_in_the_database(app, folder, runner, monkeypatch):
    assert runner.invoke(args=["storage", "migrate", "--to", "db"]).exit_code == 0
    db.session.execute(db.update(FileChunk).values(data=b"tampered"))
    db.session.commit()
    monkeypatch.setitem(app.extensions, "dala_storage", storage.DatabaseStorage())  # as with DALA_STORAGE=db
    result = runner.invoke(args=["storage", "verify"])
    assert result.exit_code == 1
    assert result.stdout == "Checked 2 files in the database: 2 problem(s).\n"
    assert [line.split(": ", 1)[1] for line in _lines(result.stderr)] == ["does not match its checksum (corrupt)."] * 2


def test_verify_names_the_record_whose_scan_is_missing(app, build, runner):
    team = build.team()
    cb = ConsentBuilder(build)
    participant = cb.participant(team["study"])
    record = cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["coordinator"],
                        scan=store_scan(io.BytesIO(SCAN)))
    assert runner.invoke(args=["storage", "verify"]).exit_code == 0
    storage.current().delete("consent", record.scan_sha256)
    db.session.commit()
    result = runner.invoke(args=["storage", "verify"])
    assert result.exit_code == 1
    assert _lines(result.stderr) == [f"consent/{record.scan_sha256}: missing, named by consent record {record.id}."]


def test_migrate_needs_a_known_target(runner):
    result = runner.invoke(args=["storage", "migrate", "--to", "cloud"])
    assert result.exit_code == 2 and "'cloud' is not one of 'folder', 'db'" in result.output
