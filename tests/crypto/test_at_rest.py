"""Identifying values are unreadable at rest (issue 17): the database file or a pg_dump, the
stored files and a backup hold no participant's name, e-mail or phone in any common encoding,
while a coordinator still sees them on the pages and finds them by search."""
import base64
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.consent import review
from app.consent.models import ConsentRecord
from app.core.extensions import db
from app.fieldwork import services as fieldwork
from app.recruitment import services as recruitment
from app.recruitment.models import Organisation, Participant, RecruitmentStatus
from tests.builders import Builder
from tests.support.snapshot import snapshot_world

DISTINCT = [  # fictional people with names found nowhere else
    ("Гаухар Жолдасбекқызы Тестілеу", "gaukhar.zholdas@leakcheck.example", "+7 701 555 01 93"),
    ("Wilhelmina Quarterstaff", "w.quarterstaff@leakcheck.example", "8 (727) 555-44-21"),
    ("Ержан Әбілқайыров", "yerzhan.abilkaiyr@leakcheck.example", "+77015559977"),
]


def _forms(value: str) -> list[bytes]:
    found = []
    for text in {value, value.lower()}:
        found += [text.encode("utf-8"), text.encode("utf-16-le"), base64.b64encode(text.encode("utf-8"))]
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 7 and digits != text:
            found.append(digits.encode())
    return found


@pytest.fixture
def source(app, make_app, tmp_path):
    folders = {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "BUNDLE_FOLDER": str(tmp_path / "bundles"),
               "STORAGE": "folder"}
    if app.config.get("TEST_SCHEMA"):
        other = make_app(**folders)
    else:
        other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'source.sqlite3'}", **folders)
    with other.test_request_context():
        db.create_all()
        world = snapshot_world(extra_participants=5)
        build = Builder()
        study = world["study"]
        people = [build.participant(study, name, email=email, phone=phone,
                                    notes=f"Встреча с {name} в четверг")
                  for name, email, phone in DISTINCT]
        text = ("Модератор: Здравствуйте.\nГаухар Жолдасбекқызы Тестілеу: Работаю в акимате.\n")
        build.transcript(world["session"], text, by=world["fieldworker"])  # raw, labels as written
        # Free text that names them elsewhere: an answer, a consent review note, a status
        # change's reason, a draft of a session's completion.
        first, second, third = (name for name, _e, _p in DISTINCT)
        answers = world["answers"][0]
        answers.values = {**answers.values, "role": f"Помощник {first}"}
        record = db.session.scalar(sa.select(ConsentRecord).where(ConsentRecord.study_id == study.id)
                                   .order_by(ConsentRecord.id))
        review.raise_query(record, world["reviewer"], f"Кто подписал за {second}?")
        recruitment.change_status(people[2], RecruitmentStatus.DECLINED, world["coordinator"],
                                  reason=f"Отказ передал {third}")
        fieldwork.save_completion_draft(world["session"], world["fieldworker"], {}, f"Опоздал {first}")
        db.session.commit()
        ids = {"study": study.id, "people": [p.id for p in people],
               "coordinator": world["coordinator"].email, "password": world["password"]}
        values = set()
        for row in db.session.execute(sa.select(Participant.name, Participant.email, Participant.phone)):
            values |= {v for v in row if v}
        values |= set(db.session.scalars(sa.select(Organisation.name)))
    return other, ids, values


def _raw_database(flask_app, suite_app) -> list[bytes]:
    url = flask_app.config["SQLALCHEMY_DATABASE_URI"]
    with flask_app.app_context():
        db.session.remove()
        db.engine.dispose()
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return [p.read_bytes() for p in path.parent.glob(path.name + "*")]
    schema = suite_app.config["TEST_SCHEMA"]
    pg_url = url.replace("postgresql+psycopg://", "postgresql://")
    dump = subprocess.run([shutil.which("pg_dump") or "pg_dump", "--format=plain", f"--schema={schema}",
                           "--dbname", pg_url], capture_output=True, check=True)
    return [dump.stdout]


def _files(folder: Path) -> list[bytes]:
    return [p.read_bytes() for p in folder.rglob("*") if p.is_file()]


def test_nothing_identifying_in_the_database_files_or_a_backup(app, source, tmp_path):
    flask_app, ids, values = source
    assert len(values) >= 30 and {name for name, _e, _p in DISTINCT} <= values
    with flask_app.app_context():
        result = flask_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    blobs = {"database": _raw_database(flask_app, app),
             "stored files": _files(tmp_path / "uploads"),
             "backup": _files(tmp_path / "backup")}
    assert blobs["stored files"] and blobs["backup"] and blobs["database"]
    leaks = [(where, value) for where, contents in blobs.items() for value in sorted(values)
             for form in _forms(value) for blob in contents if len(form) >= 6 and form in blob]
    assert leaks == []


def test_the_coordinator_still_sees_and_finds_them(source):
    flask_app, ids, _values = source
    client = flask_app.test_client()
    assert client.post("/login", data={"email": ids["coordinator"], "password": ids["password"]}).status_code == 302
    study = ids["study"]
    page = client.get(f"/studies/{study}/participants/{ids['people'][0]}").get_data(as_text=True)
    for shown in ("Гаухар Жолдасбекқызы Тестілеу", "gaukhar.zholdas@leakcheck.example", "+7 701 555 01 93"):
        assert shown in page
    history = client.get(f"/studies/{study}/participants/{ids['people'][2]}").get_data(as_text=True)
    assert f"Отказ передал {DISTINCT[2][0]}" in history  # a sealed reason, opened for the page
    searches = {"Гаух": 0, "жолдасбекқызы": 0, "GAUKHAR.ZHOLDAS@": 0, "701 555 01": 0, "87015550193": 0,
                "quarterst": 1, "Wilhelmina Quarter": 1, "7275554421": 1, "4421": 1, "әбілқ": 2, "Ержан": 2,
                "yerzhan.abilkaiyr@leakcheck.example": 2}
    for query, index in searches.items():
        listing = client.get(f"/studies/{study}/participants", query_string={"q": query}).get_data(as_text=True)
        assert DISTINCT[index][0] in listing, query
        others = [name for i, (name, _e, _p) in enumerate(DISTINCT) if i != index]
        assert not any(name in listing for name in others), query
    nothing = client.get(f"/studies/{study}/participants", query_string={"q": "Несуществующий"}).get_data(as_text=True)
    assert not any(name in nothing for name, _e, _p in DISTINCT)


def test_a_backup_names_the_key_it_needs_and_restore_without_it_is_one_line(source, make_app, app, tmp_path):
    flask_app, _ids, _values = source
    with flask_app.app_context():
        result = flask_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    assert "keep the master key (fingerprint" in result.output and "apart from this backup" in result.output
    assert "master.key" not in {p.name for p in (tmp_path / "backup").rglob("*")}
    empty = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
             "UPLOAD_FOLDER": str(tmp_path / "restored-uploads"), "BUNDLE_FOLDER": str(tmp_path / "restored-b"),
             "KEY_FOLDER": str(tmp_path / "no-keys"), "MASTER_KEY": None, "SQLALCHEMY_ENGINE_OPTIONS": {}}
    other = make_app(**empty)
    with other.app_context():
        db.create_all()
        restored = other.test_cli_runner().invoke(args=["restore", str(tmp_path / "backup")])
        assert restored.exit_code == 1
        assert restored.output.startswith("Error: This backup is encrypted: restoring needs the master key")
        assert len(restored.output.strip().splitlines()) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0
