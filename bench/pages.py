"""Benchmark every GET page of a study at 500, 5,000 and 50,000 participants.

    python bench/pages.py [--database URL] [--requests N] [--sizes 500,5000,50000]

Builds, in a scratch installation (bench/scratch.py: a temporary SQLite file unless --database
is given, on PostgreSQL a scratch schema it drops afterwards; upload and bundle folders of its
own), one study per size: the test world's records of every
kind (tests/world.py: consent, instruments, transcripts, a bundle, jobs...) plus, in bulk,
the size's participants, a twentieth as many organisations and two fifths as many sessions
(50,000 participants: 2,500 organisations, 20,000 sessions). Then asks every GET page of the
study, form pages included, as its coordinator, the sizes interleaved request by request (so
the machine's load falls on all alike), and prints per page the SQL queries per request and
the median and 95th-percentile latency at each size, beside a bare Flask endpoint measured in
the same run, and the machine's load at the top. Ends with an error when a page needs more
queries at a larger size, or when its p95 at the largest size is more than 1.5x its p95 at
the smallest (issue 18), except for the downloads of the whole study (WHOLE_STUDY: their
time follows their size; their queries are still checked). Prints figures; not a test.

Last runs (SQLite, 2 cores, load average 12-17, 10-15 requests a size; p95 at 50,000 over p95
at 500): every page with constant queries. Before the fixes of this stop (all pages): audit
trail 19.9x, desk 1.52x, dashboard 1.51x, My sessions 1.91x, the participant and session
forms 1.64x/1.26x, and several pages of a few ms at 1.5-2.1x that moved within the noise
(instrument version 2.14x at the same median). After (the pages changed): audit trail 0.84x,
desk 1.13x (median 95 -> 104 ms), session consent check 0.89x, consent list 0.78x, dashboard
1.09x, participant list 1.10x, participant form 1.23x; still over: My sessions 1.67x (the
user's coming sessions read through the end index) and the session form 1.60x (its capped
lists are full only in the larger studies).

Then (SQLite, load average 12-13, 25 requests a size, --only the pages changed): My sessions
1.10x (its page read in the order sessions end, a seek of the (study, end, id) index: its
query 12 ms -> 0.3 ms at 50,000, the past page 18 ms -> 0.4 ms), the session form 1.49x and
the participant form 1.52x (the organisation select sorted every organisation by
length(pseudonym): now a stored natural key read by index, 5.4 ms -> 0.5 ms; what was left
was the select growing from 25 organisations at 500 to its cap of 200, each sealed name
opened: the cap under the picker is now 50), session list 0.98x, desk 1.01x; and with the
cap at 50 (load average 10, 25 requests): My sessions 1.28x, session form 1.34x, session edit
form 1.25x (12 queries at every size: the chosen ones are always asked, it ran one more at
50,000), participant form 1.01x, participant edit 1.00x, participant list 1.05x, session list
0.92x, desk 1.00x.

Issue 18, the ethics desk (SQLite, load average 17-19, --only consent.desk,consent.session_check;
the columns now end with the median SQL milliseconds of a request): the sized worlds now
attend their past sessions with valid consent, which the desk's old flag query read every one
of (an OR over each attended invitee's current record, found by reading every consent record):
500 -> 5,000 participants, SQL 176 -> 2,493 ms, median 503 -> 2,923 ms, p95 3.60x; a run at
50,000 did not get through its requests in 40 minutes. With the desk marks
(app.consent.desk_marks) and consent records indexed by participant: SQL 12.5 -> 42.7 ms,
median 199 -> 280 ms (p95 5.30x on 10 requests: one outlier under that load); with the marks
before that index, 500 -> 50,000: SQL 16 -> 780 ms, p95 1.82x. What still grows is outside
the flags: the "open items" filter (every unreviewed current record) and the count of written
consent without a scan read every record of the study. A full run of
every page takes over an hour on a loaded machine (the whole-study downloads at 50,000 take
seconds a request): use --skip for those when only the pages matter.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scratch import QueryCounter, machine, one, p95, scratch_app, sized_world  # noqa: E402

from app.core.extensions import db  # noqa: E402
from tests.support.pages import study_pages  # noqa: E402
from tests.world import PASSWORD as WORLD_PASSWORD  # noqa: E402

ALLOWED_GROWTH = 1.5
# Downloads whose content is the whole study (every participant in the CSV, every record in
# the ethics report): their time grows with it by nature; their queries must not.
WHOLE_STUDY = {"recruitment.export_participants", "recruitment.export_organisations", "consent.ethics_report",
               "transcripts.key_csv", "fieldwork.feed"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="scratch database URL (emptied first)")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--sizes", default="500,5000,50000", help="participants per study, comma-separated")
    parser.add_argument("--skip", default="", help="endpoints left out, comma-separated (reported as skipped)")
    parser.add_argument("--only", default="", help="only these endpoints, comma-separated")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(machine())
    with scratch_app(args.database, "bench_pages") as app:
        logging.getLogger("app").setLevel(logging.WARNING)  # one line per request would drown the figures
        with app.test_request_context():
            worlds = {}
            for size in sizes:
                began = time.perf_counter()
                worlds[size] = sized_world(size)
                print(f"study of {size:,} participants built in {time.perf_counter() - began:.1f} s "
                      f"on {db.engine.dialect.name}")
            paths = {size: study_pages(app, world) for size, world in worlds.items()}
            logins = {size: world["coordinator"].email for size, world in worlds.items()}
            db.session.remove()
        skipped = {e for e in args.skip.split(",") if e}
        only = {e for e in args.only.split(",") if e}
        for size in sizes:
            paths[size] = {e: p for e, p in paths[size].items() if e not in skipped and (not only or e in only)}
        if skipped:
            print(f"skipped: {', '.join(sorted(skipped))}")
        problems = report(app, sizes, paths, logins, args.requests)
    if problems:
        sys.exit("over the limits of issue 18:\n  " + "\n  ".join(problems))
    print(f"\nqueries per page constant; every page's p95 at {max(sizes):,} within {ALLOWED_GROWTH}x "
          f"its p95 at {min(sizes):,}.")


def report(app, sizes: list[int], paths: dict, logins: dict, requests: int) -> list[str]:
    with app.app_context():
        counter = QueryCounter(db.engine)
    clients = {}
    for size in sizes:
        clients[size] = app.test_client()
        assert clients[size].post("/login", data={"email": logins[size], "password": WORLD_PASSWORD}).status_code == 302
    bare = app.test_client()
    problems = []
    header = " ".join(f"{f'{s:,}: q  med  p95  sql':>28}" for s in sizes)
    print(f"\n{'page':38} {header}  p95 ratio")
    bare_times = [one(bare, counter, "/_bench/bare")[1] for _ in range(requests)]
    print(f"{'bare Flask endpoint':38} {'':>28} median {statistics.median(bare_times):.1f} ms, "
          f"p95 {p95(bare_times):.1f} ms")
    for endpoint in paths[sizes[0]]:
        seen = {size: ([], set(), set(), []) for size in sizes}  # times, query counts, statuses, SQL ms
        for size in sizes:  # warm-up
            one(clients[size], counter, paths[size][endpoint])
        for _ in range(requests):
            for size in sizes:  # interleaved: the load of the moment falls on every size
                status, ms, queries = one(clients[size], counter, paths[size][endpoint])
                seen[size][0].append(ms)
                seen[size][1].add(queries)
                seen[size][2].add(status)
                seen[size][3].append(counter.sql_ms)
        cells = " ".join(f"{max(q):>5} {statistics.median(t):>6.1f} {p95(t):>7.1f} {statistics.median(sql):>5.1f}  "
                         for t, q, _st, sql in seen.values())
        ratio = p95(seen[sizes[-1]][0]) / max(p95(seen[sizes[0]][0]), 0.001)
        print(f"{endpoint:38} {cells} {ratio:>6.2f}")
        queries = [max(seen[size][1]) for size in sizes]
        if any(b > a for a, b in zip(queries, queries[1:])):
            problems.append(f"{endpoint}: queries grow {queries}")
        if ratio > ALLOWED_GROWTH and endpoint not in WHOLE_STUDY:
            problems.append(f"{endpoint}: p95 {ratio:.2f}x at {sizes[-1]:,} participants")
        if any(status >= 500 for size in sizes for status in seen[size][2]):
            problems.append(f"{endpoint}: server error")
    with app.app_context():
        counter.close()
    return problems


if __name__ == "__main__":
    main()
