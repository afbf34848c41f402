"""Migration 0016 seals the values stored before it, counts them in a dry run first, and its
downgrade refuses rather than leave values the older code cannot read."""
import json
import logging
from pathlib import Path

import pytest

import sqlalchemy as sa

from app import create_app
from app.core import storage
from app.core.crypto.files import MAGIC
from app.core.extensions import db
from app.recruitment import services as recruitment
from app.recruitment.models import Participant
from app.studies.models import Study
from config import TestingConfig
from tests.test_migrations import _empty_database
from tests.world import build_world

NOW = "2026-01-10 09:00:00"


@pytest.fixture(autouse=True)
def _loggers_back():
    """Alembic's env.py configures logging from alembic.ini, which disables the loggers that exist
    (the app's among them) for the tests that run after this module: enable them again."""
    enabled = {name for name, logger in logging.root.manager.loggerDict.items()
               if isinstance(logger, logging.Logger) and not logger.disabled}
    yield
    for name in enabled:
        logging.getLogger(name).disabled = False


def _plain_rows(conn) -> None:
    conn.execute(sa.text(
        "INSERT INTO studies (id, title, status, timezone, languages, created_at) "
        "VALUES (1, 'Старое исследование', 'fieldwork', 'Asia/Almaty', :langs, :now)"),
        {"langs": json.dumps(["ru"]), "now": NOW})
    conn.execute(sa.text(
        "INSERT INTO organisations (id, study_id, name, sector, notes, pseudonym, created_at) "
        "VALUES (1, 1, 'Акимат Старого района', 'local_authority', 'Контакт через приёмную', 'LA-01', :now)"),
        {"now": NOW})
    conn.execute(sa.text(
        "INSERT INTO participants (id, study_id, organisation_id, name, languages, email, phone, status, "
        "status_changed_at, pseudonym, created_at, version) VALUES (1, 1, 1, 'Бауыржан Доконверсионный', "
        ":langs, 'baurzhan@before.example', '+7 702 111 22 33', 'identified', :now, 'P01', :now, 1)"),
        {"langs": json.dumps(["ru"]), "now": NOW})


def test_existing_values_are_sealed_in_place_after_a_dry_run_and_the_downgrade_refuses(tmp_path, caplog):
    settings, schema = _empty_database(tmp_path)
    app = create_app(type("Migrated", (TestingConfig,), settings))
    runner = app.test_cli_runner()
    try:
        assert runner.invoke(args=["db", "upgrade", "0010_stored_files"]).exit_code == 0
        with app.app_context(), db.engine.begin() as conn:
            _plain_rows(conn)

        dry = runner.invoke(args=["keys", "encrypt-existing", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "participants.name: 1" in dry.output and "organisations.notes: 1" in dry.output
        assert "Dry run: 5 values and 0 files would be encrypted; nothing was changed." in dry.output
        with app.app_context(), db.engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT name FROM participants")) == "Бауыржан Доконверсионный"

        upgraded = runner.invoke(args=["db", "upgrade"])
        assert upgraded.exit_code == 0, upgraded.output
        with app.app_context(), db.engine.connect() as conn:
            raw = conn.execute(sa.text("SELECT name, email, phone FROM participants")).one()
            assert all(value.startswith("dala1:") for value in raw)
            assert "Акимат" not in conn.scalar(sa.text("SELECT name FROM organisations"))
        with app.test_request_context():
            person = db.session.get(Participant, 1)
            assert (person.name, person.email, person.phone) == (
                "Бауыржан Доконверсионный", "baurzhan@before.example", "+7 702 111 22 33")
            study = db.session.get(Study, 1)
            for query in ("бауыр", "baurzhan@", "7021112233"):
                found = db.session.scalars(recruitment.participant_list(
                    study, recruitment.ParticipantFilter(q=query))).all()
                assert [p.id for p in found] == [1], query
            db.session.rollback()

        refused = runner.invoke(args=["db", "downgrade", "0010_stored_files"])
        assert refused.exit_code != 0
        assert "Refusing to downgrade below 0016" in refused.output + caplog.text
        with app.app_context(), db.engine.connect() as conn:
            # PostgreSQL rolls the whole downgrade back (transactional DDL); SQLite stops at 0016:
            # either way the sealed values' revision is still applied
            assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) >= "0016_encryption_at_rest"
            assert conn.scalar(sa.text("SELECT name FROM participants")).startswith("dala1:")
    finally:
        with app.app_context():
            if schema:
                with db.engine.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            db.engine.dispose()


def test_values_and_files_stored_in_the_clear_are_sealed_by_encrypt_existing(app, make_app, tmp_path):
    folders = {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "BUNDLE_FOLDER": str(tmp_path / "bundles"),
               "STORAGE": "folder"}
    database = {} if app.config.get("TEST_SCHEMA") else {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'plain.sqlite3'}"}
    plain = make_app(ENCRYPTION=False, **database, **folders)
    with plain.test_request_context():
        db.create_all()
        world = build_world()
        name, person_id = world["participant"].name, world["participant"].id
    files = [p for p in Path(tmp_path / "uploads").rglob("*") if p.is_file()]
    assert files and not any(p.read_bytes().startswith(MAGIC) for p in files)

    sealed = make_app(**database, **folders)
    runner = sealed.test_cli_runner()
    with sealed.app_context():
        dry = runner.invoke(args=["keys", "encrypt-existing", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "stored files (consent): 1" in dry.output and "nothing was changed" in dry.output
        assert not any(p.read_bytes().startswith(MAGIC) for p in files)
        done = runner.invoke(args=["keys", "encrypt-existing"])
        assert done.exit_code == 0, done.output
        again = runner.invoke(args=["keys", "encrypt-existing", "--dry-run"])
        assert "Dry run: 0 values and 0 files would be encrypted" in again.output
    files = [p for p in Path(tmp_path / "uploads").rglob("*") if p.is_file()]
    assert files and all(p.read_bytes().startswith(MAGIC) for p in files)
    with sealed.app_context():
        raw = db.session.execute(sa.text("SELECT name FROM participants WHERE id = :id"), {"id": person_id}).scalar()
        assert raw.startswith("dala1:") and db.session.get(Participant, person_id).name == name
        store = storage.current()
        for area in ("consent", "transcripts", "bundles"):
            for key in store.keys(area):
                assert store.verify(area, key)
