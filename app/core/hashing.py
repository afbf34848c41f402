"""SHA-256 of bytes, files and streams: the one way Dala names content, checks copies and hashes
the audit chain and calendar tokens."""
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

BLOCK = 1 << 16


def sha256_hasher():
    """An empty SHA-256 to feed block by block (`update`), for content hashed while it is copied."""
    return hashlib.sha256()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    with Path(path).open("rb") as f:
        return sha256_stream(f)


def sha256_stream(stream: BinaryIO) -> str:
    """Read the stream to its end in blocks; memory stays flat whatever its size."""
    return sha256_blocks(iter(lambda: stream.read(BLOCK), b""))


def sha256_blocks(blocks: Iterable[bytes]) -> str:
    digest = sha256_hasher()
    for block in blocks:
        digest.update(block)
    return digest.hexdigest()


def copy_hashing(source: BinaryIO, destination: BinaryIO) -> str:
    """Copy a stream to another, returning the SHA-256 of what was copied."""
    digest = sha256_hasher()
    for block in iter(lambda: source.read(BLOCK), b""):
        digest.update(block)
        destination.write(block)
    return digest.hexdigest()
