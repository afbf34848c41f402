"""Lines without a speaker: shown, assigned or marked not speech by a person, and blocking
approval until then; parts of one session; what the upload preview proposes."""
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core import storage
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.fieldwork.models import Attendance, SessionParticipant
from app.recruitment.models import Participant
from app.studies.models import Role
from app.transcripts import review, services
from app.transcripts.models import Decision, Transcript, TranscriptStatus, TurnKind
from tests.transcripts import layout_files
from tests.transcripts.conftest import add_session, map_all

TEXT = ("Дата: 01.05.2026\n\n"
        "Модератор: Добрый день.\n"
        "Айгерим: Я работаю в акимате.\n\n"
        "Реплика, которую никто не подписал.\n\n"
        "John: Hello.\n")


def _upload(world, text=TEXT, name="fg.txt", **kwargs):
    return services.upload_transcript(world["session"], name, text.encode(), "ru", world["fieldworker"],
                                      max_bytes=1 << 20, ner=False, **kwargs)


def _accept_all(transcript, actor):
    for span in review.load_spans(transcript):
        if span.decision == Decision.PENDING:
            review.decide(transcript, span, Decision.ACCEPTED, actor)


def test_an_unattributed_line_blocks_approval_until_it_is_assigned(world):
    t = _upload(world)
    assert [(turn.kind.value, turn.speaker.label if turn.speaker else None) for turn in t.turns] == [
        ("not_speech", None), ("speech", "Модератор"), ("speech", "Айгерим"), ("unattributed", None),
        ("speech", "John")]
    map_all(world, t)
    _accept_all(t, world["fieldworker"])
    with pytest.raises(services.TranscriptError, match="1 line has no speaker"):
        services.approve(t, world["fieldworker"])
    assert t.status == TranscriptStatus.IN_REVIEW and t.anonymised_text is None

    loose = services.unattributed_turns(t)[0]
    aigerim = next(s for s in t.speakers if s.label == "Айгерим")
    assert services.assign_turns(t, {loose.id: f"s:{aigerim.id}"}, world["fieldworker"]) == 1
    assert loose.kind == TurnKind.SPEECH and loose.speaker is aigerim
    services.approve(t, world["fieldworker"])
    assert t.status == TranscriptStatus.APPROVED
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "transcript.turn.assign"))
    assert event.after["speaker"] == "Айгерим"


def test_a_line_can_be_marked_not_speech_or_given_to_a_person_of_the_session(world):
    t = _upload(world)
    loose = services.unattributed_turns(t)[0]
    services.assign_turns(t, {loose.id: services.NOT_SPEECH}, world["fieldworker"])
    assert loose.kind == TurnKind.NOT_SPEECH and services.unattributed_turns(t) == []
    services.assign_turns(t, {loose.id: f"u:{world['fieldworker'].id}"}, world["fieldworker"])
    assert loose.speaker.user_id == world["fieldworker"].id and loose.kind == TurnKind.SPEECH


def test_assigning_refuses_a_stranger_and_a_turn_that_has_a_speaker(world, build):
    t = _upload(world)
    loose = services.unattributed_turns(t)[0]
    stranger = Participant(study_id=world["study"].id, name="Чужой Человек", pseudonym="P99")
    db.session.add(stranger)
    db.session.commit()
    with pytest.raises(services.TranscriptError, match="person of this session"):
        services.assign_turns(t, {loose.id: f"p:{stranger.id}"}, world["fieldworker"])
    spoken = t.turns[1]
    with pytest.raises(services.TranscriptError, match="without a speaker"):
        services.assign_turns(t, {spoken.id: services.NOT_SPEECH}, world["fieldworker"])
    assert loose.kind == TurnKind.UNATTRIBUTED and spoken.speaker.label == "Модератор"


def test_a_label_that_names_no_one_can_be_marked_not_a_speaker(world):
    t = _upload(world, "Примечание: запись началась позже.\nМодератор: Начнём.\nМодератор: Итак.\n")
    note = next(s for s in t.speakers if s.label == "Примечание")
    moderator = next(s for s in t.speakers if s.label == "Модератор")
    services.map_speakers(t, {note.id: services.NOT_SPEECH, moderator.id: f"u:{world['fieldworker'].id}"},
                          world["fieldworker"], ner=False)
    assert [s.label for s in t.speakers] == ["Модератор"]
    assert t.turns[0].kind == TurnKind.NOT_SPEECH and t.status == TranscriptStatus.IN_REVIEW


