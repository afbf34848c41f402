"""Where the web tier's memory goes: bench/load.py's server and users, with each process's
memory read from /proc/<pid>/smaps_rollup once the workers are up (before any request) and
again after the load.

    python bench/memory.py [--seconds 20] [--users 50] [--rate 80] [--trace] [--top 30]

Prints, per process (master, workers), Rss, Pss, Private_Dirty, Private_Clean, Shared_Dirty and
Anonymous before and after, and the web tier's PSS sum (what bench/load.py prints). A worker
forked from the master starts with every page shared; what it adds during the load is its
Private_Dirty: pages it wrote (objects it created, and shared objects whose reference counts it
changed: Python 3.11 writes the page of every object it touches).

`--trace` (a diagnosis, slower: the figures of that run are not the serving figures) starts
tracemalloc in each worker at the fork and, after the load, asks each worker (a debug endpoint
of this bench's app only, /_bench/memory) for the allocations it holds that were made since the
fork, grouped by the line that made them, and for the objects the collector tracks that are not
in the master's frozen heap (gc.freeze: gc.get_objects() lists only what was created after
it), counted by type. `--roots A,B,A,B` serves each checkout in turn on the one study (A/B);
"PATH+NAME=VALUE" adds environment variables for that server (e.g. MALLOC_ARENA_MAX=2). Not a test.

Last runs (2026-12-05, 3 x 4, 20 s, load average 8-15 from other agents; PSS sum after the load):
main 396.3-399.2 MB (7 runs), with app/wsgi.py's fixed mmap threshold and trimmed heap 373.6 and
373.7 MB; MALLOC_ARENA_MAX=2 or 1 on main 399.4 / 407.4 MB; filling pymalloc's free blocks
before the fork, or no gc.collect before gc.freeze: no change (397-399). Per worker after the
load: Private_Dirty 4.7 -> ~48 MB, of which ~33 MB in the Python heap's mappings and ~6 MB in
malloc's [heap]; 6-9 MB of Python objects made since the fork (--trace: SQLAlchemy's cached
statements, column collections and cache keys, ORM states; no module imported after the fork).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import load  # noqa: E402
from bench.scratch import scratch_app  # noqa: E402

FIELDS = ("Rss", "Pss", "Private_Dirty", "Private_Clean", "Shared_Dirty", "Shared_Clean", "Anonymous")


_AT_FORK: dict = {}  # the modules the master had imported when it forked


def wsgi():
    """bench/load.py's app, with the debug endpoint when BENCH_TRACE=1 (tracemalloc started in
    each worker right after the fork)."""
    if os.environ.get("BENCH_TRACE") == "1":
        import tracemalloc

        os.register_at_fork(before=lambda: _AT_FORK.update(sys.modules),
                            after_in_child=lambda: tracemalloc.start(int(os.environ.get("BENCH_FRAMES", "1"))))
    app = load.wsgi()
    if os.environ.get("BENCH_TRACE") == "1":
        app.add_url_rule("/_bench/memory", "bench_memory", traced)
    return app


def traced():
    import gc
    import tracemalloc
    from collections import Counter

    from flask import request

    top = int(request.args.get("top", "30"))
    frames = int(os.environ.get("BENCH_FRAMES", "1"))
    snapshot = tracemalloc.take_snapshot().filter_traces([
        tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>")])
    stats = snapshot.statistics("traceback" if frames > 1 else "lineno")
    kinds = Counter(type(o).__qualname__ for o in gc.get_objects())
    return {"pid": os.getpid(), "traced_kb": sum(s.size for s in stats) // 1024,
            "top": [{"kb": s.size // 1024, "count": s.count, "where": [str(f) for f in s.traceback][-frames:]}
                    for s in stats[:top]],
            "gc_objects": sum(kinds.values()), "gc_frozen": gc.get_freeze_count(),
            "kinds": kinds.most_common(top),
            "modules": sorted(set(sys.modules) - set(_AT_FORK))}


def rollup(pid: int) -> dict[str, int]:
    found = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                key, _colon, rest = line.partition(":")
                if key in FIELDS:
                    found[key] = int(rest.split()[0])
    except OSError:
        pass
    return found


def mappings(pid: int) -> dict[str, list[int]]:
    """Private_Dirty and Rss in kB by kind of mapping: the [heap] (malloc), anonymous mappings by
    size (pymalloc's arenas are 1 MiB mappings in Python 3.11; big arrays have their own), files."""
    kinds: dict[str, list[int]] = {}
    kind = None
    try:
        with open(f"/proc/{pid}/smaps") as fh:
            for line in fh:
                head = line.split()
                if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                    start, end = (int(x, 16) for x in head[0].split("-"))
                    size = (end - start) // 1024
                    name = head[5] if len(head) > 5 else ""
                    if name.startswith("["):
                        kind = name
                    elif name:
                        kind = "file " + os.path.basename(name).split(".")[0][:24]
                    else:
                        kind = ("anon <= 1 MiB" if size <= 1024 else "anon <= 64 MiB" if size <= 65536
                                else "anon > 64 MiB")
                    kinds.setdefault(kind, [0, 0])
                elif head[0] == "Private_Dirty:":
                    kinds[kind][0] += int(head[1])
                elif head[0] == "Rss:":
                    kinds[kind][1] += int(head[1])
    except OSError:
        pass
    return kinds


def show_mappings(title: str, before: dict, after: dict) -> None:
    print(f"\n{title}: Private_Dirty (Rss) by mapping, before -> after the load, the 12 largest")
    rows = sorted(after, key=lambda k: -after[k][0])[:12]
    for kind in rows:
        b, a = before.get(kind, [0, 0]), after[kind]
        print(f"  {kind:28} {b[0] / 1024:>7.1f} -> {a[0] / 1024:>7.1f} MB   ({b[1] / 1024:.1f} -> {a[1] / 1024:.1f} MB)")


def show(title: str, pids: list[int], readings: dict[int, dict[str, int]]) -> int:
    print(f"\n{title}")
    print(f"{'process':>16} " + " ".join(f"{f:>13}" for f in FIELDS))
    for n, pid in enumerate(pids):
        row = readings.get(pid, {})
        name = "master" if n == 0 else f"worker {pid}"
        print(f"{name:>16} " + " ".join(f"{row.get(f, 0) / 1024:>10.1f} MB" for f in FIELDS))
    pss = sum(r.get("Pss", 0) for r in readings.values())
    print(f"{'PSS sum':>16} {pss / 1024:.1f} MB")
    return pss


def ask(port: int, top: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/_bench/memory?top={top}")
    return json.loads(conn.getresponse().read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=load.DEFAULT_DATABASE)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rate", type=float, default=80)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--trace", action="store_true", help="tracemalloc in the workers (slower; a diagnosis)")
    parser.add_argument("--frames", type=int, default=1, help="with --trace: frames kept per allocation")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--roots", default=ROOT,
                        help="comma-separated checkouts of Dala to serve one after the other on the same study "
                             "(A/B: e.g. a worktree of main and this one, repeated); default: this one")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    os.environ["BENCH_TRACE"] = "1" if args.trace else "0"
    os.environ["BENCH_FRAMES"] = str(args.frames)
    with scratch_app(args.database, "bench_load") as app:
        schema = f"bench_load_{os.getpid()}"
        ids = load.build(app, args.users)
        folders = {"BENCH_UPLOADS": app.config["UPLOAD_FOLDER"], "BENCH_BUNDLES": app.config["BUNDLE_FOLDER"]}
        for spec in args.roots.split(","):
            measure(args, spec, schema, ids, folders)


