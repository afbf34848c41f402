"""Issue 18: the dashboard's coming sessions and sessions awaiting attendance, read through
bounded index ranges, are still every live session not over yet by start (those under way
first) and every planned or confirmed session over, oldest first; each capped at the limit."""
import random
from datetime import timedelta

import sqlalchemy as sa

from app.core.extensions import db
from app.core.models_base import utcnow
from app.dashboard import services
from app.fieldwork.models import FieldSession, SessionStatus


def test_coming_and_awaiting_sessions_are_the_rules_answer(build):
    team = build.team()
    study, rng, now = team["study"], random.Random(18), utcnow()
    for n in range(40):
        starts = now + timedelta(hours=rng.randint(-300, 300))
        session = build.session(study, starts=starts, hours=rng.choice([1, 2, 30, 400]))
        session.status = rng.choice(list(SessionStatus))
    db.session.commit()
    sessions = db.session.scalars(sa.select(FieldSession).where(FieldSession.study_id == study.id)).all()
    by_start = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    coming = [s for s in by_start if s.status in services.LIVE and s.ends_at >= now]
    awaiting = [s for s in by_start if s.status in (SessionStatus.PLANNED, SessionStatus.CONFIRMED)
                and s.ends_at < now]
    assert len(coming) > 8 and len(awaiting) > 3, "the history has enough of each"
    for limit in (3, 8, 100):
        assert services.upcoming_sessions(study, limit=limit) == coming[:limit]
        assert services.awaiting_completion(study, limit=limit) == awaiting[:limit]
    fieldworker = team["fieldworker"]
    assert services.upcoming_sessions(study, fieldworker) == []  # none of them is theirs


def test_sessions_offered_for_the_bulk_invite_are_the_rules_answer(build):
    """Still to be held: planned or confirmed and not over, or postponed; soonest first, capped."""
    from app.fieldwork import services as fieldwork

    team = build.team()
    study, rng, now = team["study"], random.Random(15), utcnow()
    for _ in range(60):
        session = build.session(study, starts=now + timedelta(hours=rng.randint(-300, 300)),
                                hours=rng.choice([1, 30, 400]))
        session.status = rng.choice(list(SessionStatus))
    db.session.commit()
    sessions = db.session.scalars(sa.select(FieldSession).where(FieldSession.study_id == study.id)).all()
    expected = sorted([s for s in sessions if s.status == SessionStatus.POSTPONED or (
        s.status in (SessionStatus.PLANNED, SessionStatus.CONFIRMED) and s.ends_at >= now)],
        key=lambda s: (s.starts_at, s.id))
    assert len(expected) > 10
    offered = fieldwork.invitable_sessions(study)
    assert [s.id for s in offered] == [s.id for s in expected[:fieldwork.INVITABLE_SHOWN]]
    assert [(s.code, s.starts_at, s.status) for s in offered] == [
        (s.code, s.starts_at, s.status) for s in expected[:fieldwork.INVITABLE_SHOWN]]  # what the choice shows
    old, fieldwork.INVITABLE_SHOWN = fieldwork.INVITABLE_SHOWN, 7
    try:
        assert [s.id for s in fieldwork.invitable_sessions(study)] == [s.id for s in expected[:7]]
    finally:
        fieldwork.INVITABLE_SHOWN = old


def test_a_fieldworkers_dashboard_shows_their_own_sessions_under_way_coming_and_awaiting(build, login):
    """The fieldworker's front page lists their own sessions (host and staff shown), none of a colleague's."""
    team = build.team()
    study, fieldworker, now = team["study"], team["fieldworker"], utcnow()
    host = build.organisation(study)
    over = build.session(study, starts=now - timedelta(hours=5), facilitators=[fieldworker], host=host)
    under_way = build.session(study, starts=now - timedelta(minutes=30), hours=2, facilitators=[fieldworker],
                              host=host)
    coming = build.session(study, starts=now + timedelta(days=2), facilitators=[fieldworker], host=host)
    theirs = build.session(study, starts=now + timedelta(days=1), facilitators=[team["coordinator"]], host=host)
    assert services.upcoming_sessions(study, fieldworker) == [under_way, coming]
    assert services.awaiting_completion(study, fieldworker) == [over]
    page = login(fieldworker).get(f"/studies/{study.id}/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for session in (over, under_way, coming):
        assert f"/sessions/{session.id}\"" in html
    assert f"/sessions/{theirs.id}\"" not in html
    assert host.pseudonym in html and fieldworker.name in html
