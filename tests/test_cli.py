"""The command line: users and studies (the demo study has tests/test_demo.py)."""
import sqlalchemy as sa

from app.auth.models import User
from app.core.extensions import db


def test_users_create_makes_an_admin_who_can_log_in(runner, client, ctx):
    result = runner.invoke(args=["users", "create", "--email", "Root@Test.example", "--name", "Root",
                                 "--role", "admin", "--password", "long enough pw"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "root@test.example"))
    assert user.is_admin
    assert client.post("/login", data={"email": "root@test.example", "password": "long enough pw"}).status_code == 302


def test_users_create_refuses_a_duplicate_with_one_line(runner, build):
    existing = build.user()
    result = runner.invoke(args=["users", "create", "--email", existing.email, "--name", "Again",
                                 "--password", "long enough pw"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["Error: A user with this e-mail already exists."]


def test_studies_list_prints_id_status_and_title(runner, build):
    a = build.study("Первое исследование")
    b = build.study("Second study")
    result = runner.invoke(args=["studies", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"{a.id}\tplanning\tПервое исследование",
                                          f"{b.id}\tplanning\tSecond study"]
