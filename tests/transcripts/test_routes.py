"""Transcript pages: upload, permissions, mapping, review and approval over HTTP."""
import io

import pytest
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.transcripts import review
from app.transcripts.models import Decision, Transcript, TranscriptSpan, TranscriptStatus
from tests.transcripts.conftest import TRANSCRIPT, map_all, preview_form, upload


def _url(world, suffix=""):
    return f"/studies/{world['study'].id}/transcripts/{suffix}"


def _post_file(client, world, data, name="fg01.txt"):
    return client.post(_url(world, "new"), data={
        "session_id": str(world["session"].id), "language": "auto",
        "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_fieldworker_uploads_and_is_asked_to_map_speakers(world, login):
    client = login(world["fieldworker"])
    preview = _post_file(client, world, TRANSCRIPT.encode("utf-16"))
    assert preview.status_code == 200 and _count(Transcript) == 0  # a preview first
    response = client.post(_url(world, "new/preview"), data=preview_form(preview, action="store",
                                                                         clear_mapping=True))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Transcript uploaded: 4 turns." in page
    assert "Not mapped: Модератор, Айгерим, John." in page
    assert "акимате района Тестовый" in page
    assert _count(Transcript) == 1


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.txt", "The file is empty."),
    (bytes(range(256)) * 8, "binary.txt", "not text Dala can read"),
    (b"hello", "notes.pdf", ".txt, .docx, .vtt or .srt")])
def test_bad_upload_rerenders_with_the_reason_and_stores_nothing(world, login, data, name, message):
    response = _post_file(login(world["fieldworker"]), world, data, name)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(Transcript) == 0


def test_fieldworker_cannot_upload_to_someone_elses_session(world, login):
    response = _post_file(login(world["other_fieldworker"]), world, TRANSCRIPT.encode())
    assert response.status_code == 200 and _count(Transcript) == 0


def test_raw_text_is_for_the_sessions_fieldworkers_and_coordinators_only(world, login):
    t = upload(world)
    db.session.commit()
    url = _url(world, str(t.id))
    assert login(world["fieldworker"]).get(url).status_code == 200
    assert login(world["coordinator"]).get(url).status_code == 200
    assert login(world["other_fieldworker"]).get(url).status_code == 403
    reviewer = login(world["reviewer"])
    assert reviewer.get(url).status_code == 403
    assert reviewer.get(_url(world)).status_code == 403
    assert reviewer.post(_url(world, f"{t.id}/approve")).status_code == 403
    assert "Айгерим" not in reviewer.get(url).get_data(as_text=True)


def test_list_shows_only_own_sessions_to_fieldworkers(world, login):
    upload(world)
    db.session.commit()
    assert "FG-01" in login(world["fieldworker"]).get(_url(world)).get_data(as_text=True)
    assert "FG-01" not in login(world["other_fieldworker"]).get(_url(world)).get_data(as_text=True)
    assert "FG-01" in login(world["coordinator"]).get(_url(world)).get_data(as_text=True)


def test_navigation_shows_transcripts_to_staff_only(world, login):
    dashboard = f"/studies/{world['study'].id}/"
    assert "Transcripts" in login(world["fieldworker"]).get(dashboard).get_data(as_text=True)
    assert "Transcripts" not in login(world["reviewer"]).get(dashboard).get_data(as_text=True)


