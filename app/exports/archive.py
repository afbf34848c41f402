"""Deterministic ZIP bundles with a SHA-256 manifest, written atomically.

Plain Python. Files are produced one at a time (a callable per file), so memory stays flat
however many there are; the same files give a byte-identical archive; a failure leaves no
half-written file at the destination.
"""
import hashlib
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "MANIFEST-SHA256.txt"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every entry carries this, so builds are byte-identical
PARTIAL_PREFIX = ".partial-"
STALE_AFTER_SECONDS = 3600  # a temporary file this old belongs to a build that died (killed, full disk)


@dataclass(frozen=True)
class BundleFile:
    name: str
    produce: Callable[[], bytes]


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def _write_all(archive: zipfile.ZipFile, files: Iterable[BundleFile]) -> list[tuple[str, str]]:
    digests = []
    for item in files:
        data = item.produce()
        archive.writestr(_entry(item.name), data, compresslevel=6)
        digests.append((item.name, hashlib.sha256(data).hexdigest()))
    return digests


def manifest_text(digests: list[tuple[str, str]]) -> str:
    """`sha256sum` format: verifiable with `sha256sum -c` after unzipping."""
    return "".join(f"{digest}  {name}\n" for name, digest in digests)


def write_bundle(destination: Path, files: Iterable[BundleFile], *, manifest: bool = True,
                 verify: Callable[[], None] | None = None) -> str:
    """Write the archive (and, by default, its manifest); return the SHA-256 of the whole ZIP.

    `verify` runs after every file is written and before the archive is moved into place;
    if it raises, nothing is left behind.
    """
    with atomic_file(destination) as (raw, temp):
        with zipfile.ZipFile(raw, "w") as archive:
            digests = _write_all(archive, files)
            if manifest:
                archive.writestr(_entry(MANIFEST_NAME), manifest_text(digests).encode(),
                                 compresslevel=6)
        if verify is not None:
            verify()
        raw.flush()
        checksum = file_sha256(temp)
    return checksum


@contextmanager
def atomic_file(destination: Path) -> Iterator[tuple]:
    """(file, temporary path) to write; moved to `destination` only when the block succeeds.

    A full disk, an error or a killed process leaves at most a `.partial-*` file beside it,
    never a file at the destination; later writes remove such files once they are stale.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(destination.parent)
    handle, temp_name = tempfile.mkstemp(prefix=PARTIAL_PREFIX, dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out, Path(temp_name)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, destination)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def remove_stale_partials(folder: Path, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Delete `.partial-*` files left by builds that died; recent ones may be builds in progress."""
    cutoff, removed = time.time() - older_than, []
    for path in folder.glob(PARTIAL_PREFIX + "*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # another build removed it first
            continue
    return removed


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_manifest(path: Path) -> list[str]:
    """Names whose content does not match the manifest (empty when the bundle is intact)."""
    with zipfile.ZipFile(path) as archive:
        lines = archive.read(MANIFEST_NAME).decode().splitlines()
        expected = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
        actual = {name: hashlib.sha256(archive.read(name)).hexdigest()
                  for name in archive.namelist() if name != MANIFEST_NAME}
    return sorted(name for name in expected.keys() | actual.keys()
                  if expected.get(name) != actual.get(name))
