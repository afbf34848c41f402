"""Fixtures: one app per run on SQLite or PostgreSQL (DALA_TEST_DATABASE_URL), a clean
database for every test, clients logged in as users of each role."""
import os
import shutil
import sys
import threading
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import event
from sqlalchemy.pool import Pool

from flask.globals import _cv_app
from flask.testing import FlaskClient

from app import create_app
from app.core.extensions import db, limiter
from config import TestingConfig

from tests.builders import DEFAULT_PASSWORD, Builder
from tests.support.schemas import create_tables, drop_tables
from tests.support.snapshot import drop_snapshots

# Hypothesis: in CI (.ci/run sets DALA_CI, hosted CI sets CI) every @given and state machine runs
# derandomised, with no example database and no deadline, printing the blob of a failure: a red
# build fails the same way for anyone on that commit. A developer's run explores at random (dev:
# Hypothesis's defaults). Each test's own settings (max_examples...) inherit the loaded profile;
# --hypothesis-profile overrides it.
# Both profiles start from Hypothesis's own "default" profile: where the environment says CI (the CI
# variable), Hypothesis has already loaded a derandomised profile of its own, and a profile registered
# without a parent would inherit that one, so "dev" would not explore at random.
_hypothesis_defaults = hypothesis_settings.get_profile("default")
hypothesis_settings.register_profile("ci", parent=_hypothesis_defaults, derandomize=True, database=None,
                                     deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", parent=_hypothesis_defaults)
IN_CI = any(os.environ.get(name, "").lower() not in ("", "0", "false") for name in ("CI", "DALA_CI"))
hypothesis_settings.load_profile("ci" if IN_CI else "dev")


def pytest_report_header(config):
    url = os.environ.get("DALA_TEST_DATABASE_URL", "sqlite://")
    where = "PostgreSQL, a schema of its own per app" if url.startswith("postgresql") else "SQLite in memory"
    return [f"database: {where} ({url.split('@')[-1]}); with -n, each worker has its own",
            "browser tests: " + ("required (DALA_REQUIRE_BROWSER)" if os.environ.get("DALA_REQUIRE_BROWSER")
                                 else "run when Chromium is found, skipped otherwise")]


def pytest_terminal_summary(terminalreporter):
    """One line on the browser tests: how many ran, failed or were skipped (with xdist the reports
    come back from the workers; a deselected run, -m "not e2e", says so)."""
    outcomes = {}
    for outcome in ("passed", "failed", "error", "skipped", "xfailed", "xpassed"):
        for report in terminalreporter.stats.get(outcome, []):
            if "e2e" in getattr(report, "keywords", {}):
                outcomes.setdefault(report.nodeid, outcome if outcome != "error" else "failed")
    deselected = sum("e2e" in getattr(item, "keywords", {}) for item in terminalreporter.stats.get("deselected", []))
    counts = Counter(outcomes.values())
    if outcomes:
        terminalreporter.write_line("Browser tests (e2e): " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())),
                                    bold=True, red=bool(counts["failed"] or counts["skipped"]))
    elif deselected:
        terminalreporter.write_line(f"Browser tests (e2e): {deselected} not run in this run (deselected).")


