"""Serving a team: gunicorn with gunicorn.conf.py and app.wsgi, /healthz, ProxyFix."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from flask import request

from app.wsgi import behind_proxy

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer {url} within {seconds} s")


def test_gunicorn_serves_healthz_and_the_login_page_with_security_headers(tmp_path):
    port = free_port()
    database = os.environ.get("DALA_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database, "DALA_CONFIG": "production",
           "SECRET_KEY": "serve-test-not-secret", "DALA_INSTANCE": str(tmp_path),
           "DALA_UPLOADS": str(tmp_path / "uploads"), "DALA_BUNDLES": str(tmp_path / "bundles"),
           "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port} --workers 1 --threads 2"}
    server = subprocess.Popen([str(GUNICORN), "--config", "gunicorn.conf.py"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        status, headers, body = wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        assert status == 200 and headers["Content-Type"] == "application/json"
        assert json.loads(body) == {"status": "ok", "database": "ok"}
        status, headers, body = fetch(f"http://127.0.0.1:{port}/login")
        assert status == 200 and b'name="password"' in body
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


def test_healthz_answers_503_json_when_the_database_is_away(make_app, tmp_path):
    away = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite3'}",
                    SQLALCHEMY_ENGINE_OPTIONS={})
    response = away.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert b"Traceback" not in response.data


def test_behind_one_proxy_the_client_address_and_scheme_come_from_the_forwarded_headers(make_app):
    proxied = behind_proxy(make_app(), hops=1)
    proxied.add_url_rule("/_whoami", "whoami", lambda: f"{request.remote_addr} {request.scheme}")
    headers = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Proto": "https"}
    response = proxied.test_client().get("/_whoami", headers=headers,
                                         environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.text == "203.0.113.9 https"


def test_without_a_proxy_forwarded_headers_are_ignored(make_app):
    direct = behind_proxy(make_app(), hops=0)
    direct.add_url_rule("/_whoami", "whoami", lambda: f"{request.remote_addr} {request.scheme}")
    response = direct.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9"},
                                        environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.text == "127.0.0.1 http"
