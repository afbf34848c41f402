"""The application as a whole: config, headers, error pages, the URL map, CSRF."""
import pytest
from flask import Flask

from app import create_app
from app.core import policy
from config import ProductionConfig


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure_httponly_and_samesite(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 32)
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_every_response_carries_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_login_page_has_no_inline_script(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<script>" not in html and "onclick=" not in html and 'style="' not in html


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_a_crash_shows_no_traceback_and_no_data(make_app):
    crash_app = make_app(PROPAGATE_EXCEPTIONS=False)

    @crash_app.route("/boom")
    def boom():
        raise ValueError("secret participant Айгерим Тестова")

    response = crash_app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body and "Айгерим" not in body
    assert "Something went wrong" in body


def _study_rules(app: Flask):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/studies/<int:study_id>"):
            yield rule


def _url_for_rule(rule, study_id: int) -> str:
    values = {name: 1 for name in rule.arguments}
    values["study_id"] = study_id
    return rule.build(values, append_unknown=False)[1]


def test_url_map_has_study_routes(app):
    assert len(list(_study_rules(app))) >= 5


def test_every_study_route_sends_anonymous_users_to_login(app, build, client):
    study = build.study()
    for rule in _study_rules(app):
        url = _url_for_rule(rule, study.id)
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url}"
            assert "/login" in response.headers["Location"], f"{method} {url}"


def test_every_study_route_hides_the_study_from_non_members(app, build, login):
    team = build.team()
    outsider = login(team["outsider"])
    for rule in _study_rules(app):
        url = _url_for_rule(rule, team["study"].id)
        for method in sorted(rule.methods & {"GET", "POST"}):
            assert outsider.open(url, method=method).status_code == 404, f"{method} {url}"


def test_every_study_route_declares_its_action(app):
    for rule in _study_rules(app):
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "study_action", None) in policy.actions(), f"{rule.endpoint} declares no action"


def test_post_without_csrf_token_is_refused_and_changes_nothing(make_app, build):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    admin = build.user(admin=True)
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = client.post("/login", data={"email": admin.email, "password": "correct horse battery"})
    assert response.status_code == 400
    assert "Bad request" in response.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 302  # not logged in
