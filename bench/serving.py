"""CPU time per request of the pages bench/load.py asks, in-process, beside a bare endpoint.

    python bench/serving.py [--database URL] [--rounds 30] [--participants 5000] [--profile PAGE]

Builds the test world's study grown to `--participants` (bench/scratch.py: sized_world; on
PostgreSQL, the default, in a scratch schema dropped afterwards), signs in a coordinator and a
fieldworker (Russian pages, as bench/load.py's users ask), then asks each page of bench/load.py,
the fieldworker's "My sessions" and that of a note-taker on a dozen sessions once per round,
the pages interleaved round by round with the bare endpoint (the load of the moment falls on
every page alike). Prints, per page, the
median CPU time of the request in this process (the app: routing, hooks, queries sent,
templates, the response; `time.thread_time`, so other work on the machine hardly moves it),
its median wall time, and the CPU time of the PostgreSQL backend that served it (read from
/proc: ticks of 10 ms summed over the rounds, so a mean), each beside the bare endpoint's.
The machine's load average at the top and at the end. `--profile PAGE` prints instead the
cProfile of that page's requests (top functions by cumulative and by own time).
Prints figures; not a test.

Last run (2026-12-04, PostgreSQL, 25 rounds, load average 12-13 from other agents; main and the
k18load branch side by side, CPU ms per request, medians; the bare endpoint 1.1 and 1.2 ms):
  page              main  branch     page              main  branch
  dashboard         30.2    28.5     calendar          17.8    16.2
  participant list  30.7    28.9     session page      14.4    13.3
  participant page  13.9    12.4     my sessions       25.8    24.7
  session list      22.2    21.0     load.py's mix     18.6    17.4  (+ PostgreSQL 4.2 / 4.2)
Then (15 rounds, load average 15-19; main and k18sparse, My sessions read from the staff index,
side by side, CPU ms / PostgreSQL backend ms): my sessions 23.0 / 4.7 and 24.8 / 7.3, my
sessions, few 14.0 / 2.7 and 16.5 / 4.0, the bare endpoint 1.2 and 1.1: equal within the noise
(PostgreSQL's planner already read the few-sessions user's rows by their user index on main;
on SQLite main walked the study's coming sessions for them: 29-44 ms a page query at 20,000
sessions, 0.12-0.15 ms now).

Run of 2026-12-04, k18cpu branch (PostgreSQL, 20 rounds, main and the branch alternated twice,
load average 17-23 from other agents and the suites running beside; CPU ms per request, medians,
and /bare; the bare endpoint 1.0-1.2 ms in every run):
  page              main 1  branch 1  main 2  branch 2   (/bare: main 1, branch 1, main 2, branch 2)
  dashboard          26.8     23.8     25.3     26.9     25.2  23.1  23.7  22.3
  participant list   25.5     20.9     24.7     22.8     24.0  20.3  23.2  18.9
  participant page   11.7      9.9     10.9     11.1     11.0   9.6  10.2   9.2
  session list       19.5     17.2     19.3     19.9     18.4  16.7  18.2  16.5
  calendar           15.0     12.6     14.6     14.1     14.1  12.3  13.7  11.7
  session page       12.6     10.1     11.7     12.3     11.9   9.8  11.0  10.2
  load.py's mix      16.0     13.7     15.4     15.5     (PostgreSQL 4.0, 3.4, 3.4, 6.4: 10 ms ticks)
The second pair ran while the whole suite ran on the same two cores; in-process py-spy samples
of the participant list (same rounds) fell by 30% with the bulk form's sessions read as columns.
bench/load.py on the branch right after (60 s, load average 2.4 at the start, 6 at the end from
other agents): 75.7 req/s offered 80, 0 errors, CPU per request gunicorn 7.7 ms + PostgreSQL
2.3 ms; p95 770-860 ms on the pages but 667 ms on the bare endpoint (p95/bare 1.2-1.3): the wait
was the shared machine's, not the pages' (main not run beside it: no time left).

Issue 18, k18serve (2026-12-06; in-process A/B against a detached checkout of 470c125 on one
kept 5,000-participant PostgreSQL study, both processes run side by side twice, 25 rounds,
load average 18-21 from other helpers; CPU ms per request, medians, thread time):
  page              base 1  branch 1  base 2  branch 2
  dashboard          24.6     21.2     27.3     22.6
  participant list   28.1     20.1     26.8     21.5
  participant page   12.4     11.4     13.1     12.3
  session list       23.2     20.4     22.9     22.6
  calendar           16.6     15.8     16.6     15.0
  session page       13.9     13.0     14.6     13.5
(quieter, load 12-14, the four list pages alone: dashboard 19.3/16.8, 20.3/17.4; participant
list 21.6/17.1, 22.1/17.8; session list 17.5/15.8, 18.1/16.5; participant page 10.3/9.5.)
What did it: statements built once with bound ids (the user and membership of every study
page, members, organisation choices, the dashboard's stale contacts, team load and counters,
the bulk form's sessions, invitee counts), WTForms' catalogue read once per language (Flask-WTF
read the .mo file at every request with a form), the bulk form's hundred session options
rendered once for the same rows (templating.kept_render), session rows in one macro call a
table, labels looked up once a table (label_words), only the shown columns loaded on the two
lists, stored timestamps' words kept by zone. HTML identical on 165 pages (coordinator,
fieldworker, reviewer; ru, en, kk; filters, sorts, searches, next/last pages).

Issue 18, serve (2026-12-06; int at e3407f5 and the branch side by side on one 5,000-participant
PostgreSQL study each, 30 rounds, load average 14-16 from other helpers; CPU ms per request):
  page              int   branch     page              int   branch
  dashboard         18.5    15.7     calendar          12.1    10.1
  participant list  17.6    16.4     session page      11.0    11.3  (unchanged: the control)
  participant page   9.7     9.5     my sessions       23.5    19.3
  session list      17.5    14.0     load.py's mix     12.5    11.2  (+ PostgreSQL 2.9 / 2.6)
(second pair, 25 rounds, load 10-15: dashboard 18.3/15.4, participant list 17.5/16.9,
participant page 9.3/9.4, session list 17.5/13.8, calendar 12.8/10.3, session page 10.5/10.4,
my sessions 23.0/18.4, load.py's mix 12.4/11.0 + PostgreSQL 3.0/2.6.)
What did it: the session rows' staff (session list, dashboard, My sessions, the calendar's
week) read as (session, role, name) plain rows in one query (fieldwork.queries.staff_shown)
instead of SessionStaff and User objects; load_only on those objects had saved nothing (a
deferred-column callable set for each column left out, a heavier cache key); the dashboard's
sessions with only the listed columns and the host's pseudonym (not its encrypted name and
notes); the fieldworker filter and team load as (id, name) rows; a row's detail address built
once a table (url_stem) and its translated words once a table (row_slot/around_slot); the
calendar's labels once a page. Python calls per request (cProfile, deterministic; a
300-participant SQLite fixture): session list -15%, dashboard -8%, My sessions -12%, calendar
week -24%, month -14%, participant list -4.5%. HTML identical on 198 pages.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import logging
import os
import pstats
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scratch import machine, scratch_app, sized_world  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from app.core.extensions import db  # noqa: E402
from tests.world import PASSWORD  # noqa: E402

HEADERS = {"Accept-Language": "ru"}


def pages(world: dict, rng: random.Random, participants: list[int], sessions: list[int]) -> dict:
    """Page name -> (who asks, a function giving the next path): bench/load.py's visits."""
    s = f"/studies/{world['study'].id}"
    return {
        "dashboard": ("coordinator", lambda: f"{s}/"),
        "participant list": ("coordinator", lambda: rng.choice([
            f"{s}/participants", f"{s}/participants?last=1",
            f"{s}/participants?status=contacted&q={rng.randint(1, 99)}&sort=name",
            f"{s}/participants?sector=civil_society&sort=status&dir=desc&last=1",
            f"{s}/participants?stale=1"])),
        "participant page": ("coordinator", lambda: f"{s}/participants/{rng.choice(participants)}"),
        "session list": ("coordinator", lambda: rng.choice([f"{s}/sessions", f"{s}/sessions?last=1"])),
        "calendar": ("coordinator", lambda: rng.choice([f"{s}/calendar", f"{s}/calendar?view=month"])),
        "session page": ("coordinator", lambda: f"{s}/sessions/{rng.choice(sessions)}"),
        "my sessions": ("fieldworker", lambda: f"{s}/my-sessions"),
        "my sessions, few": ("few", lambda: rng.choice([f"{s}/my-sessions", f"{s}/my-sessions?when=past"])),
        "bare endpoint": ("coordinator", lambda: "/_bench/bare"),
    }


