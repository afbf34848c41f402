"""Load test: simulated users against gunicorn and PostgreSQL on 127.0.0.1.

    python bench/load.py [--database URL] [--users 50] [--rate 80] [--seconds 60] [--warmup 5]
    python bench/load.py --rate 0          # closed loop: each user sends again at once (capacity)

Builds the test world's study grown in bulk (250 organisations, 5,000 participants, 2,000
sessions) in a scratch schema of the PostgreSQL database (default 127.0.0.1:5432/test; the
schema is dropped afterwards), starts gunicorn with gunicorn.conf.py on a free port of
127.0.0.1, and runs `--users` simulated users (threads, one keep-alive connection each, asking
for Russian pages) for `--seconds`. Each user logs in once (cheap argon2 hashes), then loops
over the dashboard, the participant list (pages, filters, search, sort), the session list,
the calendar, a participant page, a session page and a bare endpoint. Rate limiting is
switched off for the served app (every user logs in from 127.0.0.1).

Pacing (issue 18's target is "50 users at 80 requests/s"): each user starts a request every
users/rate seconds on average (0.625 s for 50 users at 80/s, jittered 0.5-1.5x), whatever the
previous one took, so that the server is offered `--rate` requests per second by exactly
`--users` concurrent users; the think time is what is left of the interval after the answer.
A person reads a page for seconds, so 50 users at this pace stand for a team several times as
large, and a plain "1 s think time" would cap 50 users below 50 requests/s whatever the server
does (the bench of the last stop measured its own think time). A request that is late starts
at once (no burst to catch up); the rate reached is printed beside the rate offered. With
`--rate 0` the users never pause (closed loop): the rate reached is the server's capacity.

Prints, for the `--seconds` after the `--warmup` seconds (the first requests of each worker
fill its caches; they are counted apart), requests per second, the error count, the median
and 95th-percentile latency per page beside the bare endpoint's (ratio column), and the CPU
time per request of gunicorn's processes and of the PostgreSQL backends serving them (user +
system, read from /proc: with other work on the machine, latency suffers but CPU per request
hardly does; 2,000 ms / that sum is the rate two idle cores could serve), and of the simulated
users themselves (this process: on the same 2 cores they take their share too). A last line
says whether issue 18's target (80 requests/s, 0 errors, p95 <= 250 ms on every page) was met. `--layouts 2x8,3x4`
runs several worker x thread layouts one after the other on the same study. The machine's
load average is printed at the top, before each layout and at the end. Exits non-zero on any error (a status other than 200, or a
failed connection). Talks only to 127.0.0.1. Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import sqlalchemy as sa  # noqa: E402

from bench.scratch import scratch_app  # noqa: E402
from tests.world import PASSWORD  # noqa: E402

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
COORDINATORS = 10  # the rest of the users are fieldworkers
PARTICIPANTS, ORGANISATIONS, SESSIONS = 5000, 250, 2000
TARGET_RATE, TARGET_P95 = 80, 250  # issue 18: 50 users, requests/s and p95 ms on every page


def wsgi():
    """The app as gunicorn serves it for the run (`bench.load:wsgi()`), configured by BENCH_* variables."""
    from app import create_app
    from config import Config, TestingConfig

    schema, url = os.environ["BENCH_SCHEMA"], os.environ["BENCH_DATABASE_URL"]
    settings = {"SECRET_KEY": "bench-load-not-secret", "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True,
                                              "connect_args": {"options": f"-csearch_path={schema}",
                                                               "application_name": schema}},
                "RATELIMIT_ENABLED": False, "ARGON2_COST": (1, 64, 1),
                "UPLOAD_FOLDER": os.environ["BENCH_UPLOADS"], "BUNDLE_FOLDER": os.environ["BENCH_BUNDLES"],
                # the throwaway master key and keystore the study was built with (config.TestingConfig;
                # the key folder reaches gunicorn through DALA_TEST_KEY_FOLDER)
                "MASTER_KEY": TestingConfig.MASTER_KEY, "KEY_FOLDER": TestingConfig.KEY_FOLDER}
    app = create_app(type("LoadConfig", (Config,), settings))
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    from app.wsgi import prepare

    prepare(app, ner=os.environ.get("BENCH_NER", "1") == "1")  # as app.wsgi:serve() does in production
    return app


def build(app, users: int) -> dict:
    """The test world's study (tests/world.py: records of every kind) grown in bulk to 5,000
    participants, 250 organisations and 2,000 sessions, with `users` team members of its own
    (10 coordinators, the rest fieldworkers, facilitating the bulk sessions); returns the
    study's id, the participants' and sessions' ids and the logins."""
    from app.auth import services as accounts
    from app.core.extensions import db
    from app.fieldwork.models import FieldSession
    from app.recruitment.models import Participant
    from app.studies.models import Role
    from tests.builders import Builder
    from tests.builders.bulk import populate
    from tests.world import build_world

    with app.app_context():
        began = time.perf_counter()
        world = build_world(f"n{PARTICIPANTS}")  # the tag bench/pages.py builds this size with
        study, builder, team = world["study"], Builder(), []
        for i in range(users):
            user = accounts.create_user(f"load{i}@example.org", f"Нагрузка {i}", PASSWORD)
            builder.member(study, Role.COORDINATOR if i < COORDINATORS else Role.FIELDWORKER, user)
            team.append(user)
        populate(study, organisations=ORGANISATIONS, participants=PARTICIPANTS, sessions=SESSIONS, staff=team)
        ids = {"study": study.id, "logins": [user.email for user in team],
               "participants": list(db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id))),
               "sessions": list(db.session.scalars(sa.select(FieldSession.id).where(FieldSession.study_id == study.id)))}
        print(f"built the large study in {time.perf_counter() - began:.1f} s ({len(ids['participants']):,} participants, "
              f"{len(ids['sessions']):,} sessions, {ORGANISATIONS} organisations, {users} team members of its own)")
        db.session.remove()
        db.engine.dispose()
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, schema: str, port: int, folders: dict, log, extra: str = "",
                   root: str = ROOT, app: str = "bench.load:wsgi()", env_more: dict | None = None) -> subprocess.Popen:
    """gunicorn serving `app` from the checkout at `root` (bench/memory.py serves several)."""
    env = {**os.environ, **(env_more or {}), "PYTHONPATH": root, "BENCH_DATABASE_URL": url, "BENCH_SCHEMA": schema,
           **folders, "DALA_JOBS_WORKER": "0", "GUNICORN_CMD_ARGS": f"{extra} --bind 127.0.0.1:{port}".strip()}
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen([gunicorn, "--config", "gunicorn.conf.py", app],
                              cwd=root, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 180  # the master loads the app and the NER models first (preload_app)
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            sys.exit("gunicorn exited at start:\n" + log.read()[-3000:])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                server.port = port
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 180 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=45)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class User:
    """One simulated user: a keep-alive connection, a cookie jar, a login and a loop of visits."""

    def __init__(self, port: int, email: str, ids: dict, interval: float, seed: int, results: "Results"):
        self.port, self.email, self.ids, self.interval = port, email, ids, interval
        self.rng, self.results, self.cookies = random.Random(seed), results, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Accept-Language": "ru"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            response, text = self.send(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # gunicorn closed the idle keep-alive connection during the think time (keepalive = 5 s);
            # like a browser, open a new one and send the request again, once.
            self.conn.close()
            response, text = self.send(method, path, body, headers)
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _eq, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return response.status, response.headers.get("Location", ""), text

    def send(self, method: str, path: str, body: str | None, headers: dict):
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response, response.read().decode()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnects at the next request
            raise

    def login(self) -> bool:
        status, _location, page = self.request("GET", "/login")
        token = CSRF.search(page)
        if status != 200 or token is None:
            return False
        form = urllib.parse.urlencode({"csrf_token": token.group(1), "email": self.email, "password": PASSWORD})
        status, location, _page = self.request("POST", "/login", form)
        return status == 302 and "/login" not in location

    def visits(self):
        s = f"/studies/{self.ids['study']}"
        rng = self.rng
        yield "dashboard", f"{s}/"
        yield "participant list", rng.choice([
            f"{s}/participants", f"{s}/participants?last=1",
            f"{s}/participants?status=contacted&q={rng.randint(1, 99)}&sort=name",
            f"{s}/participants?sector=civil_society&sort=status&dir=desc&last=1",
            f"{s}/participants?stale=1"])
        yield "participant page", f"{s}/participants/{rng.choice(self.ids['participants'])}"
        yield "session list", rng.choice([f"{s}/sessions", f"{s}/sessions?last=1"])
        yield "calendar", rng.choice([f"{s}/calendar", f"{s}/calendar?view=month"])
        yield "session page", f"{s}/sessions/{rng.choice(self.ids['sessions'])}"
        yield "bare endpoint", "/_bench/bare"

    def run(self, start: float, deadline: float) -> None:
        time.sleep(self.rng.uniform(0, max(self.interval, 0.5)))  # the users arrive over the first interval
        began = time.perf_counter()
        try:
            ok = self.login()
        except (OSError, http.client.HTTPException):
            ok = False
        self.results.add("login", (time.perf_counter() - began) * 1000, ok, warm=False)
        planned = time.monotonic()
        while ok and time.monotonic() < deadline:
            for page, path in self.visits():
                if self.interval:  # pacing: the next request is due one jittered interval after the last was due
                    planned = max(planned + self.rng.uniform(0.5, 1.5) * self.interval, time.monotonic())
                    time.sleep(max(0.0, planned - time.monotonic()))
                if time.monotonic() >= deadline:
                    return
                sent = time.monotonic()
                began = time.perf_counter()
                try:
                    status = self.request("GET", path)[0]
                except (OSError, http.client.HTTPException):
                    status = 0
                self.results.add(page, (time.perf_counter() - began) * 1000, status == 200, path, status,
                                 warm=sent >= start)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)  # after the warm-up
        self.warmup: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, page: str, ms: float, ok: bool, path: str = "/login", status: int = 0, warm: bool = True) -> None:
        with self.lock:
            (self.times if warm else self.warmup)[page].append(ms)
            if not ok:
                self.errors.append(f"{page}: {path} answered {status or 'no response'}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(share * len(ordered))) - 1)]


def report(results: Results, elapsed: float, users: int, rate: float, cpu_ms: tuple | None) -> None:
    total = sum(len(v) for v in results.times.values())
    warm = sum(len(v) for k, v in results.warmup.items() if k != "login")
    offered = f"offered {rate:.0f} requests/s (pacing)" if rate else "closed loop (no pause)"
    print(f"\n{users} users, {offered}, measured for {elapsed:.0f} s after the warm-up: {total} requests, "
          f"{total / elapsed:.1f} requests/s, {len(results.errors)} errors (warm-up and logins included in the errors)")
    if cpu_ms is not None:
        app_ms, db_ms, users_ms = cpu_ms
        print(f"CPU per measured request (user + system): gunicorn {app_ms:.1f} ms, PostgreSQL backends {db_ms:.1f} ms"
              f" -> {2000 / (app_ms + db_ms):.0f} requests/s would fill 2 idle cores (the users' own CPU aside); "
              f"the simulated users {users_ms:.1f} ms -> {2000 / (app_ms + db_ms + users_ms):.0f} requests/s "
              f"with them on the same 2 cores")
    bare = results.times.get("bare endpoint")
    bare95 = percentile(bare, 0.95) if bare else None
    print(f"\n{'page':20} {'requests':>9} {'median ms':>10} {'p95 ms':>8} {'p95/bare':>9}")
    order = ["dashboard", "participant list", "participant page", "session list", "calendar",
             "session page", "bare endpoint"]
    for page in order:
        times = results.times.get(page)
        if times:
            p95 = percentile(times, 0.95)
            ratio = f"{p95 / bare95:>9.1f}" if bare95 else ""
            print(f"{page:20} {len(times):>9} {statistics.median(times):>10.1f} {p95:>8.1f} {ratio}")
    logins = results.warmup.get("login", [])
    if logins:
        print(f"{'login':20} {len(logins):>9} {statistics.median(logins):>10.1f} {percentile(logins, 0.95):>8.1f}")
    warm_times = [t for k, v in results.warmup.items() if k != "login" for t in v]
    if warm_times:
        print(f"{'(warm-up requests)':20} {warm:>9} {statistics.median(warm_times):>10.1f} "
              f"{percentile(warm_times, 0.95):>8.1f}")
    slow = [page for page in order[:-1] if results.times.get(page) and percentile(results.times[page], 0.95) > TARGET_P95]
    met = total / elapsed >= TARGET_RATE and not results.errors and not slow
    print(f"issue 18's target (>= {TARGET_RATE} requests/s, 0 errors, p95 <= {TARGET_P95} ms on every page): "
          f"{'met' if met else 'not met'} ({total / elapsed:.1f} requests/s, {len(results.errors)} errors"
          f"{', p95 over on: ' + ', '.join(slow) if slow else ''}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    for line in results.errors[:10]:
        print("error:", line)


def server_pids(server: subprocess.Popen) -> list[int]:
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as fh:
            return [server.pid] + [int(p) for p in fh.read().split()]
    except OSError:
        return [server.pid]


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time of each of these processes (their own, not their children's), seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return found


def backend_pids(url: str, schema: str) -> list[int]:
    """The PostgreSQL server processes serving the app's connections (named after the schema),
    when the server runs on this machine (their CPU is read from /proc like gunicorn's)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                                     {"name": schema}))
    finally:
        engine.dispose()


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings (a process born in between counts from zero)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def memory(server: subprocess.Popen) -> str:
    """Resident memory of gunicorn's master and workers: RSS (each process alone, shared pages
    counted in every one) and PSS (shared pages divided among the processes sharing them)."""
    pids = server_pids(server)
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return (f"web tier memory: {len(pids)} processes (master and workers), RSS sum {rss / 1024:.0f} MB, "
            f"PSS sum {pss / 1024:.0f} MB (shared pages counted once)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL on 127.0.0.1 (a scratch schema is used)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rate", type=float, default=80,
                        help="requests per second offered by all users together (paced); 0: closed loop")
    parser.add_argument("--seconds", type=float, default=60, help="measured seconds, after the warm-up")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of requests counted apart at the start")
    parser.add_argument("--layouts", default="",
                        help="comma-separated WORKERSxTHREADS to run one after the other on the same study "
                             "(e.g. 2x8,3x4); default: gunicorn.conf.py's own")
    args = parser.parse_args()
    url = sa.engine.make_url(args.database)
    if not url.drivername.startswith("postgresql") or url.host not in ("127.0.0.1", "localhost"):
        sys.exit("--database must be PostgreSQL on 127.0.0.1")
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 600 or not 0 <= args.rate <= 1000 \
            or not 0 <= args.warmup <= 120:
        sys.exit("--users must be 1..200, --seconds 1..600, --rate 0..1000 and --warmup 0..120")
    layouts = [None]
    if args.layouts:
        try:
            layouts = [tuple(int(n) for n in item.lower().split("x")) for item in args.layouts.split(",")]
        except ValueError:
            layouts = []
        if not layouts or any(len(lay) != 2 or not (1 <= lay[0] <= 16 and 1 <= lay[1] <= 64) for lay in layouts):
            sys.exit("--layouts: WORKERSxTHREADS items, e.g. 2x8,3x4 (1..16 workers, 1..64 threads)")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    failed = False
    with scratch_app(args.database, "bench_load") as app:  # a scratch schema, dropped afterwards
        schema = f"bench_load_{os.getpid()}"
        ids = build(app, args.users)
        folders = {"BENCH_UPLOADS": app.config["UPLOAD_FOLDER"], "BENCH_BUNDLES": app.config["BUNDLE_FOLDER"]}
        for layout in layouts:
            failed |= run_layout(args, schema, ids, layout, folders)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if failed:
        sys.exit(1)


def run_layout(args, schema: str, ids: dict, layout: tuple[int, int] | None, folders: dict) -> bool:
    """One gunicorn layout under the users; prints its figures; True when anything failed."""
    extra = os.environ.get("GUNICORN_CMD_ARGS", "")
    if layout:
        extra = f"{extra} --workers {layout[0]} --threads {layout[1]}".strip()
    name = f"{layout[0]} workers x {layout[1]} threads" if layout else "gunicorn.conf.py's workers and threads"
    print(f"\n=== {name} (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    server = None
    with tempfile.TemporaryFile("w+") as log:
        try:
            server = start_gunicorn(args.database, schema, free_port(), folders, log, extra)
            results, cpu_ms = run_users(server, args, schema, ids)
            print(memory(server))
        finally:
            if server is not None:
                stop_gunicorn(server)
        log.seek(0)
        server_errors = [line for line in log if '"status": 5' in line or "Traceback" in line]
    report(results, args.seconds, args.users, args.rate, cpu_ms)
    if server_errors:
        print(f"server log: {len(server_errors)} lines with a 5xx or a traceback, e.g. {server_errors[0].strip()[:2000]}")
    return bool(results.errors or server_errors)


def run_users(server: subprocess.Popen, args, schema: str, ids: dict) -> tuple[Results, tuple | None]:
    """Runs the users; returns the results and the CPU milliseconds per measured request of
    gunicorn's processes and of PostgreSQL's backends serving them."""
    results = Results()
    start = time.monotonic() + args.warmup
    deadline = start + args.seconds
    logins = ids["logins"]
    interval = args.users / args.rate if args.rate else 0.0
    users = [User(server.port, logins[n % len(logins)], ids, interval, n, results) for n in range(args.users)]
    threads = [threading.Thread(target=user.run, args=(start, deadline), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start - time.monotonic()))
    app_before = cpu_seconds(server_pids(server))
    db_before = cpu_seconds(backend_pids(args.database, schema))
    users_before = time.process_time()
    for thread in threads:
        thread.join(timeout=args.seconds + args.warmup + 60)
    users_cpu = time.process_time() - users_before  # this process: the simulated users' threads
    app_cpu = spent(app_before, cpu_seconds(server_pids(server)))
    db_cpu = spent(db_before, cpu_seconds(backend_pids(args.database, schema)))
    measured = sum(len(v) for v in results.times.values())
    return results, ((app_cpu * 1000 / measured, db_cpu * 1000 / measured, users_cpu * 1000 / measured)
                     if measured else None)


if __name__ == "__main__":
    main()
