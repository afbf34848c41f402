"""The calendar feed streams (issue 18: 8 s before the first byte of a feed of 2,000
sessions): its opening lines go out before its sessions are read, and the feed is byte for
byte the calendar written whole, its headers unchanged."""
import re
from datetime import timedelta

from flask import url_for

from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork import calendar as cal
from app.studies.models import Role
from tests.builders.bulk import populate
from tests.support.pages import QueryCounter

STAMP = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z\r\n")  # the moment of writing: differs between two writings


def _feed(build):
    study = build.study("Лента")
    user = build.member(study, Role.FIELDWORKER)
    people = [build.participant(study, f"Участник {n} Тестовый") for n in range(3)]
    build.session(study, facilitators=[user], participants=people, location="Зал; «Алатау», 2 этаж")
    build.session(study, facilitators=[user], starts=utcnow() - timedelta(days=5), location="Онлайн (тест)")
    populate(study, organisations=5, participants=300, sessions=260, staff=[user])
    return study, user


def test_the_streamed_feed_is_the_calendar_written_whole_with_the_same_headers(build, client):
    _study, user = _feed(build)
    token = cal.create_feed_token(user, user)
    db.session.commit()
    response = client.get(f"/calendar/feed/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar" and response.mimetype_params == {"charset": "utf-8"}
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Content-Disposition" not in response.headers  # a feed, not an attachment: as before
    sessions = cal.feed_sessions(user)
    assert len(sessions) > 100
    whole = cal.calendar_bytes(sessions, lambda s: s.study, "Dala",
                               lambda s: url_for("fieldwork.session_detail", study_id=s.study_id, session_id=s.id,
                                                 _external=True))
    assert STAMP.sub(b"", response.data) == STAMP.sub(b"", whole)
    assert response.data.count(b"BEGIN:VEVENT") == len(sessions) and response.data.endswith(b"END:VCALENDAR\r\n")
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404


def test_the_opening_lines_go_out_before_the_sessions_are_read(build):
    _study, user = _feed(build)
    counter = QueryCounter(db.engine)
    read = []

    def sessions():
        read.append(True)
        yield from cal.feed_sessions(user)

    counter.active = True
    try:
        pieces = cal.calendar_chunks(sessions(), lambda s: s.study, "Dala", batch=100)
        opening = next(pieces)
        before = counter.count, list(read)
        rest = list(pieces)
    finally:
        counter.active = False
        counter.close()
    assert opening.startswith(b"BEGIN:VCALENDAR\r\n") and b"X-WR-CALNAME:Dala\r\n" in opening
    assert b"VEVENT" not in opening and before == (0, [])
    assert len(rest) >= 3  # the events a hundred at a time, then the closing line
    whole = cal.calendar_bytes(cal.feed_sessions(user), lambda s: s.study, "Dala")
    assert STAMP.sub(b"", opening + b"".join(rest)) == STAMP.sub(b"", whole)
