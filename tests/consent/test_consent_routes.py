"""Consent pages: forms and versions, recording consent, scans, withdrawal, permissions."""
import io
from datetime import timedelta

import sqlalchemy as sa

from app.consent import services, standing
from app.consent.models import ConsentFormVersion, ConsentRecord, VersionStatus
from app.core import storage
from app.core.extensions import db
from app.fieldwork.models import SessionStaff, StaffRole
from app.recruitment.models import RecruitmentStatus

from tests.builders import today

PDF = b"%PDF-1.4\n% scan of a signed form\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 100


def _own(cb, team, participant):
    """Put the participant in a session the fieldworker facilitates."""
    session = cb.session(team["study"], today() + timedelta(days=3), attendees=[participant],
                         attendance="invited")
    db.session.add(SessionStaff(session_id=session.id, user_id=team["fieldworker"].id, role=StaffRole.FACILITATOR))
    db.session.commit()
    return session


def test_coordinator_drafts_and_submits_reviewer_approves(build, login):
    team = build.team()
    sid = team["study"].id
    coordinator = login(team["coordinator"])
    response = coordinator.post(f"/studies/{sid}/consent/forms/new", data={"title": "Согласие участника"})
    version = db.session.scalar(sa.select(ConsentFormVersion))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/versions/{version.id}/edit")
    form = {"text_ru": "Текст согласия", "text_kk": "Келісім мәтіні"}
    for i, item in enumerate(version.items):
        form[f"items-{i}-key"] = item["key"]
        form[f"items-{i}-label_en"] = item["labels"]["en"]
    form["items-4-key"] = "photos"
    form["items-4-label_ru"] = "Я согласен(на) на фотосъёмку."
    assert coordinator.post(f"/studies/{sid}/consent/versions/{version.id}/edit", data=form).status_code == 302
    coordinator.post(f"/studies/{sid}/consent/versions/{version.id}/submit")
    assert login(team["fieldworker"]).post(f"/studies/{sid}/consent/versions/{version.id}/approve",
                                           data={"approved_on": today().isoformat()}).status_code == 403
    reviewer = login(team["reviewer"])
    reviewer.post(f"/studies/{sid}/consent/versions/{version.id}/approve",
                  data={"approved_on": today().isoformat(), "note": "Committee meeting 12"})
    db.session.refresh(version)
    assert version.status == VersionStatus.APPROVED and version.item_keys[-1] == "photos"
    assert version.texts == {"ru": "Текст согласия", "kk": "Келісім мәтіні"}


def test_an_approved_version_cannot_be_edited_through_the_page(build, cb, login):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    client = login(team["coordinator"])
    url = f"/studies/{team['study'].id}/consent/versions/{version.id}/edit"
    response = client.post(url, data={"text_en": "Changed", "items-0-key": "participation",
                                      "items-0-label_en": "x"}, follow_redirects=True)
    assert "Only a draft can be edited" in response.get_data(as_text=True)
    db.session.refresh(version)
    assert version.texts["en"] == "You are invited to take part."


def test_bad_draft_input_rerenders_with_the_reason(build, login):
    team = build.team()
    client = login(team["coordinator"])
    client.post(f"/studies/{team['study'].id}/consent/forms/new", data={"title": "F"})
    version = db.session.scalar(sa.select(ConsentFormVersion))
    response = client.post(f"/studies/{team['study'].id}/consent/versions/{version.id}/edit",
                           data={"text_en": "t", "items-0-key": "audio", "items-0-label_en": "Audio"})
    assert response.status_code == 200 and "participation" in response.get_data(as_text=True)


def _record_data(version, **extra):
    data = {"consent_date": today().isoformat(), "method": "written", "obtained_by": extra.pop("obtained_by")}
    data.update({f"item_{key}": "yes" for key in version.item_keys})
    data.update(extra)
    return data


def test_fieldworker_records_consent_with_a_scan_for_a_participant_of_their_session(build, cb, login, app):
    team = build.team()
    participant = cb.participant(team["study"])
    _own(cb, team, participant)
    version = cb.version(team["study"], team["coordinator"])
    client = login(team["fieldworker"])
    url = f"/studies/{team['study'].id}/participants/{participant.id}/consent/new"
    data = _record_data(version, obtained_by=team["fieldworker"].id, item_audio="no",
                        scan=(io.BytesIO(PDF), "scan.pdf"))
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    record = services.current_consent(participant)
    assert record.answers["audio"] is False and record.scan_mime == "application/pdf"
    assert client.get(f"/studies/{team['study'].id}/consent/records/{record.id}/scan").status_code == 403
    for role in ("coordinator", "reviewer"):
        scan = login(team[role]).get(f"/studies/{team['study'].id}/consent/records/{record.id}/scan")
        assert scan.status_code == 200 and scan.data == PDF and scan.mimetype == "application/pdf"


