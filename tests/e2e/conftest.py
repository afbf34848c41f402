"""Browser tests: the real app served on 127.0.0.1 and Debian's Chromium driven by Playwright.

Without Chromium they skip with a message; with DALA_REQUIRE_BROWSER set (CI) that is a failure.
"""
import copy
import os
import shutil
import sqlite3
import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.core.extensions import db
from config import TestingConfig
from tests.world import build_world, plain

CHROMIUM = os.environ.get("DALA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def _require_browser():
    if os.path.exists(CHROMIUM) or shutil.which(CHROMIUM):
        return
    message = f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)."
    if os.environ.get("DALA_REQUIRE_BROWSER"):
        pytest.fail(message + " DALA_REQUIRE_BROWSER is set.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """A separate app on a file database, served by a real HTTP server in a thread."""
    folder = tmp_path_factory.mktemp("live")
    config = type("LiveConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "BUNDLE_FOLDER": str(folder / "bundles"),
        "WTF_CSRF_ENABLED": True,
    })
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app


def _closing(app):
    """The app with each response read whole and closed before the server sends it. Werkzeug's
    development server does not close a response when the browser has dropped the connection
    (a favicon request cut off by a closed page), which leaves a static file open for the garbage
    collector to warn about in whichever test runs next."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, _closing(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture(scope="session")
def _world_snapshot(live_app, tmp_path_factory):
    """The world (tests/world.py) built once in the live database, then kept: a copy of the
    database (SQLite's backup) and of the stored files, with its plain records."""
    with live_app.test_request_context():
        db.drop_all()
        db.create_all()
        records = plain(build_world("e2e"))
        db.session.remove()
    database = sqlite3.connect(":memory:")
    with live_app.app_context(), db.engine.connect() as conn:
        conn.connection.driver_connection.backup(database)
    files = tmp_path_factory.mktemp("world-files")
    for key in ("UPLOAD_FOLDER", "BUNDLE_FOLDER"):
        if os.path.isdir(live_app.config[key]):
            shutil.copytree(live_app.config[key], files / key)
    yield records, database, files
    database.close()


@pytest.fixture
def world(live_app, _world_snapshot):
    """The world in the live database as it was just built, for each test, as plain records:
    every row and stored file the previous test made or changed is gone (the database and the
    folders are put back from the snapshot, which costs milliseconds instead of a rebuild)."""
    records, database, files = _world_snapshot
    with live_app.app_context():
        db.session.remove()
        with db.engine.connect() as conn:
            database.backup(conn.connection.driver_connection)
    for key in ("UPLOAD_FOLDER", "BUNDLE_FOLDER"):
        shutil.rmtree(live_app.config[key], ignore_errors=True)
        if (files / key).is_dir():
            shutil.copytree(files / key, live_app.config[key])
    return copy.deepcopy(records)
