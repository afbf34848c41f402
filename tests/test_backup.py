"""`flask backup` and `flask restore`: a round trip into an empty instance, on SQLite and PostgreSQL."""
from pathlib import Path

import logging
import threading

import pytest
import sqlalchemy as sa

from app.backup import postgres as backup_pg
from app.backup import services as backup
from app.core.hashing import sha256_file
from app.core import storage
from app.core.extensions import db
from app.recruitment.models import Participant
from app.studies.models import Study
from tests.support.schemas import create_tables, drop_tables
from tests.support.snapshot import snapshot_world


@pytest.fixture
def storage_backend(app) -> str:
    """Where the instances keep stored files (the suite's setting unless a test says otherwise)."""
    return app.config["STORAGE"]


@pytest.fixture
def restored_backend(storage_backend) -> str:
    return storage_backend


@pytest.fixture
def empty_instance(app, make_app, tmp_path, restored_backend):
    """A second installation: a new SQLite file or a new PostgreSQL schema, and new folders."""
    folders = {"UPLOAD_FOLDER": str(tmp_path / "restored-uploads"),
               "BUNDLE_FOLDER": str(tmp_path / "restored-bundles"), "STORAGE": restored_backend}
    schema = None
    if app.config.get("TEST_SCHEMA"):
        schema = f"{app.config['TEST_SCHEMA']}_restored"
        other = make_app(SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": f"-csearch_path={schema}"}},
                         **folders)
    else:
        other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'restored.sqlite3'}", **folders)
    with other.app_context():
        create_tables(schema)  # as after `flask db upgrade`: the tables exist and are empty
    yield other
    with other.app_context():
        drop_tables(schema)


def build_study_with_a_bundle() -> dict:
    """A study of forty participants with every kind of record, uploaded scans and transcripts,
    and a bundle."""
    return snapshot_world(extra_participants=27)


@pytest.fixture
def world(app, ctx):
    return build_study_with_a_bundle()


@pytest.fixture
def source(app, make_app, tmp_path, storage_backend):
    """The installation backed up, holding a built study: its stored files kept by `storage_backend`."""
    folders = {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "BUNDLE_FOLDER": str(tmp_path / "bundles"),
               "STORAGE": storage_backend}
    if app.config.get("TEST_SCHEMA"):  # the suite's schema, emptied after the test
        other = make_app(**folders)
    else:
        other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'source.sqlite3'}",
                         SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}, **folders)
    with other.test_request_context():
        db.create_all()
        build_study_with_a_bundle()
    return other


def invoke(flask_app, *args):
    """A command on another app (the test's own app context would otherwise be used)."""
    with flask_app.app_context():
        return flask_app.test_cli_runner().invoke(args=list(args))


def counts(flask_app) -> dict:
    with flask_app.app_context(), db.engine.connect() as conn:
        return {name: n for name, n in backup.row_counts(conn).items() if name != "alembic_version"}


def facts(flask_app) -> dict:
    with flask_app.app_context():
        return {"study": db.session.scalar(sa.select(Study.title)),
                "names": sorted(db.session.scalars(sa.select(Participant.name))),
                "phones": sorted(p or "" for p in db.session.scalars(sa.select(Participant.phone)))}


def _restored_files(instance) -> dict[str, str]:
    restored = {}
    for label, key in (("uploads", "UPLOAD_FOLDER"), ("bundles", "BUNDLE_FOLDER")):
        root = Path(instance.config[key])
        restored.update({f"{label}/{p.relative_to(root).as_posix()}": sha256_file(p)
                         for p in root.rglob("*") if p.is_file()})
    return restored


