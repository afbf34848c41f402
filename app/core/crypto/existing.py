"""Sealing values stored before encryption at rest (migration 0016, `flask keys encrypt-existing`).

The columns are listed here by table name (a migration must not change when models do later);
each value not sealed yet is sealed in place under its study's key, and the participants' blind
index is rebuilt. A dry run counts what would be sealed and changes nothing.
"""
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.core.crypto import blind, keyring
from app.core.crypto.keys import KeyProblem

# table -> its sealed columns; the study is the row's study_id unless VIA says how to find it.
SEALED = {
    "organisations": ["name", "notes"],
    "participants": ["name", "position", "email", "phone", "notes"],
    "transcripts": ["raw_text"],
    "pseudonym_key": ["name"],
    "field_sessions": ["field_notes"],
    "consent_withdrawals": ["note"],
    "question_notes": ["text"],
    "transcript_spans": ["entity"],
    "transcript_speakers": ["label"],
}
# Sealed from migration 0018 on (issue 17 finished): answers, review notes, reasons, drafts.
SEALED_MORE = {
    "answer_sets": ["values"],
    "consent_notes": ["body"],
    "consent_records": ["correction_reason"],
    "status_changes": ["reason"],
    "completion_drafts": ["field_notes"],
}
ALL = {**SEALED, **SEALED_MORE}
JSON_COLUMNS = {("answer_sets", "values")}  # a mapping, sealed as its JSON text
VIA = {"transcript_spans": ("transcript_id", "transcripts"),
       "transcript_speakers": ("transcript_id", "transcripts"),
       "status_changes": ("participant_id", "participants"),
       "completion_drafts": ("session_id", "field_sessions")}


# storage area -> (table, column naming the file's key); the study is the row's study_id.
FILES = {"consent": ("consent_records", "scan_sha256"), "transcripts": ("transcripts", "file_sha256"),
         "bundles": ("bundles", "checksum")}


@dataclass
class Report:
    values: dict[str, int] = field(default_factory=dict)  # "table.column" -> values sealed (or to seal)
    participants_indexed: int = 0
    files: dict[str, int] = field(default_factory=dict)  # storage area -> files sealed (or to seal)

    @property
    def total(self) -> int:
        return sum(self.values.values())


def encrypt_files(connection, store, dry_run: bool = False) -> dict[str, int]:
    """Seal, in place, every stored file a record names that is still plain."""
    done: dict[str, int] = {}
    ring = keyring.active()
    if ring is None:
        return done
    with _schema_of(connection, ring):
        _encrypt_files(connection, store, dry_run, done)
    return done


def _encrypt_files(connection, store, dry_run: bool, done: dict[str, int]) -> None:
    for area, (table, column) in FILES.items():
        t = sa.Table(table, sa.MetaData(), autoload_with=connection)
        rows = connection.execute(sa.select(t.c.study_id, t.c[column]).where(t.c[column].is_not(None))
                                  .distinct()).all()
        for study_id, key in rows:
            if not key or not store.exists(area, key) or store.is_sealed(area, key):
                continue
            done[area] = done.get(area, 0) + 1
            if not dry_run:
                store.reseal(area, key, study_id)
    _encrypt_job_files(connection, store, dry_run, done)
    return done


def _encrypt_job_files(connection, store, dry_run: bool, done: dict[str, int]) -> None:
    """Files a background job made (a period's protocols) are named in the job's result (no such
    table yet while migration 0016 runs)."""
    if not sa.inspect(connection).has_table("jobs"):
        return
    jobs = sa.Table("jobs", sa.MetaData(), autoload_with=connection)
    for study_id, result in connection.execute(sa.select(jobs.c.study_id, jobs.c.result)
                                               .where(jobs.c.study_id.is_not(None))).all():
        key = (result or {}).get("file") if isinstance(result, dict) else None
        if not key or not store.exists("jobs", key) or store.is_sealed("jobs", key):
            continue
        done["jobs"] = done.get("jobs", 0) + 1
        if not dry_run:
            store.reseal("jobs", key, study_id)


