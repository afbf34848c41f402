"""Backups of the database and the uploaded files, and their restore into an empty instance.

A backup is a folder: `database.sqlite3` (SQLite's online backup API) or `database.pgdump`
(pg_dump, custom format, the configured schema only), `uploads/...` and `bundles/...`, and
`manifest.json` with the SHA-256 of every file, the row count of every table, the Alembic
revision, where stored files live and Dala's version. Files stored in the database
(DALA_STORAGE=db) are in its copy already; the folders hold what the folder backend keeps
and bundles built before app.core.storage. It is written under a temporary name beside PATH and renamed
into place at the end, so a failure leaves nothing. The database is copied first and the
files second: uploads are stored before the rows naming them are committed, so every file
the snapshot refers to is on disk by the time the files are copied.
"""
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.backup import postgres as backup_pg
from app.backup.common import BackupError, alembic_revision, dala_version, row_counts
from app.core.atomic import atomic_file
from app.core.hashing import copy_hashing, sha256_file

MANIFEST = "manifest.json"
FORMAT = "dala-backup/1"
FOLDERS = ("uploads", "bundles")
TEMP_PREFIXES = (".part-", ".partial-")
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass
class Instance:
    """Where an installation keeps its data: the database and the two file folders."""
    engine: Engine
    uploads: Path
    bundles: Path
    migrations: Path | None = None
    tools: backup_pg.Tools = field(default_factory=backup_pg.Tools)
    storage: str = "folder"  # where stored files live: "folder" (uploads) or "db"
    # Encryption at rest: the master key's fingerprint and where it is kept (never in the backup).
    encryption: dict | None = None

    def folder(self, name: str) -> Path:
        return {"uploads": self.uploads, "bundles": self.bundles}[name]


def code_revision(migrations: Path | None) -> str | None:
    if migrations is None or not migrations.is_dir():
        return None
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(migrations)).get_current_head()


# --- backup -------------------------------------------------------------------------------

def create_backup(target: Path, instance: Instance) -> dict:
    """Write a backup folder at `target` (which must not exist); return its manifest."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists; give a new path.")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        manifest = _write_backup(temp, instance)
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))
        os.rename(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return manifest


def _write_backup(temp: Path, instance: Instance) -> dict:
    dialect = instance.engine.dialect.name
    if dialect not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {dialect}.")
    database_file = temp / DATABASE_FILES[dialect]
    if dialect == "sqlite":
        database = _sqlite_snapshot(instance.engine, database_file)
    else:
        database = backup_pg.dump(instance.engine, database_file, instance.tools)
    files = {database_file.name: sha256_file(database_file)}
    for name in FOLDERS:
        others = [instance.folder(o).resolve() for o in FOLDERS if o != name]
        files.update(_copy_tree(instance.folder(name), temp / name, name, others))
    return {"format": FORMAT, "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "dala_version": dala_version(), "alembic_revision": database.pop("alembic_revision"),
            "database": {"dialect": dialect, "file": database_file.name, **database}, "files": files,
            "storage": instance.storage, "encryption": instance.encryption}


def _sqlite_snapshot(engine: Engine, destination: Path) -> dict:
    """SQLite's online backup API: a consistent copy while the app keeps writing."""
    raw = engine.raw_connection()
    try:
        copy = sqlite3.connect(destination)
        with copy:
            raw.driver_connection.backup(copy)
        copy.close()
    finally:
        raw.close()
    copy_engine = sa.create_engine(f"sqlite:///{destination}", poolclass=sa.pool.NullPool)
    try:
        with copy_engine.connect() as conn:
            return {"tables": row_counts(conn), "alembic_revision": alembic_revision(conn)}
    finally:
        copy_engine.dispose()


def _copy_tree(source: Path, destination: Path, label: str, skip: list[Path]) -> dict[str, str]:
    """Copy every regular file under `source`, hashing it; temporary upload files are left out."""
    files = {}
    if not source.is_dir():
        return files
    for root, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if (Path(root) / d).resolve() not in skip)
        for name in sorted(names):
            path = Path(root) / name
            if name.startswith(TEMP_PREFIXES) or path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(source).as_posix()
            try:
                files[f"{label}/{relative}"] = _copy_file(path, destination / relative)
            except FileNotFoundError:  # removed while we walked: not part of the snapshot
                continue
    return files


# --- verify and restore ---------------------------------------------------------------------

