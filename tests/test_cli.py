"""The command line: users, studies, the demo study."""
import sqlalchemy as sa

from app.auth.models import User
from app.core.extensions import db
from app.recruitment.models import Organisation, Participant, Sector
from app.studies.models import Membership, Role


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


def test_demo_builds_the_reference_study_and_its_logins_work(runner, app, ctx):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    organisations = db.session.scalars(sa.select(Organisation)).all()
    assert 10 <= len(organisations) <= 14
    assert {o.sector for o in organisations} >= {Sector.CENTRAL_GOVERNMENT, Sector.LOCAL_AUTHORITY,
                                                   Sector.CIVIL_SOCIETY}
    assert 35 <= db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) <= 45
    assert {m.role for m in db.session.scalars(sa.select(Membership))} == set(Role)
    password = result.output.split("password for all: ")[1].split(")")[0]
    for line in result.output.splitlines()[1:]:
        email = line.split()[-1]
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": password}).status_code == 302, email


def test_demo_if_empty_keeps_existing_data(runner, build):
    build.user()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_demo_if_empty_on_a_loaded_database_prints_the_logins_again(runner, ctx):
    runner.invoke(args=["demo"])
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0
    assert "kept" in again.output and "coordinator@dala.example" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 12
