"""What an attacker found, each refused: redirects judged after normalisation, forwarded
addresses believed only when a proxy is declared, oversized uploads answered 413, CR/LF in
parameters answered 400, concurrent audit appends on SQLite never a 500."""
import threading
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from flask import request
from werkzeug.datastructures import MultiDict
from werkzeug.test import encode_multipart

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.wsgi import proxy_hops, serve
from tests.builders import DEFAULT_PASSWORD

EVIL = [
    "/%09/evil.example/",          # a tab the browser drops: //evil.example/
    "/%0a/evil.example/",          # a line feed
    "/%0d%0a/evil.example/",       # CR LF
    "/%5c/evil.example/",          # a backslash: browsers read /\ as //
    "%5c%5cevil.example/",
    "/%5cevil.example/",
    "//evil.example/",
    "///evil.example/",
    "%20//evil.example/",
    "https://evil.example/",
    "https:/evil.example/",
    "javascript:alert(1)",
    "/%00/evil.example/",
]


@pytest.mark.parametrize("target", EVIL)
def test_login_never_redirects_off_site_whatever_the_next_parameter_hides(target, client, build):
    user = build.user()
    response = client.post(f"/login?next={target}", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] in ("/studies", "/studies/", "/")


@pytest.mark.parametrize("target", EVIL)
def test_the_language_switch_never_redirects_off_site(target, client):
    response = client.post("/language", data={"locale": "ru", "next": unquote(target)})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] in ("/studies", "/studies/", "/")


def test_a_safe_next_is_still_followed(client, build):
    team = build.team()
    study_id, user = team["study"].id, team["fieldworker"]
    response = client.post(f"/login?next=/studies/{study_id}/sessions%3Fpage%3D2",
                           data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == f"/studies/{study_id}/sessions?page=2"


@pytest.mark.parametrize("query", ["next=/a%0d%0aSet-Cookie:x=1", "q=P01%0a", "page=1%0d"])
def test_cr_or_lf_in_a_query_parameter_answers_400(query, login, build):
    client = login(build.user())
    response = client.get(f"/studies?{query}")
    assert response.status_code == 400
    assert "Set-Cookie" not in str(response.headers.get("Location", ""))


def test_cr_lf_in_next_on_the_login_page_answers_400_not_500(client, build):
    user = build.user()
    response = client.post("/login?next=/studies%0d%0aX-Evil:%201",
                           data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400


def test_without_a_declared_proxy_a_forged_forwarded_address_is_ignored(monkeypatch, app):
    monkeypatch.delenv("DALA_PROXY_HOPS", raising=False)
    assert proxy_hops() == 0
    monkeypatch.setenv("DALA_CONFIG", "testing")
    served = serve()
    served.add_url_rule("/_whoami", "whoami", lambda: request.remote_addr)
    response = served.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9"},
                                        environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.text == "127.0.0.1"


def test_an_oversized_upload_from_a_logged_in_user_answers_413_with_the_page(app, login, build):
    team = build.team()
    client = login(team["coordinator"])
    limit = app.config["MAX_CONTENT_LENGTH"]
    boundary, body = encode_multipart(MultiDict({"kind": "participants"}))
    body = body.replace(f"--{boundary}--".encode(), (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n").encode() + b"x" * (limit + 1024) + f"\r\n--{boundary}--".encode())
    response = client.post(f"/studies/{team['study'].id}/import", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


@pytest.mark.sqlite_only
def test_concurrent_audit_appends_on_sqlite_all_land_in_one_intact_chain(make_app, tmp_path):
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'chain.sqlite3'}",
                     SQLALCHEMY_ENGINE_OPTIONS={})
    with other.app_context():
        db.create_all()
    errors, start = [], threading.Barrier(6)

    def append(worker: int) -> None:
        with other.app_context():
            try:
                start.wait()
                for n in range(8):
                    audit.record(None, "test.append", entity_type="system", entity_id=f"{worker}-{n}")
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 (any failure is the finding)
                errors.append(repr(error))
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with other.app_context():
        assert errors == []
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 48
        assert audit.verify_chain().intact
        db.session.remove()
