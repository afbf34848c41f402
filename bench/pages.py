"""Benchmark every GET page of a study at 500, 5,000 and 50,000 participants.

    python bench/pages.py [--database URL] [--requests N] [--whole-requests N] [--sizes 500,5000,50000]

Builds, in a scratch installation (bench/scratch.py: a temporary SQLite file unless --database
is given, on PostgreSQL a scratch schema it drops afterwards; upload and bundle folders of its
own), one study per size: the test world's records of every
kind (tests/world.py: consent, instruments, transcripts, a bundle, jobs...) plus, in bulk,
the size's participants, a twentieth as many organisations and two fifths as many sessions
(50,000 participants: 2,500 organisations, 20,000 sessions). Then asks every GET page of the
app (tests/support/pages.py every_page: the study's pages, form pages included, as its
coordinator; the pages outside the studies too, the admin pages as the admin, the login page
and the calendar feed as nobody signed in; left out only the static files and this bench's
bare endpoint), the sizes interleaved request by request (so the machine's load falls on all
alike), and prints per page the SQL queries per request and the median and 95th-percentile
latency at each size, beside a bare Flask endpoint measured in the same run, and the
machine's load at the top. Ends with an error when a page needs more queries at a larger
size, answers an error status, or when its p95 at the largest size is more than 1.5x its p95
at the smallest (issue 18), except for the downloads of the whole study (WHOLE_STUDY: their
time follows their size, seconds a request at 50,000, so they are asked --whole-requests
times a size, 1 by default, without warm-up; their queries are still checked). The admin
pages see the installation, so the three studies alike: their figures are the same at every
size by construction. Prints figures; not a test.

Last full run (SQLite, 2 cores, load average 14 -> 18-23 -> 18, 15 requests a size, every
page of the app, 87; 47 min on a machine ten helpers deep: worlds 35 s + 84 s + 781 s, the
ethics report 18 min): queries constant on every page but two whole-study downloads, the
ethics report 9/13/49 and the calendar feed 6/6/10 (selectinloads in batches of 500
sessions; both now one query for the attendees, tests in tests/consent/test_report_queries.py
and tests/fieldwork/test_feed_queries.py). p95 at 50,000 over p95 at 500: 74 of 82 pages
0.04-1.32x; over 1.5x: pick_organisations 1.79x (median 4.5 -> 7.2 ms), organisation detail
1.60x (median 65 -> 77 ms), subject access PDF 1.64x (median 402 -> 530 ms), My sessions
1.56x (114 -> 157 ms, 172 at 5,000), login 1.51x (no query: noise); 1.3-1.5x: session
instrument 1.32x, pick_participants 1.44x, protocols job file 1.39x. Whole study (not held to
the ratio): participants CSV 1.9 -> 37 s, organisations CSV 57 -> 387 ms, calendar feed
134 ms -> 8.1 s, ethics report PDF 24 s -> 205 s -> 18 min and 3 GB (20,000 session lines),
key CSV flat. Before (earlier runs, the study's pages only): audit trail 19.9x -> 0.84x,
desk 1.52x -> 1.00x, My sessions 1.91x -> 1.10-1.28x, session form 1.64x -> 1.34x,
participant form 1.23x -> 1.01x (see git log). Then (load 4-5, 500 and 50,000, 25 requests,
--only the pages over 1.3x and the feed; the 50,000 world built in 81 s): My sessions 1.35x,
organisation detail 1.31x, pick_organisations 1.00x, pick_participants 0.88x, session
instrument 1.00x, login 0.99x, subject access PDF 3.92x on one slow request of 25 (median
87.0 -> 89.1 ms), the calendar feed 4 queries at both sizes. For a quick look use --only.
Since then the ethics report is a background job (a POST, not a page here): bench/ethics_report.py.

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
consent without a scan read every record of the study.

PostgreSQL (15, 2 cores, load average 17-25 throughout, 15 requests a size, every page but the
ethics report; worlds built in 16 s + 60 s + 822 s): queries constant on every page, as on
SQLite. Planned on empty statistics (the server runs with autovacuum off, and nothing had
analysed the bulk-loaded tables: a 50,000-participant study estimated at 178 rows, its choices
for the participant select sorted whole, 77-96 ms) ten pages were over 1.5x: the desk 3.62x,
consent index 1.56x, consent participant 1.59x, My sessions 1.51x, participant form 1.53x,
organisation edit 2.16x, new question 1.62x, subject access JSON 1.60x, feed settings 1.99x,
new study 1.52x. With the schema analysed (scratch.analyze, as autovacuum would in a running
installation) the choices read 200 rows of ix_participants_study_order (0.1 ms) and only the
desk is over for its data (1.84x, SQL median 128 -> 501 ms); the others over 1.5x were noise
(no query on a table that grows: bundle detail 1.70x, instrument version 1.64x, transcript
upload 1.58x, login 1.56x with no query, healthz 1.53x; asked again 40 times interleaved on
kept analysed studies, bench/downloads.py --state: version 0.88x, upload 1.15x). Asked again
(--sizes 500,50000 --requests 40, load 25, the pages over 1.4x in either run): all within 1.5x,
bundle detail 0.74x, My sessions 1.26x, participant form 1.00x, organisation edit 0.93x, new
question 0.82x, subject access JSON 0.90x, consent index 0.82x, consent participant 0.97x, and
the desk 1.46x though its SQL still grows (215 -> 493 ms, median 337 -> 628 ms). The whole-study
downloads now stream: participants CSV 42.2 s to its first byte and 163 MB of Python memory at
50,000 -> first byte 19-22 ms, last 23.5-25.8 s, 21.8 MB (the keyring's bounded cache of opened
values); the calendar feed 8.5-9.7 s -> first byte 70 ms, last 6.4-10 s, 25 -> 12.5 MB
(bench/downloads.py, A/B/A on the same studies).

Issue 18, the desk's stored state (app.consent.desk_state, migration 0021_desk_state; --only
consent.desk,consent.index --variants "consent.desk=filtered=1;kind=missing_scan;
review=not_reviewed;sector=central_government", 15 requests, before and after run side by
side, load average 10-23): p95 at 50,000 over p95 at 500, before -> after. SQLite: desk
2.38 -> 1.04x (SQL median 2.6/103/609 ms -> 1.5/2.8/23 ms at 500/5,000/50,000), everyone
2.32 -> 0.88x, missing scans 3.46 -> 1.00x, not reviewed 2.75 -> 0.84x, sector 2.16 -> 0.97x,
consent list 0.90 -> 1.00x (7 -> 5 queries: no notes read). PostgreSQL (after: 500 and 50,000,
12 requests, load 19 -> 5): desk 1.38 -> 0.77x, everyone 0.98 -> 1.15x, missing scans 1.12 ->
1.00x, not reviewed 1.79 -> 0.99x, sector 1.35 -> 1.12x, consent list 1.01 -> 0.81x; queries
constant. Without fresh statistics after the bulk rewrite PostgreSQL took the sector filter's
open items for a few rows (7.45x), hence the ANALYZE of every
built world in bench/scratch.sized_world.
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
from tests.support.pages import every_page  # noqa: E402
from tests.world import PASSWORD as WORLD_PASSWORD  # noqa: E402

ALLOWED_GROWTH = 1.5
# Downloads whose content is the whole study (every participant in the CSV): their time grows
# with it by nature; their queries must not.
# The ethics report is printed by a background job since issue 18 (bench/ethics_report.py times
# it); its job's page and stored PDF (made before the world grew) are ordinary pages here.
WHOLE_STUDY = {"recruitment.export_participants", "recruitment.export_organisations",
               "transcripts.key_csv", "fieldwork.feed"}
WHO = ("coordinator", "admin")  # who signs in (tests/support/pages.py ASKED_BY); None: nobody


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="scratch database URL (emptied first)")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--whole-requests", type=int, default=1,
                        help="requests a size for the WHOLE_STUDY downloads (seconds each at 50,000; no warm-up)")
    parser.add_argument("--sizes", default="500,5000,50000", help="participants per study, comma-separated")
    parser.add_argument("--skip", default="", help="endpoints left out, comma-separated (reported as skipped)")
    parser.add_argument("--only", default="", help="only these endpoints, comma-separated")
    parser.add_argument("--variants", action="append", default=[], metavar="ENDPOINT=QUERY[;QUERY...]",
                        help="also ask this endpoint's page with these query strings (e.g. "
                             "consent.desk=filtered=1;kind=missing_scan), each timed as a page of its own")
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
            paths = {size: {e: page for e, page in every_page(app, world).items() if e != "bench_bare"}
                     for size, world in worlds.items()}
            logins = {size: {who: world[who].email for who in WHO} for size, world in worlds.items()}
            db.session.remove()
        skipped = {e for e in args.skip.split(",") if e}
        only = {e for e in args.only.split(",") if e}
        for size in sizes:
            paths[size] = {e: p for e, p in paths[size].items() if e not in skipped and (not only or e in only)}
            for variant in args.variants:
                endpoint, _, queries = variant.partition("=")
                who, path = paths[size][endpoint]
                for query in filter(None, queries.split(";")):
                    paths[size][f"{endpoint}?{query}"] = (who, f"{path}{'&' if '?' in path else '?'}{query}")
        if skipped:
            print(f"skipped: {', '.join(sorted(skipped))}")
        problems = report(app, sizes, paths, logins, args.requests, args.whole_requests)
    if problems:
        sys.exit("over the limits of issue 18:\n  " + "\n  ".join(problems))
    print(f"\nqueries per page constant; every page's p95 at {max(sizes):,} within {ALLOWED_GROWTH}x "
          f"its p95 at {min(sizes):,}.")


def report(app, sizes: list[int], paths: dict, logins: dict, requests: int, whole_requests: int) -> list[str]:
    with app.app_context():
        counter = QueryCounter(db.engine)
    clients = {}
    for size in sizes:
        clients[size, None] = app.test_client()
        for who, email in logins[size].items():
            clients[size, who] = app.test_client()
            assert clients[size, who].post("/login", data={"email": email,
                                                           "password": WORLD_PASSWORD}).status_code == 302
    bare = app.test_client()
    problems = []
    header = " ".join(f"{f'{s:,}: q  med  p95  sql':>28}" for s in sizes)
    print(f"\n{'page':38} {header}  p95 ratio")
    bare_times = [one(bare, counter, "/_bench/bare")[1] for _ in range(requests)]
    print(f"{'bare Flask endpoint':38} {'':>28} median {statistics.median(bare_times):.1f} ms, "
          f"p95 {p95(bare_times):.1f} ms")
    for endpoint in paths[sizes[0]]:
        seen = {size: ([], set(), set(), []) for size in sizes}  # times, query counts, statuses, SQL ms
        whole = endpoint in WHOLE_STUDY
        if not whole:
            for size in sizes:  # warm-up
                one(clients[size, paths[size][endpoint][0]], counter, paths[size][endpoint][1])
        for _ in range(whole_requests if whole else requests):
            for size in sizes:  # interleaved: the load of the moment falls on every size
                who, path = paths[size][endpoint]
                status, ms, queries = one(clients[size, who], counter, path)
                seen[size][0].append(ms)
                seen[size][1].add(queries)
                seen[size][2].add(status)
                seen[size][3].append(counter.sql_ms)
        cells = " ".join(f"{max(q):>5} {statistics.median(t):>6.1f} {p95(t):>7.1f} {statistics.median(sql):>5.1f}  "
                         for t, q, _st, sql in seen.values())
        ratio = p95(seen[sizes[-1]][0]) / max(p95(seen[sizes[0]][0]), 0.001)
        print(f"{endpoint:38} {cells} {ratio:>6.2f}{'  (whole study)' if whole else ''}", flush=True)
        queries = [max(seen[size][1]) for size in sizes]
        if any(b > a for a, b in zip(queries, queries[1:])):
            problems.append(f"{endpoint}: queries grow {queries}")
        if ratio > ALLOWED_GROWTH and not whole:
            problems.append(f"{endpoint}: p95 {ratio:.2f}x at {sizes[-1]:,} participants")
        failed = sorted({status for size in sizes for status in seen[size][2] if status >= 400})
        if failed:  # an error page is not the page measured
            problems.append(f"{endpoint}: status {failed}")
    with app.app_context():
        counter.close()
    return problems


if __name__ == "__main__":
    main()
