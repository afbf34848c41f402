"""Dates and times as a user reads them: one medium date format per language, times without
seconds, in the study's time zone, the same on every page and in PDFs; ISO 8601 in CSV."""
import re
from datetime import date, datetime

import pytest

from app.core.templating import local_date, local_datetime, local_time
from app.fieldwork.models import SessionType

DAY = date(2026, 4, 12)
MOMENT = datetime(2026, 4, 12, 9, 30, 5)  # naive UTC: 14:30:05 in Almaty, 12:30:05 in Moscow


@pytest.mark.parametrize("lang, expected", [("ru", "12 апр. 2026"), ("kk", "2026 ж. 12 сәуір"),
                                            ("en", "Apr 12, 2026")])
def test_one_medium_date_per_language_that_never_ends_in_a_full_stop(app, lang, expected):
    with app.test_request_context(headers={"Accept-Language": lang}):
        assert local_date(DAY) == expected
        assert not local_date(date(2026, 5, 1)).endswith(".")  # "1 мая 2026", not "1 мая 2026 г."


def test_times_have_no_seconds_and_are_in_the_studys_zone(app):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert local_time(MOMENT, "Asia/Almaty") == "14:30"
        assert local_time(MOMENT, "Europe/Moscow") == "12:30"
        assert local_datetime(MOMENT, "Asia/Almaty") == "12 апр. 2026, 14:30"
        assert local_date(datetime(2026, 4, 12, 20, 0), "Asia/Almaty") == "13 апр. 2026"  # 01:00 next day


def test_a_british_browser_gets_day_before_month(app):
    with app.test_request_context(headers={"Accept-Language": "en-GB,en;q=0.8"}):
        assert local_date(DAY) == "12 Apr 2026"
        assert local_datetime(MOMENT, "Asia/Almaty") == "12 Apr 2026, 14:30"


def test_session_page_shows_times_without_seconds_and_lists_the_same_date(build, login):
    team = build.team(build.study("Даты", approval_valid_until=date(2026, 12, 18)))
    session = build.session(team["study"], type=SessionType.STRUCTURED_INTERVIEW,
                            starts=datetime(2026, 12, 10, 4, 15), participants=[build.participant(team["study"])],
                            actor=team["coordinator"])
    client = login(team["coordinator"])
    for lang, day, time in (("ru", "10 дек. 2026", "09:15"), ("kk", "2026 ж. 10 желтоқсан", "09:15"),
                            ("en-GB", "10 Dec 2026", "09:15")):
        headers = {"Accept-Language": lang}
        detail = client.get(f"/studies/{team['study'].id}/sessions/{session.id}", headers=headers).get_data(
            as_text=True)
        listing = client.get(f"/studies/{team['study'].id}/sessions", headers=headers).get_data(as_text=True)
        assert f"{day}, {time}" in detail and f"{day}, {time}" in listing
        assert not re.search(r"\d\d:\d\d:\d\d", detail), "seconds on the session page"
        assert "12/10/26" not in listing and "г.." not in detail and "ж.." not in detail


def test_no_double_full_stop_after_a_date_that_ends_a_sentence(build, login):
    study = build.study("Точки", ethics_ref="E-2", approval_valid_until=date(2026, 12, 18))
    team = build.team(study)
    page = login(team["coordinator"]).get("/studies/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "18 дек. 2026" in page and "г.." not in page
