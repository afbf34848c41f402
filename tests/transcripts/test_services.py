"""Upload, speaker mapping, detection, review and approval without HTTP."""
import hashlib

import pytest

from app.core import policy
import sqlalchemy as sa

from app.core import storage
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.studies.models import Role
from app.transcripts import keys, review, services
from app.transcripts.models import (Decision, SpanCategory, Transcript,
                                    TranscriptStatus)
from tests.transcripts.conftest import TRANSCRIPT, add_session, map_all, upload


def _text(t, span):
    return t.raw_text[span.start:span.end]


def _decide_all(transcript, actor, decision=Decision.ACCEPTED):
    for span in review.load_spans(transcript):
        if span.decision == Decision.PENDING:
            review.decide(transcript, span, decision, actor)


def test_upload_stores_the_file_by_hash_and_the_turns(world):
    t = upload(world)
    assert t.file_sha256 == hashlib.sha256(TRANSCRIPT.encode()).hexdigest()
    assert storage.current().read_bytes("transcripts", t.file_sha256) == TRANSCRIPT.encode()
    assert t.status == TranscriptStatus.RAW and t.language in ("ru", "mixed")
    assert [s.label for s in t.speakers] == ["Модератор", "Айгерим", "John"]
    assert [t.raw_text[turn.start:turn.end][:5] for turn in t.turns] == ["Добры", "Я раб", "Hello", "Ещё з"]
    assert t.turns[3].speaker.label == "Айгерим"
    assert "Модератор" not in t.raw_text  # labels are mapped, not part of the text


def test_cp1251_upload_is_read_correctly(world):
    t = upload(world, encoding="cp1251")
    assert t.encoding == "cp1251" and "акимате района Тестовый" in t.raw_text


@pytest.mark.parametrize("data, name, message", [
    (b"", "a.txt", "empty"), (bytes(range(256)) * 8, "a.txt", "not text"),
    (b"x", "a.pdf", ".txt"), (b"not a zip", "a.docx", "Word")])
def test_unreadable_upload_stores_nothing(world, data, name, message):
    with pytest.raises(services.TranscriptError, match=message):
        services.upload_transcript(world["session"], name, data, "auto", world["fieldworker"],
                                   max_bytes=1024 * 1024)
    assert list(storage.current().keys("transcripts")) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Transcript)) == 0


def test_too_large_upload_is_refused(world):
    with pytest.raises(services.TranscriptError, match="larger"):
        services.upload_transcript(world["session"], "a.txt", b"a: b\n" * 1000, "auto",
                                   world["fieldworker"], max_bytes=100)
    assert list(storage.current().keys("transcripts")) == []


def test_unmapped_speaker_blocks_review_and_approval(world):
    t = upload(world)
    services.map_speakers(t, {t.speakers[0].id: f"u:{world['fieldworker'].id}"}, world["fieldworker"])
    assert t.status == TranscriptStatus.RAW and services.unmapped_labels(t) == ["Айгерим", "John"]
    with pytest.raises(services.TranscriptError, match="Айгерим, John"):
        services.approve(t, world["fieldworker"])
    assert t.status == TranscriptStatus.RAW and t.anonymised_text is None


def test_a_speaker_must_be_someone_of_the_session(world, build):
    t = upload(world)
    with pytest.raises(services.TranscriptError, match="this session"):
        services.map_speakers(t, {t.speakers[0].id: f"u:{world['reviewer'].id}"}, world["fieldworker"])


def test_mapping_every_speaker_runs_detection(world):
    t = upload(world)
    map_all(world, t)
    assert t.status == TranscriptStatus.IN_REVIEW
    found = {(_text(t, s), s.category) for s in review.load_spans(t)}
    assert ("акимате района Тестовый", SpanCategory.ORGANISATION) in found
    assert ("+7 701 123 45 67", SpanCategory.CONTACT) in found
    assert ("peter.hughes@example.org", SpanCategory.CONTACT) in found
    assert ("Айгерим Сапарову", SpanCategory.PERSON) in found
    assert ("John Miller", SpanCategory.PERSON) in found


def test_approval_only_when_every_span_is_reviewed(world):
    t = upload(world)
    map_all(world, t)
    spans = review.load_spans(t)
    review.decide(t, spans[0], Decision.ACCEPTED, world["fieldworker"])
    with pytest.raises(services.TranscriptError, match="not reviewed"):
        services.approve(t, world["fieldworker"])
    _decide_all(t, world["fieldworker"])
    services.approve(t, world["fieldworker"])
    assert t.status == TranscriptStatus.APPROVED
    assert "Сапаров" not in t.anonymised_text and "+7 701" not in t.anonymised_text
    assert "[P01]" in t.anonymised_text and "[LA-01]" in t.anonymised_text
    staff = keys.speaker_pseudonyms(world["study"], keys.key_entries(world["study"]))
    assert t.anonymised_text.startswith(f"{staff[('u', world['fieldworker'].id)]}: Добрый день!")
    assert "\n\nP02: Hello, I am [P02]." in t.anonymised_text
    assert t.turns[2].anonymised_text.startswith("Hello, I am [P02].")
    assert t.replacement_counts["person"] >= 3 and t.replacement_counts["contact"] == 2
    code = world["session"].code
    assert services.approved_transcripts_of(world["study"], [world["aigerim"].id, world["john"].id]) == {
        world["aigerim"].id: [(t.id, code)], world["john"].id: [(t.id, code)]}
    assert services.approved_transcripts_of(world["study"], [world["john"].id]) == {world["john"].id: [(t.id, code)]}


