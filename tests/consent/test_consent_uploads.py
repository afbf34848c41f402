"""Consent scans: typed by content, size-limited, stored by hash, never by the uploaded name."""
import hashlib
import io

import pytest

from app.consent import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64  # a Windows .exe, renamed scan.pdf


@pytest.mark.parametrize("data,mime", [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")])
def test_pdf_png_and_jpeg_are_stored_by_their_hash(tmp_path, data, mime):
    stored = uploads.store_scan(io.BytesIO(data), tmp_path)
    assert stored.mime == mime and stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    path = uploads.scan_path(tmp_path, stored.sha256)
    assert path.read_bytes() == data and path.name == stored.sha256


def test_a_renamed_executable_is_refused(tmp_path):
    with pytest.raises(uploads.ScanRefused, match="PDF, JPEG or PNG"):
        uploads.store_scan(io.BytesIO(EXECUTABLE), tmp_path)
    assert not (tmp_path / "consent").exists()


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(uploads.ScanRefused, match="empty"):
        uploads.store_scan(io.BytesIO(b""), tmp_path)


def test_an_oversized_scan_is_refused(tmp_path):
    with pytest.raises(uploads.ScanRefused, match="larger than 1 MB"):
        uploads.store_scan(io.BytesIO(PDF + b"0" * (1024 * 1024)), tmp_path, limit=1024 * 1024)
    assert not (tmp_path / "consent").exists()


def test_the_same_scan_twice_is_stored_once(tmp_path):
    first = uploads.store_scan(io.BytesIO(PNG), tmp_path)
    second = uploads.store_scan(io.BytesIO(PNG), tmp_path)
    assert first == second
    assert len(list((tmp_path / "consent").rglob("*"))) == 2  # one folder, one file
