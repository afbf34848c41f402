"""The ethics report's data (every session with its attendees) is read in as many queries for
a study of 1,100 sessions as for one of 20: a batched load would ask once per 500 sessions
(issue 18: 49 queries at 20,000 sessions, 9 at 200)."""
from app.consent import flags
from app.core.extensions import db
from tests.builders.bulk import populate
from tests.support.pages import QueryCounter


def _queries(study) -> tuple[int, int]:
    counter = QueryCounter(db.engine)
    db.session.expire_all()
    counter.active = True
    try:
        data = flags.load(study)
    finally:
        counter.active = False
        counter.close()
    return counter.count, sum(len(s.attendees) for s in data.sessions)


def test_consent_data_queries_do_not_grow_with_the_sessions(build):
    small, large = build.study("Small"), build.study("Large")
    populate(small, organisations=2, participants=40, sessions=20)
    populate(large, organisations=10, participants=400, sessions=1100)
    (few, few_attendees), (many, many_attendees) = _queries(small), _queries(large)
    assert few_attendees >= 20 and many_attendees >= 1100  # every session's invitees were read
    assert many == few