def test_map_review_and_approve_over_http(world, login):
    t = upload(world)
    db.session.commit()
    client = login(world["fieldworker"])
    speakers = {s.label: s.id for s in t.speakers}
    response = client.post(_url(world, f"{t.id}/speakers"), data={
        f"speaker-{speakers['Модератор']}": f"u:{world['fieldworker'].id}",
        f"speaker-{speakers['Айгерим']}": f"p:{world['aigerim'].id}",
        f"speaker-{speakers['John']}": f"p:{world['john'].id}"}, follow_redirects=True)
    assert "spans found for review" in response.get_data(as_text=True)
    spans = db.session.scalars(sa.select(TranscriptSpan).where(TranscriptSpan.transcript_id == t.id)).all()
    first, rest = spans[0], spans[1:]
    response = client.post(_url(world, f"{t.id}/approve"), follow_redirects=True)
    assert "not reviewed yet" in response.get_data(as_text=True)
    response = client.post(_url(world, f"{t.id}/spans/{first.id}/decide"), data={"action": "reject"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#span-{rest[0].id}")
    response = client.post(_url(world, f"{t.id}/spans/add"), data={
        "add-text": "Добрый день", "add-category": "other"}, follow_redirects=True)
    assert "1 span added." in response.get_data(as_text=True)
    for span in rest:
        client.post(_url(world, f"{t.id}/spans/{span.id}/decide"), data={"action": "accept"})
    response = client.post(_url(world, f"{t.id}/approve"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Transcript approved" in page and "[OTHER-1]" in page
    db.session.expire_all()
    assert db.session.get(Transcript, t.id).status == TranscriptStatus.APPROVED


def test_add_span_with_unknown_text_shows_an_inline_error(world, login):
    t = upload(world)
    map_all(world, t)
    db.session.commit()
    response = login(world["fieldworker"]).post(_url(world, f"{t.id}/spans/add"), data={
        "add-text": "Нет такого", "add-category": "person"})
    assert response.status_code == 200
    assert "This text does not occur in the transcript." in response.get_data(as_text=True)


def test_add_span_by_selection_offsets_and_edit(world, login):
    t = upload(world)
    map_all(world, t)
    db.session.commit()
    client = login(world["fieldworker"])
    start = t.raw_text.index("Расскажите")
    client.post(_url(world, f"{t.id}/spans/add"), data={
        "add-start": start, "add-end": start + 10, "add-text": "Расскажите", "add-category": "date"})
    span = db.session.scalar(sa.select(TranscriptSpan).where(TranscriptSpan.source == "user"))
    assert (span.start, span.end, span.decision) == (start, start + 10, Decision.ACCEPTED)
    edit = _url(world, f"{t.id}/spans/{span.id}/edit")
    assert "Расскажите" in client.get(edit).get_data(as_text=True)
    response = client.post(edit, data={"category": "other", "start": start, "end": start + 999})
    assert response.status_code == 200
    assert "outside the transcript text" in response.get_data(as_text=True)
    client.post(edit, data={"category": "other", "start": start, "end": start + 3})
    db.session.refresh(span)
    assert span.category.value == "other" and span.end == start + 3


def test_span_of_another_transcript_is_404(world, login):
    t1, t2 = upload(world), upload(world, text="Модератор: другой текст про Айгерим Сапарову.\n")
    map_all(world, t1)
    map_all(world, t2)
    db.session.commit()
    other = review.load_spans(t2)[0]
    response = login(world["fieldworker"]).post(_url(world, f"{t1.id}/spans/{other.id}/decide"),
                                                data={"action": "accept"})
    assert response.status_code == 404


def test_review_page_has_no_inline_script_or_style(world, login):
    t = upload(world)
    map_all(world, t)
    db.session.commit()
    page = login(world["fieldworker"]).get(_url(world, str(t.id))).get_data(as_text=True)
    assert "<script>" not in page and 'style="' not in page and "onclick" not in page
    assert 'class="span cat-' in page and "js/review.js" in page


def test_key_is_for_coordinators(world, login):
    t = upload(world)
    map_all(world, t)
    db.session.commit()
    assert "Айгерим Сапарова" in login(world["coordinator"]).get(_url(world, "key")).get_data(as_text=True)
    assert login(world["fieldworker"]).get(_url(world, "key")).status_code == 403
    assert login(world["reviewer"]).get(_url(world, "key.csv")).status_code == 403
    response = login(world["coordinator"]).get(_url(world, "key.csv"))
    body = response.get_data().decode("utf-8-sig")
    assert body.startswith("category,category_code,name,pseudonym") and "Person,person,Айгерим Сапарова,P01" in body
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "key.download"))


def test_flask_anonymise_command_is_registered(runner):
    result = runner.invoke(args=["anonymise", "--help"])
    assert result.exit_code == 0 and "detect" in result.output


def test_reviewer_reads_the_audit_trail_without_raw_text_or_names(world, login):
    t = upload(world)
    map_all(world, t)
    for span in review.load_spans(t):
        review.decide(t, span, Decision.ACCEPTED, world["fieldworker"])
    db.session.commit()
    trail = login(world["reviewer"]).get(f"/studies/{world['study'].id}/audit").get_data(as_text=True)
    assert "transcript.span.accepted" in trail and "key.add" in trail
    for secret in ("Айгерим", "Сапаров", "701 123", "peter.hughes", "Peter Hughes"):
        assert secret not in trail


def test_a_concurrent_change_is_refused_with_a_message(world, login, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    from app.transcripts import routes

    t = upload(world)
    map_all(world, t)
    db.session.commit()
    span = review.load_spans(t)[0]

    def clash(*args, **kwargs):
        raise StaleDataError("row changed by another session")

    monkeypatch.setattr(routes.reviewing, "decide", clash)
    response = login(world["fieldworker"]).post(_url(world, f"{t.id}/spans/{span.id}/decide"),
                                                data={"action": "reject"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Someone else changed this transcript at the same moment" in response.get_data(as_text=True)
    db.session.refresh(span)
    assert span.decision == Decision.PENDING