def _rows(connection, table: str, columns: list[str]):
    meta = sa.MetaData()
    t = sa.Table(table, meta, autoload_with=connection)
    if table in VIA:
        fk, parent_name = VIA[table]
        parent = sa.Table(parent_name, meta, autoload_with=connection)
        query = sa.select(t.c.id, parent.c.study_id, *[t.c[c] for c in columns]).join(
            parent, parent.c.id == t.c[fk])
    else:
        query = sa.select(t.c.id, t.c.study_id, *[t.c[c] for c in columns])
    return t, connection.execute(query.order_by(t.c.id)).all()


def _plain(value) -> bool:
    if isinstance(value, dict):  # a JSON mapping: an empty one says nothing and stays as it is
        return bool(value)
    return isinstance(value, str) and not keyring.is_sealed(value)


def _text(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, dict) else value


@contextmanager
def _schema_of(connection, ring):
    """Run on the schema as it is now: before migration 0018, study keys have no purpose."""
    inspector = sa.inspect(connection)
    ring.legacy = inspector.has_table("study_keys") and "purpose" not in {
        c["name"] for c in inspector.get_columns("study_keys")}
    try:
        yield
    finally:
        ring.legacy = False


def encrypt_existing(connection, dry_run: bool = False, tables: dict | None = None) -> Report:
    """Seal every plain value of `tables` (SEALED unless told) in place; rebuild the participants'
    blind index when their names and contacts were among them."""
    ring = keyring.active()
    if ring is None:  # encryption switched off: nothing to do
        return Report()
    with _schema_of(connection, ring):
        return _encrypt_existing(connection, ring, dry_run, tables)


def _encrypt_existing(connection, ring, dry_run: bool, tables: dict | None) -> Report:
    report = Report()
    tables = SEALED if tables is None else tables
    inspector = sa.inspect(connection)
    for table, columns in tables.items():
        if not inspector.has_table(table):
            continue
        present = {c["name"] for c in inspector.get_columns(table)}
        columns = [c for c in columns if c in present]  # an older schema may not have them yet
        if not columns:
            continue
        t, rows = _rows(connection, table, columns)
        for row in rows:
            changes = {c: getattr(row, c) for c in columns if _plain(getattr(row, c))}
            for c in changes:
                report.values[f"{table}.{c}"] = report.values.get(f"{table}.{c}", 0) + 1
            if changes and not dry_run:
                connection.execute(sa.update(t).where(t.c.id == row.id).values(
                    {c: ring.seal_text(row.study_id, _text(v), connection) for c, v in changes.items()}))
    if not dry_run and "participants" in tables:
        report.participants_indexed = reindex_all(connection)
    return report


def reindex_all(connection) -> int:
    ring = keyring.active()
    meta = sa.MetaData()
    people = sa.Table("participants", meta, autoload_with=connection)
    tokens = sa.Table("participant_search_tokens", meta, autoload_with=connection)
    count = 0
    for row in connection.execute(sa.select(people.c.id, people.c.study_id, people.c.name,
                                            people.c.email, people.c.phone)).all():
        key = ring.index_key(row.study_id, connection)
        values = [ring.open_text(v, connection) if keyring.is_sealed(v) else v
                  for v in (row.name, row.email, row.phone)]
        found = blind.name_tokens(values[0]) | blind.email_tokens(values[1]) | blind.phone_tokens(values[2])
        connection.execute(sa.delete(tokens).where(tokens.c.participant_id == row.id))
        if found:
            connection.execute(sa.insert(tokens), [{"study_id": row.study_id, "participant_id": row.id,
                                                    "token": blind.digest(key, t)} for t in sorted(found)])
        count += 1
    return count


def count_sealed(connection, tables: dict | None = None) -> int:
    """How many values of `tables` (SEALED unless told) are sealed (a downgrade refuses while
    there are any)."""
    total = 0
    inspector = sa.inspect(connection)
    for table, columns in (SEALED if tables is None else tables).items():
        if not inspector.has_table(table):
            continue
        t = sa.Table(table, sa.MetaData(), autoload_with=connection)
        for column in columns:
            if (table, column) in JSON_COLUMNS:  # a JSON string: the prefix after its quote
                sealed = sa.cast(t.c[column], sa.Text).like(f'"{keyring.PREFIX}%')
            else:
                sealed = t.c[column].like(f"{keyring.PREFIX}%")
            total += connection.scalar(sa.select(sa.func.count()).select_from(t).where(sealed))
    return total


__all__ = ["KeyProblem", "Report", "count_sealed", "encrypt_existing"]