# The longest modules, run first (their tests' durations summed, measured with --durations=0 on
# SQLite with -n 2; browser tests by their own time): with pytest-xdist one of them started last
# would keep one worker busy while the other waits.
FIRST = ["tests/e2e/test_accessibility.py", "tests/e2e/test_kazakh_walk.py", "tests/e2e/test_stored_xss.py",
         "tests/e2e/test_layout.py", "tests/e2e/test_audit_trail.py", "tests/e2e/test_pickers.py",
         "tests/e2e/test_flows.py", "tests/e2e/test_review.py",
         "tests/consent/test_desk_marks.py", "tests/security/test_hostile_input.py", "tests/security/test_matrix.py",
         "tests/consent/test_ethics_report_job.py", "tests/test_backup.py", "tests/crypto/test_migration.py",
         "tests/consent/test_desk_plans.py", "tests/instruments/test_xlsform_real.py", "tests/test_serve.py",
         "tests/test_logs_personal_data.py", "tests/core/test_query_plans.py", "tests/core/test_keyset.py",
         "tests/retention/test_destruction.py", "tests/test_demo.py", "tests/exports/test_jobs_gunicorn.py",
         "tests/consent/test_consent_truth.py", "tests/consent/test_consent_access.py",
         "tests/crypto/test_at_rest.py", "tests/consent/test_desk_flagged.py", "tests/dashboard/test_counters.py",
         "tests/test_migrations.py",
         # long on PostgreSQL (a single test of 10-35 s there), else among the last to start
         "tests/core/test_page_queries.py", "tests/consent/test_desk_state_backfill.py",
         "tests/retention/test_subjects.py", "tests/test_world.py", "tests/security/test_policy_mutations.py",
         "tests/core/test_storage.py"]


# Tests of code that touches no database need not run on both databases: the PostgreSQL run of
# `make test` leaves out the tests marked database_free (the SQLite run checks them), and no
# tables are emptied after them. A test is database_free when
# - it is under DATABASE_FREE: the anonymisation engine imports nothing of the app or the
#   database (a contract of lint-imports, pyproject.toml);
# - it is marked by hand (@pytest.mark.database_free, e.g. the reading of the real XLSForms,
#   which needs an app context for the messages' language but reads no table);
# - or, derived: no fixture it asks for (directly or through other fixtures; the autouse
#   cleaning below aside) is one of DATABASE_FIXTURES, and its module names none of
#   OPENS_A_DATABASE (an app, a database or a process of its own, e.g. tests/security/test_matrix.py).
# The SQLite run checks the rule: a database_free test that checks a connection out of any
# engine's pool while it runs fails (_no_database_in_free_tests).
#
# Tests marked sqlite_only (by hand) run on a SQLite file of their own whatever the run's database
# (a migration from a SQLite file, a process killed while it writes one...): the PostgreSQL run
# would repeat them as they are, and leaves them out too. The SQLite run checks that they use no
# connection of the suite's own database (_suite_checkouts).
DATABASE_FREE = ("tests/anonymise/",)
DATABASE_FIXTURES = {"app", "live_app"}  # every app of the suite, and so every database, comes from one of these
OPENS_A_DATABASE = ("fresh_app", "create_app", "make_app", "create_engine", "DALA_TEST_DATABASE_URL", "sqlite3",
                    "psycopg", "subprocess", "Popen")
_FREE_WHY = {"path": "tests/anonymise (no app or database by contract)", "hand": "marked database_free by hand",
             "derived": "no app or database fixture, no app or database of their own",
             "sqlite_only": "sqlite_only: a SQLite file of their own whatever the run's database"}
_FREE_KEY = pytest.StashKey[str]()
_DESELECTED_KEY = pytest.StashKey[Counter]()