def test_no_show_participants_are_not_offered(world):
    row = db.session.scalar(sa.select(SessionParticipant).where(
        SessionParticipant.session_id == world["session"].id,
        SessionParticipant.participant_id == world["john"].id))
    row.attendance = Attendance.NO_SHOW
    db.session.commit()
    choices = dict(services.speaker_choices(world["session"]))
    assert f"p:{world['aigerim'].id}" in choices and f"p:{world['john'].id}" not in choices


def test_future_sessions_are_not_offered_and_refuse_an_upload(world):
    future = add_session(world["study"], world["fieldworker"], [], code="FG-09")
    future.starts_at = datetime.now() + timedelta(days=3)
    future.ends_at = future.starts_at + timedelta(hours=2)
    db.session.commit()
    offered = services.sessions_for(world["fieldworker"], Role.FIELDWORKER, world["study"])
    assert world["session"] in offered and future not in offered
    with pytest.raises(services.TranscriptError, match="not taken place"):
        services.upload_transcript(future, "a.txt", b"A: b\n", "ru", world["fieldworker"], max_bytes=1 << 20)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Transcript)) == 0


def test_two_transcripts_of_one_session_are_parts_one_and_two(world):
    first = _upload(world)
    second = _upload(world, part_label="вторая запись")
    db.session.commit()
    assert (first.part, second.part) == (1, 2)
    assert (first.reference, second.reference) == ("FG-01", "FG-01-part2")
    assert second.part_label == "вторая запись"


def test_the_preview_stores_nothing_and_proposes_matching_people(world):
    text = ("Модератор: Начнём.\nАйгерим С.: Я из акимата.\nJohn Miller: Hello there, everyone.\n"
            "Модератор: Спасибо.\n\nНикем не подписано.\n")
    preview = services.preview_upload(world["session"], "fg.txt", text.encode(), max_bytes=1 << 20)
    assert preview.parsed.layout == "dala" and preview.part == 1
    rows = {s.label: (s.turns, s.first_words, s.suggestion) for s in preview.speakers}
    assert rows == {"Модератор": (2, "Начнём.", ""),
                    "Айгерим С.": (1, "Я из акимата.", f"p:{world['aigerim'].id}"),
                    "John Miller": (1, "Hello there, everyone.", f"p:{world['john'].id}")}
    assert len(preview.parsed.unattributed) == 1
    assert list(storage.current().keys("transcripts")) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Transcript)) == 0


def test_a_confirmed_mapping_is_applied_at_upload(world):
    _name, data, _expected = layout_files.otter_txt()
    mapping = {"Ainur Testova": f"u:{world['fieldworker'].id}", "Marat Fictional": f"p:{world['aigerim'].id}"}
    t = services.upload_transcript(world["session"], "otter.txt", data, "en", world["fieldworker"],
                                   max_bytes=1 << 20, ner=False, mapping=mapping)
    assert t.layout == "otter" and t.status == TranscriptStatus.IN_REVIEW
    assert {s.label: s.participant_id or s.user_id for s in t.speakers} == {
        "Ainur Testova": world["fieldworker"].id, "Marat Fictional": world["aigerim"].id}
    assert len(services.unattributed_turns(t)) == 1


def test_a_run_of_paragraphs_can_follow_the_speaker_before_them(world):
    """A Word document's further paragraphs of one answer: the uploader says whose they are."""
    t = _upload(world, "Айгерим: Первый абзац ответа.\n\nВторой абзац.\n\nТретий абзац.\n\n"
                       "Модератор: Спасибо.\n")
    first, second = services.unattributed_turns(t)
    services.assign_turns(t, {second.id: services.SAME_AS_BEFORE, first.id: services.SAME_AS_BEFORE},
                          world["fieldworker"])
    assert first.speaker.label == second.speaker.label == "Айгерим"


def test_the_speaker_before_needs_a_line_with_a_speaker_before(world):
    t = _upload(world, "Без подписи в начале.\n\nАйгерим: Ответ.\nМодератор: Вопрос.\n")
    loose = services.unattributed_turns(t)[0]
    with pytest.raises(services.TranscriptError, match="No line before"):
        services.assign_turns(t, {loose.id: services.SAME_AS_BEFORE}, world["fieldworker"])
    assert loose.kind == TurnKind.UNATTRIBUTED
