"""Worlds (tests/world.py) built once per test process and put back in milliseconds afterwards.

`snapshot_world(tag, extra_participants)` (or `snapshot(name, build)` for another set of records)
builds the world the first time it is asked for (per database kind and storage setting) in the
current app's empty database, then keeps a copy: the
database (SQLite: the backup API into memory; PostgreSQL: a schema of copied tables), the upload
and bundle folders and the keystore files of its study keys. Asked again, in any empty database of
the same kind with the same tables, it puts that copy back and returns the same world, its objects
loaded in the current session. A build costs seconds (a PDF report, hundreds of audited service
calls); putting it back costs a few milliseconds.
"""
import copy
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app.core.crypto import keys
from app.core.crypto.models import StudyKey
from app.core.extensions import db
from tests.world import build_world

FOLDERS = ("UPLOAD_FOLDER", "BUNDLE_FOLDER")


@dataclass(frozen=True)
class _Row:
    model: type
    identity: tuple


@dataclass
class _Snapshot:
    refs: dict
    folder: Path  # the stored files and keystore files, as built
    sqlite: sqlite3.Connection | None = None
    schema: str | None = None  # PostgreSQL: the schema holding the copied tables


_snapshots: dict[tuple, _Snapshot] = {}


def snapshot_world(tag: str = "w", extra_participants: int = 0) -> dict:
    """build_world(tag, extra_participants) in the current app's database, which must be empty."""
    return snapshot(("world", tag, extra_participants), lambda: build_world(tag, extra_participants))


def snapshot(name: tuple, build: Callable[[], dict]) -> dict:
    """What build() makes (a dict of stored objects and plain values) in the current app's
    database, which must be empty: built the first time in this process, put back afterwards."""
    key = (db.engine.dialect.name, current_app.config["STORAGE"], *name)
    kept = _snapshots.get(key)
    if kept is None:
        made = build()
        db.session.commit()
        kept = _snapshots[key] = _take(made, len(_snapshots))
    else:
        _restore(kept)
    return _objects(kept.refs)


def drop_snapshots() -> None:
    """Drop the PostgreSQL schemas of the snapshots (called inside the suite's app context)."""
    for snapshot in _snapshots.values():
        if snapshot.schema:
            with db.engine.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{snapshot.schema}" CASCADE')
        shutil.rmtree(snapshot.folder, ignore_errors=True)
    _snapshots.clear()


def _take(world: dict, number: int) -> _Snapshot:
    folder = Path(tempfile.mkdtemp(prefix="dala-world-", dir=Path(current_app.config["KEY_FOLDER"]).parent))
    snapshot = _Snapshot(refs=_refs(world), folder=folder)
    for name in FOLDERS:
        if Path(current_app.config[name]).is_dir():
            shutil.copytree(current_app.config[name], folder / name)
    store = Path(current_app.config["KEY_FOLDER"]) / keys.KEYSTORE
    (folder / "keystore").mkdir()
    for kek_id in db.session.scalars(sa.select(StudyKey.kek_id).distinct()):
        shutil.copy2(store / f"{kek_id}{keys.KEK_SUFFIX}", folder / "keystore")
    db.session.commit()  # no transaction open while the database is copied
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            snapshot.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            conn.connection.driver_connection.backup(snapshot.sqlite)
        else:
            current = conn.exec_driver_sql("SELECT current_schema()").scalar()
            snapshot.schema = f"{current}_world{number}"
            statements = [f'CREATE SCHEMA "{snapshot.schema}"'] + [
                f'CREATE TABLE "{snapshot.schema}"."{t.name}" AS TABLE "{current}"."{t.name}"'
                for t in db.metadata.sorted_tables]
            conn.exec_driver_sql("; ".join(statements))
            conn.commit()
    return snapshot


def _restore(snapshot: _Snapshot) -> None:
    db.session.rollback()  # nothing was written: the database must be empty
    with db.engine.connect() as conn:
        if snapshot.sqlite is not None:
            snapshot.sqlite.backup(conn.connection.driver_connection)
        else:
            conn.exec_driver_sql("; ".join(_copy_back(snapshot.schema)))
            conn.commit()
    for name in FOLDERS:
        shutil.rmtree(current_app.config[name], ignore_errors=True)
        if (snapshot.folder / name).is_dir():
            shutil.copytree(snapshot.folder / name, current_app.config[name])
    store = Path(current_app.config["KEY_FOLDER"]) / keys.KEYSTORE
    for kek in (snapshot.folder / "keystore").iterdir():  # a destruction test may have removed one
        if not (store / kek.name).exists():
            shutil.copy2(kek, store / kek.name)


def _copy_back(schema: str) -> list[str]:
    """Each table's rows copied in, parents first, and each id sequence moved past them."""
    statements = []
    for table in db.metadata.sorted_tables:
        statements.append(f'INSERT INTO "{table.name}" SELECT * FROM "{schema}"."{table.name}"')
        serial = [c for c in table.primary_key.columns if c.autoincrement is True
                  or (c.autoincrement == "auto" and isinstance(c.type, sa.Integer) and len(table.primary_key) == 1)]
        for column in serial:
            statements.append(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), "
                              f'(SELECT max("{column.name}") FROM "{table.name}")) '
                              f'WHERE EXISTS (SELECT 1 FROM "{table.name}")')
    return statements


def _refs(value):
    if isinstance(value, dict):
        return {key: _refs(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_refs(item) for item in value]
    state = sa.inspect(value, raiseerr=False)
    if state is not None and hasattr(state, "mapper"):
        assert state.identity is not None, f"{value!r} of the world is not stored"
        return _Row(state.mapper.class_, state.identity)
    return copy.deepcopy(value)


def _objects(value):
    if isinstance(value, dict):
        return {key: _objects(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_objects(item) for item in value]
    if isinstance(value, _Row):
        return db.session.get(value.model, value.identity)
    return copy.deepcopy(value)
