"""Files in a folder (the default, for one laptop): `<root>/<area>/<ab>/<sha256>`.

This is the layout Dala has always used for consent scans and transcripts, so an existing
upload folder keeps working. A file is written to a `.part-*` file in the area's folder, synced,
and renamed into place; one left by a killed process is removed by a later write an hour on.
"""
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from app.core.atomic import fsync_folder, remove_stale_partials
from app.core.storage.base import CHUNK, KEY, FileMissing, Storage, check_address
from app.core.storage.cipher import FileCipher

PART_PREFIX = ".part-"


class _FileWrite:
    def __init__(self, storage: "FolderStorage", area: str):
        folder = storage.root / area
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(folder, PART_PREFIX)
        self.storage, self.area = storage, area
        handle, name = tempfile.mkstemp(prefix=PART_PREFIX, dir=folder)
        self.temp, self.out = Path(name), os.fdopen(handle, "wb")

    def write(self, chunk: bytes) -> None:
        self.out.write(chunk)

    def keep(self, key: str, replace: bool = False) -> bool:
        self.out.flush()
        os.fsync(self.out.fileno())
        self.out.close()
        target = self.storage.path(self.area, key)
        if replace:  # the same content sealed anew (app.core.crypto): swapped in atomically
            target.parent.mkdir(exist_ok=True)
            os.replace(self.temp, target)
            fsync_folder(target.parent)
            return True
        try:
            os.utime(target)  # stored already; an expiry counts from the latest put
            return False
        except FileNotFoundError:
            pass
        target.parent.mkdir(exist_ok=True)
        os.replace(self.temp, target)
        fsync_folder(target.parent)
        return True

    def close(self) -> None:
        self.out.close()
        self.temp.unlink(missing_ok=True)


class FolderStorage(Storage):
    name = "folder"

    def __init__(self, root: str | Path, cipher: FileCipher | None = None):
        super().__init__(cipher)
        self.root = Path(root)

    def path(self, area: str, key: str) -> Path:
        check_address(area, key)
        return self.root / area / key[:2] / key

    @contextmanager
    def pending(self, area: str) -> Iterator[_FileWrite]:
        write = _FileWrite(self, area)
        try:
            yield write
        finally:
            write.close()  # the temporary file is gone: renamed into place, or dropped

    def read_raw(self, area: str, key: str) -> Iterator[bytes]:
        path = self.path(area, key)
        if not path.is_file():
            raise FileMissing(area, key)
        return self._blocks(path, area, key)

    @staticmethod
    def _blocks(path: Path, area: str, key: str) -> Iterator[bytes]:
        try:
            handle = path.open("rb")
        except FileNotFoundError:  # deleted since it was asked for
            raise FileMissing(area, key) from None
        with handle:
            yield from iter(lambda: handle.read(CHUNK), b"")

    def exists(self, area: str, key: str) -> bool:
        return self.path(area, key).is_file()

    def size(self, area: str, key: str) -> int | None:
        try:
            return self.path(area, key).stat().st_size
        except FileNotFoundError:
            return None

    def delete(self, area: str, key: str) -> None:
        self.path(area, key).unlink(missing_ok=True)

    def keys(self, area: str, *, older_than: timedelta | None = None) -> Iterator[str]:
        check_address(area)
        cutoff = time.time() - older_than.total_seconds() if older_than is not None else None
        for path in sorted((self.root / area).glob("??/*")):
            if not (KEY.fullmatch(path.name) and path.parent.name == path.name[:2] and path.is_file()):
                continue
            if cutoff is None or _mtime(path) < cutoff:
                yield path.name


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # deleted meanwhile: not old, not there
        return float("inf")
