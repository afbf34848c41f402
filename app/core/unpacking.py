"""Bounded unpacking of zip-based uploads (.docx, .xlsx): checked before any parser opens them.

A small upload can unpack to gigabytes (a "zip bomb"). ``check_zip`` reads the archive's
directory only, from the end of the file, and refuses it when it has too many entries or its
entries together unpack to more than the cap. The sizes it adds up are the ones Python's
zipfile then holds every entry to (it stops reading an entry at its stated size and fails
its checksum if the data runs on), so what passes here is what a parser can unpack: memory
stays bounded by the cap, whatever the archive claims.
"""
from __future__ import annotations

import io
import struct
import zipfile

from flask_babel import lazy_gettext as _l

MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # far above a 2-hour transcript or a long XLSForm
MAX_ENTRIES = 2000
_END = b"PK\x05\x06"  # end of central directory record
_END_SIZE = 22
_MAX_COMMENT = 0xFFFF


class UnpackRefused(ValueError):
    """A user-facing reason why a zip-based upload is not unpacked."""


class NotAZip(UnpackRefused):
    """The upload is no zip archive at all (callers say what kind of document was expected)."""


def _entry_count(data: bytes) -> int:
    """Entries stated by the end-of-directory record (no directory is read to count them)."""
    tail = data[-(_END_SIZE + _MAX_COMMENT):]
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        raise NotAZip(_l("The file is not a Word or Excel document Dala can read."))
    (total,) = struct.unpack("<H", tail[at + 10:at + 12])
    return total


def check_zip(data: bytes, *, max_bytes: int = MAX_UNPACKED_BYTES, max_entries: int = MAX_ENTRIES) -> None:
    """Refuse (UnpackRefused) an archive with too many entries or too many bytes unpacked."""
    count = _entry_count(data)
    if count >= 0xFFFF or count > max_entries:  # 0xFFFF: a zip64 count, far beyond any document
        raise UnpackRefused(_l("The document holds more than %(num)d parts; Dala does not unpack it.",
                               num=max_entries))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise NotAZip(_l("The file is not a Word or Excel document Dala can read.")) from None
    if len(infos) > max_entries:
        raise UnpackRefused(_l("The document holds more than %(num)d parts; Dala does not unpack it.",
                               num=max_entries))
    total = 0
    for info in infos:
        total += info.file_size
        if total > max_bytes:
            raise UnpackRefused(_l("The document unpacks to more than %(size)d MB; Dala does not "
                                   "unpack it. Save it again without embedded files, or split it.",
                                   size=max_bytes // (1024 * 1024)))
