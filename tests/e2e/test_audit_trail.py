"""The reviewer reads the audit trail in Russian: filtered to one participant and a range of days,
each event a sentence without escapes, and the same events downloaded as CSV."""
import csv
import io
from pathlib import Path

import pytest

from app.core import timezones
from tests.e2e.journeys import log_in, open_study, type_in_picker

pytestmark = pytest.mark.e2e


def test_reviewer_filters_the_russian_trail_by_participant_and_days_and_downloads_it(page, world):
    who, study = world["participant"], world["study"]
    today = timezones.today(study.timezone).isoformat()
    log_in(page, world["reviewer"].email)
    open_study(page, world)
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name="Журнал аудита").click()
    page.get_by_role("heading", name="Журнал аудита").wait_for()

    type_in_picker(page, "Участник", who.pseudonym, offered=who.pseudonym).click()
    page.get_by_label("С", exact=True).fill(today)
    page.get_by_label("По", exact=True).fill(today)
    page.get_by_role("button", name="Фильтровать").click()
    page.wait_for_url(f"**participant={who.id}**")

    sentences = page.locator(".audit-event .sentence").all_inner_texts()
    assert sentences, "no event shown for the participant"
    assert f"{world['coordinator'].name} добавил(а) участника {who.pseudonym}" in sentences
    assert any(f"изменил(а) статус {who.pseudonym}" in s for s in sentences)
    others = {p.pseudonym for p in world["participants"]} - {who.pseudonym}
    assert not any(other in s.split() for s in sentences for other in others)
    body = page.locator("main").inner_text()
    assert "\\u" not in body and "participant.create" not in body and "code:" not in body
    assert who.email not in body and "•••" in body  # contact details masked for the reviewer

    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Когда", "Кто", "Событие"]
    assert [row[2] for row in rows[1:]] == sentences
    assert who.email not in text and "\\u" not in text
