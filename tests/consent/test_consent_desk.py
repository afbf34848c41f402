"""The ethics desk, the review thread, the audit trail of a record, and the two PDFs."""
import io
from datetime import timedelta

import sqlalchemy as sa
from pypdf import PdfReader

from app.core.audit.models import AuditEvent
from app.consent import services
from app.consent.models import ConsentMethod, WithdrawalScope
from app.core.extensions import db

from tests.builders import today
from tests.support.report import ask_report, report_jobs


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_desk_shows_each_participant_and_flags_but_never_contact_details(build, cb, login):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    with_consent = cb.participant(team["study"], name="Динара Тестова")
    without = cb.participant(team["study"], name="Болат Тестов")
    cb.consent(with_consent, version, team["fieldworker"], method=ConsentMethod.WRITTEN)
    cb.session(team["study"], today() - timedelta(days=1), attendees=[without], audio=False, code="SSI-77")
    page = login(team["reviewer"]).get(f"/studies/{team['study'].id}/ethics").get_data(as_text=True)
    assert "Динара Тестова" in page and with_consent.pseudonym in page and without.pseudonym in page
    assert "Attended without valid consent" in page and "SSI-77" in page
    assert "Written consent without a scan" in page
    for participant in (with_consent, without):
        assert participant.email not in page and participant.phone not in page


def test_the_reviewer_never_sees_contact_details_anywhere_in_consent(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    record = cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    client = login(team["reviewer"])
    sid = team["study"].id
    for url in (f"/studies/{sid}/ethics", f"/studies/{sid}/consent/records/{record.id}",
                f"/studies/{sid}/participants/{participant.id}/consent",
                f"/studies/{sid}/audit?entity_type=consent_records&entity_id={record.id}"):
        body = client.get(url).get_data(as_text=True)
        assert participant.email not in body and participant.phone not in body, url


def test_flagged_only_filter(build, cb, login):
    team = build.team()
    flagged, calm = cb.participant(team["study"]), cb.participant(team["study"])
    cb.session(team["study"], today() - timedelta(days=1), attendees=[flagged], audio=False)
    page = login(team["reviewer"]).get(f"/studies/{team['study'].id}/ethics?show=flagged").get_data(as_text=True)
    assert f">{flagged.pseudonym}<" in page and f">{calm.pseudonym}<" not in page


def test_reviewer_queries_coordinator_answers_reviewer_marks_reviewed_all_audited(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    record = cb.consent(participant, cb.version(team["study"], team["coordinator"]), team["fieldworker"])
    base = f"/studies/{team['study'].id}/consent/records/{record.id}"
    reviewer, coordinator = login(team["reviewer"]), login(team["coordinator"])
    assert coordinator.post(f"{base}/answer", data={"body": "nothing to answer"}, follow_redirects=True) \
        .get_data(as_text=True).count("There is no open query") == 1
    reviewer.post(f"{base}/query", data={"body": "Кто получил согласие?"})
    assert "Query open" in reviewer.get(base).get_data(as_text=True)
    assert coordinator.post(f"{base}/query", data={"body": "x"}).status_code == 403
    coordinator.post(f"{base}/answer", data={"body": "Тимур, на встрече"})
    reviewer.post(f"{base}/reviewed", data={"body": ""})
    page = reviewer.get(base).get_data(as_text=True)
    assert "Кто получил согласие?" in page and "Тимур, на встрече" in page and "Reviewed" in page
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity_type == "consent_records", AuditEvent.entity_id == str(record.id))
        .order_by(AuditEvent.id)).all()
    assert ["consent.record", "consent.query", "consent.answer", "consent.reviewed"] == actions
    assert f"entity_type=consent_records&amp;entity_id={record.id}" in page
    trail = reviewer.get(f"/studies/{team['study'].id}/audit?entity_type=consent_records&entity_id={record.id}")
    assert "raised a query on the consent of" in trail.get_data(as_text=True)


def test_consent_form_pdf_in_kazakh_has_items_boxes_signature_and_page_numbers(build, cb, login):
    team = build.team(build.study("Цифрлық үкімет зерттеуі", ethics_ref="IRB-Қ-17"))
    participant = cb.participant(team["study"])
    _own = cb.session(team["study"], today(), attendees=[participant])
    version = cb.version(team["study"], team["coordinator"])
    response = login(team["coordinator"]).get(
        f"/studies/{team['study'].id}/participants/{participant.id}/consent/form.pdf?version={version.id}&lang=kk")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert participant.name not in response.headers["Content-Disposition"]
    reader, text = _pdf_text(response.data)
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (595, 842)
    assert "Цифрлық үкімет зерттеуі" in text and "IRB-Қ-17" in text
    assert "Сізді зерттеуге қатысуға шақырамыз." in text
    assert "аудиоға жазылуына" in text and "Қатысушының қолы" in text and "Күні" in text
    assert "Бет 1" in text


def test_consent_form_pdf_in_russian(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    cb.version(team["study"], team["coordinator"])
    response = login(team["reviewer"]).get(
        f"/studies/{team['study'].id}/participants/{participant.id}/consent/form.pdf?lang=ru")
    _reader, text = _pdf_text(response.data)
    assert "Приглашаем вас принять участие." in text and "Подпись участника" in text and "Страница 1 из" in text


def test_ethics_report_pdf_lists_coverage_flags_withdrawals_and_sessions(build, cb, login):
    team = build.team()
    version = cb.version(team["study"], team["coordinator"])
    gone, missing = cb.participant(team["study"]), cb.participant(team["study"])
    cb.consent(gone, version, team["coordinator"])
    cb.session(team["study"], today() - timedelta(days=5), attendees=[gone, missing], code="FG-03")
    services.withdraw(gone, today(), WithdrawalScope.WITHDRAW_DATA, team["coordinator"])
    db.session.commit()
    _reader, text = _pdf_text(ask_report(login(team["reviewer"]), team["study"].id))
    assert "Consent coverage" in text and "FG-03" in text and gone.pseudonym in text
    assert "without valid consent" in text and "withdraw the data" in text
    assert gone.name not in text and gone.email not in text
    asked = report_jobs(team["study"].id)
    refused = login(team["fieldworker"]).post(f"/studies/{team['study'].id}/ethics/report", data={"lang": "en"})
    assert refused.status_code == 403 and report_jobs(team["study"].id) == asked


def test_session_consent_check_page_names_what_is_missing(build, cb, login):
    team = build.team()
    participant = cb.participant(team["study"])
    session = cb.session(team["study"], today(), attendees=[participant], attendance="invited")
    page = login(team["fieldworker"]).get(f"/studies/{team['study'].id}/sessions/{session.id}/consent")
    assert "no consent record" in page.get_data(as_text=True)
