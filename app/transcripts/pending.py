"""An upload waiting for the uploader's confirmation travels in the preview form, not in storage.

Nothing is stored before the uploader confirms: the file comes back with the confirming
request, compressed, and is unpacked with its size bounded (a tampered payload is refused).
"""
import base64
import binascii
import zlib


class PayloadError(ValueError):
    """The preview's file did not come back intact."""


def pack(data: bytes) -> str:
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def unpack(text: str, max_bytes: int) -> bytes:
    """The file of a preview form, never more than max_bytes unpacked."""
    try:
        decompressor = zlib.decompressobj()
        data = decompressor.decompress(base64.b64decode(text or "", validate=True), max_bytes + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise PayloadError from None
    if len(data) > max_bytes or decompressor.unconsumed_tail or not decompressor.eof:
        raise PayloadError
    return data


def form_limit(max_bytes: int) -> int:
    """How large the confirming form may be: the packed file (at worst incompressible) and a margin."""
    return (max_bytes + 64 * 1024) * 4 // 3 + 64 * 1024
