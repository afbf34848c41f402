"""The file cipher of app.core.storage: every stored file sealed under its study's data key,
consent scans under the study's consent key (kept as long as the consent evidence must be).

Sealed stream: MAGIC, the key id (8 bytes), then segments of at most SEGMENT plain bytes, each
`length (4 bytes) + nonce + AES-GCM ciphertext and tag`. A segment's associated data binds the
key id, its position and whether it is the last, so a reordered, cut or extended file is
refused, not half read. A file stored without a study (none in the app today) or before
encryption was switched on is read as it is.
"""
import struct
from collections.abc import Iterable, Iterator

from app.core.crypto import keyring
from app.core.crypto.keys import NONCE_BYTES, KeyProblem
from app.core.extensions import db

MAGIC = b"DALAF1\n"
SEGMENT = 256 * 1024  # plain bytes per segment of a file sealed now (files sealed with 1 MB segments read the same)
TAG = 16
HEADER = len(MAGIC) + keyring.KEY_ID_BYTES


def _aad(key_id: bytes, index: int, last: bool) -> bytes:
    return MAGIC + key_id + struct.pack(">QB", index, 1 if last else 0)


def _segments(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Plain content cut into SEGMENT blocks, each with whether it is the last (one, maybe empty, at least).

    At most one segment is held back (until it is known whether more follows) and less than
    two are buffered: memory stays a few segments whatever the size."""
    buffer, held = bytearray(), None
    for chunk in chunks:
        buffer += chunk
        while len(buffer) > SEGMENT:  # more follows the first SEGMENT bytes: they are not the last
            if held is not None:
                yield held, False
            with memoryview(buffer) as view:  # one copy of the segment, not a slice and then its bytes
                held = bytes(view[:SEGMENT])
            del buffer[:SEGMENT]
    if held is not None and buffer:
        yield held, False
        held = None
    yield (held if held is not None else bytes(buffer)), True


class StudyFileCipher:
    """Seals with the study's data key (app.core.crypto.keyring), through the running app."""

    def seal(self, chunks: Iterable[bytes], study_id: int | None, area: str | None = None) -> Iterator[bytes]:
        ring = keyring.active()
        if ring is None or study_id is None:
            yield from chunks
            return
        purpose = keyring.CONSENT if area in keyring.CONSENT_AREAS else keyring.DATA
        key_id = ring.key_id_for_study(study_id, db.session.connection(), purpose)
        raw_id = bytes.fromhex(key_id)
        yield MAGIC + raw_id
        for index, (plain, last) in enumerate(_segments(chunks)):
            sealed = ring.seal_with(key_id, plain, _aad(raw_id, index, last))
            yield struct.pack(">I", len(sealed)) + sealed

    @staticmethod
    def is_sealed(head: bytes) -> bool:
        return head.startswith(MAGIC)

    def open(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        stream = _Reader(iter(chunks))
        head = stream.take(len(MAGIC))
        if head != MAGIC:
            yield head
            yield from stream.rest()
            return
        ring = keyring.current()
        if ring is None:
            raise KeyProblem("A sealed file was read outside the app: no keys to open it.")
        raw_id = stream.take(keyring.KEY_ID_BYTES)
        if len(raw_id) < keyring.KEY_ID_BYTES:
            raise KeyProblem("The stored file is truncated: it cannot be decrypted.")
        index = 0
        while True:
            size_bytes = stream.take(4)
            if len(size_bytes) < 4:
                raise KeyProblem("The stored file is truncated: it cannot be decrypted.")
            (size,) = struct.unpack(">I", size_bytes)
            sealed = stream.take(size)
            if len(sealed) < size or size < NONCE_BYTES + TAG:
                raise KeyProblem("The stored file is truncated: it cannot be decrypted.")
            last = stream.at_end()
            yield ring.open_bytes(raw_id.hex(), sealed, _aad(raw_id, index, last),
                                  "The stored file")
            if last:
                return
            index += 1


class _Reader:
    """Exact-length reads over chunks of any size."""

    def __init__(self, chunks: Iterator[bytes]):
        self.chunks, self.buffer = chunks, bytearray()

    def _fill(self, size: int) -> None:
        while len(self.buffer) < size:
            chunk = next(self.chunks, None)
            if chunk is None:
                return
            self.buffer += chunk

    def take(self, size: int) -> bytes:
        self._fill(size)
        taken = bytes(self.buffer[:size])
        del self.buffer[:size]  # (in place: the rest is not copied again)
        return taken

    def at_end(self) -> bool:
        self._fill(1)
        return not self.buffer

    def rest(self) -> Iterator[bytes]:
        if self.buffer:
            yield bytes(self.buffer)
            self.buffer = bytearray()
        yield from self.chunks