def test_fieldworker_cannot_record_consent_outside_their_sessions(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.version(team["study"], team["coordinator"])
    url = f"/studies/{team['study'].id}/participants/{participant.id}/consent/new"
    assert login(team["fieldworker"]).get(url).status_code == 403
    assert login(team["reviewer"]).get(url).status_code == 403
    assert login(team["coordinator"]).get(url).status_code == 200


def _post_scan(client, url, version, user, content, name):
    data = _record_data(version, obtained_by=user.id, scan=(io.BytesIO(content), name))
    return client.post(url, data=data, content_type="multipart/form-data")


def test_bad_scans_are_refused_inline_and_nothing_is_recorded(build, cb, login, app):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    client = login(team["coordinator"])
    url = f"/studies/{team['study'].id}/participants/{participant.id}/consent/new"
    renamed = _post_scan(client, url, version, team["coordinator"], EXE, "scan.pdf")
    assert renamed.status_code == 200 and "none of them" in renamed.get_data(as_text=True)
    empty = _post_scan(client, url, version, team["coordinator"], b"", "scan.png")
    assert empty.status_code == 200 and "The scan is empty" in empty.get_data(as_text=True)
    app.config["CONSENT_SCAN_MAX_BYTES"] = 100 * 1024
    try:
        big = _post_scan(client, url, version, team["coordinator"], PDF + b"0" * (100 * 1024), "big.pdf")
    finally:
        del app.config["CONSENT_SCAN_MAX_BYTES"]
    assert big.status_code == 200 and "larger than 100 KB" in big.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord)) == 0
    assert list(storage.current().keys("consent")) == []


def test_a_record_refused_after_its_scan_was_read_keeps_no_scan_but_spares_another_records(build, cb, login):
    team = build.team()
    first, second = cb.participant(team["study"]), cb.participant(team["study"], name="Дана Ерланова")
    version = cb.version(team["study"], team["coordinator"])
    client = login(team["coordinator"])
    url = f"/studies/{team['study'].id}/participants/{{}}/consent/new"
    future = (today() + timedelta(days=3)).isoformat()
    refused = client.post(url.format(first.id), content_type="multipart/form-data", data=_record_data(
        version, obtained_by=team["coordinator"].id, consent_date=future, scan=(io.BytesIO(PDF), "scan.pdf")))
    assert refused.status_code == 200 and "cannot be in the future" in refused.get_data(as_text=True)
    assert list(storage.current().keys("consent")) == []
    assert _post_scan(client, url.format(first.id), version, team["coordinator"], PDF, "a.pdf").status_code == 302
    refused = client.post(url.format(second.id), content_type="multipart/form-data", data=_record_data(
        version, obtained_by=team["coordinator"].id, consent_date=future, scan=(io.BytesIO(PDF), "same.pdf")))
    assert refused.status_code == 200 and services.current_consent(second) is None
    assert storage.current().read_bytes("consent", services.current_consent(first).scan_sha256) == PDF


def test_missing_answers_rerender_the_form(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    data = _record_data(version, obtained_by=team["coordinator"].id)
    del data["item_archiving"]
    response = login(team["coordinator"]).post(
        f"/studies/{team['study'].id}/participants/{participant.id}/consent/new", data=data)
    assert response.status_code == 200 and "Answer yes or no." in response.get_data(as_text=True)
    assert services.current_consent(participant) is None


def test_a_correction_through_the_page_keeps_the_old_record_in_history(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    version = cb.version(team["study"], team["coordinator"])
    old = cb.consent(participant, version, team["coordinator"], no=("audio",))
    client = login(team["coordinator"])
    url = (f"/studies/{team['study'].id}/participants/{participant.id}/consent/new"
           f"?supersedes={old.id}&version={version.id}")
    data = _record_data(version, obtained_by=team["coordinator"].id, reason="Tick misread")
    assert client.post(url, data=data).status_code == 302
    page = client.get(f"/studies/{team['study'].id}/participants/{participant.id}/consent").get_data(as_text=True)
    assert "Superseded" in page and "Current" in page
    assert standing.consent_on(participant, today()).shares("audio")


def test_withdrawal_through_the_page_marks_the_participant_withdrawn(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["coordinator"])
    response = login(team["coordinator"]).post(
        f"/studies/{team['study'].id}/participants/{participant.id}/consent/withdraw",
        data={"withdrawn_on": today().isoformat(), "scope": "withdraw_data", "note": "by phone"})
    assert response.status_code == 302
    db.session.refresh(participant)
    assert participant.status == RecruitmentStatus.WITHDRAWN and standing.consent_on(participant, today()).withdrew_data


def test_objects_of_another_study_answer_404(build, cb, login):
    team = build.team()
    other = cb.participant(team["other_study"])
    version = cb.version(team["other_study"], team["outsider"])
    record = cb.consent(other, version, team["outsider"])
    client = login(team["coordinator"])
    sid = team["study"].id
    for url in (f"/studies/{sid}/participants/{other.id}/consent", f"/studies/{sid}/consent/versions/{version.id}",
                f"/studies/{sid}/consent/records/{record.id}", f"/studies/{sid}/consent/records/{record.id}/scan"):
        assert client.get(url).status_code == 404, url


def test_navigation_entries_fit_the_role(build, login):
    team = build.team()
    sid = team["study"].id
    pages = {role: login(team[role]).get(f"/studies/{sid}/").get_data(as_text=True)
             for role in ("coordinator", "fieldworker", "reviewer")}
    assert all(f"/studies/{sid}/consent/forms" in page for page in pages.values())
    assert f"/studies/{sid}/ethics" in pages["reviewer"] and f"/studies/{sid}/ethics" not in pages["fieldworker"]
    assert f'/studies/{sid}/consent"' in pages["fieldworker"] and f'/studies/{sid}/consent"' not in pages["reviewer"]
