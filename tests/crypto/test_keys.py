"""The master key, the keystore and sealed values: each bad input is one clear message."""
import os

import pytest
import sqlalchemy as sa

from app.core import storage
from app.core.crypto import keys
from app.core.crypto.keyring import PREFIX
from app.core.extensions import db
from app.recruitment.models import Participant
from tests.builders import Builder


@pytest.fixture
def database(app, tmp_path) -> dict:
    """Settings for apps sharing one database: the suite's PostgreSQL schema, or a SQLite file."""
    if app.config.get("TEST_SCHEMA"):
        return {}
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'keys.sqlite3'}"}


def _app(make_app, database, **settings):
    other = make_app(**database, **settings)
    with other.app_context():
        db.create_all()
    return other


def _file_key_app(make_app, folder, database=None):
    return _app(make_app, database or {}, KEY_FOLDER=str(folder), MASTER_KEY=None)


def _unreadable(flask_app, person_id, attribute="name") -> str:
    with flask_app.app_context():
        try:
            getattr(db.session.get(Participant, person_id), attribute)
        except (keys.KeyProblem, sa.exc.StatementError) as error:
            return str(getattr(error, "orig", None) or error)
        finally:
            db.session.rollback()
    raise AssertionError("the value was read")


def _invoke(flask_app, *args):
    with flask_app.app_context():
        return flask_app.test_cli_runner().invoke(args=list(args))


def test_init_creates_a_private_key_file_and_says_to_keep_a_copy(make_app, tmp_path):
    other = _file_key_app(make_app, tmp_path / "keys")
    assert _invoke(other, "keys", "check").exit_code == 1
    result = _invoke(other, "keys", "init")
    assert result.exit_code == 0, result.output
    path = tmp_path / "keys" / "master.key"
    assert str(path) in result.output and "Keep a copy" in result.output
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = _invoke(other, "keys", "init")
    assert "Created" not in again.output and path.read_text() == path.read_text()
    assert _invoke(other, "keys", "check").exit_code == 0


def test_missing_key_and_loose_permissions_are_one_line_each(make_app, tmp_path):
    other = _file_key_app(make_app, tmp_path / "keys")
    result = _invoke(other, "keys", "status")
    assert result.exit_code == 1 and "No master key: set DALA_MASTER_KEY" in result.output
    _invoke(other, "keys", "init")
    os.chmod(tmp_path / "keys" / "master.key", 0o644)
    other = _file_key_app(make_app, tmp_path / "keys")
    result = _invoke(other, "keys", "status")
    assert result.exit_code == 1
    assert "can be read by other users (mode 644); run `chmod 600" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_wrong_master_key_cannot_read_and_says_so(make_app, database):
    source = _app(make_app, database)
    with source.test_request_context():
        person_id = Builder().participant(Builder().study(), "Арман Ключевой").id
    wrong = _app(make_app, database, MASTER_KEY=keys.encode_key(b"x" * 32))
    assert "is not the one the keystore was written with" in _unreadable(wrong, person_id)


def test_a_truncated_value_or_file_is_refused_with_a_message(ctx, app):
    study = Builder().study()
    person = Builder().participant(study, "Асель Обрезанная")
    sealed = person.name
    raw = db.session.execute(sa.text("SELECT name FROM participants WHERE id = :id"), {"id": person.id}).scalar()
    assert raw.startswith(PREFIX) and "Асель" not in raw and sealed == "Асель Обрезанная"
    db.session.execute(sa.text("UPDATE participants SET name = :v WHERE id = :id"), {"v": raw[:30], "id": person.id})
    db.session.expire_all()
    with pytest.raises((keys.KeyProblem, sa.exc.StatementError), match="truncated"):
        db.session.get(Participant, person.id).name
    db.session.rollback()

    store = storage.current()
    stored = store.put([b"scan " * 1000], area="consent", max_bytes=1 << 20, study_id=study.id)
    db.session.commit()
    assert b"".join(store.open("consent", stored.key)) == b"scan " * 1000
    path = store.path("consent", stored.key)
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(keys.KeyProblem, match="cannot be decrypted|truncated"):
        b"".join(store.open("consent", stored.key))


def test_rotation_rewraps_the_keystore_and_retires_the_old_key(make_app, tmp_path, database):
    other = _file_key_app(make_app, tmp_path / "keys", database)
    _invoke(other, "keys", "init")
    old = (tmp_path / "keys" / "master.key").read_text()
    with other.test_request_context():
        study = Builder().study()
        study_id = study.id
        person_id = Builder().participant(study, "Тимур Ротация", email="timur@rotation.example").id
    result = _invoke(other, "keys", "rotate")
    assert result.exit_code == 0, result.output
    assert "Re-wrapped 1 key-encryption keys" in result.output
    new = (tmp_path / "keys" / "master.key").read_text()
    assert new != old and not (tmp_path / "keys" / "master.key.new").exists()
    fresh = _file_key_app(make_app, tmp_path / "keys", database)
    with fresh.app_context():
        assert db.session.get(Participant, person_id).email == "timur@rotation.example"
    status = _invoke(fresh, "keys", "status")
    assert f"Study {study_id}:" in status.output and "active" in status.output
    with_old = _app(make_app, database, KEY_FOLDER=str(tmp_path / "keys"), MASTER_KEY=old.strip())
    assert "not the one the keystore was written with" in _unreadable(with_old, person_id, "email")
