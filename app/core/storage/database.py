"""Files in the database (DALA_STORAGE=db): for several app servers with no shared disk.

A file is a row of `stored_files` and its bytes rows of `stored_file_chunks`, written and read
one chunk at a time, so no file is ever whole in memory. Writes join the caller's transaction:
a file is kept when the rows naming it are committed, and a rollback takes both away. One
`pg_dump` then holds every file with the records that name them.
"""
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta

import sqlalchemy as sa

from app.core.extensions import db
from app.core.models_base import utcnow
from app.core.storage.base import FileMissing, Storage, check_address
from app.core.storage.cipher import FileCipher
from app.core.storage.models import FileChunk, FileEntry


class _RowWrite:
    def __init__(self, storage: "DatabaseStorage", area: str):
        self.storage, self.area, self.position, self.size, self.named = storage, area, 0, 0, False
        self.file_id = db.session.execute(
            sa.insert(FileEntry).values(area=area, key=None, size=0, stored_at=utcnow())
            .returning(FileEntry.id)).scalar_one()

    def write(self, chunk: bytes) -> None:
        db.session.execute(sa.insert(FileChunk).values(file_id=self.file_id, position=self.position, data=chunk))
        self.position += 1
        self.size += len(chunk)

    def keep(self, key: str, replace: bool = False) -> bool:
        existing = self.storage.entry_id(self.area, key)
        if replace and existing is not None:  # the same content sealed anew, in the caller's transaction
            _delete_rows(existing)
            existing = None
        if existing is None:
            try:
                with db.session.begin_nested():  # another server may be storing the same content now
                    db.session.execute(sa.update(FileEntry).where(FileEntry.id == self.file_id)
                                       .values(key=key, size=self.size))
                self.named = True
                return True
            except sa.exc.IntegrityError:
                existing = self.storage.entry_id(self.area, key)
        db.session.execute(sa.update(FileEntry).where(FileEntry.id == existing).values(stored_at=utcnow()))
        self.drop()
        return False

    def drop(self) -> None:
        if not self.named and self.file_id is not None:
            _delete_rows(self.file_id)
            self.file_id = None


class DatabaseStorage(Storage):
    name = "db"

    def __init__(self, cipher: FileCipher | None = None):
        super().__init__(cipher)

    def entry_id(self, area: str, key: str) -> int | None:
        check_address(area, key)
        return db.session.scalar(sa.select(FileEntry.id).where(FileEntry.area == area, FileEntry.key == key))

    @contextmanager
    def pending(self, area: str) -> Iterator[_RowWrite]:
        write = _RowWrite(self, area)
        try:
            yield write
        except BaseException:
            with suppress(sa.exc.SQLAlchemyError):  # a broken transaction is rolled back by the caller
                write.drop()
            raise
        write.drop()  # unless named by `keep`, the chunks go

    def read_raw(self, area: str, key: str) -> Iterator[bytes]:
        file_id = self.entry_id(area, key)
        if file_id is None:
            raise FileMissing(area, key)
        return self._chunks(file_id)

    @staticmethod
    def _chunks(file_id: int) -> Iterator[bytes]:
        for position in range(_chunk_count(file_id)):
            yield db.session.scalar(sa.select(FileChunk.data).where(
                FileChunk.file_id == file_id, FileChunk.position == position))

    def exists(self, area: str, key: str) -> bool:
        return self.entry_id(area, key) is not None

    def size(self, area: str, key: str) -> int | None:
        check_address(area, key)
        return db.session.scalar(sa.select(FileEntry.size).where(FileEntry.area == area, FileEntry.key == key))

    def delete(self, area: str, key: str) -> None:
        file_id = self.entry_id(area, key)
        if file_id is not None:
            _delete_rows(file_id)

    def keys(self, area: str, *, older_than: timedelta | None = None) -> Iterator[str]:
        check_address(area)
        query = sa.select(FileEntry.key).where(FileEntry.area == area, FileEntry.key.is_not(None))
        if older_than is not None:
            query = query.where(FileEntry.stored_at < utcnow() - older_than)
        yield from db.session.scalars(query.order_by(FileEntry.key)).all()


def _chunk_count(file_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(FileChunk).where(FileChunk.file_id == file_id))


def _delete_rows(file_id: int) -> None:
    db.session.execute(sa.delete(FileChunk).where(FileChunk.file_id == file_id))
    db.session.execute(sa.delete(FileEntry).where(FileEntry.id == file_id))
