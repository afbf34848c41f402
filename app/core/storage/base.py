"""What every storage backend offers: content-addressed, size-capped, atomic files by area.

A file is named by the SHA-256 of its plain content (its key) within an area ("consent",
"transcripts", ...); the same content put twice is kept once. `put` reads the source in blocks,
hashes and counts them, seals them (app.core.storage.cipher) and hands the sealed chunks to the
backend's pending write, which is kept under the key only when everything went well: an error
or a source larger than `max_bytes` leaves nothing behind.
"""
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from typing import BinaryIO, Protocol

from app.core.hashing import sha256_blocks, sha256_hasher
from app.core.storage.cipher import FileCipher, PlainCipher

AREAS = ("consent", "transcripts", "xlsform", "bundles", "jobs")
CHUNK = 256 * 1024  # per read and (sealed) per database row: a few of them are all a put or a read holds
KEY = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredFile:
    key: str  # SHA-256 of the plain content, hex
    size: int  # bytes of plain content


class FileTooLarge(ValueError):
    def __init__(self, max_bytes: int):
        super().__init__(f"The file is larger than {max_bytes} bytes.")
        self.max_bytes = max_bytes


class FileMissing(LookupError):
    def __init__(self, area: str, key: str):
        super().__init__(f"No stored file {area}/{key}.")


class PendingWrite(Protocol):
    """Chunks written under no name yet; `keep` names them, leaving the block without it drops them."""

    def write(self, chunk: bytes) -> None: ...

    def keep(self, key: str, replace: bool = False) -> bool:
        """Store under `key`; False when a file was already stored there (this copy is dropped),
        unless `replace` says to put this copy in its place."""


def check_address(area: str, key: str | None = None) -> None:
    if area not in AREAS:
        raise ValueError(f"Unknown storage area {area!r}.")
    if key is not None and not KEY.fullmatch(key):
        raise ValueError("A storage key is the 64 hex digits of a SHA-256.")


def blocks_of(source: BinaryIO | Iterable[bytes]) -> Iterator[bytes]:
    """The source in blocks: read from a stream, or as an iterable of bytes gives them."""
    if hasattr(source, "read"):
        yield from iter(lambda: source.read(CHUNK), b"")
    else:
        yield from (block for block in source if block)


class _Measured:
    """Blocks passed through while hashed and counted; too many bytes stop the stream."""

    def __init__(self, blocks: Iterator[bytes], max_bytes: int):
        self.blocks, self.max_bytes, self.size, self.digest = blocks, max_bytes, 0, sha256_hasher()

    def __iter__(self) -> Iterator[bytes]:
        for block in self.blocks:
            self.size += len(block)
            if self.size > self.max_bytes:
                raise FileTooLarge(self.max_bytes)
            self.digest.update(block)
            yield block


class Storage(ABC):
    """The interface the app uses; FolderStorage and DatabaseStorage implement the raw part."""

    name: str

    def __init__(self, cipher: FileCipher | None = None):
        self.cipher = cipher or PlainCipher()

    def put(self, source: BinaryIO | Iterable[bytes], *, area: str, max_bytes: int,
            study_id: int | None = None) -> StoredFile:
        """Store the source's content; FileTooLarge (and nothing kept) past `max_bytes`."""
        check_address(area)
        measured = _Measured(blocks_of(source), max_bytes)
        with self.pending(area) as pending:
            for chunk in self.cipher.seal(measured, study_id, area=area):
                pending.write(chunk)
                del chunk  # let go before the next segment is sealed: not two sealed segments at once
            stored = StoredFile(measured.digest.hexdigest(), measured.size)
            pending.keep(stored.key)
        return stored

    def reseal(self, area: str, key: str, study_id: int | None) -> None:
        """Store a file's content again through the cipher, under the same key (encrypting a
        file stored before encryption at rest); the old copy is replaced atomically."""
        with tempfile.TemporaryFile(prefix="dala-reseal-") as plain:
            for chunk in self.open(area, key):
                plain.write(chunk)
            plain.seek(0)
            with self.pending(area) as pending:
                for chunk in self.cipher.seal(blocks_of(plain), study_id, area=area):
                    pending.write(chunk)
                pending.keep(key, replace=True)

    def is_sealed(self, area: str, key: str) -> bool:
        """Whether the stored bytes are sealed by a cipher that says so (app.core.crypto.files)."""
        head = next(iter(self.read_raw(area, key)), b"")
        return getattr(self.cipher, "is_sealed", lambda _head: True)(head)

    def open(self, area: str, key: str) -> Iterator[bytes]:
        """The plain content in chunks; FileMissing at once when there is no such file."""
        return self.cipher.open(self.read_raw(area, key))

    def read_bytes(self, area: str, key: str) -> bytes:
        """The whole content, for small files (an XLSForm awaiting acceptance)."""
        return b"".join(self.open(area, key))

    def verify(self, area: str, key: str) -> bool:
        """True when the stored content still hashes to its key."""
        return sha256_blocks(self.open(area, key)) == key

    def expire(self, area: str, older_than: timedelta) -> int:
        """Delete the area's files stored longer ago than `older_than`; how many went."""
        old = list(self.keys(area, older_than=older_than))
        for key in old:
            self.delete(area, key)
        return len(old)

    @abstractmethod
    def pending(self, area: str) -> AbstractContextManager[PendingWrite]: ...

    @abstractmethod
    def read_raw(self, area: str, key: str) -> Iterator[bytes]:
        """The stored (sealed) chunks; FileMissing raised before the first one is asked for."""

    @abstractmethod
    def exists(self, area: str, key: str) -> bool: ...

    @abstractmethod
    def size(self, area: str, key: str) -> int | None:
        """Bytes stored (sealed) under the key, None when absent."""

    @abstractmethod
    def delete(self, area: str, key: str) -> None: ...

    @abstractmethod
    def keys(self, area: str, *, older_than: timedelta | None = None) -> Iterator[str]: ...