def read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads((Path(path) / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{path} is not a Dala backup: {MANIFEST} is missing or unreadable.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify_backup(path: Path) -> list[str]:
    """What does not match the manifest: missing, changed or unlisted files (empty when intact)."""
    path = Path(path)
    listed = read_manifest(path)["files"]
    present = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()} - {MANIFEST}
    problems = [f"missing: {name}" for name in sorted(listed.keys() - present)]
    problems += [f"changed: {name}" for name in sorted(listed.keys() & present)
                 if sha256_file(path / name) != listed[name]]
    problems += [f"not in the manifest: {name}" for name in sorted(present - listed.keys())]
    return problems


def nonempty_tables(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: count for name, count in row_counts(conn).items()
                if count and name != "alembic_version"}


@dataclass
class Restored:
    manifest: dict
    tables: dict[str, int]
    files: int
    warnings: list[str]


def restore_backup(path: Path, instance: Instance) -> Restored:
    """Check the backup and the target, then bring back the files and the database."""
    path = Path(path)
    manifest = read_manifest(path)
    problems = verify_backup(path)
    if problems:
        raise BackupError(f"The backup does not match its manifest ({len(problems)} problem(s)): "
                          + "; ".join(problems[:5]))
    dialect = manifest["database"]["dialect"]
    if dialect != instance.engine.dialect.name:
        raise BackupError(f"This is a {dialect} backup; the configured database is "
                          f"{instance.engine.dialect.name}.")
    full = nonempty_tables(instance.engine)
    if full:
        name, count = next(iter(full.items()))
        raise BackupError(f"The target database is not empty ({name} has {count} rows); "
                          "restore only into an empty instance.")
    warnings = backup_pg.check_restore(manifest, instance.tools) if dialect == "postgresql" else []
    files = _plan_files(path, manifest, instance)
    for source, destination in files:
        _place(source, destination)
    database_file = path / manifest["database"]["file"]
    if dialect == "sqlite":
        _sqlite_restore(instance.engine, database_file)
    else:
        backup_pg.restore(instance.engine, database_file, manifest["database"]["schema"], instance.tools)
    instance.engine.dispose()
    with instance.engine.connect() as conn:
        tables = row_counts(conn)
    expected = manifest["database"]["tables"]
    if tables != expected:
        differ = sorted(n for n in expected.keys() | tables.keys() if expected.get(n) != tables.get(n))
        raise BackupError("The restored database differs from the backup in: " + ", ".join(differ[:10]))
    warnings += _revision_warning(manifest, instance) + _storage_warning(manifest, instance)
    return Restored(manifest, tables, len(files), warnings)


def _plan_files(path: Path, manifest: dict, instance: Instance) -> list[tuple[Path, Path]]:
    """Every file to place; refused before anything is written if one would overwrite other data."""
    plan = []
    for name, digest in sorted(manifest["files"].items()):
        folder, _, relative = name.partition("/")
        if folder not in FOLDERS:
            continue
        destination = instance.folder(folder) / relative
        if destination.exists():
            if sha256_file(destination) != digest:
                raise BackupError(f"{destination} exists with other content; restore only into an "
                                  "empty instance.")
            continue
        plan.append((path / name, destination))
    return plan


def _place(source: Path, destination: Path) -> None:
    with atomic_file(destination) as (out, _temp), source.open("rb") as src:
        shutil.copyfileobj(src, out)


def _sqlite_restore(engine: Engine, source: Path) -> None:
    engine.dispose()
    raw = engine.raw_connection()
    try:
        backup = sqlite3.connect(source)
        backup.backup(raw.driver_connection)
        backup.close()
    finally:
        raw.close()


def _revision_warning(manifest: dict, instance: Instance) -> list[str]:
    revision, head = manifest.get("alembic_revision"), code_revision(instance.migrations)
    if revision and head and revision != head:
        return [f"The backup is at database revision {revision}; this Dala expects {head}: "
                "run `flask db upgrade`."]
    return []


def _storage_warning(manifest: dict, instance: Instance) -> list[str]:
    kept = manifest.get("storage", "folder")
    if kept == instance.storage:
        return []
    where = {"folder": "the upload folder", "db": "the database"}
    return [f"The backup's stored files are in {where[kept]}; this instance reads them from "
            f"{where[instance.storage]}: run `flask storage migrate --to {instance.storage}`."]


def _copy_file(source: Path, destination: Path) -> str:
    destination.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as src, destination.open("wb") as out:
        return copy_hashing(src, out)
