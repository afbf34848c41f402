"""Reading an uploaded transcript file: its format by name, its text by encoding. Pure.

Which tool's layout the text is in, and its speaker turns, is app/transcripts/layouts.
"""
from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes
from flask_babel import lazy_gettext as _l

FORMATS = ("txt", "docx", "vtt", "srt")
LIKELY_ENCODINGS = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "cp1251", "koi8_r",
                    "cp866", "mac_cyrillic", "iso8859_5", "kz1048", "cp1252", "latin_1"]
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class ParseError(ValueError):
    """A user-facing reason why a file cannot be read as a transcript."""


def format_of(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise ParseError(_l("Dala reads transcripts as .txt, .docx, .vtt or .srt files."))
    return extension


def decode(data: bytes) -> tuple[str, str]:
    """Text of a plain-text file: a BOM, else UTF-8, else the detected charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _clean(data.decode(encoding, errors="strict")), encoding.replace("-sig", "")
    try:
        if b"\x00" not in data:  # NULs: UTF-16 without a BOM, or binary
            return _clean(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # The study's languages first (short Cyrillic texts are otherwise misread), then any.
    best = from_bytes(data, cp_isolation=LIKELY_ENCODINGS).best()
    if best is None or not _plausible(str(best)):
        best = from_bytes(data).best()
    if best is None:
        raise ParseError(_l("This file is not text Dala can read (a binary file, or an "
                            "unknown encoding). Save it as UTF-8 text and upload it again."))
    return _clean(str(best)), best.encoding


def _plausible(text: str) -> bool:
    """Mostly Latin or Cyrillic letters: what Russian, Kazakh and English text looks like."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    ours = sum(1 for c in letters if unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC")))
    return ours >= 0.9 * len(letters)


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # category Cc but tab and newline


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    controls = sum(1 for _ in _CONTROLS.finditer(text))
    if controls > max(2, len(text) // 100):
        raise ParseError(_l("This file is not text Dala can read (a binary file, or an "
                            "unknown encoding). Save it as UTF-8 text and upload it again."))
    return _CONTROLS.sub("", text)
