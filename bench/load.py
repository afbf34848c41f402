"""Load test: simulated users against gunicorn and PostgreSQL on 127.0.0.1.

    python bench/load.py [--database URL] [--users 50] [--seconds 60] [--think 1.0]

Builds the large study of bench/pages.py (50 organisations, 5,000 participants, 2,000
sessions) in a scratch schema of the PostgreSQL database (default 127.0.0.1:5432/test; the
schema is dropped afterwards), starts gunicorn with gunicorn.conf.py (3 workers x 4 threads)
on a free port of 127.0.0.1, and runs `--users` simulated users (threads, one keep-alive
connection each) for `--seconds`. Each user logs in once (cheap argon2 hashes), then loops
over the dashboard, the participant list (pages, filters, search, sort), the session list,
the calendar, a participant page, a session page and a bare endpoint, with a random think
time around `--think` seconds between requests. Rate limiting is switched off for the
served app (every user logs in from 127.0.0.1). Prints requests per second, the error count
and median and 95th-percentile latency per page; exits non-zero on any error (a status other
than 200, or a failed connection). Talks only to 127.0.0.1. Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import gc
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

from bench.pages import PASSWORD, build_study, make_app  # noqa: E402

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
COORDINATORS = 10  # the rest of the users are fieldworkers


def wsgi():
    """The app as gunicorn serves it for the run (`bench.load:wsgi()`), configured by BENCH_* variables."""
    from app import create_app
    from config import Config, TestingConfig

    schema, url = os.environ["BENCH_SCHEMA"], os.environ["BENCH_DATABASE_URL"]
    settings = {"SECRET_KEY": "bench-load-not-secret", "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True,
                                              "connect_args": {"options": f"-csearch_path={schema}"}},
                "RATELIMIT_ENABLED": False, "ARGON2_COST": (1, 64, 1),
                "UPLOAD_FOLDER": os.environ["BENCH_FILES"], "BUNDLE_FOLDER": os.environ["BENCH_FILES"],
                # the throwaway master key and keystore the study was built with (bench/pages.py)
                "MASTER_KEY": TestingConfig.MASTER_KEY, "KEY_FOLDER": TestingConfig.KEY_FOLDER}
    app = create_app(type("LoadConfig", (Config,), settings))
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    if os.environ.get("BENCH_NER", "1") == "1":  # as app.wsgi:serve() does in production
        from app.anonymise.ner import load_models
        from app.core.extensions import db

        load_models()
        with app.app_context():
            db.engine.dispose()
        gc.collect()
        gc.freeze()
    return app


def build(url: str, schema: str, users: int) -> dict:
    """The large study in the scratch schema; returns its id, some object ids and the logins."""
    from app.auth import services as accounts
    from app.core.extensions import db
    from app.fieldwork.models import FieldSession
    from app.recruitment.models import Participant
    from app.studies.models import Role

    app = make_app(url, schema)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        db.create_all()
        began = time.perf_counter()
        team = [(accounts.create_user(f"load{i}@example.org", f"Нагрузка {i}", PASSWORD),
                 Role.COORDINATOR if i < COORDINATORS else Role.FIELDWORKER) for i in range(users)]
        study = build_study("Большое исследование", 50, 5000, 2000, team, random.Random(7))
        ids = {"study": study.id, "logins": [user.email for user, _role in team],
               "participants": list(db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id))),
               "sessions": list(db.session.scalars(sa.select(FieldSession.id).where(FieldSession.study_id == study.id)))}
        print(f"built the large study in {time.perf_counter() - began:.1f} s (50 organisations, "
              f"5,000 participants, 2,000 sessions, {users} team members)")
        db.session.remove()
        db.engine.dispose()
    return ids


def drop(url: str, schema: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, schema: str, port: int, files: str, log) -> subprocess.Popen:
    env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_SCHEMA": schema, "BENCH_FILES": files,
           "DALA_JOBS_WORKER": "0",
           "GUNICORN_CMD_ARGS": f"{os.environ.get('GUNICORN_CMD_ARGS', '')} --bind 127.0.0.1:{port}".strip()}
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen([gunicorn, "--config", "gunicorn.conf.py", "bench.load:wsgi()"],
                              cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 180  # the master loads the app and the NER models first (preload_app)
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            sys.exit("gunicorn exited at start:\n" + log.read()[-3000:])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 180 s")


class User:
    """One simulated user: a keep-alive connection, a cookie jar, a login and a loop of visits."""

    def __init__(self, port: int, email: str, ids: dict, think: float, seed: int, results: "Results"):
        self.port, self.email, self.ids, self.think = port, email, ids, think
        self.rng, self.results, self.cookies = random.Random(seed), results, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
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

    def run(self, deadline: float) -> None:
        time.sleep(self.rng.uniform(0, self.think))  # the users arrive over the first think time
        began = time.perf_counter()
        try:
            ok = self.login()
        except (OSError, http.client.HTTPException):
            ok = False
        self.results.add("login", (time.perf_counter() - began) * 1000, ok)
        while ok and time.monotonic() < deadline:
            for page, path in self.visits():
                if time.monotonic() >= deadline:
                    return
                began = time.perf_counter()
                try:
                    status = self.request("GET", path)[0]
                except (OSError, http.client.HTTPException):
                    status = 0
                self.results.add(page, (time.perf_counter() - began) * 1000, status == 200, path, status)
                time.sleep(self.rng.uniform(0.5, 1.5) * self.think)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, page: str, ms: float, ok: bool, path: str = "/login", status: int = 0) -> None:
        with self.lock:
            self.times[page].append(ms)
            if not ok:
                self.errors.append(f"{page}: {path} answered {status or 'no response'}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(share * len(ordered))) - 1)]


def report(results: Results, elapsed: float, users: int) -> None:
    total = sum(len(v) for v in results.times.values())
    print(f"\n{users} users for {elapsed:.0f} s: {total} requests, {total / elapsed:.1f} requests/s, "
          f"{len(results.errors)} errors")
    print(f"\n{'page':20} {'requests':>9} {'median ms':>10} {'p95 ms':>8}")
    order = ["login", "dashboard", "participant list", "participant page", "session list", "calendar",
             "session page", "bare endpoint"]
    for page in order:
        times = results.times.get(page)
        if times:
            print(f"{page:20} {len(times):>9} {statistics.median(times):>10.1f} {percentile(times, 0.95):>8.1f}")
    for line in results.errors[:10]:
        print("error:", line)


def memory(server: subprocess.Popen) -> str:
    """Resident memory of gunicorn's master and workers: RSS (each process alone, shared pages
    counted in every one) and PSS (shared pages divided among the processes sharing them)."""
    pids = [server.pid]
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as fh:
            pids += [int(p) for p in fh.read().split()]
    except OSError:
        return "memory: /proc not readable"
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
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests, seconds")
    args = parser.parse_args()
    url = sa.engine.make_url(args.database)
    if not url.drivername.startswith("postgresql") or url.host not in ("127.0.0.1", "localhost"):
        sys.exit("--database must be PostgreSQL on 127.0.0.1")
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 600 or args.think < 0.1:
        sys.exit("--users must be 1..200, --seconds 1..600 and --think at least 0.1")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"gunicorn.conf.py {os.environ.get('GUNICORN_CMD_ARGS', '(its own worker and thread counts)')}")
    schema = f"bench_load_{os.getpid()}"
    server = None
    with tempfile.TemporaryDirectory() as files, tempfile.TemporaryFile("w+") as log:
        try:
            ids = build(args.database, schema, args.users)
            port = free_port()
            server = start_gunicorn(args.database, schema, port, files, log)
            results = run_users(port, args, ids)
            print(memory(server))
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(timeout=45)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            drop(args.database, schema)
        log.seek(0)
        server_errors = [line for line in log if '"status": 5' in line or "Traceback" in line]
    report(results, args.seconds, args.users)
    if server_errors:
        print(f"server log: {len(server_errors)} lines with a 5xx or a traceback, e.g. {server_errors[0].strip()}")
    if results.errors or server_errors:
        sys.exit(1)


def run_users(port: int, args, ids: dict) -> Results:
    results = Results()
    deadline = time.monotonic() + args.seconds
    logins = ids["logins"]
    users = [User(port, logins[n % len(logins)], ids, args.think, n, results) for n in range(args.users)]
    threads = [threading.Thread(target=user.run, args=(deadline,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 60)
    return results


if __name__ == "__main__":
    main()
