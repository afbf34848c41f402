"""Benchmark stored files: put and get through both backends beside a plain copy of the same bytes.

    python bench/storage.py [--mb N] [--files N] [--database URL]

Writes N files of the given size (default 3 x 50 MB) into a scratch folder, then for each
backend stores them (`put`: hashing, size cap, atomic write) and reads them back (`get`: every
chunk, hashed to check it), timing both and the peak Python memory. The anchor, measured in the
same run on the same bytes, is `shutil.copyfile` of each file into the same scratch folder plus a
SHA-256 of the copy. The database backend uses a scratch SQLite file, or a new schema of the
PostgreSQL database given with --database (dropped afterwards). Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


from app import create_app  # noqa: E402
from app.core import storage  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.core.hashing import sha256_blocks, sha256_file  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.support.schemas import create_tables, drop_tables  # noqa: E402

MB = 1024 * 1024


def make_sources(folder: Path, count: int, size: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"source-{n}.bin"
        with path.open("wb") as out:
            for _ in range(size // MB):
                out.write(os.urandom(MB))
        paths.append(path)
    return paths


def timed(label: str, total: int, work) -> float:
    tracemalloc.start()
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<28} {elapsed:6.2f} s  {total / MB / elapsed:8.1f} MB/s  peak Python memory {peak / MB:5.1f} MB")
    return elapsed


def plain_copy(sources: list[Path], folder: Path) -> None:
    for path in sources:
        copy = folder / f"copy-{path.name}"
        shutil.copyfile(path, copy)
        sha256_file(copy)


def put_all(store: storage.Storage, sources: list[Path], size: int) -> list[str]:
    keys = []
    for path in sources:
        with path.open("rb") as source:
            keys.append(store.put(source, area="bundles", max_bytes=size).key)
        db.session.commit()
    return keys


def get_all(store: storage.Storage, keys: list[str]) -> None:
    for key in keys:
        assert sha256_blocks(store.open("bundles", key)) == key


def bench_backend(store: storage.Storage, sources: list[Path], size: int, total: int) -> None:
    keys: list[str] = []
    put_all(store, [sources[0].parent / "warm-up"], size)  # one-time costs (statement caches) left out
    print(f"{store.name}:")
    timed("put", total, lambda: keys.extend(put_all(store, sources, size)))
    timed("get (every chunk, hashed)", total, lambda: get_all(store, keys))


def database_config(url: str | None, folder: Path) -> tuple[dict, str | None]:
    if not url:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}"}, None
    schema = f"dala_bench_storage_{uuid.uuid4().hex[:8]}"
    return {"SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}, schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of each file in MB")
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a scratch SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dala-bench-storage-"))
    settings, schema = database_config(args.database, folder)
    app = create_app(type("BenchConfig", (TestingConfig,), {**settings, "UPLOAD_FOLDER": str(folder / "uploads")}))
    size, total = args.mb * MB, args.files * args.mb * MB
    try:
        with app.app_context():
            create_tables(schema)
            sources = make_sources(folder, args.files, size)
            (folder / "warm-up").write_bytes(b"warm-up")
            print(f"{args.files} files of {args.mb} MB, database {db.engine.dialect.name}, scratch {folder}")
            print("anchor:")
            timed("copyfile + SHA-256", total, lambda: plain_copy(sources, folder))
            bench_backend(storage.FolderStorage(folder / "uploads"), sources, size, total)
            bench_backend(storage.DatabaseStorage(), sources, size, total)
            drop_tables(schema)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
