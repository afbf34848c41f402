"""Sealed files in segments: any size comes back byte for byte whatever chunks it arrives in;
each segment holds at most SEGMENT plain bytes (so a put or a read holds a few of them, not
the file); files sealed earlier in 1 MB segments still read."""
import hashlib
import struct

import pytest

from app.core import storage
from app.core.crypto import files, keyring
from app.core.crypto.keys import NONCE_BYTES
from app.core.extensions import db
from tests.builders import Builder

SEGMENT = files.SEGMENT


def _content(size: int) -> bytes:
    return (bytes(range(251)) * (size // 251 + 1))[:size]


def _segment_sizes(sealed: bytes) -> list[int]:
    """The sealed size of each segment of a sealed stream, read from its length prefixes."""
    assert sealed.startswith(files.MAGIC)
    position, sizes = files.HEADER, []
    while position < len(sealed):
        (size,) = struct.unpack(">I", sealed[position:position + 4])
        sizes.append(size)
        position += 4 + size
    assert position == len(sealed)
    return sizes


@pytest.mark.parametrize("size", [0, 10, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 3 * SEGMENT + 5])
def test_a_file_of_any_size_comes_back_whole_and_is_sealed_in_segments(ctx, size):
    study = Builder().study()
    data = _content(size)
    chunks = [data[n:n + 99_991] for n in range(0, len(data), 99_991)]  # chunks across segment bounds
    store = storage.current()
    stored = store.put(chunks, area="transcripts", max_bytes=4 * SEGMENT, study_id=study.id)
    db.session.commit()
    assert stored.key == hashlib.sha256(data).hexdigest() and stored.size == size
    assert store.read_bytes("transcripts", stored.key) == data
    sealed = b"".join(store.read_raw("transcripts", stored.key))
    overhead = NONCE_BYTES + files.TAG
    assert _segment_sizes(sealed) == [len(data[n:n + SEGMENT]) + overhead
                                      for n in range(0, max(size, 1), SEGMENT)]
    assert (data[:64] not in sealed) if size >= 64 else True


def test_a_file_sealed_in_1_mb_segments_before_still_reads(ctx):
    study = Builder().study()
    data = _content(2 * 1024 * 1024 + 77)
    ring = keyring.active()
    key_id = ring.key_id_for_study(study.id, db.session.connection(), keyring.DATA)
    raw_id = bytes.fromhex(key_id)
    old = 1024 * 1024
    pieces = [data[n:n + old] for n in range(0, len(data), old)]
    store = storage.current()
    key = hashlib.sha256(data).hexdigest()
    with store.pending("transcripts") as pending:
        pending.write(files.MAGIC + raw_id)
        for index, piece in enumerate(pieces):
            sealed = ring.seal_with(key_id, piece, files._aad(raw_id, index, index == len(pieces) - 1))
            pending.write(struct.pack(">I", len(sealed)) + sealed)
        pending.keep(key)
    db.session.commit()
    assert len(_segment_sizes(b"".join(store.read_raw("transcripts", key)))) == 3
    assert store.read_bytes("transcripts", key) == data and store.verify("transcripts", key)
