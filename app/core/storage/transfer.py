"""Checking stored files and moving them between backends, every checksum verified.

A file is copied as stored (sealed, if a cipher seals it) and kept in the target only when its
plain content, read back through the cipher, hashes to its key. Copying again is harmless: a
sound copy already in the target is left alone, a corrupt one is replaced by a sound source.
"""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from app.core.hashing import sha256_blocks
from app.core.storage import AREAS, REFERENCED
from app.core.storage.base import FileMissing, PendingWrite, Storage


@dataclass
class Report:
    checked: int = 0
    copied: int = 0
    present: int = 0
    copied_bytes: int = 0
    problems: list[str] = field(default_factory=list)


def migrate(source: Storage, target: Storage, after_each: Callable[[], None] = lambda: None) -> Report:
    """Copy every file of every area from `source` into `target`; `after_each` commits."""
    report = Report()
    for area in AREAS:
        for key in list(source.keys(area)):
            report.checked += 1
            _migrate_one(source, target, area, key, report)
            after_each()
    return report


def _migrate_one(source: Storage, target: Storage, area: str, key: str, report: Report) -> None:
    there = target.exists(area, key)
    if there and target.verify(area, key):
        report.present += 1
        return
    try:
        copied = _copy(source, target, area, key, replace=there)
    except FileMissing:
        report.problems.append(f"{area}/{key}: removed from the {source.name} storage while copying.")
        return
    if not copied:
        also = f"; the copy in the {target.name} storage is corrupt too" if there else ""
        report.problems.append(f"{area}/{key}: the {source.name} copy does not match its checksum; "
                               f"not copied{also}.")
        return
    report.copied += 1
    report.copied_bytes += target.size(area, key) or 0


def _copy(source: Storage, target: Storage, area: str, key: str, *, replace: bool) -> bool:
    with target.pending(area) as pending:
        raw = _written(source.read_raw(area, key), pending)
        if sha256_blocks(source.cipher.open(raw)) != key:
            return False
        if replace:
            target.delete(area, key)
        pending.keep(key)
    return True


def _written(chunks: Iterable[bytes], pending: PendingWrite) -> Iterator[bytes]:
    for chunk in chunks:
        pending.write(chunk)
        yield chunk


def verify(storage: Storage) -> Report:
    """Every stored file against its checksum, and every file the records name against the store."""
    report = Report()
    for area in AREAS:
        for key in list(storage.keys(area)):
            report.checked += 1
            if not storage.verify(area, key):
                report.problems.append(f"{area}/{key}: does not match its checksum (corrupt).")
    for referenced in REFERENCED:
        for area, key, named_by in referenced():
            if not storage.exists(area, key):
                report.problems.append(f"{area}/{key}: missing, named by {named_by}.")
    return report
