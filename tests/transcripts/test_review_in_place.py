"""Issue 15: review decisions by fetch (JSON with the CSRF header) and the shortcuts setting."""
import sqlalchemy as sa

from app.auth.models import User
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.transcripts.models import Decision, TranscriptSpan
from tests.transcripts.conftest import map_all, upload

JSON = {"Accept": "application/json"}


def _reviewing(world):
    transcript = upload(world)
    map_all(world, transcript)
    db.session.commit()
    spans = db.session.scalars(sa.select(TranscriptSpan).where(TranscriptSpan.transcript_id == transcript.id)
                               .order_by(TranscriptSpan.start, TranscriptSpan.id)).all()
    return transcript, spans


def _decide(client, world, transcript, span, **data):
    return client.post(f"/studies/{world['study'].id}/transcripts/{transcript.id}/spans/{span.id}/decide",
                       data=data, headers=JSON)


def test_a_decision_by_fetch_answers_what_the_page_needs(world, login):
    transcript, spans = _reviewing(world)
    client = login(world["fieldworker"])
    response = _decide(client, world, transcript, spans[0], action="accept", version=spans[0].version)
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert data["ok"] and data["decided"][0]["id"] == spans[0].id and data["decided"][0]["decision"] == "accepted"
    assert data["next"] == spans[1].id and data["pending"] == len(spans) - 1
    assert data["message"].startswith("Accepted: ")
    db.session.expire_all()
    assert db.session.get(TranscriptSpan, spans[0].id).decision == Decision.ACCEPTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "transcript.span.accepted")) == 1
    # the version sent back is the one the next decision on this span must carry
    again = _decide(client, world, transcript, spans[0], action="reject", version=data["decided"][0]["version"])
    assert again.get_json()["ok"]


def test_a_stale_decision_by_fetch_is_refused_and_changes_nothing(world, login):
    transcript, spans = _reviewing(world)
    client = login(world["fieldworker"])
    old = spans[0].version
    _decide(client, world, transcript, spans[0], action="accept", version=old)
    refused = _decide(client, world, transcript, spans[0], action="reject", version=old)
    assert refused.status_code == 409 and not refused.get_json()["ok"]
    db.session.expire_all()
    assert db.session.get(TranscriptSpan, spans[0].id).decision == Decision.ACCEPTED


def test_without_the_csrf_token_a_fetch_is_refused(world, app, login):
    transcript, spans = _reviewing(world)
    client = login(world["fieldworker"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _decide(client, world, transcript, spans[0], action="accept")
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(TranscriptSpan, spans[0].id).decision == Decision.PENDING


def test_the_shortcuts_can_be_switched_off_and_the_page_says_so(world, login):
    transcript, _spans = _reviewing(world)
    client = login(world["fieldworker"])
    page = client.get(f"/studies/{world['study'].id}/transcripts/{transcript.id}").get_data(as_text=True)
    assert 'data-shortcuts="on"' in page and 'tabindex="0" class="span' in page
    client.post("/account/preferences", data={})  # the box unchecked
    db.session.expire_all()
    assert db.session.get(User, world["fieldworker"].id).review_shortcuts is False
    page = client.get(f"/studies/{world['study'].id}/transcripts/{transcript.id}").get_data(as_text=True)
    assert 'data-shortcuts="off"' in page and "Switch the single-key shortcuts on" in page