def _fixture_closure(item) -> set[str]:
    """The fixtures the test asks for and those they ask for in turn, without the autouse
    cleaning of the database (which every test has)."""
    info = item._fixtureinfo
    seen, todo = set(), [name for name in info.initialnames if name != "_clean_database"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for fixturedef in info.name2fixturedefs.get(name, ()):  # an overridden fixture: every definition
            todo.extend(fixturedef.argnames)
    return seen


def _opens_a_database(module, cache={}) -> bool:
    path = str(module.__file__)
    if path not in cache:
        cache[path] = any(word in Path(path).read_text(encoding="utf-8") for word in OPENS_A_DATABASE)
    return cache[path]


def _free_reason(item) -> str | None:
    if item.nodeid.startswith(DATABASE_FREE):
        return "path"
    if item.get_closest_marker("database_free"):
        return "hand"
    if (isinstance(item, pytest.Function) and not item.nodeid.startswith("tests/e2e/")
            and not _fixture_closure(item) & DATABASE_FIXTURES and not _opens_a_database(item.module)):
        return "derived"
    return None


@pytest.hookimpl(tryfirst=True)  # before -m picks the tests by their marks
def pytest_collection_modifyitems(items):
    """The browser tests first, then FIRST's modules, each module's tests kept together and in
    their order. pytest-xdist's worksteal hands the first half of the list to one worker and
    takes work back from the end of a queue: the browser tests stay on one worker, which starts
    one Chromium and builds the browser tests' world once instead of on each worker."""
    rank = {path: n for n, path in enumerate(FIRST)}
    items.sort(key=lambda item: (not item.nodeid.startswith("tests/e2e/"),
                                 rank.get(item.nodeid.split("::")[0], len(FIRST))))
    for item in items:
        reason = _free_reason(item)
        if reason:
            item.stash[_FREE_KEY] = reason
            if reason != "hand":
                item.add_marker(pytest.mark.database_free)


def pytest_deselected(items):
    for item in items:
        if _FREE_KEY in item.stash:
            item.config.stash.setdefault(_DESELECTED_KEY, Counter())[item.stash[_FREE_KEY]] += 1
        elif item.get_closest_marker("sqlite_only"):
            item.config.stash.setdefault(_DESELECTED_KEY, Counter())["sqlite_only"] += 1


def pytest_collection_finish(session):
    """Says, once (the first worker with -n), how many database_free tests -m left out, and why."""
    left_out = session.config.stash.get(_DESELECTED_KEY, Counter())
    if not left_out or os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        return
    lines = [f"Left out as database_free or sqlite_only (the SQLite run checks them): {sum(left_out.values())} tests"]
    lines += [f"  {n:5d}  {_FREE_WHY[why]}" for why, n in sorted(left_out.items(), key=lambda kv: -kv[1])]
    capture = session.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():  # with -n, a worker's stderr is the run's
        sys.stderr.write("\n" + "\n".join(lines) + "\n")
        sys.stderr.flush()


_checked_out: list[int] = []  # the threads that checked a connection out
_suite_checkouts: list[int] = []  # the same, from the suite's own database (the `app` fixture's engine)


@event.listens_for(Pool, "checkout")
def _note_checkout(*_args) -> None:
    _checked_out.append(threading.get_ident())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A database_free test that checks out a database connection fails (the rule above is wrong
    for it: it must run on PostgreSQL too); so does a sqlite_only test that checks one out of the
    suite's own database (which is PostgreSQL in the PostgreSQL run)."""
    sqlite_only = item.get_closest_marker("sqlite_only") is not None
    if _FREE_KEY not in item.stash and not sqlite_only:
        return (yield)
    _checked_out.clear()
    _suite_checkouts.clear()
    result = yield
    if _FREE_KEY in item.stash and threading.get_ident() in _checked_out:  # not a thread another test left running
        raise AssertionError(f"{item.nodeid} is taken as database_free ({_FREE_WHY[item.stash[_FREE_KEY]]}) "
                             "but opened a database connection: the PostgreSQL run would leave it out")
    if sqlite_only and _suite_checkouts:
        raise AssertionError(f"{item.nodeid} is marked sqlite_only but used the suite's database: "
                             "the PostgreSQL run would leave it out")
    return result


def _database_config() -> dict:
    url = os.environ.get("DALA_TEST_DATABASE_URL", "sqlite://")
    if not url.startswith("postgresql"):
        return {"SQLALCHEMY_DATABASE_URI": url}
    schema = f"dala_test_{uuid.uuid4().hex[:12]}"
    # synchronous_commit=off, for the tests' connections only: a commit does not wait for its
    # WAL record to reach the disk (a crash could lose the last commits, never make them half
    # done; what other connections see is the same). The suite commits after nearly every step.
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema} -csynchronous_commit=off"}},
        "TEST_SCHEMA": schema,
    }


class IsolatedClient(FlaskClient):
    """Each request runs in its own application context, as in production, even while the
    test holds one open for direct database checks (no shared `g` or session)."""

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            response = super().open(*args, **kwargs)
            if response.is_streamed:  # a streamed download is read inside the request's contexts, as a server does
                response.make_sequence()
            return response
        finally:
            _cv_app.reset(token)


