"""Migrations 0016 and 0018 seal the values stored before them, counts them in a dry run first, and its
downgrade refuses rather than leave values the older code cannot read."""
import json
import logging
from pathlib import Path

import pytest

import sqlalchemy as sa

from app import create_app
from app.core import storage
from app.core.crypto import existing
from app.core.crypto.files import MAGIC
from app.core.extensions import db
from app.recruitment import services as recruitment
from app.instruments.models import AnswerSet
from app.recruitment.models import Participant, RecruitmentStatus
from app.studies.models import Study
from config import TestingConfig
from tests.test_migrations import _empty_database
from tests.world import build_world
from tests.support.schemas import drop_tables

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
            drop_tables(schema)


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


def test_migration_0018_seals_answers_notes_and_reasons_after_a_dry_run_and_its_downgrade_refuses(tmp_path):
    settings, schema = _empty_database(tmp_path)
    folders = {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "BUNDLE_FOLDER": str(tmp_path / "bundles"),
               "STORAGE": "folder"}
    plain = create_app(type("Plain", (TestingConfig,), {**settings, **folders, "ENCRYPTION": False}))
    sealed = create_app(type("Sealed", (TestingConfig,), {**settings, **folders}))
    runner = sealed.test_cli_runner()
    try:
        assert plain.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
        with plain.test_request_context():  # written in the clear, as before 0018
            world = build_world()
            person = world["participant"]
            recruitment.change_status(person, RecruitmentStatus.DECLINED, world["coordinator"],
                                      reason="Перезвонить после отпуска")
            db.session.commit()
            ids = {"answers": world["answers"][0].id, "person": person.id}
        with sealed.test_request_context():  # 0016's values sealed, as 0016 does; 0018's still plain
            existing.encrypt_existing(db.session.connection(), tables=existing.SEALED)
            db.session.commit()
        back = runner.invoke(args=["db", "downgrade", "0017c_jobs"])
        assert back.exit_code == 0, back.output

        with sealed.app_context():
            dry = runner.invoke(args=["keys", "encrypt-existing", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "answer_sets.values: 1" in dry.output and "status_changes.reason: " in dry.output
        assert "consent_notes.body: " in dry.output and "nothing was changed" in dry.output
        with sealed.app_context(), db.engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(*) FROM status_changes WHERE reason = :r"),
                               {"r": "Перезвонить после отпуска"}) == 1

        upgraded = runner.invoke(args=["db", "upgrade"])
        assert upgraded.exit_code == 0, upgraded.output
        with sealed.app_context(), db.engine.connect() as conn:
            reasons = conn.scalars(sa.text("SELECT reason FROM status_changes WHERE reason IS NOT NULL")).all()
            assert reasons and all(reason.startswith("dala1:") for reason in reasons)
            raw_answers = conn.scalar(sa.text("SELECT CAST(\"values\" AS TEXT) FROM answer_sets WHERE id = :id"),
                                      {"id": ids["answers"]})
            assert raw_answers.startswith('"dala1:') and "Главный специалист" not in raw_answers
            bodies = conn.scalars(sa.text("SELECT body FROM consent_notes WHERE body IS NOT NULL")).all()
            assert bodies and all(body.startswith("dala1:") for body in bodies)
        with sealed.test_request_context():
            assert db.session.get(AnswerSet, ids["answers"]).values["role"] == "Главный специалист"
            reasons = [s.reason for s in db.session.get(Participant, ids["person"]).history]
            assert "Перезвонить после отпуска" in reasons
            db.session.rollback()

        refused = runner.invoke(args=["db", "downgrade", "0017c_jobs"])
        assert refused.exit_code != 0
        with sealed.app_context(), db.engine.connect() as conn:
            # PostgreSQL rolls the whole downgrade back (transactional DDL); SQLite stops at 0018:
            # either way the revision that sealed the values is still applied
            assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) >= "0018_seal_more"
            reasons = conn.scalars(sa.text("SELECT reason FROM status_changes WHERE reason IS NOT NULL")).all()
            assert reasons and all(reason.startswith("dala1:") for reason in reasons)
    finally:
        for flask_app in (plain, sealed):
            with flask_app.app_context():
                db.session.remove()
                db.engine.dispose()
        if schema:
            with sealed.app_context(), db.engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
