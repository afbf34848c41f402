"""Consent scans: typed by content, size-limited, stored by hash, never by the uploaded name."""
import hashlib
import io

import pytest

from app.consent import uploads
from app.core import storage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64  # a Windows .exe, renamed scan.pdf


def _stored() -> list[str]:
    return list(storage.current().keys("consent"))


@pytest.mark.parametrize("data,mime", [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")])
def test_pdf_png_and_jpeg_are_stored_by_their_hash(ctx, data, mime):
    stored = uploads.store_scan(io.BytesIO(data))
    assert stored.mime == mime and stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert _stored() == [stored.sha256]
    assert storage.current().read_bytes("consent", stored.sha256) == data


def test_a_renamed_executable_is_refused(ctx):
    with pytest.raises(uploads.ScanRefused, match="PDF, JPEG or PNG"):
        uploads.store_scan(io.BytesIO(EXECUTABLE))
    assert _stored() == []


def test_an_empty_file_is_refused(ctx):
    with pytest.raises(uploads.ScanRefused, match="empty"):
        uploads.store_scan(io.BytesIO(b""))
    assert _stored() == []


def test_an_oversized_scan_is_refused(ctx):
    with pytest.raises(uploads.ScanRefused, match="larger than 1 MB"):
        uploads.store_scan(io.BytesIO(PDF + b"0" * (1024 * 1024)), limit=1024 * 1024)
    assert _stored() == []


def test_a_scan_of_exactly_the_limit_is_accepted(ctx):
    data = PDF + b"0" * (1024 - len(PDF))
    assert uploads.store_scan(io.BytesIO(data), limit=1024).size == 1024


def test_the_same_scan_twice_is_stored_once(ctx):
    first = uploads.store_scan(io.BytesIO(PNG))
    second = uploads.store_scan(io.BytesIO(PNG))
    assert first == second
    assert _stored() == [first.sha256]
