"""Instrument pages: who may do what, what the database holds afterwards, inline errors."""
import io
import re

from openpyxl import Workbook

from app.core.extensions import db
from app.instruments.models import AnswerSet, AnswerStatus, Instrument, Question, VersionStatus

from tests.instruments.conftest import make_instrument, make_session

BASE = "/studies/{}/instruments"


def test_every_member_sees_the_instruments_page_in_the_navigation(team, login, approved):
    for role in ("coordinator", "fieldworker", "reviewer"):
        page = login(team[role]).get(BASE.format(team["study"].id) + "/").get_data(as_text=True)
        assert ">Instruments</a>" in page and "Service survey" in page


def test_coordinator_creates_an_instrument_and_edits_its_draft(team, login, ctx):
    client = login(team["coordinator"])
    base = BASE.format(team["study"].id)
    assert login(team["fieldworker"]).post(base + "/new", data={"title": "X", "kind": "questionnaire"}).status_code == 403
    response = client.post(base + "/new", data={"title": "", "kind": "questionnaire"})
    assert response.status_code == 200 and db.session.query(Instrument).count() == 0
    response = client.post(base + "/new", data={"title": "Interview guide", "kind": "semi_structured_interview"})
    assert response.status_code == 302
    version = db.session.query(Instrument).one().versions[0]
    client.post(f"{base}/versions/{version.id}/sections", data={"title_ru": "Опыт", "title_en": ""})
    db.session.expire_all()
    section = db.session.query(Instrument).one().versions[0].sections[0]
    response = client.post(f"{base}/versions/{version.id}/questions/new", data={
        "section": section.id, "type": "single_choice", "text_en": "Which channel?",
        "choices_en": "Portal\nOffice", "choices_ru": "Портал\nОфис"})
    assert response.status_code == 302
    question = db.session.query(Question).one()
    assert question.choices == [{"value": "1", "label": {"en": "Portal", "ru": "Портал"}},
                                {"value": "2", "label": {"en": "Office", "ru": "Офис"}}]
    page = client.get(f"{base}/versions/{version.id}?lang=ru").get_data(as_text=True)
    assert "Which channel?" in page and "no Russian text" in page and "Портал" in page


def test_a_bad_question_re_renders_with_the_reason_and_saves_nothing(team, login, ctx):
    version = make_instrument(team["study"], questions=[])
    client = login(team["coordinator"])
    url = f"{BASE.format(team['study'].id)}/versions/{version.id}/questions/new"
    response = client.post(url, data={"section": version.sections[0].id, "type": "single_choice",
                                      "text_en": "Pick", "choices_en": "Only one"})
    assert response.status_code == 200
    assert "at least two choices" in response.get_data(as_text=True)
    assert db.session.query(Question).count() == 0


def test_only_reviewers_approve_and_approved_versions_refuse_edits(team, login, ctx):
    version = make_instrument(team["study"])
    base = f"{BASE.format(team['study'].id)}/versions/{version.id}"
    assert login(team["coordinator"]).post(base + "/approve").status_code == 403
    assert login(team["fieldworker"]).post(base + "/approve").status_code == 403
    response = login(team["reviewer"]).post(base + "/approve", follow_redirects=True)
    assert "Version approved" in response.get_data(as_text=True)
    db.session.expire_all()
    assert version.status == VersionStatus.APPROVED
    question = version.questions[1]
    coordinator = login(team["coordinator"])
    response = coordinator.post(f"{base}/questions/{question.id}/remove", follow_redirects=True)
    assert "can no longer change" in response.get_data(as_text=True)
    response = coordinator.get(f"{base}/questions/{question.id}/edit", follow_redirects=True)
    assert "Only a draft can be edited" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(version.questions) == 7
    response = coordinator.post(base + "/copy")
    assert response.status_code == 302 and len(version.instrument.versions) == 2


def test_objects_of_another_study_are_not_found(team, login, ctx, approved):
    mine = make_instrument(team["other_study"], title="Theirs")
    client = login(team["coordinator"])
    study_id = team["study"].id
    assert client.get(f"{BASE.format(study_id)}/versions/{mine.id}").status_code == 404
    question = approved.questions[0]
    assert client.get(f"{BASE.format(study_id)}/versions/{mine.id}/questions/{question.id}/edit").status_code == 404


