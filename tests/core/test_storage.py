"""Stored files, on both backends: a folder, and the suite's database (SQLite, or PostgreSQL when
DALA_TEST_DATABASE_URL is set). Every test here runs once per backend."""
import errno
import hashlib
import io
import os
import threading
import time
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core import storage
from app.core.extensions import db
from app.core.models_base import utcnow
from app.core.storage import transfer
from app.core.storage.base import CHUNK
from app.core.storage.models import FileChunk, FileEntry

MB = 1024 * 1024
BACKENDS = ["folder", "db"]


def make(backend: str, folder, cipher=None) -> storage.Storage:
    if backend == "folder":
        return storage.FolderStorage(folder, cipher)
    return storage.DatabaseStorage(cipher)


@pytest.fixture(params=BACKENDS)
def store(request, ctx, tmp_path) -> storage.Storage:
    return make(request.param, tmp_path / "files")


def content(size: int, seed: int = 1) -> bytes:
    """`size` bytes that differ with the seed (and do not repeat within 251 bytes)."""
    start = seed % 251
    return (bytes(range(251)) * (size // 251 + 2))[start:start + size]


def snapshot(store: storage.Storage):
    """Everything the backend holds: files and their sizes (temporary ones too), or rows."""
    if isinstance(store, storage.FolderStorage):
        return sorted((p.relative_to(store.root).as_posix(), p.stat().st_size)
                      for p in store.root.rglob("*") if p.is_file())
    db.session.commit()
    return (db.session.scalar(sa.select(sa.func.count()).select_from(FileEntry)),
            db.session.scalar(sa.select(sa.func.count()).select_from(FileChunk)),
            db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(FileEntry.size), 0))))


def test_a_file_comes_back_as_it_went_in_named_by_its_sha256(store):
    data = content(3 * CHUNK + 123)
    stored = store.put(io.BytesIO(data), area="consent", max_bytes=4 * CHUNK)
    db.session.commit()
    assert stored == storage.StoredFile(hashlib.sha256(data).hexdigest(), len(data))
    assert b"".join(store.open("consent", stored.key)) == data
    assert store.exists("consent", stored.key) and store.size("consent", stored.key) == len(data)
    assert list(store.keys("consent")) == [stored.key] and list(store.keys("transcripts")) == []
    assert store.verify("consent", stored.key)


def test_an_empty_file_is_a_file_too(store):
    stored = store.put(io.BytesIO(b""), area="xlsform", max_bytes=10)
    assert stored.key == hashlib.sha256(b"").hexdigest() and store.read_bytes("xlsform", stored.key) == b""


def test_the_same_content_is_stored_once_per_area(store):
    data = content(CHUNK + 1)
    first = store.put(io.BytesIO(data), area="transcripts", max_bytes=2 * CHUNK)
    kept = snapshot(store)
    second = store.put(iter([data[:10], data[10:]]), area="transcripts", max_bytes=2 * CHUNK)
    assert first == second and snapshot(store) == kept
    assert list(store.keys("transcripts")) == [first.key]
    store.put(io.BytesIO(data), area="consent", max_bytes=2 * CHUNK)
    assert list(store.keys("consent")) == [first.key]


def _cut_off_after(blocks: int) -> Iterator[bytes]:
    for n in range(blocks):
        yield content(CHUNK, seed=n)
    raise OSError(errno.ECONNRESET, "the upload was cut off")


def test_a_failure_mid_stream_leaves_nothing_and_spares_what_was_there(store):
    earlier = store.put(io.BytesIO(b"an earlier scan"), area="consent", max_bytes=MB)
    before = snapshot(store)
    with pytest.raises(OSError, match="cut off"):
        store.put(_cut_off_after(3), area="consent", max_bytes=10 * CHUNK)
    assert snapshot(store) == before
    assert list(store.keys("consent")) == [earlier.key]
    assert store.read_bytes("consent", earlier.key) == b"an earlier scan"


def test_a_file_over_the_cap_is_refused_and_leaves_nothing(store):
    before = snapshot(store)
    with pytest.raises(storage.FileTooLarge):
        store.put(io.BytesIO(content(2 * CHUNK + 1)), area="bundles", max_bytes=2 * CHUNK)
    assert snapshot(store) == before and list(store.keys("bundles")) == []
    exactly = store.put(io.BytesIO(content(2 * CHUNK)), area="bundles", max_bytes=2 * CHUNK)
    assert exactly.size == 2 * CHUNK


def test_a_deleted_file_is_missing_and_deleting_twice_is_harmless(store):
    stored = store.put(io.BytesIO(b"%PDF-1.4 scan"), area="consent", max_bytes=MB)
    store.delete("consent", stored.key)
    store.delete("consent", stored.key)
    assert not store.exists("consent", stored.key) and store.size("consent", stored.key) is None
    with pytest.raises(storage.FileMissing):
        store.open("consent", stored.key)
    assert list(store.keys("consent")) == []


