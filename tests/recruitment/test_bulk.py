"""Issue 15: bulk actions on the participant list: a status change with one reason, an invitation
to a session and the assignment of a fieldworker; each participant's change its own audit event;
refusals change nothing."""
import sqlalchemy as sa

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.fieldwork.models import FieldSession
from app.recruitment.models import Participant, RecruitmentStatus
from tests.builders import day_at


def _events(action):
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def _setting(build):
    team = build.team()
    people = [build.participant(team["study"], status=RecruitmentStatus.CONTACTED) for _ in range(3)]
    return team, people


def _url(team, what):
    return f"/studies/{team['study'].id}/participants/bulk/{what}"


def test_a_status_change_with_one_reason_is_one_event_per_participant(build, login):
    team, people = _setting(build)
    before = _events("participant.status")
    response = login(team["fieldworker"]).post(_url(team, "status"), data={
        "ids": [str(p.id) for p in people[:2]], "to_status": "agreed", "reason": "Ответили на письмо",
        "next": f"/studies/{team['study'].id}/participants?status=contacted"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/participants?status=contacted")
    db.session.expire_all()
    assert [db.session.get(Participant, p.id).status for p in people] == ["agreed", "agreed", "contacted"]
    assert _events("participant.status") == before + 2
    reasons = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "participant.status")
                                 .order_by(AuditEvent.id.desc()).limit(2)).all()
    assert all(audit.readable(e.after)["reason"] == "Ответили на письмо" for e in reasons)


def test_ids_of_another_study_are_ignored_and_the_reviewer_is_refused(build, login):
    team, people = _setting(build)
    stranger = build.participant(team["other_study"], status=RecruitmentStatus.CONTACTED)
    login(team["coordinator"]).post(_url(team, "status"), data={"ids": [str(stranger.id)], "to_status": "agreed"})
    refused = login(team["reviewer"]).post(_url(team, "status"), data={"ids": [str(people[0].id)], "to_status": "agreed"})
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(Participant, stranger.id).status == RecruitmentStatus.CONTACTED
    assert db.session.get(Participant, people[0].id).status == RecruitmentStatus.CONTACTED


def test_inviting_the_chosen_to_a_session_schedules_them_each_with_its_event(build, login):
    team, people = _setting(build)
    gone = build.participant(team["study"], status=RecruitmentStatus.DECLINED)
    session = build.session(team["study"], starts=day_at(5), facilitators=[team["fieldworker"]],
                            participants=[people[0]], actor=team["coordinator"])
    before = _events("session.invite")
    page = login(team["coordinator"]).post(_url(team, "invite"), data={
        "ids": [str(p.id) for p in people] + [str(gone.id)], "session": str(session.id)}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert f"2 participants invited to {session.code}" in text and gone.pseudonym in text
    db.session.expire_all()
    invited = {a.participant_id for a in db.session.get(FieldSession, session.id).attendees}
    assert invited == {p.id for p in people}
    assert _events("session.invite") == before + 2
    assert db.session.get(Participant, people[2].id).status == RecruitmentStatus.SCHEDULED
    fieldworker = login(team["fieldworker"]).post(_url(team, "invite"), data={
        "ids": [str(gone.id)], "session": str(session.id)})
    assert fieldworker.status_code == 403


def test_assigning_a_fieldworker_and_refusing_someone_outside_the_team(build, login):
    team, people = _setting(build)
    client = login(team["coordinator"])
    client.post(_url(team, "assign"), data={"ids": [str(p.id) for p in people], "fieldworker": str(team["fieldworker"].id)})
    db.session.expire_all()
    assert {db.session.get(Participant, p.id).fieldworker_id for p in people} == {team["fieldworker"].id}
    assert _events("participant.assign") == 3
    client.post(_url(team, "assign"), data={"ids": [str(people[0].id)], "fieldworker": str(team["reviewer"].id)})
    db.session.expire_all()
    assert db.session.get(Participant, people[0].id).fieldworker_id == team["fieldworker"].id
    assert _events("participant.assign") == 3


def test_the_list_offers_the_bulk_form_to_whom_it_may_concern(build, login):
    team, _people = _setting(build)
    build.session(team["study"], starts=day_at(5), facilitators=[team["fieldworker"]], actor=team["coordinator"])
    url = f"/studies/{team['study'].id}/participants"
    coordinator = login(team["coordinator"]).get(url).get_data(as_text=True)
    assert 'form="bulk-form"' in coordinator and "Invite to a session" in coordinator and "Assign a fieldworker" in coordinator
    fieldworker = login(team["fieldworker"]).get(url).get_data(as_text=True)
    assert "Change the status" in fieldworker and "Invite to a session" not in fieldworker
    assert 'form="bulk-form"' not in login(team["reviewer"]).get(url).get_data(as_text=True)


def test_the_organisations_list_is_searched(build, login):
    from app.recruitment.models import Sector
    team = build.team()
    build.organisation(team["study"], "ОФ «Степной диалог» (вымышленный)", Sector.CIVIL_SOCIETY, region="Павлодар")
    build.organisation(team["study"], "Акимат Тестового района", Sector.LOCAL_AUTHORITY, region="Астана")
    client = login(team["reviewer"])
    page = client.get(f"/studies/{team['study'].id}/organisations?q=степной").get_data(as_text=True)
    assert "Степной диалог" in page and "Акимат Тестового" not in page
    by_region = client.get(f"/studies/{team['study'].id}/organisations?q=астана").get_data(as_text=True)
    assert "Акимат Тестового" in by_region and "Степной диалог" not in by_region


def test_the_import_preview_counts_rows_not_file_problems(build, login):
    import io
    team = build.team()
    client = login(team["coordinator"])
    bad = "name;sector;colour\n;LA;red\nАкимат Импорт;LA;blue\n".encode("utf-8")
    page = client.post(f"/studies/{team['study'].id}/import", data={"kind": "organisations", "file": (io.BytesIO(bad), "o.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Unknown columns: colour." in page
    assert "Problems in 1 row:" in page, "one bad row is one row, the unknown column is said apart"
    head = page[page.index("import-preview"):]
    assert head.index("Problems") < head.index(">name<"), "the problems come right after the line number"


def test_the_bulk_invite_offers_only_sessions_still_to_come(build, login):
    team, _people = _setting(build)
    coming = build.session(team["study"], starts=day_at(5), facilitators=[team["fieldworker"]], actor=team["coordinator"])
    over = build.session(team["study"], starts=day_at(-3), facilitators=[team["fieldworker"]], actor=team["coordinator"])
    page = login(team["coordinator"]).get(f"/studies/{team['study'].id}/participants").get_data(as_text=True)
    form = page[page.index('id="bulk-session"'):]
    form = form[:form.index("</select>")]
    assert coming.code in form and over.code not in form
