"""Logging in and out, as a user would."""
from app.auth import services as accounts
from app.core.extensions import db
from tests.builders import DEFAULT_PASSWORD


def test_login_with_right_password_reaches_the_study_list(client, build):
    user = build.user("Алия Тестовая")
    response = client.post("/login", data={"email": user.email.upper(), "password": DEFAULT_PASSWORD},
                           follow_redirects=True)
    assert "My studies" in response.get_data(as_text=True)
    assert "Алия Тестовая" in response.get_data(as_text=True)


def test_wrong_password_and_unknown_account_get_the_same_message(client, build):
    user = build.user()
    wrong = client.post("/login", data={"email": user.email, "password": "not the password"})
    unknown = client.post("/login", data={"email": "nobody@test.example", "password": "whatever"})
    assert wrong.status_code == unknown.status_code == 200
    message = "The e-mail or password is not correct."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_passwords_are_stored_as_argon2_hashes(build):
    user = build.user()
    assert user.password_hash.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in user.password_hash


def test_deactivated_user_cannot_log_in(client, build):
    user = build.user()
    accounts.set_active(user, False, actor=None)
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "not correct" in response.get_data(as_text=True)


def test_repeated_failures_for_one_account_are_slowed_down(client, build):
    user = build.user()
    for _ in range(5):
        client.post("/login", data={"email": user.email, "password": "bad password"})
    blocked = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed logins" in blocked.get_data(as_text=True)
    other = build.user()
    ok = client.post("/login", data={"email": other.email, "password": DEFAULT_PASSWORD})
    assert ok.status_code == 302  # another account from the same address still gets in


def test_successful_logins_do_not_count_as_failures(app, build):
    user = build.user()
    for _ in range(8):
        client = app.test_client()
        assert client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD}).status_code == 302


def test_session_cookie_is_httponly_and_samesite(client, build):
    user = build.user()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_ends_the_session_everywhere(app, login, build):
    user = build.user()
    laptop, tablet = login(user), login(user)
    assert tablet.get("/studies/").status_code == 200
    laptop.post("/logout")
    assert laptop.get("/studies/").status_code == 302
    assert tablet.get("/studies/").status_code == 302


def test_changing_password_ends_other_sessions(login, build):
    user = build.user()
    laptop, tablet = login(user), login(user)
    response = laptop.post("/account", data={"current": DEFAULT_PASSWORD, "new": "a new long password",
                                             "confirm": "a new long password"})
    assert response.status_code == 302
    assert laptop.get("/studies/").status_code == 200
    assert tablet.get("/studies/").status_code == 302


def test_open_redirect_after_login_is_refused(client, build):
    user = build.user()
    response = client.post("/login?next=//evil.example/", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"].endswith("/studies/")