def measure(args, spec: str, schema: str, ids: dict, folders: dict) -> None:
    """One server from the checkout `spec` names ("PATH" or "PATH+NAME=VALUE+...": environment
    variables for that server), under the users; prints its memory and figures."""
    root, *settings = spec.split("+")
    extra = dict(item.split("=", 1) for item in settings)
    print(f"\n===== {spec} (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    traces = {}
    with tempfile.TemporaryFile("w+") as log:
        server = None
        try:
            server = start(root, args.database, schema, folders, log, extra)
            time.sleep(2)  # every worker forked and settled
            pids = load.server_pids(server)
            before = {pid: rollup(pid) for pid in pids}
            maps_before = {pid: mappings(pid) for pid in pids[:2]}
            results, cpu_ms = load.run_users(server, args, schema, ids)
            pids = load.server_pids(server)
            after = {pid: rollup(pid) for pid in pids}
            maps_after = {pid: mappings(pid) for pid in pids[:2]}
            if args.trace and os.path.exists(os.path.join(root, "bench", "memory.py")):
                for _ in range(60):  # each worker answers in turn; ask until every one has
                    answer = ask(server.port, args.top)
                    traces.setdefault(answer["pid"], answer)
                    if len(traces) >= len(pids) - 1:
                        break
        finally:
            if server is not None:
                load.stop_gunicorn(server)
        log.seek(0)
        server_errors = [line for line in log if '"status": 5' in line or "Traceback" in line]
    show("after the start (workers forked, no request yet)", pids, before)
    show(f"after {args.seconds:.0f} s of load", pids, after)
    for n, pid in enumerate(pids[:2]):
        show_mappings("master" if n == 0 else f"worker {pid}", maps_before.get(pid, {}), maps_after.get(pid, {}))
    load.report(results, args.seconds, args.users, args.rate, cpu_ms)
    for pid, answer in traces.items():
        print(f"\nworker {pid}: {answer['traced_kb'] / 1024:.1f} MB traced since the fork; "
              f"{answer['gc_objects']:,} objects tracked by the collector outside the frozen heap "
              f"({answer['gc_frozen']:,} frozen)")
        for item in answer["top"]:
            print(f"  {item['kb']:>8,} kB {item['count']:>8,}  {' <- '.join(reversed(item['where']))}")
        print("  objects by type: " + ", ".join(f"{k} {n:,}" for k, n in answer["kinds"]))
        print(f"  modules imported after the fork ({len(answer['modules'])}): " + ", ".join(answer["modules"]))

    if server_errors:
        print(f"server log: {len(server_errors)} lines with a 5xx or a traceback, e.g. {server_errors[0].strip()[:2000]}")


def start(root: str, url: str, schema: str, folders: dict, log, extra: dict):
    # this bench's app adds the debug endpoint (a checkout without this file serves bench/load.py's)
    app = "bench.memory:wsgi()" if os.path.exists(os.path.join(root, "bench", "memory.py")) else "bench.load:wsgi()"
    return load.start_gunicorn(url, schema, load.free_port(), folders, log, os.environ.get("GUNICORN_CMD_ARGS") or "",
                               root=root, app=app, env_more=extra)


if __name__ == "__main__":
    main()
