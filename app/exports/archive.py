"""Deterministic ZIP bundles with a SHA-256 manifest.

Plain Python. Files are produced one at a time (a callable per file), so memory stays flat
however many there are; the same files give a byte-identical archive; a failure leaves no
half-written file at the destination.
"""
import hashlib
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.core.atomic import atomic_file
from app.core.hashing import sha256_bytes, sha256_file

MANIFEST_NAME = "MANIFEST-SHA256.txt"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every entry carries this, so builds are byte-identical


@dataclass(frozen=True)
class BundleFile:
    name: str
    # the bytes, or their parts in order (written as they come); text is written as UTF-8
    produce: Callable[[], bytes | str | Iterator[bytes | str]]


SPOOL_BYTES = 8 * 1024


def text_spool() -> tempfile.SpooledTemporaryFile:
    """For text written in small pieces (a line per file or transcript) and read back whole once, at
    the end (`whole_text`): in memory up to SPOOL_BYTES, then in a temporary file, so what stays in
    memory while the files pass does not grow with their count. Newlines kept as written."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline="",
                                         prefix="dala-spool-")


def whole_text(spool) -> str:
    """Everything written to a `text_spool`, in order (further writes go on after it)."""
    spool.seek(0)
    text = spool.read()
    spool.seek(0, 2)
    return text


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def _write_all(archive: zipfile.ZipFile, files: Iterable[BundleFile], manifest: bool, listed) -> None:
    """Write every file, one at a time; the manifest's text to `listed`, line by line as they go
    (no file is hashed for an archive without a manifest: a .qdpx)."""
    for item in files:
        data = _utf8(item.produce())
        if isinstance(data, bytes):
            archive.writestr(_entry(item.name), data, compresslevel=6)
            digest = sha256_bytes(data) if manifest else None
        else:
            digest = _write_parts(archive, item.name, data, hashlib.sha256() if manifest else None)
        if digest is not None:
            listed.write(manifest_line(item.name, digest))


def _write_parts(archive: zipfile.ZipFile, name: str, parts: Iterator[bytes | str], digest) -> str | None:
    """One entry written part by part (the same deflate stream as writestr); its SHA-256 when
    `digest` (a begun hashlib.sha256) is given."""
    entry = _entry(name)
    # what writestr(compresslevel=6) sets and open() reads: _compresslevel up to Python 3.12
    setattr(entry, "compress_level" if "compress_level" in zipfile.ZipInfo.__slots__ else "_compresslevel", 6)
    with archive.open(entry, "w") as out:
        for part in map(_utf8, parts):
            out.write(part)
            if digest is not None:
                digest.update(part)
    return digest.hexdigest() if digest is not None else None


def _utf8(data):
    """Text as the UTF-8 the archive holds; anything else as it is."""
    return data.encode("utf-8") if isinstance(data, str) else data


def manifest_line(name: str, digest: str) -> str:
    """`sha256sum` format: verifiable with `sha256sum -c` after unzipping."""
    return f"{digest}  {name}\n"


def write_zip(out: BinaryIO, files: Iterable[BundleFile], *, manifest: bool = True,
              verify: Callable[[], None] | None = None) -> None:
    """Write the archive (and, by default, its manifest) to a seekable binary file.

    `verify` runs after every file is written; if it raises, the archive must not be used.
    """
    # (zipfile keeps each entry's record, ~450 bytes, until it writes the central directory at
    # close: the one thing that grows with the count, left to the library, like the anchor)
    with zipfile.ZipFile(out, "w") as archive, text_spool() as listed:
        _write_all(archive, files, manifest, listed)
        if manifest:
            archive.writestr(_entry(MANIFEST_NAME), whole_text(listed).encode(), compresslevel=6)
    if verify is not None:
        verify()
    out.flush()


def write_bundle(destination: Path, files: Iterable[BundleFile], *, manifest: bool = True,
                 verify: Callable[[], None] | None = None) -> str:
    """Write the archive to `destination` atomically; return the SHA-256 of the whole ZIP."""
    with atomic_file(destination) as (out, temp):
        write_zip(out, files, manifest=manifest, verify=verify)
        return sha256_file(temp)


def verify_manifest(path: Path) -> list[str]:
    """Names whose content does not match the manifest (empty when the bundle is intact)."""
    with zipfile.ZipFile(path) as archive:
        lines = archive.read(MANIFEST_NAME).decode().splitlines()
        expected = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
        actual = {name: sha256_bytes(archive.read(name))
                  for name in archive.namelist() if name != MANIFEST_NAME}
    return sorted(name for name in expected.keys() | actual.keys()
                  if expected.get(name) != actual.get(name))
