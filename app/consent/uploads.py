"""Consent scans: PDF, JPEG or PNG, size-limited, typed by their first bytes, stored by hash.

A scan is identifiable data (rule 1): it is kept by app.core.storage (outside the static root),
named by its SHA-256, never by the uploaded name, and is served only through a view that checks
the study role.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import gettext as _

from app.consent.models import ConsentRecord
from app.core import storage
from app.core.crypto.models import scans_destroyed
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.storage.base import blocks_of

AREA = "consent"
HEAD_BYTES = 16  # enough for every signature in MAGIC
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


def store_scan(stream: BinaryIO, limit: int = DEFAULT_MAX_SCAN_BYTES, study_id: int | None = None) -> StoredScan:
    """Check and store a scan, read in blocks; the same content twice is stored once."""
    head = stream.read(HEAD_BYTES)
    if not head:
        raise ScanRefused(_("The scan is empty."))
    mime = sniff(head)
    if mime is None:
        raise ScanRefused(_("A scan must be a PDF, JPEG or PNG file; this file is none of them."))
    try:
        stored = storage.current().put(chain([head], blocks_of(stream)), area=AREA, max_bytes=limit,
                                       study_id=study_id)
    except storage.FileTooLarge:
        raise ScanRefused(_("The scan is larger than %(size)s.", size=size_text(limit))) from None
    return StoredScan(stored.key, mime, stored.size)


def forget_unused_scan(sha256: str) -> None:
    """Delete a stored scan no consent record names (one refused after its upload)."""
    if db.session.scalar(sa.select(ConsentRecord.id).filter_by(scan_sha256=sha256).limit(1)) is None:
        storage.current().delete(AREA, sha256)


def stored_scans() -> Iterator[tuple[str, str, str]]:
    """(area, key, record) of every scan a consent record names, for `flask storage verify`."""
    rows = db.session.execute(sa.select(ConsentRecord.id, ConsentRecord.scan_sha256)
                              .where(ConsentRecord.scan_sha256.is_not(None),
                                     ConsentRecord.study_id.not_in(scans_destroyed()))
                              .order_by(ConsentRecord.id))
    return ((AREA, key, f"consent record {record_id}") for record_id, key in rows.all())