def test_rejected_and_added_spans_shape_the_result(world):
    t = upload(world)
    map_all(world, t)
    phone = next(s for s in review.load_spans(t) if _text(t, s).startswith("+7"))
    review.decide(t, phone, Decision.REJECTED, world["fieldworker"])
    added = review.add_span(t, SpanCategory.OTHER, world["fieldworker"], text="Добрый день")
    assert [_text(t, s) for s in added] == ["Добрый день"]
    _decide_all(t, world["fieldworker"])
    services.approve(t, world["fieldworker"])
    assert "+7 701 123 45 67" in t.anonymised_text and "Добрый день" not in t.anonymised_text


def test_add_span_by_offsets_supersedes_overlapping_spans(world):
    t = upload(world)
    map_all(world, t)
    start = t.raw_text.index("Ерлан Сапаров")
    added = review.add_span(t, SpanCategory.PERSON, world["fieldworker"], start=start - 1,
                            end=start + len("Ерлан Сапаров, он"))
    assert _text(t, added[0]) == "Ерлан Сапаров, он"
    overlapping = [s for s in review.load_spans(t) if s.start < added[0].end and s.end > added[0].start]
    assert overlapping == added
    with pytest.raises(services.TranscriptError, match="does not occur"):
        review.add_span(t, SpanCategory.PERSON, world["fieldworker"], text="Никто Нигде")


def test_decision_for_every_occurrence_and_edit(world):
    text = "Модератор: Ассем пришла.\nАйгерим: Да, Ассем пришла, и ассем тоже.\n"
    t = upload(world, text=text)
    map_all(world, t)
    added = review.add_span(t, SpanCategory.PERSON, world["fieldworker"], text="Ассем", everywhere=True)
    assert len(added) == 3
    review.decide(t, added[0], Decision.REJECTED, world["fieldworker"], everywhere=True)
    assert {s.decision for s in review.load_spans(t) if _text(t, s).lower() == "ассем"} == {Decision.REJECTED}
    span = added[1]
    review.edit_span(t, span, SpanCategory.OTHER, span.start, span.end + len(" пришла"), world["fieldworker"])
    assert _text(t, span) == "Ассем пришла" and span.decision == Decision.ACCEPTED
    with pytest.raises(services.TranscriptError, match="overlap"):
        review.edit_span(t, added[2], SpanCategory.PERSON, span.start, added[2].end, world["fieldworker"])


def test_pseudonyms_are_stable_across_transcripts(world):
    first = upload(world)
    map_all(world, first)
    _decide_all(first, world["fieldworker"])
    services.approve(first, world["fieldworker"])
    session2 = add_session(world["study"], world["fieldworker"], [world["aigerim"], world["john"]], "FG-02")
    second = upload(world, session=session2, text=(
        "Модератор: Кто такой Ерлан Сапаров?\nАйгерим: Ерлан Сапаров из акимата района Тестовый; "
        "да.\nJohn: Yes, and Peter Hughes was there.\n"))
    map_all(world, second)
    _decide_all(second, world["fieldworker"])
    services.approve(second, world["fieldworker"])
    key = {e.name: e.pseudonym for e in keys.key_entries(world["study"])
           if e.category == SpanCategory.PERSON}
    erlan, peter = key["Ерлан Сапаров"], key["Peter Hughes"]
    assert erlan.startswith("PERSON-") and peter.startswith("PERSON-") and erlan != peter
    for t in (first, second):
        assert f"[{erlan}]" in t.anonymised_text and f"[{peter}]" in t.anonymised_text
    assert second.anonymised_text.count(f"[{erlan}]") == 2
    names = [e.name for e in keys.key_entries(world["study"])]
    assert len(names) == len(set(names))  # nothing registered twice


def test_every_decision_is_audited(world):
    t = upload(world)
    map_all(world, t)
    _decide_all(t, world["fieldworker"])
    services.approve(t, world["fieldworker"])
    actions = list(db.session.scalars(sa.select(AuditEvent.action)))
    spans = len(review.load_spans(t))
    assert actions.count("transcript.span.accepted") == spans
    for action in ("transcript.upload", "transcript.speaker", "transcript.detect",
                   "transcript.approve", "key.add"):
        assert action in actions


def test_review_is_closed_after_approval(world):
    t = upload(world)
    map_all(world, t)
    _decide_all(t, world["fieldworker"])
    services.approve(t, world["fieldworker"])
    with pytest.raises(services.TranscriptError, match="approved"):
        review.decide(t, review.load_spans(t)[0], Decision.REJECTED, world["fieldworker"])


def test_who_sees_raw_text(world):
    t = upload(world)
    sees_raw = lambda user, role: policy.allows(role, "raw_transcripts.view", user, t)  # noqa: E731
    assert sees_raw(world["fieldworker"], Role.FIELDWORKER)
    assert sees_raw(world["coordinator"], Role.COORDINATOR)
    assert not sees_raw(world["other_fieldworker"], Role.FIELDWORKER)
    assert not sees_raw(world["reviewer"], Role.ETHICS_REVIEWER)


def test_approval_of_a_stale_page_is_refused(world):
    t = upload(world)
    map_all(world, t)
    db.session.flush()
    seen = t.version
    _decide_all(t, world["fieldworker"])
    db.session.flush()
    with pytest.raises(services.TranscriptError, match="changed while you were reading"):
        services.approve(t, world["coordinator"], seen_version=seen)
    services.approve(t, world["coordinator"], seen_version=t.version)
    assert t.status == TranscriptStatus.APPROVED
