"""The one place where encryption at rest plugs into file storage.

Every stored file passes through a cipher: `seal` on the way in, `open` on the way out. Storage
names a file by the SHA-256 of its plain content and keeps whatever `seal` yields, byte for byte,
in a folder or in the database alike, so a sealed file moves between backends unchanged.

A cipher keyed per study (AES-GCM under a study key wrapped by a master key) must write what it
needs to open the file again (key id, nonce) into the sealed stream itself: `open` is given only
the stored chunks. Note for that cipher: storage keeps one copy per area and content, so two
studies uploading the very same bytes share the copy sealed for the first of them.
"""
from collections.abc import Iterable, Iterator
from typing import Protocol

from app.core.crypto.files import StudyFileCipher


class FileCipher(Protocol):
    def seal(self, chunks: Iterable[bytes], study_id: int | None, area: str | None = None) -> Iterator[bytes]:
        """The stored form of the plain chunks (any chunk sizes); `area` may choose the key."""

    def open(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The plain content of the bytes `seal` produced, given back in chunks of the backend's
        choosing (a folder reads fixed blocks): never rely on seal's chunk boundaries."""


class PlainCipher:
    """No encryption: what is stored is the content itself (today's default)."""

    def seal(self, chunks: Iterable[bytes], study_id: int | None, area: str | None = None) -> Iterator[bytes]:
        yield from chunks

    def open(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        yield from chunks


def cipher_for(config) -> FileCipher:
    """The cipher files are sealed with, chosen from the app's configuration: the study key
    cipher (app.core.crypto.files) unless ENCRYPTION is off."""
    if config.get("ENCRYPTION", True):
        return StudyFileCipher()
    return PlainCipher()
