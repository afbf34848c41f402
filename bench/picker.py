"""Benchmark the people picker's JSON endpoint and the study search (issue 15) on a large study.

    python bench/picker.py [--database URL] [--requests N]

Builds the same scratch studies as bench/pages.py (bench/scratch.py: the test world's study
grown to 50 and to 5,000 participants, with 250 organisations and 2,000 sessions) and measures, beside a bare
Flask endpoint in the same run, SQL queries per request and the median and 95th-percentile
latency of the picker (by pseudonym, by part of a name, by organisation, by one letter, which
matches nearly everyone) and of the study search, with the ratio of the large study's median to
the small one's (on a loaded machine the ratio says more than the milliseconds). Queries must not
grow with the data; the issue asks for a picker p95 under 50 ms on SQLite. Prints figures; not a
test.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scratch import QueryCounter, machine, measure, scratch_app, sized_world  # noqa: E402

from app.core.extensions import db  # noqa: E402
from tests.world import PASSWORD  # noqa: E402

QUERIES = [("picker: pseudonym", "/studies/{id}/participants/pick.json?q=" + quote("P0042")),
           ("picker: part of a name", "/studies/{id}/participants/pick.json?q=" + quote("стник 12")),
           ("picker: organisation", "/studies/{id}/participants/pick.json?q=" + quote("Организация 3")),
           ("picker: one letter", "/studies/{id}/participants/pick.json?q=" + quote("у")),
           ("picker: invitees only", "/studies/{id}/participants/pick.json?invitable=1&q=" + quote("стник 4")),
           ("study search", "/studies/{id}/search?q=" + quote("FG-01"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="scratch database URL (emptied first)")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    print(machine())
    with scratch_app(args.database, "bench_picker") as app:
        with app.test_request_context():
            began = time.perf_counter()
            worlds = {"small": sized_world(50, staff=3), "large": sized_world(5000, staff=3)}
            print(f"built in {time.perf_counter() - began:.1f} s on {db.engine.dialect.name}")
            ids = {size: world["study"].id for size, world in worlds.items()}
            logins = {size: world["coordinator"].email for size, world in worlds.items()}
            counter = QueryCounter(db.engine)
            db.session.remove()
        clients = {}
        for size, email in logins.items():
            clients[size] = app.test_client()
            assert clients[size].post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        print(f"\n{'request':26} {'study':6} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
        with app.app_context():
            bare = measure(clients["small"], counter, "/_bench/bare", args.requests)
        print(f"{'bare Flask endpoint':26} {'-':6} {bare[0]:>8} {bare[1]:>10.1f} {bare[2]:>8.1f}")
        grew = []
        for name, pattern in QUERIES:
            seen, medians = {}, {}
            for size in ("small", "large"):
                queries, median, p95 = measure(clients[size], counter, pattern.format(id=ids[size]), args.requests)
                seen[size], medians[size] = queries, median
                ratio = f"  large/small {median / medians['small']:.2f}x" if size == "large" else ""
                print(f"{name:26} {size:6} {queries:>8} {median:>10.1f} {p95:>8.1f}{ratio}")
            if seen["large"] > seen["small"]:
                grew.append(name)
        with app.app_context():
            counter.close()
    if grew:
        sys.exit(f"queries grew with the data on: {', '.join(grew)}")
    print("\nqueries per request do not grow with the data.")


if __name__ == "__main__":
    main()
