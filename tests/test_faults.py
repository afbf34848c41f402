"""The database going away: a 503 page without a traceback, and recovery when it returns."""
import logging
import socket
import threading

import pytest
import sqlalchemy as sa

from app.core.extensions import db
from tests.builders import Builder

from tests.builders import DEFAULT_PASSWORD


def _request_pages(client, study_id):
    return client.get(f"/studies/{study_id}/participants"), client.get("/healthz")


def _seed(flask_app):
    with flask_app.test_request_context():
        team = Builder().team()
        db.session.commit()
        return team["coordinator"].email, team["study"].id


def _login(flask_app, email):
    client = flask_app.test_client()
    assert client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD}).status_code == 302
    return client


def assert_unavailable(page, health):
    assert page.status_code == 503
    body = page.get_data(as_text=True)
    assert "Temporarily unavailable" in body and "Traceback" not in body and "OperationalError" not in body
    assert health.status_code == 503 and health.json == {"status": "unavailable", "database": "unreachable"}


class ErrorLogs(logging.Handler):
    """Warnings and errors of every logger; attach() after the apps are made (create_app resets
    the "app" logger's handlers, and that logger does not propagate to the root)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.loggers = [logging.getLogger(), logging.getLogger("app")]

    def emit(self, record):
        self.records.append(record)

    def attach(self):
        for logger in self.loggers:
            logger.addHandler(self)


@pytest.fixture
def error_logs():
    logs = ErrorLogs()
    yield logs
    for logger in logs.loggers:
        logger.removeHandler(logs)


def assert_no_detail_logged(logs):
    records = logs.records
    assert records, "the outage was not logged"
    assert all(r.exc_info is None for r in records)
    text = " ".join(r.getMessage() for r in records)
    assert "Traceback" not in text and "SELECT" not in text and "unable to open" not in text
    assert "Connection refused" not in text and "5432" not in text


@pytest.mark.sqlite_only
def test_sqlite_file_gone_answers_503_and_recovers_when_it_returns(make_app, tmp_path, error_logs):
    folder = tmp_path / "db"
    folder.mkdir()
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'dala.sqlite3'}",
                     SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    with other.app_context():
        db.create_all()
    email, study_id = _seed(other)
    client = _login(other, email)
    assert [r.status_code for r in _request_pages(client, study_id)] == [200, 200]
    error_logs.attach()

    folder.rename(tmp_path / "away")  # the disk holding the database is unmounted...
    with other.app_context():
        db.engine.dispose()  # ...and its open connections are lost with it
    assert_unavailable(*_request_pages(client, study_id))
    missing = client.get("/no/such/page")  # even an error page needs the signed-in user: a 503 too
    assert missing.status_code == 503 and "Temporarily unavailable" in missing.get_data(as_text=True)
    assert_no_detail_logged(error_logs)

    (tmp_path / "away").rename(folder)
    assert [r.status_code for r in _request_pages(client, study_id)] == [200, 200]


class Proxy:
    """A TCP relay to PostgreSQL that can be cut (connections reset, new ones refused) and restored."""

    def __init__(self, host: str, port: int):
        self.upstream, self.port, self.sockets = (host, port), 0, []
        self.start()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.sockets = []


def _name(app) -> str:
    return f"dala-faults-{app.config['TEST_SCHEMA']}"


@pytest.fixture
def pg_app(app, make_app):
    if not app.config.get("TEST_SCHEMA"):
        pytest.skip("PostgreSQL only (DALA_TEST_DATABASE_URL)")

    def _make(**url_parts):
        url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        # named after the schema: the backends terminated below are this run's, not another's on the server
        options = {"options": f"-csearch_path={app.config['TEST_SCHEMA']}", "application_name": _name(app),
                   "connect_timeout": 3}
        return make_app(SQLALCHEMY_DATABASE_URI=url.set(**url_parts).render_as_string(hide_password=False),
                        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": options})

    return _make


def test_postgresql_unreachable_answers_503_and_recovers(app, pg_app, error_logs):
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    other = pg_app(host="127.0.0.1", port=proxy.port)
    email, study_id = _seed(other)
    client = _login(other, email)
    assert [r.status_code for r in _request_pages(client, study_id)] == [200, 200]
    error_logs.attach()
    proxy.cut()
    assert_unavailable(*_request_pages(client, study_id))
    assert_no_detail_logged(error_logs)
    proxy.start()
    assert [r.status_code for r in _request_pages(client, study_id)] == [200, 200]
    proxy.cut()


def test_postgresql_backends_terminated_the_next_request_reconnects(app, pg_app):
    other = pg_app()
    email, study_id = _seed(other)
    client = _login(other, email)
    assert client.get(f"/studies/{study_id}/participants").status_code == 200
    with app.app_context(), db.engine.begin() as conn:
        killed = conn.scalar(sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                     "WHERE application_name = :name"), {"name": _name(app)})
    assert killed >= 1
    assert [r.status_code for r in _request_pages(client, study_id)] == [200, 200]
