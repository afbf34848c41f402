"""Issue 15: approving a new version retires the previous one (the default) or keeps it, records
untouched; two versions side by side; submitted versions and filters on the ethics desk, with
counts per flag kind and only the open items by default."""
from datetime import timedelta

import sqlalchemy as sa

from app.consent import review, versions
from app.consent.models import ConsentFormVersion, ConsentMethod, ConsentRecord, VersionStatus
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from tests.builders import today


def _next_submitted(team, v1, texts=None):
    v2 = versions.new_version_from(v1, team["coordinator"])
    items = [*v2.items, {"key": "photos", "labels": {"en": "Photos may be taken", "ru": "Можно фотографировать"}}]
    versions.update_draft(v2, team["coordinator"], texts or {"en": "You are invited to take part in a new study.",
                                                             "ru": "Приглашаем вас принять участие."}, items)
    versions.submit(v2, team["coordinator"])
    db.session.commit()
    return v2


def _approve(client, team, version, **extra):
    return client.post(f"/studies/{team['study'].id}/consent/versions/{version.id}/approve",
                       data={"approved_on": today().isoformat(), **extra})


def test_approving_the_next_version_retires_the_previous_by_default_records_untouched(build, cb, login):
    team = build.team()
    v1 = cb.version(team["study"], team["coordinator"])
    record = cb.consent(cb.participant(team["study"]), v1, team["fieldworker"])
    v2 = _next_submitted(team, v1)
    client = login(team["reviewer"])
    page = client.get(f"/studies/{team['study'].id}/consent/versions/{v2.id}").get_data(as_text=True)
    retire_option = page[page.index('value="retire"') - 120:page.index('value="retire"') + 40]
    assert "checked" in retire_option, "retiring the previous version is the default"
    assert _approve(client, team, v2, previous="retire").status_code == 302
    db.session.expire_all()
    assert db.session.get(ConsentFormVersion, v1.id).status == VersionStatus.RETIRED
    assert db.session.get(ConsentFormVersion, v1.id).retired_on == today()
    assert db.session.get(ConsentFormVersion, v2.id).status == VersionStatus.APPROVED
    assert db.session.get(ConsentRecord, record.id).version_id == v1.id  # the record stays as it was
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "consent_version.retire")) == 1


def test_the_reviewer_may_keep_the_previous_version_approved(build, cb, login):
    team = build.team()
    v1 = cb.version(team["study"], team["coordinator"])
    v2 = _next_submitted(team, v1)
    _approve(login(team["reviewer"]), team, v2, previous="keep")
    db.session.expire_all()
    assert {db.session.get(ConsentFormVersion, v.id).status for v in (v1, v2)} == {VersionStatus.APPROVED}


def test_two_versions_side_by_side_mark_what_changed(build, cb, login):
    team = build.team()
    v1 = cb.version(team["study"], team["coordinator"])
    v2 = _next_submitted(team, v1)
    for role in ("coordinator", "fieldworker", "reviewer"):
        response = login(team[role]).get(f"/studies/{team['study'].id}/consent/versions/{v2.id}/compare?with={v1.id}")
        assert response.status_code == 200, role
    page = response.get_data(as_text=True)
    assert "<ins>" in page and "new study" in page[page.index("<ins>"):]
    assert "photos" in page and ">added<" in page
    other_form = cb.version(team["study"], team["coordinator"], title="Другая форма")
    refused = login(team["reviewer"]).get(f"/studies/{team['study'].id}/consent/versions/{v2.id}/compare?with={other_form.id}")
    assert refused.status_code == 302


def test_the_desk_lists_submitted_versions_counts_flags_and_filters(build, cb, login):
    team = build.team()
    v1 = cb.version(team["study"], team["coordinator"])
    v2 = _next_submitted(team, v1)
    unflagged_reviewed = cb.participant(team["study"], name="Тихон Проверенов")
    record = cb.consent(unflagged_reviewed, v1, team["fieldworker"])
    review.mark_reviewed(record, team["reviewer"], None)
    db.session.commit()
    flagged = cb.participant(team["study"], name="Флаг Безсогласиев")
    session = cb.session(team["study"], today() - timedelta(days=1), attendees=[flagged], audio=False, code="SSI-88")
    written = cb.participant(team["study"], name="Письмо Безскана")
    cb.consent(written, v1, team["fieldworker"], method=ConsentMethod.WRITTEN)
    client = login(team["reviewer"])
    desk = f"/studies/{team['study'].id}/ethics"
    page = client.get(desk).get_data(as_text=True)
    assert f"/consent/versions/{v2.id}" in page and "waiting for approval" in page
    assert "Attended without valid consent</a> <span class=\"badge error\">1</span>" in page
    assert flagged.pseudonym in page and written.pseudonym in page
    assert f">{unflagged_reviewed.pseudonym}<" not in page, "only open items by default"
    everything = client.get(desk + "?filtered=1").get_data(as_text=True)
    assert f">{unflagged_reviewed.pseudonym}<" in everything
    by_kind = client.get(desk + "?filtered=1&kind=missing_scan").get_data(as_text=True)
    assert f">{written.pseudonym}<" in by_kind and f">{flagged.pseudonym}<" not in by_kind
    by_session = client.get(desk + f"?filtered=1&session={session.id}").get_data(as_text=True)
    assert f">{flagged.pseudonym}<" in by_session and f">{written.pseudonym}<" not in by_session
