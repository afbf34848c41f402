"""Consent scans: PDF, JPEG or PNG, size-limited, typed by their first bytes, stored by hash.

A scan is identifiable data (rule 1): it lives under the upload folder (outside the static
root), named by its SHA-256, never by the uploaded name, and is served only through a view
that checks the study role.
"""
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _

from app.core.domain import DomainError

DEFAULT_MAX_SCAN_BYTES = 10 * 1024 * 1024
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class ScanRefused(DomainError):
    """A user-facing reason why an uploaded scan was not accepted."""


@dataclass(frozen=True)
class StoredScan:
    sha256: str
    mime: str
    size: int


def sniff(head: bytes) -> str | None:
    """The MIME type the content's magic bytes announce, if it is one we accept."""
    for magic, mime in MAGIC:
        if head.startswith(magic):
            return mime
    return None


def size_text(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ScanRefused(_("The scan is larger than %(size)s.", size=size_text(limit)))
    return data


def check_scan(stream: BinaryIO, limit: int = DEFAULT_MAX_SCAN_BYTES) -> tuple[bytes, str]:
    """The scan's bytes and type, or ScanRefused saying what is wrong with it."""
    data = _read_limited(stream, limit)
    if not data:
        raise ScanRefused(_("The scan is empty."))
    mime = sniff(data[:16])
    if mime is None:
        raise ScanRefused(_("A scan must be a PDF, JPEG or PNG file; this file is none of them."))
    return data, mime


def scan_path(folder: str | Path, sha256: str) -> Path:
    return Path(folder) / "consent" / sha256[:2] / sha256


def store_scan(stream: BinaryIO, folder: str | Path, limit: int = DEFAULT_MAX_SCAN_BYTES) -> StoredScan:
    """Check and store a scan; the same content twice is stored once."""
    data, mime = check_scan(stream, limit)
    digest = hashlib.sha256(data).hexdigest()
    target = scan_path(folder, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a failed upload leaves no half file (rule 8).
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    return StoredScan(digest, mime, len(data))
