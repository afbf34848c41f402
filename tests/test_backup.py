"""`flask backup` and `flask restore`: a round trip into an empty instance, on SQLite and PostgreSQL."""
from pathlib import Path

import logging
import threading

import pytest
import sqlalchemy as sa

from app.backup import postgres as backup_pg
from app.backup import services as backup
from app.core.extensions import db
from app.core.hashing import sha256_file
from app.recruitment.models import Participant
from app.studies.models import Study
from tests.world import build_world


@pytest.fixture
def empty_instance(app, make_app, tmp_path):
    """A second installation: a new SQLite file or a new PostgreSQL schema, and new folders."""
    folders = {"UPLOAD_FOLDER": str(tmp_path / "restored-uploads"),
               "BUNDLE_FOLDER": str(tmp_path / "restored-bundles")}
    schema = None
    if app.config.get("TEST_SCHEMA"):
        schema = f"{app.config['TEST_SCHEMA']}_restored"
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        other = make_app(SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": f"-csearch_path={schema}"}},
                         **folders)
    else:
        other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'restored.sqlite3'}", **folders)
    with other.app_context():
        db.create_all()  # as after `flask db upgrade`: the tables exist and are empty
    yield other
    if schema:
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def world(app, ctx):
    """A study of forty participants with every kind of record, uploaded scans and transcripts,
    and a bundle."""
    return build_world(extra_participants=27)


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


def test_round_trip_brings_back_records_files_and_an_intact_audit_chain(app, world, runner,
                                                                         empty_instance, tmp_path):
    target = tmp_path / "backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    manifest = backup.read_manifest(target)
    assert manifest["dala_version"] == "0.1.0" and "alembic_revision" in manifest
    assert any(name.startswith("uploads/transcripts/") for name in manifest["files"])
    assert any(name.startswith("uploads/consent/") for name in manifest["files"])
    assert any(name.startswith("bundles/study-") for name in manifest["files"])

    result = invoke(empty_instance, "restore", str(target))
    assert result.exit_code == 0, result.output

    before, after = counts(app), counts(empty_instance)
    assert after == before and after["participants"] == len(world["participants"]) and after["audit_events"] > 200
    assert facts(empty_instance) == facts(app)
    restored = {}
    for label, key in (("uploads", "UPLOAD_FOLDER"), ("bundles", "BUNDLE_FOLDER")):
        root = Path(empty_instance.config[key])
        restored.update({f"{label}/{p.relative_to(root).as_posix()}": sha256_file(p)
                         for p in root.rglob("*") if p.is_file()})
    assert restored == {k: v for k, v in manifest["files"].items() if not k.startswith("database.")}
    verify = invoke(empty_instance, "audit", "verify")
    assert verify.exit_code == 0 and "Audit chain intact" in verify.output, verify.output


def test_a_tampered_file_fails_the_manifest_check_and_nothing_is_restored(world, runner, empty_instance,
                                                                          tmp_path):
    target = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
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


def test_a_failed_backup_leaves_nothing(world, runner, tmp_path, monkeypatch):
    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_copy_file", full_disk)
    result = runner.invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []


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
    loggers = [logging.getLogger()] + [l for l in logging.root.manager.loggerDict.values()
                                       if isinstance(l, logging.Logger)]
    saved = [(l, l.disabled, l.level, list(l.handlers), l.propagate) for l in loggers]
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
        study_id = build_world()["study"].id
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
