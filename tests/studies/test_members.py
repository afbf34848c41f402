"""Study roles: who sees what, and a coordinator managing the team."""
import pytest
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.studies import services as studies
from app.studies.models import Membership, Role


def test_members_see_only_their_own_studies(build, login):
    team = build.team()
    page = login(team["fieldworker"]).get("/studies/").get_data(as_text=True)
    assert team["study"].title in page
    assert team["other_study"].title not in page


@pytest.mark.parametrize("role", ["coordinator", "fieldworker", "reviewer"])
def test_every_role_sees_the_dashboard(build, login, role):
    team = build.team()
    response = login(team[role]).get(f"/studies/{team['study'].id}/")
    assert response.status_code == 200
    assert team["study"].title in response.get_data(as_text=True)


def test_navigation_fits_the_role(build, login):
    team = build.team()
    url = f"/studies/{team['study'].id}/"
    coordinator = login(team["coordinator"]).get(url).get_data(as_text=True)
    fieldworker = login(team["fieldworker"]).get(url).get_data(as_text=True)
    reviewer = login(team["reviewer"]).get(url).get_data(as_text=True)
    assert f"/studies/{team['study'].id}/members" in coordinator
    assert "/members" not in fieldworker and "/members" not in reviewer
    assert "/audit" in reviewer and "/audit" not in fieldworker


@pytest.mark.parametrize("role", ["fieldworker", "reviewer"])
def test_only_coordinators_manage_members(build, login, role):
    team = build.team()
    client = login(team[role])
    assert client.get(f"/studies/{team['study'].id}/members").status_code == 403
    response = client.post(f"/studies/{team['study'].id}/members",
                           data={"email": team["outsider"].email, "role": "fieldworker"})
    assert response.status_code == 403
    assert studies.membership_of(team["outsider"], team["study"].id) is None


def test_coordinator_adds_a_member_and_it_is_audited(build, login):
    team = build.team()
    newcomer = build.user("Жанна Тестова")
    client = login(team["coordinator"])
    response = client.post(f"/studies/{team['study'].id}/members",
                           data={"email": newcomer.email, "role": "ethics_reviewer"})
    assert response.status_code == 302
    membership = studies.membership_of(newcomer, team["study"].id)
    assert membership.role == Role.ETHICS_REVIEWER
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "membership.add")
                              .order_by(AuditEvent.id.desc()))
    assert event.actor_id == team["coordinator"].id and event.after["role"] == "ethics_reviewer"


def test_adding_an_unknown_email_shows_an_inline_error(build, login):
    team = build.team()
    response = login(team["coordinator"]).post(
        f"/studies/{team['study'].id}/members", data={"email": "ghost@test.example", "role": "fieldworker"})
    assert response.status_code == 200
    assert "No user has this e-mail" in response.get_data(as_text=True)


def test_coordinator_changes_a_role_and_removes_a_member(build, login):
    team = build.team()
    study = team["study"]
    client = login(team["coordinator"])
    membership = studies.membership_of(team["fieldworker"], study.id)
    client.post(f"/studies/{study.id}/members/{membership.id}/role", data={f"m{membership.id}-role": "ethics_reviewer"})
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).role == Role.ETHICS_REVIEWER
    client.post(f"/studies/{study.id}/members/{membership.id}/remove")
    assert studies.membership_of(team["fieldworker"], study.id) is None
    assert login(team["fieldworker"]).get(f"/studies/{study.id}/").status_code == 404


def test_the_last_coordinator_cannot_be_removed_or_demoted(build, login):
    team = build.team()
    study = team["study"]
    client = login(team["coordinator"])
    own = studies.membership_of(team["coordinator"], study.id)
    response = client.post(f"/studies/{study.id}/members/{own.id}/remove", follow_redirects=True)
    assert "at least one coordinator" in response.get_data(as_text=True)
    client.post(f"/studies/{study.id}/members/{own.id}/role", data={f"m{own.id}-role": "fieldworker"})
    db.session.expire_all()
    assert db.session.get(Membership, own.id).role == Role.COORDINATOR


def test_membership_from_another_study_answers_404(build, login):
    team = build.team()
    foreign = studies.membership_of(team["outsider"], team["other_study"].id)
    client = login(team["coordinator"])
    response = client.post(f"/studies/{team['study'].id}/members/{foreign.id}/remove")
    assert response.status_code == 404
    assert studies.membership_of(team["outsider"], team["other_study"].id) is not None


def test_study_settings_bad_timezone_is_refused(build, login):
    team = build.team()
    response = login(team["coordinator"]).post(f"/studies/{team['study'].id}/edit", data={
        "title": "Renamed", "status": "fieldwork", "timezone": "Mars/Olympus", "languages": ["ru"]})
    assert response.status_code == 200
    assert "Unknown time zone" in response.get_data(as_text=True)
    db.session.expire_all()
    assert team["study"].title == "Test study"
