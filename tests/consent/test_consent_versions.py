"""Consent form versions: draft, submitted, approved (frozen), retired; new version from one."""
from datetime import date

import pytest
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.consent import versions
from app.consent.models import VersionStatus
from app.core.extensions import db


def test_a_new_form_starts_as_a_draft_with_the_four_standard_items(build):
    team = build.team()
    version = versions.create_form(team["study"], "Согласие", team["coordinator"])
    assert version.status == VersionStatus.DRAFT and version.number == 1
    assert version.item_keys == ["participation", "audio", "quotation", "archiving"]
    assert "аудио" in version.item_label("audio", "ru")
    assert "аудиоға" in version.item_label("audio", "kk")


def test_the_version_goes_draft_submitted_approved_retired_and_each_step_is_audited(build, cb):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"], approve=False)
    versions.submit(version, team["coordinator"])
    versions.approve(version, team["reviewer"], date(2026, 3, 1), "Approved by the committee")
    assert version.status == VersionStatus.APPROVED and version.approved_by_id == team["reviewer"].id
    versions.retire(version, team["reviewer"], date(2026, 6, 1))
    assert version.status == VersionStatus.RETIRED and version.retired_on == date(2026, 6, 1)
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity_type == "consent_form_versions")).all()
    assert {"consent_version.submit", "consent_version.approve", "consent_version.retire"} <= set(actions)


def test_an_approved_version_is_never_edited(build, cb):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    with pytest.raises(versions.VersionLocked):
        versions.update_draft(version, team["coordinator"], {"en": "Changed"}, version.items)
    db.session.rollback()
    assert db.session.get(type(version), version.id).texts["en"] == "You are invited to take part."


def test_even_a_direct_change_to_approved_wording_is_refused_by_the_model(build, cb):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    version.texts = {"en": "Sneaky change"}
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_a_retired_version_is_not_edited_either(build, cb):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    versions.retire(version, team["reviewer"], date(2026, 6, 1))
    with pytest.raises(versions.VersionLocked):
        versions.update_draft(version, team["coordinator"], {"en": "x"}, version.items)


def test_a_new_version_from_an_approved_one_is_an_editable_copy(build, cb):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    copy = versions.new_version_from(version, team["coordinator"])
    assert copy.number == 2 and copy.status == VersionStatus.DRAFT and copy.based_on_id == version.id
    items = copy.items + [{"key": "photos", "labels": {"en": "I agree to be photographed."}}]
    versions.update_draft(copy, team["coordinator"], {"en": "New text"}, items)
    assert copy.item_keys[-1] == "photos"
    assert version.texts["en"] == "You are invited to take part."


def test_items_need_participation_and_unique_keys(build):
    team = build.team()
    version = versions.create_form(team["study"], "Form", team["coordinator"])
    with pytest.raises(versions.ConsentError):
        versions.update_draft(version, team["coordinator"], {"en": "t"}, version.items[1:])
    twice = version.items + [{"key": "audio", "labels": {"en": "Again"}}]
    with pytest.raises(versions.ConsentError):
        versions.update_draft(version, team["coordinator"], {"en": "t"}, twice)


def test_a_draft_without_text_cannot_be_submitted_and_only_submitted_can_be_approved(build):
    team = build.team()
    version = versions.create_form(team["study"], "Form", team["coordinator"])
    with pytest.raises(versions.ConsentError):
        versions.submit(version, team["coordinator"])
    with pytest.raises(versions.ConsentError):
        versions.approve(version, team["reviewer"], date(2026, 1, 1), None)
