"""Whole-study downloads at 500 and 50,000 participants: time to the first byte, total time, peak memory.

    python bench/downloads.py --database URL [--sizes 500,50000] [--requests 3] [--state FILE]

The downloads of bench/pages.py's WHOLE_STUDY (the participants and organisations CSV, the
transcription key CSV, the calendar feed; the ethics report PDF left out unless --with-report),
asked of studies built as bench/pages.py builds them (bench/scratch.py sized_world), the sizes
interleaved request by request, beside a bare Flask endpoint measured in the same run and the
machine's load at the start and the end. Per download and size: the milliseconds to the first
byte of the body (the client reads it as a server would send it: a streamed download gives
its first piece while the rest is still being made; one written whole gives nothing before
all of it), the milliseconds to its last byte, its size, and the peak of Python's memory while
it is made and read piece by piece (tracemalloc, one more request, not timed: the pieces are
counted and dropped, as a server sends them).

With --state FILE the studies are built once in a schema kept afterwards and their addresses
written to FILE; a later run with the same FILE (the same DALA_TEST_KEY_FOLDER: the studies'
keys) asks them again without building them: a before/after comparison runs the two versions
of the app one after the other against the same studies (A, B, A, B). --drop drops that schema.
Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scratch import machine, sized_world  # noqa: E402

from app import create_app  # noqa: E402
from app.core.extensions import db  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.support.pages import every_page  # noqa: E402
from tests.support.schemas import create_tables, drop_tables  # noqa: E402
from tests.world import PASSWORD as WORLD_PASSWORD  # noqa: E402

DOWNLOADS = ["recruitment.export_participants", "recruitment.export_organisations", "transcripts.key_csv",
             "fieldwork.feed"]
REPORT = "consent.ethics_report"


def app_on(url: str, schema: str | None, folder: str):
    settings = {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                "UPLOAD_FOLDER": os.path.join(folder, "uploads"), "BUNDLE_FOLDER": os.path.join(folder, "bundles")}
    if schema:
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app(type("BenchConfig", (TestingConfig,), settings))
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    logging.getLogger("app").setLevel(logging.WARNING)
    return app


def build(app, sizes: list[int], schema: str | None, wanted: list[str]) -> dict:
    with app.app_context():
        create_tables(schema)
        state = {}
        with app.test_request_context():
            for size in sizes:
                began = time.perf_counter()
                world = sized_world(size)
                print(f"study of {size:,} participants built in {time.perf_counter() - began:.1f} s", flush=True)
                pages = every_page(app, world)
                state[str(size)] = {"paths": {e: pages[e] for e in wanted},
                                    "logins": {who: world[who].email for who in ("coordinator", "admin")}}
            db.session.remove()
    return state


def ask(client, path: str) -> tuple[int, float, float, int]:
    """(status, ms to the first byte, ms to the last, bytes), the body read piece by piece."""
    began = time.perf_counter()
    response = client.get(path, buffered=False)
    first, size = None, 0
    for piece in response.response:
        if piece and first is None:
            first = time.perf_counter()
        size += len(piece)
    done = time.perf_counter()
    response.close()
    first = first or done
    return response.status_code, (first - began) * 1000, (done - began) * 1000, size


def peak_mb(client, path: str) -> float:
    tracemalloc.start()
    try:
        ask(client, path)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--sizes", default="500,50000")
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--state", help="JSON file: the kept studies' schema and addresses (built if missing)")
    parser.add_argument("--drop", action="store_true", help="drop the kept schema of --state, and the file")
    parser.add_argument("--with-report", action="store_true", help="the ethics report PDF too (minutes at 50,000)")
    args = parser.parse_args()
    wanted = DOWNLOADS + ([REPORT] if args.with_report else [])
    folder = os.path.join(os.path.dirname(os.path.abspath(args.state)) if args.state else "/tmp", "bench-downloads")
    os.makedirs(folder, exist_ok=True)
    if args.state and os.path.exists(args.state):
        with open(args.state) as f:
            state = json.load(f)
        app = app_on(args.database, state["schema"], folder)
        if args.drop:
            with app.app_context():
                drop_tables(state["schema"])
            os.remove(args.state)
            print(f"dropped {state['schema']}")
            return
    else:
        schema = f"bench_downloads_{os.getpid()}" if args.database.startswith("postgresql") else None
        app = app_on(args.database, schema, folder)
        state = {"schema": schema, "sizes": build(app, [int(x) for x in args.sizes.split(",")], schema, wanted)}
        if args.state:
            with open(args.state, "w") as f:
                json.dump(state, f)
    print(machine())
    try:
        measure(app, state, wanted, args.requests)
    finally:
        if not args.state:
            with app.app_context():
                drop_tables(state["schema"])
    print(machine())


def measure(app, state: dict, wanted: list[str], requests: int) -> None:
    sizes = list(state["sizes"])
    clients = {}
    for size in sizes:
        clients[size, None] = app.test_client()
        for who, email in state["sizes"][size]["logins"].items():
            clients[size, who] = app.test_client()
            assert clients[size, who].post("/login", data={"email": email,
                                                           "password": WORLD_PASSWORD}).status_code == 302
    bare = app.test_client()
    bare_ms = [ask(bare, "/_bench/bare")[2] for _ in range(10)]
    print(f"bare Flask endpoint: median {statistics.median(bare_ms):.1f} ms")
    print(f"\n{'download':34} {'size':>7} {'first byte ms':>14} {'total ms':>10} {'bytes':>11} {'peak MB':>8}")
    for endpoint in wanted:
        seen = {size: [] for size in sizes}
        for _ in range(requests):
            for size in sizes:  # interleaved
                who, path = state["sizes"][size]["paths"][endpoint]
                seen[size].append(ask(clients[size, who], path))
        for size in sizes:
            who, path = state["sizes"][size]["paths"][endpoint]
            runs = seen[size]
            statuses = sorted({r[0] for r in runs})
            print(f"{endpoint:34} {int(size):>7,} {statistics.median(r[1] for r in runs):>14.1f} "
                  f"{statistics.median(r[2] for r in runs):>10.1f} {runs[0][3]:>11,} "
                  f"{peak_mb(clients[size, who], path):>8.1f}{'' if statuses == [200] else f'  status {statuses}'}",
                  flush=True)


if __name__ == "__main__":
    main()