def test_areas_and_keys_are_checked_so_no_path_leaves_the_store(store):
    for area, key in [("../etc", "0" * 64), ("consent", "../../passwd"), ("consent", "A" * 64)]:
        with pytest.raises(ValueError):
            store.open(area, key)
    with pytest.raises(ValueError):
        store.put(io.BytesIO(b"x"), area="elsewhere", max_bytes=10)


def _age(store: storage.Storage, area: str, key: str, hours: float) -> None:
    if isinstance(store, storage.FolderStorage):
        then = time.time() - hours * 3600
        os.utime(store.path(area, key), (then, then))
    else:
        db.session.execute(sa.update(FileEntry).where(FileEntry.area == area, FileEntry.key == key)
                           .values(stored_at=utcnow() - timedelta(hours=hours)))


def test_expire_deletes_only_what_was_stored_longer_ago_and_a_new_put_renews(store):
    old, new, renewed = (store.put(io.BytesIO(f"workbook {n}".encode()), area="xlsform", max_bytes=MB)
                         for n in range(3))
    _age(store, "xlsform", old.key, 25)
    _age(store, "xlsform", renewed.key, 25)
    store.put(io.BytesIO(b"workbook 2"), area="xlsform", max_bytes=MB)  # uploaded again today
    assert store.expire("xlsform", timedelta(days=1)) == 1
    assert sorted(store.keys("xlsform")) == sorted([new.key, renewed.key])


def test_the_database_backend_writes_in_the_callers_transaction(ctx):
    store = storage.DatabaseStorage()
    stored = store.put(io.BytesIO(b"rolled back"), area="transcripts", max_bytes=MB)
    db.session.rollback()
    assert not store.exists("transcripts", stored.key)
    store.put(io.BytesIO(b"committed"), area="transcripts", max_bytes=MB)
    db.session.commit()
    assert list(store.keys("transcripts")) == [hashlib.sha256(b"committed").hexdigest()]


