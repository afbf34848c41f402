"""A bundle of 300 transcripts built through the web under gunicorn (issue 15).

    python bench/web_bundle.py [--transcripts 300] [--words 10000] [--database URL]

Seeds a scratch database (an SQLite file, or a schema of its own in the PostgreSQL database
given) with a study of N approved transcripts whose participants consent to archiving (every
tenth does not: bench/bundle.py's study), then starts gunicorn with the repository's
gunicorn.conf.py (production configuration; its master starts the background jobs' worker) on
a free port, logs in as the coordinator over HTTP and:

- asks for the bundle (the form's POST) and times the answer beside a bare endpoint (/healthz)
  and the bundles page, measured in the same run: the request must return at once;
- follows the job's progress page as a browser would (every 0.5 s) and records what it says:
  the count of files done must advance, not jump from nothing to done;
- times /healthz while the job runs (the web stays answerable);
- downloads the bundle, unzips it, checks its manifest and counts the transcripts in it;
- stops gunicorn and reads its log: no WORKER TIMEOUT, no worker killed or replaced.

Prints figures and ends with an error when any check fails. Not a test (tests/exports/
test_jobs_gunicorn.py does the same with 5 transcripts).
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import random  # noqa: E402

import sqlalchemy as sa  # noqa: E402

import bundle as seed  # noqa: E402  (bench/bundle.py: the study of approved transcripts)
from app import create_app  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.exports.archive import MANIFEST_NAME, verify_manifest  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.support.http import Browser  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
MASTER_KEY = "YmVuY2gtb25seS1tYXN0ZXIta2V5LW5vdC1zZWNyZXQ="  # 32 bytes, fictional
EMAIL, PASSWORD = "bench-coordinator@bench.example", "bench-password-x"
# what gunicorn's arbiter writes when a worker overran its timeout or was killed
KILLED = re.compile(r"WORKER TIMEOUT|was sent SIGKILL|Perhaps out of memory", re.I)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(folder: Path, database: str, port: int) -> dict:
    return {**os.environ, "DALA_CONFIG": "production", "DATABASE_URL": database,
            "SECRET_KEY": "bench-only-not-secret", "DALA_INSTANCE": str(folder),
            "DALA_UPLOADS": str(folder / "uploads"), "DALA_BUNDLES": str(folder / "bundles"),
            "DALA_JOBS_QUEUE": str(folder / "jobs-queue.sqlite3"), "DALA_MASTER_KEY": MASTER_KEY,
            "DALA_KEY_FOLDER": str(folder / "keys"), "DALA_PRELOAD_NER": "0",
            "PYTHONPATH": str(ROOT), "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}"}


def start(folder: Path, database: str, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([str(GUNICORN), "--config", "gunicorn.conf.py"], cwd=ROOT,
                              env=server_env(folder, database, port), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 120 s")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def timed(browser: Browser, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        status, _h, _b, seconds = browser.request(path)
        assert status == 200, f"{path} answered {status}"
        times.append(seconds)
    return times


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms, max {max(values) * 1000:7.1f} ms"


PROGRESS = re.compile(rb'<progress value="(\d+)" max="(\d+)"')
DONE_LINK = re.compile(rb'href="(/studies/\d+/bundles/(\d+))"')


def follow(browser: Browser, job_path: str, every: float, limit: float) -> tuple[list, str, list[float]]:
    """Poll the job's page until it offers the bundle: [(seconds, done, total)], the bundle's
    page, and /healthz times taken while the job ran."""
    seen, health, started = [], [], time.perf_counter()
    while time.perf_counter() - started < limit:
        status, _h, body, _t = browser.request(job_path)
        assert status == 200, f"the job's page answered {status}"
        elapsed = time.perf_counter() - started
        if b"The job failed." in body:
            raise SystemExit("the job failed: " + re.sub(rb"<[^>]+>", b" ", body).decode()[-800:])
        link = DONE_LINK.search(body) if b"Done." in body else None
        if link:
            seen.append((elapsed, None, None))
            return seen, link.group(1).decode(), health
        match = PROGRESS.search(body)
        if match:
            seen.append((elapsed, int(match.group(1)), int(match.group(2))))
        else:
            seen.append((elapsed, "queued" if b"Waiting for the worker" in body else "working", None))
        _s, _hh, _b, seconds = browser.request("/healthz")
        health.append(seconds)
        time.sleep(every)
    raise SystemExit(f"the bundle was not done within {limit:.0f} s")


def seed_database(database: str, schema: str | None, folder: Path, transcripts: int, words: int) -> int:
    options = {"connect_args": {"options": f"-csearch_path={schema}"}} if schema else {}
    config = type("SeedConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": database.split("?")[0] if schema else database,
        "SQLALCHEMY_ENGINE_OPTIONS": options, "MASTER_KEY": MASTER_KEY, "KEY_FOLDER": str(folder / "keys"),
        "UPLOAD_FOLDER": str(folder / "uploads"), "BUNDLE_FOLDER": str(folder / "bundles")})
    app = create_app(config)
    with app.test_request_context():
        if schema:
            with db.engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        db.create_all()
        study, _coordinator = seed.setup(words, transcripts, random.Random(7))
        study_id = study.id
        db.session.remove()
        db.engine.dispose()
    return study_id


def drop_schema(database: str, schema: str) -> None:
    engine = sa.create_engine(database.split("?")[0])
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=300)
    parser.add_argument("--words", type=int, default=10_000, help="words per transcript")
    parser.add_argument("--database", help="a PostgreSQL URL (a schema of its own is made and dropped); "
                                           "default: an SQLite file in a scratch folder")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (gunicorn's log)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dala-bench-web-bundle-"))
    schema = None
    if args.database:
        schema = f"bench_web_bundle_{os.getpid()}"
        database = f"{args.database}?options=-csearch_path%3D{schema}"
    else:
        database = f"sqlite:///{folder / 'bench.sqlite3'}"
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    problems: list[str] = []
    try:
        began = time.perf_counter()
        study_id = seed_database(database, schema, folder, args.transcripts, args.words)
        print(f"seeded {args.transcripts} approved transcripts x {args.words:,} words on "
              f"{'PostgreSQL' if schema else 'SQLite'} in {time.perf_counter() - began:.1f} s")
        log_path = folder / "gunicorn.log"
        with open(log_path, "wb") as log:
            server, base = start(folder, database, log)
            try:
                browser = Browser(base)
                browser.login(EMAIL, PASSWORD)
                bundles = f"/studies/{study_id}/bundles"
                timed(browser, "/healthz", 5)  # warm every worker a little
                bare = timed(browser, "/healthz", 20)
                page = timed(browser, bundles, 5)
                token = browser.csrf(bundles)
                status, headers, _body, asked = browser.request(bundles, {"csrf_token": token, "format": "zip"})
                job_path = urllib.parse.urlsplit(headers.get("Location", "")).path
                if status != 302 or "/bundles/jobs/" not in job_path:
                    raise SystemExit(f"asking for the bundle answered {status} {headers.get('Location')}")
                seen, bundle_path, health = follow(browser, job_path, every=0.5, limit=1800)
                built = seen[-1][0]
                bundle_id = bundle_path.rsplit("/", 1)[1]
                status, headers, data, fetched = browser.request(f"{bundles}/{bundle_id}/download")
                if status != 200:
                    raise SystemExit(f"the download answered {status}")
            finally:
                stop(server)
        log_text = log_path.read_text(errors="replace")

        print(f"\n{'bare endpoint /healthz':34} {ms(bare)}")
        print(f"{'bundles page (GET)':34} {ms(page)}")
        print(f"{'ask for the bundle (POST -> 302)':34} {asked * 1000:7.1f} ms  "
              f"({asked / statistics.median(bare):.1f}x the bare endpoint's median)")
        if health:
            print(f"{'/healthz while the job runs':34} {ms(health)} ({len(health)} samples)")
        counts = [(t, d, n) for t, d, n in seen if isinstance(d, int)]
        queued = [t for t, d, _n in seen if d == "queued"]
        if queued:
            print(f"\njob queued until the worker took it: {max(queued):.1f} s after the request "
                  "(the jobs worker gunicorn's master started was still loading)")
        distinct = sorted({d for _t, d, _n in counts})
        print(f"\njob's page polled {len(seen)} times over {built:.1f} s; "
              f"{len(distinct)} different counts seen before done")
        for t, d, n in counts[:: max(1, len(counts) // 12)]:
            print(f"  {t:6.1f} s  {d:>5} of {n}")
        print(f"  {built:6.1f} s  done")

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            texts = [n for n in names if n.startswith("transcripts/") and n.endswith(".txt")]
            manifest_ok = MANIFEST_NAME in names and not verify_manifest(io.BytesIO(data))
        print(f"\ndownload: {len(data) / 1e6:.1f} MB in {fetched:.2f} s; {len(texts)} transcripts in the "
              f"ZIP, manifest {'matches' if manifest_ok else 'DOES NOT MATCH'}")
        expected = sum(1 for n in range(args.transcripts) if (n % seed.PEOPLE) % 10 != 0)
        killed = [line for line in log_text.splitlines() if KILLED.search(line)]
        boots = log_text.count("Booting worker")
        print(f"gunicorn log: {boots} workers booted, {len(killed)} lines of a worker timed out or killed")
        for line in killed[:5]:
            print("  " + line)

        if asked > max(0.5, 10 * statistics.median(page)):
            problems.append(f"the request took {asked:.2f} s")
        if len(distinct) < 3:
            problems.append(f"progress seen at only {len(distinct)} counts")
        if len(texts) != expected:
            problems.append(f"{len(texts)} transcripts in the ZIP, {expected} expected")
        if not manifest_ok:
            problems.append("manifest does not match")
        if killed:
            problems.append("a worker timed out or was killed")
        workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
        if boots != workers:
            problems.append(f"{boots} workers booted for {workers}: one was replaced")
    finally:
        if schema:
            drop_schema(args.database, schema)
        if args.keep:
            print(f"scratch folder kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if problems:
        sys.exit("FAILED: " + "; ".join(problems))
    print("\nall checks passed: the request returned at once, progress advanced, the file arrived "
          "complete, no worker was killed.")


if __name__ == "__main__":
    main()
