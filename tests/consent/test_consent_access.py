"""Who may open which consent page: the permission matrix of DESIGN.md, page by page."""
import io
from datetime import timedelta

import pytest

from app.consent import versions
from app.consent.models import ConsentFormVersion, ConsentMethod, VersionStatus
from app.consent.uploads import store_scan
from app.core.extensions import db
from app.fieldwork.models import SessionStaff, StaffRole

from tests.builders import today
from tests.support.report import report_job_path, report_jobs
from tests.support.snapshot import snapshot

C, F, R = "coordinator", "fieldworker", "reviewer"
PAGES = [  # (url template, roles that get 200; the others get 403)
    ("/studies/{s}/consent/forms", {C, F, R}),
    ("/studies/{s}/consent/versions/{v}", {C, F, R}),
    ("/studies/{s}/consent/versions/{d}/edit", {C}),
    ("/studies/{s}/consent", {C, F}),
    ("/studies/{s}/ethics", {C, R}),
    ("/studies/{s}/participants/{p}/consent", {C, F, R}),
    ("/studies/{s}/participants/{p}/consent/new?supersedes={r}", {C, F}),
    ("/studies/{s}/participants/{p}/consent/withdraw", {C, F}),
    ("/studies/{s}/participants/{p}/consent/form.pdf?lang=en", {C, F, R}),
    ("/studies/{s}/consent/records/{r}", {C, F, R}),
    ("/studies/{s}/consent/records/{r}/scan", {C, R}),
    ("/studies/{s}/sessions/{session}/consent", {C, F, R}),
    ("/studies/{s}/ethics/report/jobs/{job}", {C, R}),  # issue 18: the report's job, then its PDF
    ("/studies/{s}/ethics/report/jobs/{job}/file", {C, R}),
]


@pytest.fixture
def world(build, cb, app):
    """Built once per test process (its report job renders a PDF), then put back from its copy
    for each test (tests/support/snapshot.py)."""
    made = snapshot(("consent_access",), lambda: _world(build, cb))
    return made["team"], made["ids"]


def _world(build, cb) -> dict:
    team = build.team()
    study = team["study"]
    participant = cb.participant(study)
    version = cb.version(study, team["coordinator"])
    draft = cb.version(study, team["coordinator"], approve=False, title="Draft form")
    scan = store_scan(io.BytesIO(b"%PDF-1.4 scan"), study_id=study.id)
    record = cb.consent(participant, version, team["coordinator"], method=ConsentMethod.WRITTEN, scan=scan)
    session = cb.session(study, today() - timedelta(days=1), attendees=[participant])
    db.session.add(SessionStaff(session_id=session.id, user_id=team["fieldworker"].id, role=StaffRole.NOTE_TAKER))
    db.session.commit()
    job = build.report_job(study, team["reviewer"])
    ids = {"s": study.id, "v": version.id, "d": draft.id, "p": participant.id, "r": record.id, "session": session.id,
           "job": job.id}
    return {"team": team, "ids": ids}


@pytest.mark.parametrize("url,allowed", PAGES)
def test_each_role_gets_the_pages_of_its_role(world, login, url, allowed):
    team, ids = world
    for role in (C, F, R):
        response = login(team[role]).get(url.format(**ids))
        assert response.status_code == (200 if role in allowed else 403), f"{role} {url}"


def test_only_those_who_may_print_it_ask_for_the_ethics_report(world, login):
    """The coordinator and the reviewer queue the report's job; the fieldworker is refused and
    nothing is queued."""
    team, ids = world
    before = report_jobs(ids["s"])
    refused = login(team[F]).post(f"/studies/{ids['s']}/ethics/report", data={"lang": "ru"})
    assert refused.status_code == 403 and report_jobs(ids["s"]) == before
    for role in (C, R):
        report_job_path(login(team[role]).post(f"/studies/{ids['s']}/ethics/report", data={"lang": "ru"}))
    assert len(report_jobs(ids["s"])) == len(before) + 2


def test_a_fieldworker_sees_only_participants_of_their_own_sessions(world, cb, login):
    team, ids = world
    stranger = cb.participant(team["study"], name="Канат Посторонний")
    client = login(team["fieldworker"])
    page = client.get(f"/studies/{ids['s']}/consent").get_data(as_text=True)
    assert "Айгерим Тестова" in page and "Канат Посторонний" not in page
    assert client.get(f"/studies/{ids['s']}/participants/{stranger.id}/consent").status_code == 403


def test_the_reviewer_returns_a_submitted_version_and_retires_an_approved_one(world, login):
    team, ids = world
    draft = db.session.get(ConsentFormVersion, ids["d"])
    versions.submit(draft, team["coordinator"])
    db.session.commit()
    reviewer = login(team["reviewer"])
    reviewer.post(f"/studies/{ids['s']}/consent/versions/{ids['d']}/return", data={"note": "Shorter text, please."})
    reviewer.post(f"/studies/{ids['s']}/consent/versions/{ids['v']}/retire", data={"retired_on": today().isoformat()})
    db.session.expire_all()
    assert db.session.get(ConsentFormVersion, ids["d"]).status == VersionStatus.DRAFT
    assert db.session.get(ConsentFormVersion, ids["d"]).approval_note == "Shorter text, please."
    assert db.session.get(ConsentFormVersion, ids["v"]).status == VersionStatus.RETIRED
