"""Calendar grids and feeds, without HTTP."""
from datetime import date, timedelta

from app.core.extensions import db
from app.fieldwork import calendar as cal
from app.core.models_base import utcnow
from app.studies import services as studies
from app.dashboard.services import awaiting_completion, fieldworker_load
from tests.recruitment import factories as make


def test_month_grid_is_whole_weeks_from_monday():
    first, last = cal.month_range(2026, 11)
    assert first == date(2026, 10, 26) and last == date(2026, 12, 6)
    assert cal.week_days(date(2026, 11, 28))[0] == date(2026, 11, 23)


def test_sessions_fall_on_the_local_day(build):
    team = build.team()
    study = team["study"]
    late = utcnow().replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=2)  # 01:00 next day in Almaty
    session = make.session(study, team["coordinator"], starts=late, hours=1)
    local_day = (late + timedelta(hours=5)).date()
    days = cal.sessions_between(study, local_day - timedelta(days=1), local_day + timedelta(days=1))
    assert days == {local_day: [session]}


def test_feed_leaves_out_studies_the_user_left(build):
    team = build.team()
    session = make.session(team["study"], team["coordinator"], facilitators=[team["fieldworker"]])
    assert cal.feed_sessions(team["fieldworker"]) == [session]
    studies.remove_member(studies.membership_of(team["fieldworker"], team["study"].id), actor=None)
    db.session.commit()
    assert cal.feed_sessions(team["fieldworker"]) == []


def test_new_token_replaces_the_old_one(build):
    team = build.team()
    user = team["fieldworker"]
    first = cal.create_feed_token(user, user)
    second = cal.create_feed_token(user, user)
    db.session.commit()
    assert cal.user_for_token(first) is None and cal.user_for_token(second) == user
    assert cal.revoke_feed_token(user, user) and cal.user_for_token(second) is None


def test_dashboard_lists_sessions_awaiting_completion_and_team_load(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    over = make.session(study, actor, starts=utcnow() - timedelta(hours=5), facilitators=[team["fieldworker"]])
    make.session(study, actor, facilitators=[team["fieldworker"]])
    assert awaiting_completion(study) == [over]
    assert awaiting_completion(study, team["coordinator"]) == []
    load = {row["user"].id: row["coming"] for row in fieldworker_load(study)}
    assert load == {team["fieldworker"].id: 1, team["coordinator"].id: 0}