@contextmanager
def fresh_app(folder: Path, name: str = "RunConfig"):
    """An app on a database of its own (in-memory SQLite, or a new PostgreSQL schema dropped
    afterwards), with upload and bundle folders under `folder`; the schema is created."""
    settings = _database_config()
    config = type(name, (TestingConfig,), {**settings, "UPLOAD_FOLDER": str(folder / "uploads"),
                                           "BUNDLE_FOLDER": str(folder / "bundles")})
    app = create_app(config)
    app.test_client_class = IsolatedClient
    schema = settings.get("TEST_SCHEMA")
    with app.app_context():
        create_tables(schema)
    try:
        yield app
    finally:
        with app.app_context():
            drop_tables(schema)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    with fresh_app(tmp_path_factory.mktemp("run")) as app:
        with app.app_context():
            event.listen(db.engine.pool, "checkout", lambda *_args: _suite_checkouts.append(threading.get_ident()))
        yield app
        with app.app_context():
            drop_snapshots()  # the worlds kept by tests/support/snapshot.py


@pytest.fixture
def make_app(app):
    """make_app(**settings): another app on the same test database, disposed afterwards."""
    made = []

    def _make(**settings):
        base = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "UPLOAD_FOLDER", "BUNDLE_FOLDER")}
        base["SQLALCHEMY_ENGINE_OPTIONS"] = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        other = create_app(type("OtherConfig", (TestingConfig,), {**base, **settings}))
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield _make
    for other in made:
        with other.app_context():
            db.engine.dispose()


BIG = 1000  # rows: beyond this PostgreSQL truncates (a few ms a table) instead of deleting


def empty_tables(app) -> None:
    """Delete every row of every table of the app's database.

    SQLite: with foreign keys off for the while (every table is emptied anyway), so each DELETE
    is SQLite's truncation instead of a check of every row against its referencing tables (the
    12,000 self-referencing participants of a large study took most of a minute).
    PostgreSQL: one query finds the tables that hold rows, one round trip empties them (children
    first; TRUNCATE when one holds more than BIG rows)."""
    tables = list(reversed(db.metadata.sorted_tables))
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                try:
                    for table in tables:
                        conn.execute(table.delete())
                    conn.commit()
                finally:
                    conn.rollback()
                    conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                return
            quote = conn.dialect.identifier_preparer.quote
            probe = " UNION ALL ".join(
                f"SELECT {i}, count(*) FROM (SELECT 1 FROM {quote(t.name)} LIMIT {BIG + 1}) AS t{i}"
                for i, t in enumerate(tables))
            filled = {tables[i]: rows for i, rows in conn.exec_driver_sql(probe) if rows}
            names = [quote(t.name) for t in tables if t in filled]
            if any(rows > BIG for rows in filled.values()):
                # a large table: TRUNCATE, not a row-by-row check of its self-reference
                conn.exec_driver_sql(f"TRUNCATE {', '.join(names)} CASCADE")
            elif names:
                conn.exec_driver_sql("; ".join(f"DELETE FROM {name}" for name in names))
            conn.commit()


@pytest.fixture(autouse=True)
def _clean_database(request, app):
    """Every test starts with empty tables, no stored files and fresh rate limits."""
    yield
    if request.node.get_closest_marker("database_free"):
        return  # touched no table, file or rate limit
    empty_tables(app)
    with app.app_context():
        limiter.reset()
    for folder in ("UPLOAD_FOLDER", "BUNDLE_FOLDER"):
        shutil.rmtree(app.config[folder], ignore_errors=True)


@pytest.fixture
def ctx(app):
    """An application context: services and models can be used directly."""
    with app.test_request_context():
        yield
        db.session.rollback()


@pytest.fixture
def build(ctx) -> Builder:
    return Builder()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(app):
    """login(user) returns a test client logged in as that user."""

    def _login(user, password: str = DEFAULT_PASSWORD):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return client

    return _login
