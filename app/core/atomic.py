"""Files written whole or not at all: a temporary file beside the destination, renamed into place.

A full disk, an error or a killed process leaves at most a temporary file (named with a known
prefix) beside the destination, never a half file at it; later writes remove such leftovers once
they are old enough to belong to a process that died.
"""
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARTIAL_PREFIX = ".partial-"
STALE_AFTER_SECONDS = 3600  # a temporary file this old belongs to a write that died (killed, full disk)


@contextmanager
def atomic_file(destination: Path, prefix: str = PARTIAL_PREFIX) -> Iterator[tuple]:
    """(file, temporary path) to write; moved to `destination` only when the block succeeds."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(destination.parent, prefix)
    handle, temp_name = tempfile.mkstemp(prefix=prefix, dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out, Path(temp_name)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, destination)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def remove_stale_partials(folder: Path, prefix: str = PARTIAL_PREFIX,
                          older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Delete temporary files left by writes that died; recent ones may be writes in progress."""
    cutoff, removed = time.time() - older_than, []
    for path in folder.glob(prefix + "*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # another writer removed it first
            continue
    return removed


def fsync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable (a power cut after it keeps the new name)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
