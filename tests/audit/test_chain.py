"""The audit trail is hash-chained and its tampering is found."""
import pytest
import sqlalchemy as sa

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.extensions import db


def _events(n, build):
    study = build.study()
    for i in range(n):
        audit.record(None, "test.change", study, before={"i": i}, after={"i": i + 1, "когда": "сегодня"})
    db.session.commit()
    return study


def test_an_untouched_chain_verifies(build, runner):
    _events(5, build)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "intact: 6 events" in result.output  # five changes and the study's creation


def test_editing_one_stored_event_is_named_by_verify(build, runner):
    _events(5, build)
    target = db.session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id)).all()[3]
    db.session.execute(sa.update(AuditEvent.__table__).where(AuditEvent.__table__.c.id == target)
                       .values(after={"i": 999}))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"broken at event {target}" in result.output


def test_deleting_an_event_in_the_middle_breaks_the_link(build, ctx):
    _events(4, build)
    ids = db.session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id)).all()
    db.session.execute(sa.delete(AuditEvent.__table__).where(AuditEvent.__table__.c.id == ids[2]))
    db.session.commit()
    report = audit.verify_chain()
    assert not report.intact and report.broken_event_id == ids[3]


def test_events_cannot_be_changed_through_the_orm(build, ctx):
    _events(1, build)
    event = db.session.scalars(sa.select(AuditEvent)).first()
    event.action = "rewritten"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_event_records_actor_before_and_after(build, ctx):
    actor = build.user()
    study = build.study()
    event = audit.record(actor, "study.rename", study, before={"title": "A"}, after={"title": "Б"})
    assert (event.actor_id, event.study_id, event.entity_type) == (actor.id, study.id, "studies")
    assert event.before == {"title": "A"} and event.after == {"title": "Б"}


def test_reviewer_reads_the_trail_without_contact_details(build, login):
    team = build.team()
    audit.record(team["coordinator"], "participant.update", team["study"], entity_type="participants",
                 entity_id=7, before={"email": "old@test.example"}, after={"email": "new@test.example"})
    db.session.commit()
    page = login(team["reviewer"]).get(f"/studies/{team['study'].id}/audit").get_data(as_text=True)
    assert "edited the details of" in page and "new@test.example" not in page
    coordinator_page = login(team["coordinator"]).get(f"/studies/{team['study'].id}/audit").get_data(as_text=True)
    assert "new@test.example" in coordinator_page
    assert login(team["fieldworker"]).get(f"/studies/{team['study'].id}/audit").status_code == 403
