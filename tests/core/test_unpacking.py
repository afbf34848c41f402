"""Zip-based uploads are bounded before any parser unpacks them."""
import io
import struct
import zipfile

import pytest

from app.core import unpacking


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_archive_within_the_caps_passes():
    unpacking.check_zip(_zip({"a.xml": b"<a/>" * 1000}), max_bytes=10_000, max_entries=2)


def test_total_unpacked_bytes_are_capped():
    data = _zip({"a.xml": b"0" * 6000, "b.xml": b"0" * 6000})
    with pytest.raises(unpacking.UnpackRefused, match="unpacks to more than"):
        unpacking.check_zip(data, max_bytes=10_000)


def test_entries_are_counted_from_the_end_record_before_the_directory_is_read():
    data = _zip({f"{n}.xml": b"" for n in range(30)})
    with pytest.raises(unpacking.UnpackRefused, match="more than 20 parts"):
        unpacking.check_zip(data, max_entries=20)


def test_an_entry_that_understates_its_size_cannot_unpack_beyond_it():
    """The cap adds up stated sizes; zipfile stops an entry at its stated size and fails it."""
    data = bytearray(_zip({"a.xml": b"0" * 1_000_000}))
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 100)  # central directory
    struct.pack_into("<I", data, 22, 100)  # local header
    unpacking.check_zip(bytes(data), max_bytes=1000)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, pytest.raises(zipfile.BadZipFile):
        archive.read("a.xml")


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x05\x06"])
def test_what_is_not_a_zip_is_said_so(data):
    with pytest.raises(unpacking.NotAZip):
        unpacking.check_zip(data)
