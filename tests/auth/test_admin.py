"""An admin creates and deactivates users and creates studies."""
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.auth.models import User
from app.core.extensions import db
from app.studies.models import Membership, Role, Study


def test_admin_creates_a_user_who_can_then_log_in(build, login, app):
    admin = login(build.user(admin=True))
    response = admin.post("/admin/users/new", data={"name": "Ерлан Тестов", "email": "erlan@test.example",
                                                    "password": "long enough pw"})
    assert response.status_code == 302
    new = app.test_client().post("/login", data={"email": "erlan@test.example", "password": "long enough pw"})
    assert new.status_code == 302
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.create",
                                                         AuditEvent.entity_id == str(_user_id("erlan@test.example"))))


def _user_id(email):
    return db.session.scalar(sa.select(User.id).where(User.email == email))


def test_duplicate_email_re_renders_the_form_with_the_error(build, login):
    existing = build.user()
    admin = login(build.user(admin=True))
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = admin.post("/admin/users/new", data={"name": "X", "email": existing.email,
                                                    "password": "long enough pw"})
    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before


def test_short_password_is_refused_inline(build, login):
    admin = login(build.user(admin=True))
    response = admin.post("/admin/users/new", data={"name": "X", "email": "x@test.example", "password": "short"})
    assert response.status_code == 200
    assert "between 10 and 500 characters" in response.get_data(as_text=True)


def test_admin_deactivates_a_user_and_their_session_ends(build, login):
    user = build.user()
    session = login(user)
    admin = login(build.user(admin=True))
    admin.post(f"/admin/users/{user.id}/active")
    assert session.get("/studies/").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).active is False


def test_non_admin_cannot_reach_administration(build, login):
    client = login(build.user())
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/new", data={"name": "X", "email": "x@test.example",
                                                  "password": "long enough pw"}).status_code == 403


def test_admin_creates_a_study_with_its_first_coordinator(build, login):
    coordinator = build.user()
    admin = login(build.user(admin=True))
    response = admin.post("/admin/studies/new", data={
        "title": "Цифровые услуги", "status": "planning", "timezone": "Asia/Almaty",
        "languages": ["ru", "en"], "coordinator_email": coordinator.email})
    assert response.status_code == 302
    study = db.session.scalar(sa.select(Study).where(Study.title == "Цифровые услуги"))
    membership = db.session.scalar(sa.select(Membership).where(Membership.study_id == study.id))
    assert membership.user_id == coordinator.id and membership.role == Role.COORDINATOR


def test_study_with_unknown_coordinator_is_not_created(build, login):
    admin = login(build.user(admin=True))
    response = admin.post("/admin/studies/new", data={
        "title": "Ghost", "status": "planning", "timezone": "Asia/Almaty", "languages": ["ru"],
        "coordinator_email": "nobody@test.example"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(Study).where(Study.title == "Ghost")) is None


def test_admin_does_not_see_inside_a_study_they_do_not_belong_to(build, login):
    study = build.study()
    admin = login(build.user(admin=True))
    assert admin.get(f"/studies/{study.id}/").status_code == 404