@pytest.mark.parametrize("storage_backend", ["folder", "db"])
def test_round_trip_brings_back_records_files_and_an_intact_audit_chain(source, empty_instance, tmp_path,
                                                                         storage_backend):
    target = tmp_path / "backup"
    result = invoke(source, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    manifest = backup.read_manifest(target)
    assert manifest["dala_version"] == "0.1.0" and "alembic_revision" in manifest
    in_folders = {name.split("/")[1] for name in manifest["files"] if name.startswith("uploads/")}
    stored_rows = manifest["database"]["tables"]["stored_files"]
    if storage_backend == "folder":  # scans, transcripts and the bundle as files, none in the database
        assert {"consent", "transcripts", "bundles"} <= in_folders <= set(storage.AREAS) and stored_rows == 0
    else:  # all of them in the database copy, no file beside it
        with source.app_context():
            held = sum(1 for area in storage.AREAS for _ in storage.current().keys(area))
        assert in_folders == set() and stored_rows == held >= 3

    result = invoke(empty_instance, "restore", str(target))
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output

    before, after = counts(source), counts(empty_instance)
    assert after == before and after["participants"] == 40 and after["audit_events"] > 200
    assert facts(empty_instance) == facts(source)
    assert _restored_files(empty_instance) == {k: v for k, v in manifest["files"].items()
                                               if not k.startswith("database.")}
    verify = invoke(empty_instance, "audit", "verify")
    assert verify.exit_code == 0 and "Audit chain intact" in verify.output, verify.output
    files = invoke(empty_instance, "storage", "verify")  # every file a record names is there, intact
    assert files.exit_code == 0 and files.output.endswith(": 0 problem(s).\n"), files.output


WHERE = {"folder": "the upload folder", "db": "the database"}


@pytest.mark.parametrize("storage_backend,restored_backend", [("db", "folder"), ("folder", "db")])
def test_restored_where_files_live_elsewhere_it_says_how_to_move_them_and_they_move(
        source, empty_instance, tmp_path, storage_backend, restored_backend):
    assert invoke(source, "backup", str(tmp_path / "backup")).exit_code == 0
    result = invoke(empty_instance, "restore", str(tmp_path / "backup"))
    assert result.exit_code == 0, result.output
    assert (f"Warning: The backup's stored files are in {WHERE[storage_backend]}; this instance reads them "
            f"from {WHERE[restored_backend]}: run `flask storage migrate --to {restored_backend}`.") in result.output
    assert invoke(empty_instance, "storage", "verify").exit_code == 1  # the records name files it cannot see
    moved = invoke(empty_instance, "storage", "migrate", "--to", restored_backend)
    assert moved.exit_code == 0 and "0 problem(s)" in moved.output, moved.output
    verify = invoke(empty_instance, "storage", "verify")
    assert verify.exit_code == 0, verify.output


@pytest.mark.parametrize("storage_backend", ["folder"])  # scans as files beside the database copy
def test_a_tampered_file_fails_the_manifest_check_and_nothing_is_restored(source, empty_instance, tmp_path):
    target = tmp_path / "backup"
    assert invoke(source, "backup", str(target)).exit_code == 0
    scan = next(p for p in (target / "uploads" / "consent").rglob("*") if p.is_file())
    scan.write_bytes(scan.read_bytes() + b"x")
    assert backup.verify_backup(target) == [f"changed: {scan.relative_to(target).as_posix()}"]
    result = invoke(empty_instance, "restore", str(target))
    assert result.exit_code == 1
    assert "does not match its manifest" in result.output and "changed: uploads/consent/" in result.output
    assert counts(empty_instance)["participants"] == 0
    assert not any(Path(empty_instance.config["UPLOAD_FOLDER"]).rglob("*"))


def test_restore_into_a_database_with_data_is_refused_in_one_line(world, runner, tmp_path):
    target = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    result = runner.invoke(args=["restore", str(target)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: The target database is not empty (answer_sets has {len(world['answers'])} rows); "
        "restore only into an empty instance."]


@pytest.mark.parametrize("storage_backend", ["folder"])  # files to copy when the disk fills
def test_a_failed_backup_leaves_nothing(source, tmp_path, monkeypatch):
    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_copy_file", full_disk)
    out = tmp_path / "out"
    out.mkdir()
    result = invoke(source, "backup", str(out / "backup"))
    assert result.exit_code != 0
    assert list(out.iterdir()) == []


def test_backup_refuses_an_existing_path(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 1 and "already exists" in result.output


def test_pg_dump_older_than_the_server_is_named_clearly():
    with pytest.raises(backup.BackupError, match="pg_dump is version 15 but the server runs PostgreSQL 16"):
        backup_pg.check_dump_version(15, 16)
    backup_pg.check_dump_version(16, 15)  # newer client: works, with a warning in the manifest


def test_restore_sql_is_retargeted_to_the_configured_schema_but_data_is_untouched():
    lines = [b"CREATE SCHEMA s1;\n", b"CREATE TABLE s1.users (id integer);\n",
             b"COPY s1.users (id, note) FROM stdin;\n", b"1\ts1.users is data\n", b"\\.\n",
             b"SELECT pg_catalog.setval('s1.users_id_seq', 5, true);\n"]
    out = list(backup_pg.retarget(lines, "s1", "s2"))
    assert out == [b'CREATE SCHEMA IF NOT EXISTS "s2";\n', b'CREATE TABLE "s2".users (id integer);\n',
                   b'COPY "s2".users (id, note) FROM stdin;\n', b"1\ts1.users is data\n", b"\\.\n",
                   b"SELECT pg_catalog.setval('\"s2\".users_id_seq', 5, true);\n"]


@pytest.fixture
def keep_logging():
    """`flask db upgrade` in-process runs Alembic's fileConfig, which disables every existing
    logger (the app's included) and resets the root: put them back for the tests that follow."""
    loggers = [logging.getLogger()] + [lg for lg in logging.root.manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    saved = [(lg, lg.disabled, lg.level, list(lg.handlers), lg.propagate) for lg in loggers]
    yield
    for logger, disabled, level, handlers, propagate in saved:
        logger.disabled, logger.level, logger.handlers[:], logger.propagate = disabled, level, handlers, propagate
    for name, logger in logging.root.manager.loggerDict.items():
        if isinstance(logger, logging.Logger) and logger not in loggers:
            logger.disabled = False


def test_the_manifest_records_the_alembic_revision_of_a_migrated_database(make_app, tmp_path, keep_logging):
    migrated = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrated.sqlite3'}",
                        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    assert invoke(migrated, "db", "upgrade").exit_code == 0
    result = invoke(migrated, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 0, result.output
    head = backup.code_revision(Path(migrated.root_path).parent / "migrations")
    assert head and backup.read_manifest(tmp_path / "backup")["alembic_revision"] == head
    assert f"revision {head}" in result.output


def test_a_pg_dump_older_than_the_server_stops_the_backup_with_a_clear_line(app, runner, tmp_path, monkeypatch):
    if not app.config.get("TEST_SCHEMA"):
        pytest.skip("PostgreSQL only (DALA_TEST_DATABASE_URL)")
    monkeypatch.setattr(backup_pg, "tool_major", lambda tool: 9)
    result = runner.invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: pg_dump is version 9 but the server runs PostgreSQL ")
    assert list(tmp_path.iterdir()) == []


def test_a_backup_taken_while_the_app_writes_is_consistent(app, make_app, empty_instance, tmp_path):
    """Audit events are written, one commit each, while the backup runs; the restored copy has an
    intact chain and exactly the rows its manifest counted."""
    from app.core.audit import services as audit

    source = app if app.config.get("TEST_SCHEMA") else make_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'busy.sqlite3'}", SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    with source.test_request_context():
        db.create_all()
        study_id = snapshot_world()["study"].id
    started, stop = threading.Event(), threading.Event()

    def keep_writing():
        with source.test_request_context():
            study = db.session.get(Study, study_id)
            for i in range(2000):
                audit.record(None, "study.touch", study, after={"i": i})
                db.session.commit()
                started.set()
                if stop.is_set():
                    break

    writer = threading.Thread(target=keep_writing)
    writer.start()
    started.wait(10)
    result = invoke(source, "backup", str(tmp_path / "backup"))
    stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    restored = invoke(empty_instance, "restore", str(tmp_path / "backup"))
    assert restored.exit_code == 0, restored.output
    written = counts(source)["audit_events"]
    assert backup.read_manifest(tmp_path / "backup")["database"]["tables"]["audit_events"] == counts(empty_instance)["audit_events"] < written
    assert "Audit chain intact" in invoke(empty_instance, "audit", "verify").output
