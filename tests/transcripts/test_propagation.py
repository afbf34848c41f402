"""Propagation in the review: a name found once is proposed everywhere else in the study."""
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.transcripts import review, services
from app.transcripts.models import Decision, SpanCategory, TranscriptStatus
from tests.transcripts.conftest import add_session, upload

TEXT = (
    "Модератор: Кто ещё работал с вами?\n"
    "Айгерим: Бекзат Нуров, наш юрист. Я звонила Бекзату вчера.\n"
    "John: Yes, Bekzat Nurov called me. Nurov is fine.\n"
    "Айгерим: С Нуровым всё хорошо.\n"
)
LATER = (
    "Модератор: Что было дальше?\n"
    "Айгерим: Документы подписал Нуров, а Бекзатқа мы хат жаздық.\n"
)


def _start(world, text, session=None):
    """Upload and map the speakers; detection without the statistical models, so that only
    the roster, the patterns and propagation mark names."""
    t = upload(world, text=text, session=session)
    who = {"Модератор": f"u:{world['fieldworker'].id}", "Айгерим": f"p:{world['aigerim'].id}",
           "John": f"p:{world['john'].id}"}
    services.map_speakers(t, {s.id: who.get(s.label, "") for s in t.speakers},
                          world["fieldworker"], ner=False)
    db.session.flush()
    return t


def _pending(t):
    return sorted(t.raw_text[s.start:s.end] for s in review.load_spans(t)
                  if s.decision == Decision.PENDING and s.source == "propagated")


def test_an_added_name_is_proposed_in_every_form_in_this_and_other_transcripts(world, build):
    first = _start(world, TEXT)
    other_session = add_session(world["study"], world["fieldworker"],
                                [world["aigerim"], world["john"]], code="FG-02")
    second = _start(world, LATER, session=other_session)
    assert _pending(first) == [] and _pending(second) == []

    review.add_span(first, SpanCategory.PERSON, world["fieldworker"], text="Бекзат Нуров")

    assert _pending(first) == ["Bekzat Nurov", "Nurov", "Бекзату", "Нуровым"]
    assert _pending(second) == ["Бекзатқа", "Нуров"]
    spans = [s for s in review.load_spans(second) if s.source == "propagated"]
    assert {s.entity for s in spans} == {"Бекзат Нуров"}
    assert {s.category for s in spans} == {SpanCategory.PERSON}
    events = db.session.query(AuditEvent).filter(AuditEvent.action == "transcript.propose").all()
    assert len(events) == 2


def test_accepting_a_detected_name_proposes_its_other_forms(world):
    t = _start(world, "Айгерим: Меня зовут Айгерим Сапарова. Сапаровой звонили.\n"
                      "John: Aigerim Saparova, yes.\n")
    # the roster already finds all three; a proposal never doubles an existing span
    before = len(review.load_spans(t))
    for span in review.load_spans(t):
        review.decide(t, span, Decision.ACCEPTED, world["fieldworker"])
    assert len(review.load_spans(t)) == before


def test_a_name_on_the_key_from_an_approved_transcript_is_proposed_in_a_new_one(world):
    first = _start(world, TEXT)
    review.add_span(first, SpanCategory.PERSON, world["fieldworker"], text="Бекзат Нуров")
    for span in review.load_spans(first):
        if span.decision == Decision.PENDING:
            review.decide(first, span, Decision.ACCEPTED, world["fieldworker"])
    services.approve(first, world["fieldworker"])
    assert first.status == TranscriptStatus.APPROVED

    other_session = add_session(world["study"], world["fieldworker"],
                                [world["aigerim"], world["john"]], code="FG-03")
    later = _start(world, LATER, session=other_session)
    assert _pending(later) == ["Бекзатқа", "Нуров"]
