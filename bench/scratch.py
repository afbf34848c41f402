"""What the page benches share: a scratch installation, studies grown in bulk, the measuring.

    from scratch import scratch_app, sized_world, QueryCounter, measure, p95

`scratch_app(database)` yields an app on a scratch database (a temporary SQLite file unless a
URL is given; on PostgreSQL a scratch schema of its own), with its own upload and bundle
folders (stored files are found by their hash and sealed under the study's key: a folder
shared with another database would serve files sealed under keys that database never had),
the schema created, and a bare endpoint (/_bench/bare) for the anchor; everything is dropped
and removed afterwards. `sized_world(n)` is the test world's study (tests/world.py: records of
every kind) grown by tests/builders/bulk.populate to n participants, n/20 organisations and
2n/5 sessions; the invitees of the past sessions attended them with valid consent on the
world's current form version (an ethics desk with many attended sessions and few flags).
`QueryCounter` counts the statements and their milliseconds. Not a test.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.support.schemas import create_tables, drop_tables  # noqa: E402


@contextlib.contextmanager
def scratch_app(database: str | None = None, name: str = "bench"):
    """An app on a scratch database and scratch folders, dropped and removed afterwards."""
    folder = tempfile.mkdtemp(prefix=f"dala-{name}-")
    url = database or f"sqlite:///{os.path.join(folder, 'bench.sqlite3')}"
    schema = f"{name}_{os.getpid()}" if url.startswith("postgresql") else None
    settings = {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                "UPLOAD_FOLDER": os.path.join(folder, "uploads"), "BUNDLE_FOLDER": os.path.join(folder, "bundles")}
    if schema:  # a scratch schema on a shared PostgreSQL server, dropped afterwards
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app(type("BenchConfig", (TestingConfig,), settings))
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    try:
        with app.app_context():
            create_tables(schema)
        yield app
    finally:
        with app.app_context():
            drop_tables(schema)
        shutil.rmtree(folder, ignore_errors=True)


def sized_world(participants: int, staff: int = 6) -> dict:
    """The test world's study, grown in bulk to `participants` (see the module)."""
    from app.studies.models import Role
    from tests.builders import Builder
    from tests.builders.bulk import populate
    from tests.world import build_world

    world = build_world(f"n{participants}")
    build = Builder()
    crew = [world["fieldworker"], world["coordinator"]] + [build.member(world["study"], Role.FIELDWORKER)
                                                           for _ in range(staff)]
    populate(world["study"], organisations=max(1, participants // 20), participants=participants,
             sessions=participants * 2 // 5, staff=crew, consented_on=world["consent_version"])
    analyze()  # the planner sees the sizes, and how many participants the desk marks open
    return world


def analyze() -> None:
    """Gather the planner's statistics of the bulk-loaded tables (PostgreSQL: ANALYZE), as
    autovacuum does within a minute of a large import in a running installation. A server with
    autovacuum off (this machine's) plans on empty statistics otherwise: a study of 50,000
    participants estimated at 178 rows, sorted whole instead of read in its index's order."""
    from app.core.extensions import db

    if db.engine.dialect.name == "postgresql":  # this schema's tables only (the server is shared)
        db.session.commit()
        connection = db.session.connection()
        for table in connection.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").scalars().all():
            connection.exec_driver_sql(f'ANALYZE "{table}"')
        db.session.commit()


class QueryCounter:
    """SQL statements the engine runs and the milliseconds they take, cursor to cursor (reset
    `count` and `sql_ms` before a request)."""

    def __init__(self, engine):
        self.count, self.sql_ms, self.engine, self._began = 0, 0.0, engine, 0.0
        sa.event.listen(engine, "before_cursor_execute", self._hit)
        sa.event.listen(engine, "after_cursor_execute", self._done)

    def _hit(self, *args, **kwargs):
        self.count += 1
        self._began = time.perf_counter()

    def _done(self, *args, **kwargs):
        self.sql_ms += (time.perf_counter() - self._began) * 1000

    def close(self):
        sa.event.remove(self.engine, "before_cursor_execute", self._hit)
        sa.event.remove(self.engine, "after_cursor_execute", self._done)


def one(client, counter: QueryCounter, path: str) -> tuple[int, float, int]:
    """(status, milliseconds, queries) of one GET, the body read."""
    counter.count, counter.sql_ms = 0, 0.0
    began = time.perf_counter()
    response = client.get(path)
    response.get_data()
    elapsed = (time.perf_counter() - began) * 1000
    response.close()
    return response.status_code, elapsed, counter.count


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def measure(client, counter: QueryCounter, path: str, requests: int) -> tuple[int, float, float]:
    """(most queries, median ms, p95 ms) of `requests` GETs after one warm-up."""
    one(client, counter, path)
    runs = [one(client, counter, path) for _ in range(requests)]
    times = [ms for _status, ms, _q in runs]
    return max(q for _s, _ms, q in runs), statistics.median(times), p95(times)


def machine() -> str:
    return f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