def test_coordinator_sets_an_approved_version_on_a_session(team, login, ctx, approved):
    draft = make_instrument(team["study"], title="Still a draft")
    session = make_session(team["study"], team["fieldworker"])
    url = f"/studies/{team['study'].id}/sessions/{session.id}/instrument"
    client = login(team["coordinator"])
    page = client.get(url).get_data(as_text=True)
    assert "Service survey, version 1" in page and "Still a draft" not in page
    response = client.post(url, data={"version": draft.id})
    assert response.status_code == 200
    response = client.post(url, data={"version": approved.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert session.instrument_version_id == approved.id
    assert login(team["fieldworker"]).get(url).status_code == 403


def test_fieldworker_saves_a_draft_then_finishes(team, login, ctx, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    attendee = session.attendees[0]
    url = f"/studies/{team['study'].id}/sessions/{session.id}/answers/{attendee.id}"
    client = login(team["fieldworker"])
    response = client.post(url, data={"role": "Analyst", "staff": "lots", "action": "draft"})
    assert response.status_code == 200 and "Enter a number" in response.get_data(as_text=True)
    assert db.session.query(AnswerSet).count() == 0
    response = client.post(url, data={"role": "Analyst", "action": "draft"}, follow_redirects=True)
    assert "Draft saved" in response.get_data(as_text=True)
    response = client.post(url, data={"role": "Analyst", "channel": "portal", "services": ["tax", "id"],
                                      "trust": "2", "egov": "yes", "staff": "7", "action": "finish"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Answers finished" in page and "1 of 2 forms finished" in page
    answers = db.session.query(AnswerSet).one()
    assert answers.status == AnswerStatus.COMPLETE and answers.values["services"] == ["tax", "id"]


def test_answers_are_for_own_sessions_and_not_for_reviewers(team, login, build, ctx, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    other = build.member(team["study"], "fieldworker")
    url = f"/studies/{team['study'].id}/sessions/{session.id}/answers"
    assert login(other).get(url).status_code == 403
    assert login(team["reviewer"]).get(url).status_code == 403
    assert login(team["coordinator"]).get(url).status_code == 200


def test_notes_per_question_for_a_semi_structured_interview(team, login, ctx, approved):
    session = make_session(team["study"], team["fieldworker"], approved, type="semi_structured_interview",
                           code="SSI-01")
    url = f"/studies/{team['study'].id}/sessions/{session.id}/notes"
    client = login(team["fieldworker"])
    question = approved.questions[1]
    response = client.post(url, data={f"note-{question.id}": "Talked about the portal."}, follow_redirects=True)
    assert "Notes saved" in response.get_data(as_text=True)
    assert "Talked about the portal." in client.get(url).get_data(as_text=True)


def test_downloads_xlsform_pdf_and_csv(team, login, approved):
    client = login(team["coordinator"])
    base = f"{BASE.format(team['study'].id)}/versions/{approved.id}"
    xlsx = client.get(base + "/xlsform")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    csv = client.get(base + "/answers.csv?lang=ru")
    assert csv.data.startswith(b"\xef\xbb\xbf") and "Участник" in csv.data.decode("utf-8-sig")
    assert login(team["fieldworker"]).get(base + "/answers.csv").status_code == 403


def test_guide_pdf_holds_sections_questions_and_probes_in_the_chosen_language(team, login, approved):
    from pypdf import PdfReader

    response = login(team["fieldworker"]).get(
        f"{BASE.format(team['study'].id)}/versions/{approved.id}/guide.pdf?lang=ru")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Общие сведения" in text and "Опишите вашу роль." in text
    assert "Since when?" in text and "Заметки" in text and "Портал" in text


def _xlsx(rows) -> bytes:
    book = Workbook()
    book.active.title = "survey"
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _hidden_fields(page: str) -> dict:
    form = page.split('/import/accept"')[1].split("</form>")[0]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_import_previews_and_creates_only_when_accepted(team, login, ctx):
    client = login(team["coordinator"])
    base = BASE.format(team["study"].id)
    content = _xlsx([["type", "name", "label"], ["text", "a", "Tell me"], ["geopoint", "g", "Where"]])
    response = client.post(base + "/import", data={"file": (io.BytesIO(content), "form.xlsx"),
                                                   "kind": "questionnaire", "instrument": "0"},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Tell me" in page and "geopoint" in page
    assert db.session.query(Instrument).count() == 0
    sent = _hidden_fields(page)  # exactly what the preview's Accept form sends
    assert sent["instrument"] == "0"
    response = client.post(base + "/import/accept", data=sent)
    assert response.status_code == 302
    questions = db.session.query(Instrument).one().versions[0].questions
    assert [(q.name, q.type.value) for q in questions] == [("a", "text"), ("g", "kept")]


def test_import_of_a_file_that_is_not_a_workbook_shows_the_reason(team, login, ctx):
    response = login(team["coordinator"]).post(
        BASE.format(team["study"].id) + "/import",
        data={"file": (io.BytesIO(b"hello"), "form.xlsx"), "kind": "questionnaire", "instrument": "0"},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "not an Excel workbook" in response.get_data(as_text=True)


def test_a_stale_answer_form_is_refused_and_keeps_what_was_typed(team, login, ctx, approved):
    session = make_session(team["study"], team["fieldworker"], approved)
    url = f"/studies/{team['study'].id}/sessions/{session.id}/answers/{session.attendees[0].id}"
    client = login(team["fieldworker"])
    client.post(url, data={"role": "First", "action": "draft", "version": "0"})
    response = client.post(url, data={"role": "Mine", "action": "draft", "version": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Someone else saved this record" in page and ">Mine</textarea>" in page
    assert db.session.query(AnswerSet).one().values == {"role": "First"}


def test_reviewer_retires_an_approved_version_and_coordinator_reorders_sections(team, login, ctx, approved):
    base = f"{BASE.format(team['study'].id)}/versions/{approved.id}"
    response = login(team["reviewer"]).post(base + "/retire", follow_redirects=True)
    assert "Version retired." in response.get_data(as_text=True)
    draft = make_instrument(team["study"], title="Guide")
    section = draft.sections[0]
    client = login(team["coordinator"])
    client.post(f"{BASE.format(team['study'].id)}/versions/{draft.id}/sections", data={"title_en": "Closing"})
    response = client.post(f"{BASE.format(team['study'].id)}/versions/{draft.id}/sections/{section.id}/move",
                           data={"direction": "down"}, follow_redirects=True)
    assert "Section moved." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [s.title["en"] for s in draft.sections] == ["Closing", "Background"]


def test_coordinator_renames_a_section_of_a_draft_but_not_of_an_approved_version(team, login, ctx, approved):
    draft = make_instrument(team["study"], title="Guide")
    client = login(team["coordinator"])
    base = BASE.format(team["study"].id)
    url = f"{base}/versions/{draft.id}/sections/{draft.sections[0].id}/edit"
    assert "Background" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"title_en": "", "title_ru": "", "title_kk": ""})
    assert response.status_code == 200 and "at least one language" in response.get_data(as_text=True)
    assert client.post(url, data={"title_en": "Context", "title_ru": "", "title_kk": "Мәнмәтін"}).status_code == 302
    db.session.expire_all()
    assert draft.sections[0].title == {"en": "Context", "kk": "Мәнмәтін"}
    locked = f"{base}/versions/{approved.id}/sections/{approved.sections[0].id}/edit"
    response = client.post(locked, data={"title_en": "Changed"})
    assert "can no longer change" in response.get_data(as_text=True)


def test_session_list_shows_a_fieldworker_only_their_own_sessions(team, login, build, ctx, approved):
    make_session(team["study"], team["fieldworker"], approved, code="SI-01")
    other = build.member(team["study"], "fieldworker")
    make_session(team["study"], other, approved, code="SI-02")
    url = f"{BASE.format(team['study'].id)}/sessions"
    mine = login(team["fieldworker"]).get(url).get_data(as_text=True)
    assert "SI-01" in mine and "SI-02" not in mine
    everything = login(team["coordinator"]).get(url + "?sort=code&dir=desc").get_data(as_text=True)
    assert everything.index("SI-02") < everything.index("SI-01")
