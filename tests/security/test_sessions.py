"""Sessions end where they should, and nothing a stranger can reach tells whether an account exists."""
import re

import pytest

from app.auth import services as accounts
from app.core.extensions import db
from tests.builders import DEFAULT_PASSWORD

MESSAGE = "The e-mail or password is not correct."
NEW_PASSWORD = "another long passphrase"


def _attempt(app, email: str, password: str):
    """A fresh browser tries to log in: (status, the page with the typed e-mail taken out)."""
    response = app.test_client().post("/login", data={"email": email, "password": password})
    page = response.get_data(as_text=True).replace(email, "EMAIL")
    return response.status_code, re.sub(r'name="csrf_token"[^>]*', "", page)


def _deactivated(build):
    user = build.user()
    accounts.set_active(user, False, actor=None)
    db.session.commit()
    return user


def test_every_failed_login_looks_the_same(app, build):
    """Wrong password, unknown account, deactivated account (right or wrong password): one answer."""
    user, gone = build.user(), _deactivated(build)
    answers = [_attempt(app, user.email, "not the password"),
               _attempt(app, "nobody.at.all@test.example", "not the password"),
               _attempt(app, gone.email, DEFAULT_PASSWORD),
               _attempt(app, gone.email, "not the password"),
               _attempt(app, user.email.upper(), "not the password")]
    assert {status for status, _ in answers} == {200}
    assert all(MESSAGE in page for _, page in answers)
    assert len({page for _, page in answers}) == 1  # byte for byte, but for the e-mail typed


def test_an_unknown_account_costs_a_password_check_like_a_known_one(app, build, monkeypatch):
    """No timing difference by skipping argon2 when the e-mail is unknown."""
    user = build.user()
    checked = []
    hasher = accounts._hasher()
    original = type(hasher).verify
    monkeypatch.setattr(type(hasher), "verify", lambda self, h, p: checked.append(h) or original(self, h, p))
    with app.test_request_context():
        assert accounts.authenticate(user.email, "not the password") is None
        assert accounts.authenticate("nobody@test.example", "not the password") is None
    assert len(checked) == 2


def test_the_failure_limit_treats_unknown_and_known_accounts_alike(app, build):
    user = build.user()
    for email in (user.email, "nobody.here@test.example"):
        client = app.test_client()
        statuses = [client.post("/login", data={"email": email, "password": "wrong"}).status_code
                    for _ in range(6)]
        assert statuses == [200] * 5 + [429], email


def test_logging_out_ends_the_other_sessions_of_that_user_only(app, login, build):
    user, colleague = build.user(), build.user()
    laptop, phone, theirs = login(user), login(user), login(colleague)
    assert phone.get("/studies/").status_code == 200
    assert laptop.post("/logout").status_code == 302
    assert laptop.get("/studies/").status_code == 302
    phone_after = phone.get("/studies/")
    assert phone_after.status_code == 302 and "/login" in phone_after.headers["Location"]
    assert theirs.get("/studies/").status_code == 200
    assert login(user).get("/studies/").status_code == 200  # logging in again works


def test_a_copied_session_cookie_is_dead_after_logout(app, login, build):
    user = build.user()
    laptop = login(user)
    cookie = laptop.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/studies/").status_code == 200
    laptop.post("/logout")
    assert thief.get("/studies/").status_code == 302


def test_changing_the_password_ends_other_sessions_and_the_old_password(app, login, build):
    user = build.user()
    laptop, phone = login(user), login(user)
    response = laptop.post("/account", data={"current": DEFAULT_PASSWORD, "new": NEW_PASSWORD,
                                             "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert laptop.get("/studies/").status_code == 200  # this browser stays in
    assert phone.get("/studies/").status_code == 302
    assert _attempt(app, user.email, DEFAULT_PASSWORD)[0] == 200
    assert app.test_client().post("/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_a_wrong_current_password_changes_nothing_and_ends_nothing(login, build):
    user = build.user()
    laptop, phone = login(user), login(user)
    response = laptop.post("/account", data={"current": "not the password", "new": NEW_PASSWORD,
                                             "confirm": NEW_PASSWORD})
    assert response.status_code == 200 and "The current password is not correct." in response.get_data(as_text=True)
    assert phone.get("/studies/").status_code == 200
    db.session.expire_all()
    assert accounts.authenticate(user.email, DEFAULT_PASSWORD) is not None


def test_deactivating_an_account_ends_its_sessions(login, build):
    admin, user = build.user(admin=True), build.user()
    session = login(user)
    assert session.get("/studies/").status_code == 200
    response = login(admin).post(f"/admin/users/{user.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert session.get("/studies/").status_code == 302


def test_no_page_open_to_strangers_takes_an_e_mail_but_the_login(app):
    """There is no self-service reset by e-mail, so nothing else can be asked whether an account exists."""
    open_posts = sorted(rule.rule for rule in app.url_map.iter_rules()
                        if "POST" in (rule.methods or ()) and _open(app, rule.rule))
    assert open_posts == ["/language", "/login"]


def _open(app, path: str) -> bool:
    if "<" in path:
        return False
    response = app.test_client().post(path, data={"email": "nobody@test.example"})
    return response.status_code not in (302, 401, 403, 404, 405) or "/login" not in response.headers.get("Location", "/login")


@pytest.mark.parametrize("email", ["nobody@test.example", ""])
def test_the_account_page_needs_a_login(client, email):
    response = client.post("/account", data={"current": "x", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                              "email": email})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