def few_sessions_member(world: dict, sessions: list[int]):
    """A fieldworker who takes notes in a dozen of the study's sessions, spread over its time
    (the fieldworker of the world runs an eighth of them): "My sessions, few" is theirs."""
    from app.fieldwork.models import SessionStaff, StaffRole
    from app.studies.models import Role
    from tests.builders import Builder

    member = Builder().member(world["study"], Role.FIELDWORKER)
    for sid in sorted(sessions)[::max(1, len(sessions) // 12)]:
        db.session.add(SessionStaff(session_id=sid, user_id=member.id, role=StaffRole.NOTE_TAKER))
    db.session.commit()
    db.session.refresh(world["study"])  # read again: the pages ask for its id once the session is gone
    return member


def backend_cpu(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (PostgreSQL backends on this machine)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return total


def one(client, path: str) -> tuple[int, float, float]:
    """(status, CPU ms in this thread, wall ms) of one GET, the body read."""
    began, cpu = time.perf_counter(), time.thread_time()
    response = client.get(path, headers=HEADERS)
    response.get_data()
    response.close()
    return response.status_code, (time.thread_time() - cpu) * 1000, (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--profile", default="", help="a page name: print its cProfile instead of the table")
    args = parser.parse_args()
    print(machine())
    with scratch_app(args.database, "bench_serving") as app:
        logging.getLogger("app").setLevel(logging.WARNING)  # gunicorn's workers log each request; see below
        with app.app_context():
            began = time.perf_counter()
            world = sized_world(args.participants)
            print(f"study of {args.participants:,} participants built in {time.perf_counter() - began:.1f} s "
                  f"on {db.engine.dialect.name}")
            study_id = world["study"].id
            from app.fieldwork.models import FieldSession
            from app.recruitment.models import Participant
            participants = list(db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study_id)))
            sessions = list(db.session.scalars(sa.select(FieldSession.id).where(FieldSession.study_id == study_id)))
            emails = {"coordinator": world["coordinator"].email, "fieldworker": world["fieldworker"].email,
                      "few": few_sessions_member(world, sessions).email}
            db.session.remove()
        logging.getLogger("app").setLevel(logging.INFO)  # as served: one JSON line per request...
        logging.getLogger("app").handlers[0].stream = open(os.devnull, "w")  # ...written nowhere here
        clients = {}
        for who, email in emails.items():
            clients[who] = app.test_client()
            response = clients[who].post("/login", data={"email": email, "password": PASSWORD}, headers=HEADERS)
            assert response.status_code == 302, f"{who} could not sign in"
        app.config["WTF_CSRF_ENABLED"] = True  # as served: every form and the layout carry a CSRF token
        visits = pages(world, random.Random(7), participants, sessions)
        for name, (who, path) in visits.items():  # warm-up: caches of every page filled
            for _ in range(3):
                status = one(clients[who], path())[0]
                assert status == 200, f"{name}: {status}"
        gc.collect()
        gc.freeze()  # as app.wsgi.prepare does before gunicorn forks its workers
        if args.profile:
            profile(clients, visits, args.profile, args.rounds)
            return
        table(app, clients, visits, args.rounds)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def table(app, clients: dict, visits: dict, rounds: int) -> None:
    cpu, wall, db_cpu = {n: [] for n in visits}, {n: [] for n in visits}, {n: 0.0 for n in visits}
    pids = []
    with app.app_context():  # one thread: after the pool is emptied, every request uses the same connection
        db.engine.dispose()
        if db.engine.dialect.name == "postgresql":
            pids = [db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()]
        db.session.remove()
    for _ in range(rounds):
        for name, (who, path) in visits.items():
            before = backend_cpu(pids)
            status, ms_cpu, ms_wall = one(clients[who], path())
            db_cpu[name] += backend_cpu(pids) - before
            assert status == 200, f"{name}: {status}"
            cpu[name].append(ms_cpu)
            wall[name].append(ms_wall)
    bare_cpu, bare_wall = statistics.median(cpu["bare endpoint"]), statistics.median(wall["bare endpoint"])
    print(f"\n{rounds} rounds, the pages interleaved; CPU = this process's thread (median), "
          f"PostgreSQL = the backend's CPU (mean, 10 ms ticks summed)")
    print(f"{'page':18} {'CPU ms':>7} {'/bare':>6} {'wall ms':>8} {'/bare':>6} {'PostgreSQL ms':>14}")
    for name in visits:
        c, w = statistics.median(cpu[name]), statistics.median(wall[name])
        pg = f"{db_cpu[name] * 1000 / rounds:>14.1f}" if pids else f"{'-':>14}"
        print(f"{name:18} {c:>7.1f} {c / bare_cpu:>6.1f} {w:>8.1f} {w / bare_wall:>6.1f} {pg}")
    pages_only = [n for n in visits if n not in ("bare endpoint", "my sessions", "my sessions, few")]
    mean_cpu = statistics.mean(statistics.median(cpu[n]) for n in pages_only)
    mean_pg = statistics.mean(db_cpu[n] * 1000 / rounds for n in pages_only) if pids else 0.0
    print(f"bench/load.py's mix (its six pages and the bare endpoint alike): app {(mean_cpu * 6 + bare_cpu) / 7:.1f} ms"
          f" + PostgreSQL {(mean_pg * 6 + db_cpu['bare endpoint'] * 1000 / rounds) / 7:.1f} ms per request")


def profile(clients: dict, visits: dict, page: str, rounds: int) -> None:
    who, path = visits[page]
    profiler = cProfile.Profile()
    for _ in range(rounds):
        profiler.enable()
        one(clients[who], path())
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()
