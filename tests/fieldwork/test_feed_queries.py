"""A user's calendar feed is read in as many queries for 1,100 sessions as for 20: a batched
load would ask once per 500 sessions (issue 18: 6 queries, then 10 at 50,000 participants)."""
from app.core.extensions import db
from app.fieldwork import calendar
from app.studies.models import Role
from tests.builders.bulk import populate
from tests.support.pages import QueryCounter


def _queries(user) -> tuple[int, int, int]:
    counter = QueryCounter(db.engine)
    db.session.expire_all()
    counter.active = True
    try:
        sessions = calendar.feed_sessions(user)
        attendees = sum(len(s.attendees) for s in sessions)
    finally:
        counter.active = False
        counter.close()
    return counter.count, len(sessions), attendees


def test_feed_queries_do_not_grow_with_the_sessions(build):
    small, large = build.study("Small"), build.study("Large")
    few_user, many_user = build.member(small, Role.FIELDWORKER), build.member(large, Role.FIELDWORKER)
    populate(small, organisations=2, participants=40, sessions=20, staff=[few_user])
    populate(large, organisations=10, participants=400, sessions=1100, staff=[many_user])
    few, few_sessions, few_attendees = _queries(few_user)
    many, many_sessions, many_attendees = _queries(many_user)
    assert few_sessions == 20 and many_sessions > 1000  # the feed holds them, with their invitees
    assert few_attendees >= few_sessions and many_attendees >= many_sessions
    assert many == few