def _blocks(total: int) -> Iterator[bytes]:
    block = content(1 << 16)
    for n in range(total // len(block)):
        yield n.to_bytes(4, "big") + block[4:]


def test_a_50_mb_file_streams_in_and_out_in_a_few_mb_of_memory(store):
    size = 50 * MB
    expected = hashlib.sha256()
    for block in _blocks(size):
        expected.update(block)
    store.read_bytes("bundles", store.put(io.BytesIO(b"warm-up"), area="bundles", max_bytes=10).key)
    tracemalloc.start()  # after the one-time costs (statement caches), so only what grows with a file counts
    try:
        stored = store.put(_blocks(size), area="bundles", max_bytes=size)
        db.session.commit()
        _, peak_in = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        read = hashlib.sha256()
        for chunk in store.open("bundles", stored.key):
            read.update(chunk)
        _, peak_out = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored == storage.StoredFile(expected.hexdigest(), size) and read.hexdigest() == expected.hexdigest()
    assert peak_in < 4 * MB and peak_out < 4 * MB, (peak_in, peak_out)


class Scrambled:
    """A stand-in cipher: a header naming the study, then every byte changed. Like a real one, it
    reads its header from the bytes, whatever chunks the backend gives them back in."""

    def seal(self, chunks, study_id, area=None):
        yield f"SEALED:{study_id}\n".encode()
        for chunk in chunks:
            yield bytes(b ^ 0x5A for b in chunk)

    def open(self, chunks):
        header = b""
        for chunk in chunks:
            if not header.endswith(b"\n"):
                head, newline, chunk = chunk.partition(b"\n")
                header += head + newline
            yield bytes(b ^ 0x5A for b in chunk)
        assert header.startswith(b"SEALED:")


def _raw(store: storage.Storage, area: str, key: str) -> bytes:
    return b"".join(store.read_raw(area, key))


@pytest.mark.parametrize("source_backend", BACKENDS)
def test_a_sealed_file_is_kept_sealed_read_back_plain_and_moved_unchanged(ctx, tmp_path, source_backend):
    source = make(source_backend, tmp_path / "a", Scrambled())
    target = make("db" if source_backend == "folder" else "folder", tmp_path / "b", Scrambled())
    stored = source.put(io.BytesIO(b"Name: Aigerim Testova"), area="consent", max_bytes=MB, study_id=7)
    db.session.commit()
    sealed = _raw(source, "consent", stored.key)
    assert sealed.startswith(b"SEALED:7\n") and b"Aigerim" not in sealed
    assert stored.key == hashlib.sha256(b"Name: Aigerim Testova").hexdigest()
    assert source.read_bytes("consent", stored.key) == b"Name: Aigerim Testova"
    report = transfer.migrate(source, target, after_each=db.session.commit)
    assert (report.copied, report.problems) == (1, [])
    assert _raw(target, "consent", stored.key) == sealed and target.verify("consent", stored.key)


def _put_everywhere(store: storage.Storage) -> dict[tuple[str, str], bytes]:
    files = {}
    for n, area in enumerate(storage.AREAS):
        data = content(CHUNK * n + 17, seed=n)
        files[(area, store.put(io.BytesIO(data), area=area, max_bytes=10 * CHUNK).key)] = data
    db.session.commit()
    return files


def test_migrate_folder_to_db_to_a_new_folder_keeps_every_byte_and_can_be_repeated(ctx, tmp_path):
    folder, database, again = (storage.FolderStorage(tmp_path / "old"), storage.DatabaseStorage(),
                               storage.FolderStorage(tmp_path / "new"))
    files = _put_everywhere(folder)
    first = transfer.migrate(folder, database, after_each=db.session.commit)
    n = len(files)  # a file in every area
    assert (first.checked, first.copied, first.present, first.problems) == (n, n, 0, [])
    repeated = transfer.migrate(folder, database, after_each=db.session.commit)
    assert (repeated.copied, repeated.present, repeated.problems) == (0, n, [])
    back = transfer.migrate(database, again, after_each=db.session.commit)
    assert (back.copied, back.problems) == (n, [])
    for (area, key), data in files.items():
        assert database.read_bytes(area, key) == data
        assert again.path(area, key).read_bytes() == data and again.path(area, key) != folder.path(area, key)


def _corrupt(store: storage.Storage, area: str, key: str) -> None:
    if isinstance(store, storage.FolderStorage):
        path = store.path(area, key)
        path.write_bytes(b"X" + path.read_bytes()[1:])
    else:
        entry = db.session.scalar(sa.select(FileEntry.id).where(FileEntry.area == area, FileEntry.key == key))
        db.session.execute(sa.update(FileChunk).where(FileChunk.file_id == entry, FileChunk.position == 0)
                           .values(data=b"X"))
        db.session.commit()


@pytest.mark.parametrize("source_backend", BACKENDS)
def test_a_corrupted_file_is_reported_by_verify_and_not_copied_by_migrate(ctx, tmp_path, source_backend):
    source = make(source_backend, tmp_path / "a")
    target = make("db" if source_backend == "folder" else "folder", tmp_path / "b")
    files = _put_everywhere(source)
    (area, key), _ = next((name, data) for name, data in files.items() if name[0] == "transcripts")
    _corrupt(source, area, key)
    assert transfer.verify(source).problems == [f"transcripts/{key}: does not match its checksum (corrupt)."]
    report = transfer.migrate(source, target, after_each=db.session.commit)
    assert (report.copied, len(report.problems)) == (len(files) - 1, 1)
    assert report.problems[0] == (f"transcripts/{key}: the {source.name} copy does not match its checksum; "
                                  "not copied.")
    assert not target.exists("transcripts", key) and transfer.verify(target).problems == []


def test_migrate_replaces_a_corrupt_copy_in_the_target_with_a_sound_one(ctx, tmp_path):
    folder, database = storage.FolderStorage(tmp_path / "files"), storage.DatabaseStorage()
    files = _put_everywhere(folder)
    transfer.migrate(folder, database, after_each=db.session.commit)
    (area, key), data = next(iter(files.items()))
    _corrupt(database, area, key)
    report = transfer.migrate(folder, database, after_each=db.session.commit)
    assert (report.copied, report.present, report.problems) == (1, len(files) - 1, [])
    assert database.read_bytes(area, key) == data


def _waiting_on_a_lock(holder: int) -> int:
    """Sessions waiting for a lock the session `holder` (a backend's pid) holds, on an update of
    stored_files: this test's second server only, not another test run's on the same server."""
    with db.engine.connect() as conn:
        return conn.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                   "AND query LIKE 'UPDATE stored_files %' AND :holder = ANY(pg_blocking_pids(pid))"),
                           {"holder": holder})


def test_two_servers_storing_the_same_content_at_once_keep_one_copy(app, ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    store, data, outcome = storage.DatabaseStorage(), content(2 * CHUNK + 5), {}

    def second_server() -> None:
        with app.app_context():
            outcome["stored"] = store.put(io.BytesIO(data), area="consent", max_bytes=4 * CHUNK)
            db.session.commit()
            db.session.remove()

    with app.app_context():  # the first server's request, its transaction still open
        first = store.put(io.BytesIO(data), area="consent", max_bytes=4 * CHUNK)
        holder = db.session.scalar(sa.text("SELECT pg_backend_pid()"))  # the open transaction's
        thread = threading.Thread(target=second_server)
        thread.start()
        deadline = time.monotonic() + 10
        while not _waiting_on_a_lock(holder) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _waiting_on_a_lock(holder), "the second server should wait for the first one's key"
        db.session.commit()
    thread.join(timeout=30)
    assert outcome["stored"] == first
    assert snapshot(store) == (1, 3, len(data)) and store.read_bytes("consent", first.key) == data
