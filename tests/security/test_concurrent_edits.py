"""Two people edit one record: the second save is refused, shows what changed, keeps its input."""
import html

import pytest
import sqlalchemy as sa

from app.core import concurrency
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.fieldwork.models import FieldSession
from app.instruments.models import AnswerSet, Question, Section
from app.recruitment.models import Participant
from app.transcripts.models import TranscriptSpan
from tests.recruitment import factories as make
from tests.security.edits import events, guard_of


def _both_open(pair, login, path):
    first, second = login(pair["coordinator"]), login(pair["second"])
    return first, guard_of(first.get(path).get_data(as_text=True)), \
        second, guard_of(second.get(path).get_data(as_text=True))


def test_second_participant_save_is_refused_with_the_changed_fields(pair, login):
    person = make.participant(pair["study"], pair["coordinator"], "Асель Вымышленная",
                              position="Методист", phone="+7 700 000 0001")
    path = f"/studies/{pair['study'].id}/participants/{person.id}/edit"
    first, first_guard, second, second_guard = _both_open(pair, login, path)
    base = {"name": "Асель Вымышленная", "languages": ["ru"], "gender": "", "organisation_id": "",
            "referred_by_id": ""}
    saved = first.post(path, data={**base, "position": "Завуч", "phone": "+7 700 000 0002", **first_guard})
    assert saved.status_code == 302
    refused = second.post(path, data={**base, "position": "Директор школы", **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "Position" in page and "Завуч" in page and "Методист" in page  # stored now vs. loaded
    assert "+7 700 000 0002" in page and "+7 700 000 0001" in page
    assert 'value="Директор школы"' in page  # the second user's input is kept to merge by hand
    db.session.expire_all()
    stored = db.session.get(Participant, person.id)
    assert (stored.position, stored.phone) == ("Завуч", "+7 700 000 0002")
    assert len(events("participant.update", person.id)) == 1
    merged = guard_of(page)
    assert merged["version"] == str(stored.version)  # saving again after merging goes through
    again = second.post(path, data={**base, "position": "Директор школы", "phone": "+7 700 000 0002", **merged})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, person.id).position == "Директор школы"


def _session_form(pair, starts, people, location="Переговорная 2"):
    return {"type": "focus_group", "starts_at": starts, "ends_at": starts[:-5] + "23:00",
            "location": location, "facilitator_ids": [str(pair["coordinator"].id)],
            "participant_ids": [str(p.id) for p in people]}


def test_second_session_save_is_refused_even_when_only_attendees_changed(pair, login):
    people = [make.participant(pair["study"], pair["coordinator"], f"Тест Участник {n}") for n in range(2)]
    make.consented(pair, people)
    session = make.session(pair["study"], pair["coordinator"], facilitators=[pair["coordinator"]],
                           participants=people[:1])
    path = f"/studies/{pair['study'].id}/sessions/{session.id}/edit"
    first, first_guard, second, second_guard = _both_open(pair, login, path)
    starts = "2031-05-06T10:00"
    assert first.post(path, data={**_session_form(pair, starts, people), **first_guard}).status_code == 302
    refused = second.post(path, data={**_session_form(pair, starts, people[:1], "Кабинет 5"), **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "Participants" in page and 'value="Кабинет 5"' in page
    db.session.expire_all()
    stored = db.session.get(FieldSession, session.id)
    assert stored.location == "Переговорная 2" and len(stored.attendees) == 2
    assert len(events("session.update", session.id)) == 1


def test_only_attendees_changing_moves_the_session_version(pair):
    from app.fieldwork import services as fieldwork
    people = [make.participant(pair["study"], pair["coordinator"], f"Тест Участник {n}") for n in range(2)]
    make.consented(pair, people)
    session = make.session(pair["study"], pair["coordinator"], participants=people[:1])
    version = session.version
    plan = make.plan(starts=session.starts_at, hours=2, participants=people)
    plan.location = session.location
    fieldwork.update_session(session, plan, pair["coordinator"], expected_version=version)
    db.session.commit()
    assert session.version == version + 1


# --- draft instruments: sections, questions, answers -------------------------------------------

def _draft(pair):
    from tests.instruments.conftest import make_instrument
    return make_instrument(pair["study"], questions=[
        {"name": "role", "type": "text", "text": {"en": "Describe your role."}}])


def test_second_section_save_is_refused_with_the_title_now_stored(pair, login):
    version = _draft(pair)
    section = version.sections[0]
    path = f"/studies/{pair['study'].id}/instruments/versions/{version.id}/sections/{section.id}/edit"
    first, first_guard, second, second_guard = _both_open(pair, login, path)
    assert first.post(path, data={"title_en": "Work history", **first_guard}).status_code == 302
    refused = second.post(path, data={"title_en": "Career", **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "Section title" in page and "Work history" in page and "Background" in page
    assert 'value="Career"' in page
    db.session.expire_all()
    assert db.session.get(Section, section.id).title["en"] == "Work history"
    assert len(events("instrument_section.update", section.id)) == 1


def test_second_question_save_is_refused_with_the_text_now_stored(pair, login):
    version = _draft(pair)
    question = version.questions[0]
    path = f"/studies/{pair['study'].id}/instruments/versions/{version.id}/questions/{question.id}/edit"
    first, first_guard, second, second_guard = _both_open(pair, login, path)
    base = {"section": str(question.section_id), "type": "text", "name": "role"}
    assert first.post(path, data={**base, "text_en": "What is your job?", **first_guard}).status_code == 302
    refused = second.post(path, data={**base, "text_en": "Tell me about your position.", **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "Question text" in page and "What is your job?" in page and "Describe your role." in page
    assert "Tell me about your position.</textarea>" in page
    db.session.expire_all()
    assert db.session.get(Question, question.id).text["en"] == "What is your job?"
    assert len(events("instrument_question.update", question.id)) == 1


def test_second_answer_save_is_refused_with_the_answer_now_stored(pair, login):
    from tests.instruments.conftest import approve, make_session
    version = approve(_draft(pair), pair["reviewer"])
    session = make_session(pair["study"], pair["fieldworker"], version)
    attendee = session.attendees[0]
    path = f"/studies/{pair['study'].id}/sessions/{session.id}/answers/{attendee.id}"
    first, first_guard, second, second_guard = _both_open(pair, login, path)
    token = {"csrf_token": ""}
    assert first.post(path, data={"role": "Teacher", "action": "draft", **token, **first_guard}).status_code == 302
    refused = second.post(path, data={"role": "Head teacher", "action": "draft", **token, **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "Describe your role." in page and "Teacher" in page and "Head teacher</textarea>" in page
    db.session.expire_all()
    stored = db.session.scalar(sa.select(AnswerSet))
    assert stored.values == {"role": "Teacher"}
    assert len(events("answers.save", stored.id)) == 1


# --- transcripts under review -------------------------------------------------------------------

def test_second_span_edit_is_refused_and_shows_the_boundaries_now_stored(world, login):
    from app.transcripts import services as transcripts
    from tests.transcripts.conftest import map_all, upload
    transcript = upload(world)
    map_all(world, transcript)
    db.session.commit()
    span = transcripts.load_spans(transcript)[0]
    path = f"/studies/{world['study'].id}/transcripts/{transcript.id}/spans/{span.id}/edit"
    first, second = login(world["coordinator"]), login(world["fieldworker"])
    first_guard = guard_of(first.get(path).get_data(as_text=True))
    second_guard = guard_of(second.get(path).get_data(as_text=True))
    start, end, category = span.start, span.end, span.category.value
    moved = first.post(path, data={"category": category, "start": start, "end": end - 1, **first_guard})
    assert moved.status_code == 302
    refused = second.post(path, data={"category": category, "start": start, "end": end + 0, **second_guard})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else saved this record" in page
    assert "To character" in page and f">{end - 1}<" in page and f">{end}<" in page
    db.session.expire_all()
    assert db.session.get(TranscriptSpan, span.id).end == end - 1
    assert len(events("transcript.span.edit", span.id)) == 1


# --- consent records: immutable, so the race is two corrections of one record -------------------

def test_second_correction_of_one_consent_record_is_refused_with_what_the_first_changed(pair, login):
    from app.consent import services as consent
    from app.consent.models import ConsentRecord
    from tests.builders import today
    from tests.consent.conftest import ConsentBuilder
    cb = ConsentBuilder(None)
    participant = cb.participant(pair["study"])
    version = cb.version(pair["study"], pair["coordinator"])
    old = cb.consent(participant, version, pair["coordinator"], no=("audio",))
    path = (f"/studies/{pair['study'].id}/participants/{participant.id}/consent/new"
            f"?supersedes={old.id}&version={version.id}")
    first, second = login(pair["coordinator"]), login(pair["second"])
    assert first.get(path).status_code == 200 and second.get(path).status_code == 200
    answers = {f"item_{key}": "yes" for key in version.item_keys}
    data = {"consent_date": today().isoformat(), "method": "written", "obtained_by": pair["coordinator"].id, **answers}
    assert first.post(path, data={**data, "reason": "Audio tick misread"}).status_code == 302
    refused = second.post(path, data={**data, "item_audio": "no", "reason": "Date misread"})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and "Someone else corrected this consent record" in page
    assert "Consent method" in page or "written" in page
    assert "Date misread</textarea>" in page  # the input is kept
    current = consent.current_consent(participant)
    assert current.correction_reason == "Audio tick misread" and current.supersedes_id == old.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord)) == 2
    assert len(list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "consent.correct")))) == 1
    assert f"supersedes={current.id}" in page  # saving again corrects the record now current


def test_two_corrections_racing_at_the_database_leave_one(pair):
    """The first check passed for both: the unique `supersedes_id` refuses the second."""
    from app.consent import services as consent
    from tests.builders import today
    from tests.consent.conftest import ConsentBuilder
    cb = ConsentBuilder(None)
    participant = cb.participant(pair["study"])
    version = cb.version(pair["study"], pair["coordinator"])
    old = cb.consent(participant, version, pair["coordinator"])
    answers = {key: True for key in version.item_keys}
    consent.record_consent(participant, version, today(), old.method, pair["coordinator"], answers,
                           pair["coordinator"], supersedes=old, reason="First")
    db.session.flush()
    original, calls = consent.current_consent, []

    def checked_before_the_first_landed(who):
        calls.append(who)
        return old if len(calls) == 1 else original(who)

    consent.current_consent = checked_before_the_first_landed
    try:
        with pytest.raises(concurrency.StaleEdit, match="Someone else corrected"):
            consent.record_consent(participant, version, today(), old.method, pair["second"], answers,
                                   pair["second"], supersedes=old, reason="Second")
    finally:
        consent.current_consent = original


def test_second_decision_on_one_span_is_refused_with_the_decision_now_stored(world, login):
    from app.transcripts import services as transcripts
    from app.transcripts.models import Decision
    from tests.transcripts.conftest import map_all, upload
    transcript = upload(world)
    map_all(world, transcript)
    db.session.commit()
    span = transcripts.load_spans(transcript)[0]
    detail = f"/studies/{world['study'].id}/transcripts/{transcript.id}"
    first, second = login(world["coordinator"]), login(world["fieldworker"])
    for client in (first, second):
        assert f'name="version" value="{span.version}"' in client.get(detail).get_data(as_text=True)
    path = f"{detail}/spans/{span.id}/decide"
    assert first.post(path, data={"action": "accept", "version": span.version}).status_code == 302
    refused = second.post(path, data={"action": "reject", "version": span.version}, follow_redirects=True)
    page = html.unescape(refused.get_data(as_text=True))
    assert "Someone else saved this record" in page and "Decision: now accepted" in page
    db.session.expire_all()
    assert db.session.get(TranscriptSpan, span.id).decision == Decision.ACCEPTED
    assert len(events("transcript.span.accepted", span.id)) == 1 and not events("transcript.span.rejected", span.id)


def test_approving_a_draft_changed_since_the_reviewer_opened_it_is_refused(pair, login):
    from app.instruments.models import InstrumentVersion, VersionStatus
    version = _draft(pair)
    question = version.questions[0]
    page_path = f"/studies/{pair['study'].id}/instruments/versions/{version.id}"
    reviewer = login(pair["reviewer"])
    seen = guard_of(reviewer.get(page_path).get_data(as_text=True))
    edit = f"{page_path}/questions/{question.id}/edit"
    coordinator = login(pair["coordinator"])
    coordinator_guard = guard_of(coordinator.get(edit).get_data(as_text=True))
    assert coordinator.post(edit, data={"section": str(question.section_id), "type": "text", "name": "role",
                                        "text_en": "What is your job?", **coordinator_guard}).status_code == 302
    refused = reviewer.post(f"{page_path}/approve", data=seen, follow_redirects=True)
    page = html.unescape(refused.get_data(as_text=True))
    assert "Someone else saved this record" in page
    assert "Question role: now What is your job? (when you opened the page: Describe your role.)" in page
    db.session.expire_all()
    assert db.session.get(InstrumentVersion, version.id).status == VersionStatus.DRAFT
    assert not events("instrument_version.approve", version.id)
    fresh = guard_of(reviewer.get(page_path).get_data(as_text=True))
    assert reviewer.post(f"{page_path}/approve", data=fresh).status_code == 302
    db.session.expire_all()
    assert db.session.get(InstrumentVersion, version.id).status == VersionStatus.APPROVED
